import { describe, expect, it } from 'vitest';
import type { Order, SourcedRecord, Ticket } from '../model';
import { amountsWithoutRate, tallyWithoutRate, withoutRate } from './without-rate';

const AT = '2026-03-10T02:00:00.000Z';
const order = (id: string, over: Partial<Order> = {}): SourcedRecord =>
  ({ type: 'order', id, status: 'new', amount: 100, created_at: AT, updated_at: AT, source: 's', ...over });

describe('withoutRate', () => {
  it('names the currency of an order or deal that has one but no amount in the reporting currency', () => {
    expect(withoutRate(order('a', { currency: 'JPY' }))).toBe('JPY');
    expect(withoutRate(order('a', { currency: 'USD', amount_reporting: 710 }))).toBeUndefined();
    expect(withoutRate(order('a'))).toBeUndefined(); // no currency: taken as the reporting currency
    expect(withoutRate(order('a', { currency: 'JPY', deleted: true }))).toBeUndefined(); // a tombstone left every metric anyway
    const ticket: Ticket = { type: 'ticket', id: 't', priority: 'low', status: 'open', created_at: AT, updated_at: AT };
    expect(withoutRate(ticket)).toBeUndefined();
  });
});

describe('tallyWithoutRate', () => {
  it('adds new records, moves changed ones, and drops currencies that reach zero', () => {
    let counts = amountsWithoutRate({ JPY: 1, GBP: 0 });
    expect(counts).toEqual({ records: 1, byCurrency: { JPY: 1 } });
    // + a new JPY order, + a new KRW order, a converted USD order (not counted)
    counts = tallyWithoutRate(counts, [
      { after: order('b', { currency: 'JPY' }) }, { after: order('c', { currency: 'KRW' }) }, { after: order('d', { currency: 'USD', amount_reporting: 7 }) },
    ]);
    expect(counts).toEqual({ records: 3, byCurrency: { JPY: 2, KRW: 1 } });
    // b becomes a tombstone (−JPY), c is re-sent in CNY (−KRW): 1 JPY left, KRW gone
    counts = tallyWithoutRate(counts, [
      { before: order('b', { currency: 'JPY' }), after: order('b', { currency: 'JPY', deleted: true }) },
      { before: order('c', { currency: 'KRW' }), after: order('c', { currency: 'CNY', amount_reporting: 100 }) },
    ]);
    expect(counts).toEqual({ records: 1, byCurrency: { JPY: 1 } });
  });
  it('keeps the same object when nothing moved', () => {
    const counts = amountsWithoutRate({ JPY: 2 });
    expect(tallyWithoutRate(counts, [{ before: order('a', { currency: 'JPY' }), after: order('a', { currency: 'JPY', status: 'confirmed' }) }])).toBe(counts);
  });
});
