import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceHealth } from '../protocol';
import { createStore, type Store } from '../store';
import { sourceConfigSchema, type PolledSourceConfig } from './config';
import { CONNECTORS } from './connectors';
import { backfillStart, BACKFILL_STARTS } from './coverage';
import { createScheduler, type SourcePlan } from './scheduler';
import type { Connector, PollContext, PollPage } from './types';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-14T10:00:00Z');

const polled = (source: unknown) => sourceConfigSchema.parse(source) as PolledSourceConfig;
const startOf = (source: unknown, now = T0, timezone = 'Asia/Shanghai') => backfillStart(polled(source), timezone)(now);
const SQL = { driver: 'sqlite', path: '/tmp/x.db', query: 'SELECT * FROM t WHERE u >= :watermark ORDER BY u, id', watermark_column: 'u',
  entity: 'order', fields: { id: 'id', updated_at: 'u' } };

describe('where a first run begins reading, by connector', () => {
  it('every connector kind has a rule', () => {
    expect(CONNECTORS.map((c) => c.kind).filter((kind) => !(kind in BACKFILL_STARTS))).toEqual([]);
  });

  it('the demo: history_days before the first poll (default 30)', () => {
    expect(startOf({ id: 'd', kind: 'demo', options: { history_days: 62 } })).toBe(T0 - 62 * DAY);
    expect(startOf({ id: 'd', kind: 'demo' })).toBe(T0 - 30 * DAY);
  });

  it('a service desk: backfill_days before the first poll (default 30)', () => {
    const zendesk = { id: 'z', kind: 'zendesk', options: { base_url: 'https://acme.zendesk.com', email_env: 'E', token_env: 'T' } };
    expect(startOf(zendesk)).toBe(T0 - 30 * DAY);
    expect(startOf({ ...zendesk, options: { ...zendesk.options, backfill_days: 90 } })).toBe(T0 - 90 * DAY);
  });

  it('a CRM or ERP: its `since` (2025-01-01 00:00 +08:00 = 2024-12-31T16:00Z), or the whole history (0) without one', () => {
    const salesforce = { id: 's', kind: 'salesforce', options: { instance_url: 'https://x.my.salesforce.com', token_env: 'T' } };
    expect(startOf({ ...salesforce, options: { ...salesforce.options, since: '2025-01-01T00:00:00+08:00' } })).toBe(Date.parse('2024-12-31T16:00:00Z'));
    expect(startOf(salesforce)).toBe(0);
    expect(startOf({ id: 'e', kind: 'erpnext', options: { url: 'https://erp.example.com', key_env: 'K', secret_env: 'S' } })).toBe(0);
  });

  it('http-json: its first sync reads every record the API lists', () => {
    expect(startOf({ id: 'h', kind: 'http-json', options: { url: 'https://api.example.com/x', entity: 'order', fields: { id: 'id', updated_at: 'u' } } })).toBe(0);
  });

  it('sql: a time `since` in the source\'s zone (default the hub\'s); a number says nothing about time', () => {
    expect(startOf({ id: 'q', kind: 'sql', options: SQL })).toBe(0);
    // 2025-01-01 00:00 in Shanghai (+08) = 2024-12-31T16:00Z; in UTC it is 2025-01-01T00:00Z.
    expect(startOf({ id: 'q', kind: 'sql', options: { ...SQL, since: '2025-01-01 00:00:00' } })).toBe(Date.parse('2024-12-31T16:00:00Z'));
    expect(startOf({ id: 'q', kind: 'sql', options: { ...SQL, since: '2025-01-01 00:00:00', timezone: 'UTC' } })).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(startOf({ id: 'q', kind: 'sql', options: { ...SQL, since: '2025-01-01T00:00:00Z' } })).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(startOf({ id: 'q', kind: 'sql', options: { ...SQL, since: 1_000_000 } })).toBeNull();
    expect(startOf({ id: 'q', kind: 'sql', options: { ...SQL, since: 'AAAB3' } })).toBeNull();
  });
});

