import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMoney, currencyConfigSchema } from '../currency';
import type { CanonicalRecord, RecordChange } from '../model';
import { createStore, type Store } from '../store';
import { createScheduler } from './scheduler';

/** The scheduler with the currency room's conversion, as app.ts wires it: every record in is converted, and no-rate records are counted. */
const AT = '2026-03-10T02:00:00.000Z';
const order = (id: string, over: Record<string, unknown> = {}) => ({ type: 'order', id, status: 'new', amount: 100, created_at: AT, updated_at: AT, ...over });
const money = createMoney(currencyConfigSchema.parse({ reporting: 'CNY', rates: { USD: 7.1 } }), 'Asia/Shanghai');

let store: Store;
afterEach(() => store?.close());

function pushScheduler() {
  const changes: RecordChange[] = [];
  const scheduler = createScheduler({
    store, log: pino({ level: 'silent' }), derive: money.convert,
    onChanges: (_s, c) => { changes.push(...c); }, onHealth: () => {},
  });
  scheduler.addPush('p');
  return { scheduler, changes, health: () => scheduler.health()[0]!.amountsWithoutRate };
}

describe('ingest through the scheduler', () => {
  it('stores each record with its amount in the reporting currency, and counts the ones no rate converts', () => {
    store = createStore(':memory:');
    const { scheduler, changes, health } = pushScheduler();
    expect(health()).toEqual({ records: 0, byCurrency: {} });
    // A sender's own amount_reporting is not trusted: 100 USD × 7.1 = 710.
    scheduler.ingest('p', [order('usd', { currency: 'USD', amount_reporting: 1 }), order('jpy', { currency: 'JPY' }), order('cny', { currency: 'CNY' })]);
    expect(store.getRecord('p', 'order', 'usd')).toMatchObject({ amount: 100, currency: 'USD', amount_reporting: 710 });
    expect(changes.find((c) => c.after.id === 'usd')!.after).toMatchObject({ amount_reporting: 710 }); // the engine gets the same
    expect(store.getRecord('p', 'order', 'cny')).toMatchObject({ amount_reporting: 100 });
    expect(store.getRecord('p', 'order', 'jpy')).not.toHaveProperty('amount_reporting');
    expect(health()).toEqual({ records: 1, byCurrency: { JPY: 1 } });

    // The JPY order re-sent in USD (200 × 7.1 = 1420) leaves the count; a second JPY one joins it.
    scheduler.ingest('p', [order('jpy', { currency: 'USD', amount: 200, updated_at: '2026-03-10T03:00:00.000Z' }), order('jpy-2', { currency: 'JPY' })]);
    expect(store.getRecord('p', 'order', 'jpy')).toMatchObject({ amount_reporting: 1420 });
    expect(health()).toEqual({ records: 1, byCurrency: { JPY: 1 } });
  });

  it('starts from what the store holds', () => {
    store = createStore(':memory:');
    store.applyBatch('p', [order('a', { currency: 'JPY' }), order('b', { currency: 'JPY' }), order('c', { currency: 'EUR' })] as CanonicalRecord[], null);
    expect(pushScheduler().health()).toEqual({ records: 3, byCurrency: { JPY: 2, EUR: 1 } });
  });
});