const order = (id: string) => ({ type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-14T08:00:00Z', updated_at: '2025-03-14T08:00:00Z' });
type Step = (ctx: PollContext<number>) => Promise<PollPage<number>> | PollPage<number>;

let store: Store;
let reports: { sources: SourceHealth[]; stateChanged: boolean }[];
beforeEach(() => { vi.useFakeTimers({ now: T0 }); store = createStore(':memory:'); reports = []; });
afterEach(() => { store.close(); vi.useRealTimers(); });

/** A connector that plays its steps in order (the last repeats). */
function connectorOf(steps: Step[], entities: Connector['entities'] = ['order']): Connector {
  let calls = 0;
  return { kind: 'fake', entities, poll: async (ctx) => steps[Math.min(calls++, steps.length - 1)]!(ctx as PollContext<number>) };
}
function schedulerWith(plans: Omit<SourcePlan, 'intervalMs' | 'timeoutMs'>[], push: string[] = []) {
  const scheduler = createScheduler({
    store, log: pino({ level: 'silent' }), now: () => Date.now(), random: () => 0.5,
    onChanges: () => {}, onHealth: (sources, stateChanged) => { reports.push({ sources, stateChanged }); },
  });
  for (const plan of plans) scheduler.add({ intervalMs: 60_000, timeoutMs: 5_000, ...plan });
  for (const id of push) scheduler.addPush(id);
  return scheduler;
}
const tenDaysBack = (now: number) => now - 10 * DAY;
/** A promise a step awaits until the test opens it. */
const gate = () => { let open!: () => void; const opened = new Promise<void>((r) => { open = r; }); return { open, opened }; };

describe('the scheduler: a source covers from where its completed first backfill began', () => {
  it('null while the backfill runs; its start once the page that ends it is stored, kept with the cursor and reported', async () => {
    const hold = gate();
    const scheduler = schedulerWith([{ id: 'erp', backfillFrom: tenDaysBack, connector: connectorOf([
      () => ({ records: [order('a')], cursor: 1, more: true }),
      async () => { await hold.opened; return { records: [order('b')], cursor: 2 }; },
      ({ cursor }) => ({ records: [], cursor: cursor! }),
    ]) }]);
    expect(scheduler.coverage('order')).toBe(0); // nothing stored yet: the source is behind no value
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    // Page 1 stored (more follow): the backfill runs.
    expect(store.getCoverage('erp')).toEqual({ from: T0 - 10 * DAY, complete: false });
    expect(scheduler.coverage('order')).toBeNull();
    expect(scheduler.health()[0]!.coveredFrom).toBeUndefined();
    hold.open();
    await vi.advanceTimersByTimeAsync(0);
    // T0 − 10 days = 2025-03-04T10:00Z.
    expect(store.getCoverage('erp')).toEqual({ from: Date.parse('2025-03-04T10:00:00Z'), complete: true });
    expect(scheduler.coverage('order')).toBe(Date.parse('2025-03-04T10:00:00Z'));
    expect(scheduler.coverage('deal')).toBe(0); // it feeds orders only
    expect(scheduler.health()[0]!.coveredFrom).toBe('2025-03-04T10:00:00.000Z');
    expect(reports.at(-1)).toMatchObject({ stateChanged: true }); // the engine's keys are looked at again
    // A later poll neither moves nor forgets it.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(scheduler.coverage('order')).toBe(Date.parse('2025-03-04T10:00:00Z'));
    await scheduler.stop();
  });

  it('a restart mid-backfill goes on with the start it kept, not a new one', async () => {
    const first = schedulerWith([{ id: 'erp', backfillFrom: tenDaysBack, connector: connectorOf([
      () => ({ records: [order('a')], cursor: 1, more: true }),
      () => new Promise<PollPage<number>>(() => {}), // hangs: the hub stops before the backfill ends
    ]) }]);
    first.start();
    await vi.advanceTimersByTimeAsync(0);
    await first.stop();
    expect(store.getCoverage('erp')).toEqual({ from: T0 - 10 * DAY, complete: false });

    await vi.advanceTimersByTimeAsync(DAY); // started again a day later: a new first run would begin at T0 − 9 days
    const again = schedulerWith([{ id: 'erp', backfillFrom: tenDaysBack, connector: connectorOf([() => ({ records: [order('b')], cursor: 2 })]) }]);
    expect(again.coverage('order')).toBeNull(); // it holds data of a backfill not finished
    again.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(again.coverage('order')).toBe(T0 - 10 * DAY);
    await again.stop();

    const third = schedulerWith([{ id: 'erp', backfillFrom: tenDaysBack, connector: connectorOf([() => ({ records: [], cursor: 2 })]) }]);
    expect(third.coverage('order')).toBe(T0 - 10 * DAY); // known at start, before any poll
    expect(third.health()[0]!.coveredFrom).toBe('2025-03-04T10:00:00.000Z');
  });

  it('the latest start of the sources feeding an entity; null while any of them is unfinished or cannot tell its start', async () => {
    const hang = () => new Promise<PollPage<number>>(() => {});
    const scheduler = schedulerWith([
      { id: 'all', backfillFrom: () => 0, connector: connectorOf([() => ({ records: [order('a')], cursor: 1 })], ['order', 'deal']) },
      { id: 'recent', backfillFrom: tenDaysBack, connector: connectorOf([() => ({ records: [order('b')], cursor: 1 })], ['order']) },
      { id: 'unknown', backfillFrom: () => null, connector: connectorOf([() => ({ records: [], cursor: 1 })], ['ticket']) },
      { id: 'running', backfillFrom: () => 0, connector: connectorOf([() => ({ records: [], cursor: 1, more: true }), hang], ['deal']) },
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.coverage('order')).toBe(T0 - 10 * DAY); // max(0, T0 − 10 d)
    expect(scheduler.coverage('ticket')).toBeNull(); // stored, but where it began cannot be told
    expect(scheduler.coverage('deal')).toBeNull(); // "running" has stored a page of an unfinished backfill
    expect(scheduler.health().map((s) => [s.id, s.coveredFrom])).toEqual([
      ['all', '1970-01-01T00:00:00.000Z'], ['recent', '2025-03-04T10:00:00.000Z'], ['unknown', undefined], ['running', undefined],
    ]);
    await scheduler.stop();
  });

  it('a push source covers from its first batch; before it, it holds nothing and bounds nothing', () => {
    const scheduler = schedulerWith([], ['hook']);
    expect(scheduler.coverage('order')).toBe(0);
    expect(scheduler.health()[0]!.coveredFrom).toBeUndefined();
    vi.advanceTimersByTime(60_000);
    scheduler.ingest('hook', [order('a')]);
    // T0 + 1 min = 2025-03-14T10:01Z, for every entity it may push.
    expect(scheduler.coverage('order')).toBe(T0 + 60_000);
    expect(scheduler.coverage('deal')).toBe(T0 + 60_000);
    expect(scheduler.health()[0]!.coveredFrom).toBe('2025-03-14T10:01:00.000Z');
    expect(reports.at(-1)).toMatchObject({ stateChanged: true });
    vi.advanceTimersByTime(60_000);
    scheduler.ingest('hook', [order('b')]);
    expect(scheduler.coverage('order')).toBe(T0 + 60_000); // later batches do not move it
    expect(reports.at(-1)).toMatchObject({ stateChanged: false });
    expect(store.getCoverage('hook')).toEqual({ from: T0 + 60_000, complete: true });
  });
});
