import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceHealth } from '../protocol';
import { createStore, type Store } from '../store';
import { AuthError, RetryLaterError } from './errors';
import { backoffMs, createScheduler, type PollOutcome } from './scheduler';
import type { Connector, PollContext, PollPage } from './types';

const T0 = Date.parse('2025-03-14T10:00:00Z');
const INTERVAL = 1_000;
const TIMEOUT = 3_000;

const order = (id: string, over: Record<string, unknown> = {}) =>
  ({ type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-14T08:00:00Z', updated_at: '2025-03-14T08:00:00Z', ...over });

type Step = (ctx: PollContext<number>) => Promise<PollPage<number>> | PollPage<number>;

/** A connector that plays the given steps in order (the last repeats), and counts polls in flight. */
function scripted(steps: Step[]) {
  const calls: PollContext<number>[] = [];
  let running = 0;
  let maxRunning = 0;
  const connector: Connector<number> = {
    kind: 'fake', entities: ['order', 'ticket'],
    async poll(ctx) {
      calls.push(ctx);
      running++;
      maxRunning = Math.max(maxRunning, running);
      try { return await steps[Math.min(calls.length - 1, steps.length - 1)]!(ctx); } finally { running--; }
    },
  };
  return { connector, calls, maxRunning: () => maxRunning };
}

const never = (ctx: PollContext<number>) => new Promise<PollPage<number>>(() => { void ctx; }); // ignores the signal on purpose

let store: Store;
let logs: Record<string, unknown>[];
let healthReports: { sources: SourceHealth[]; stateChanged: boolean }[];
let polls: { source: string; outcome: PollOutcome }[];

function setup(steps: Step[], opts: { intervalMs?: number; timeoutMs?: number } = {}) {
  const fake = scripted(steps);
  const log = pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line) as Record<string, unknown>); } });
  const scheduler = createScheduler({
    store, log, now: () => Date.now(), random: () => 0.5,
    onChanges: () => {}, onHealth: (sources, stateChanged) => { healthReports.push({ sources, stateChanged }); },
    observer: { polled: (source, outcome) => { polls.push({ source, outcome }); }, stored: () => {} },
  });
  scheduler.add({ id: 'src', intervalMs: opts.intervalMs ?? INTERVAL, timeoutMs: opts.timeoutMs ?? TIMEOUT, connector: fake.connector as Connector });
  return { scheduler, ...fake, state: () => scheduler.health()[0]! };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  store = createStore(':memory:');
  logs = [];
  healthReports = [];
  polls = [];
});
afterEach(() => { store.close(); vi.useRealTimers(); });

describe('scheduler', () => {
  it('pages to the end within one poll, storing each page with its cursor', async () => {
    const { scheduler, calls, state } = setup([
      () => ({ records: [order('a'), order('b')], cursor: 1, more: true, progress: { done: 2, total: 5 } }),
      () => ({ records: [order('c'), order('d')], cursor: 2, more: true, progress: { done: 4, total: 5 } }),
      () => ({ records: [order('e')], cursor: 3, progress: { done: 5, total: 5 } }),
      ({ cursor }) => ({ records: [], cursor: cursor! }),
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, 1, 2]); // one poll, three pages
    expect(store.countRecords('src')).toBe(5);
    expect(store.getCursor('src')).toBe(3);
    expect(state()).toMatchObject({ state: 'ok', records: 5, lagSeconds: 0 });
    expect(state().backfill).toBeUndefined(); // finished
    // Progress was reported while it ran (count and percentage), and logged.
    expect(healthReports.map((r) => r.sources[0]!.backfill?.pct).filter(Boolean)).toEqual([40, 80, 100]);
    expect(logs.some((l) => l.msg === 'backfill progress' && l.done === 2 && l.total === 5 && l.pct === 40)).toBe(true);
    expect(logs.some((l) => l.msg === 'backfill complete')).toBe(true);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, 1, 2, 3]); // the next poll starts from the stored cursor
    await scheduler.stop();
  });

  it('a first sync is syncing, with its progress, not a fault, however long it takes; then ok', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const { scheduler, state } = setup([
      () => ({ records: [order('a'), order('b')], cursor: 1, more: true, progress: { done: 2, total: 4 } }),
      async () => { await held; return { records: [order('c'), order('d')], cursor: 2, progress: { done: 4, total: 4 } }; },
      ({ cursor }) => ({ records: [], cursor: cursor! }),
    ], { timeoutMs: 3_600_000 }); // a slow vendor: the second page takes ten minutes, within its timeout
    expect(state().state).toBe('syncing'); // before the first poll
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    // Ten minutes into the first sync, past the lag limit (a minute): still syncing, half read; its entity says so.
    expect(state()).toMatchObject({ state: 'syncing', backfill: { done: 2, total: 4, pct: 50 } });
    expect(scheduler.freshness('order')).toEqual({ asOf: null, stale: true, syncing: true });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(state().state).toBe('ok');
    expect(scheduler.freshness('order')).toMatchObject({ stale: false, syncing: false });
    await scheduler.stop();
  });

  it('a source that holds data when the hub starts is not in its first sync: degraded until its first poll, as before', () => {
    store.applyBatch('src', [order('a')] as never, 1);
    const { state } = setup([() => ({ records: [], cursor: 1 })]);
    expect(state().state).toBe('degraded');
  });

  it('a failure mid-paging keeps the pages already stored; the next poll resumes from their cursor', async () => {
    const { scheduler, calls, state } = setup([
      () => ({ records: [order('a')], cursor: 1, more: true }),
      () => { throw new Error('HTTP 500'); },
      ({ cursor }) => ({ records: [order('b')], cursor: cursor! + 1 }),
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.countRecords('src')).toBe(1);
    expect(store.getCursor('src')).toBe(1);
    expect(state()).toMatchObject({ state: 'degraded', lastError: 'HTTP 500' });
    await vi.advanceTimersByTimeAsync(backoffMs(1, INTERVAL, 0.5));
    expect(calls.map((c) => c.cursor)).toEqual([undefined, 1, 1]);
    expect(store.countRecords('src')).toBe(2);
    expect(state().state).toBe('ok');
    expect(state().lastError).toBeUndefined();
    await scheduler.stop();
  });

  it('never runs two polls of one source at once, even when a poll outlasts the interval', async () => {
    const slow: Step = ({ cursor }) => new Promise((r) => setTimeout(() => r({ records: [], cursor: (cursor ?? 0) + 1 }), 2_500));
    const { scheduler, calls, maxRunning } = setup([slow], { intervalMs: 100 });
    scheduler.start();
    const a = scheduler.pollNow('src');
    const b = scheduler.pollNow('src');
    expect(a).toBe(b); // the poll in flight, not a second one
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxRunning()).toBe(1);
    expect(calls.length).toBe(4); // 2.5 s each plus 0.1 s between them
    await scheduler.stop();
  });

  it('aborts a page at the timeout even if the connector ignores the signal; the next poll works', async () => {
    const { scheduler, calls, state } = setup([never, () => ({ records: [order('a')], cursor: 1 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(TIMEOUT - 1);
    expect(state().lastError).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(state()).toMatchObject({ state: 'degraded', lastError: `timed out after ${TIMEOUT} ms` });
    expect(polls).toEqual([{ source: 'src', outcome: 'timeout' }]);
    await vi.advanceTimersByTimeAsync(backoffMs(1, INTERVAL, 0.5));
    expect(state().state).toBe('ok');
    expect(store.countRecords('src')).toBe(1);
    await scheduler.stop();
  });

  it('backs off exponentially (with jitter, capped) and is down after three failures', async () => {
    const { scheduler, calls, state } = setup([() => { throw new Error('boom'); }], { intervalMs: 10_000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    const times = [Date.now()];
    for (const n of [1, 2, 3]) {
      const wait = Date.parse(state().nextPollAt!) - Date.now();
      expect(wait).toBe(backoffMs(n, 10_000, 0.5));
      expect(state().state).toBe(n < 3 ? 'degraded' : 'down');
      await vi.advanceTimersByTimeAsync(wait);
      times.push(Date.now());
    }
    expect(calls.length).toBe(4);
    expect([backoffMs(1, 10_000, 0.5), backoffMs(2, 10_000, 0.5), backoffMs(3, 10_000, 0.5)]).toEqual([5_000, 10_000, 20_000]);
    await scheduler.stop();
  });

  it('backoffMs: jitter stays within ±20 %, the cap holds, and a long interval is never shortened by the cap', () => {
    expect(backoffMs(1, 30_000, 0)).toBe(4_000);
    expect(backoffMs(1, 30_000, 0.999999)).toBe(6_000);
    expect(backoffMs(20, 30_000, 0.999999)).toBe(300_000);
    expect(backoffMs(20, 3_600_000, 0.5)).toBe(3_600_000);
    expect(backoffMs(1, 200, 0.5)).toBe(200);
  });

  it('waits exactly the Retry-After the vendor asked for, however long or short against the interval', async () => {
    for (const asked of [2_000, 90_000, 150]) {
      const { scheduler, calls, state } = setup([
        () => { throw new RetryLaterError('429 Too Many Requests', asked); },
        () => ({ records: [order('a')], cursor: 1 }),
      ], { intervalMs: 5_000 });
      scheduler.start();
      await vi.advanceTimersByTimeAsync(0);
      const failedAt = Date.now();
      expect(Date.parse(state().nextPollAt!) - failedAt).toBe(asked);
      expect(state().state).toBe('degraded');
      await vi.advanceTimersByTimeAsync(asked - 1);
      expect(calls.length).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls.length).toBe(2);
      expect(state().state).toBe('ok');
      await scheduler.stop();
      store.close();
      store = createStore(':memory:');
    }
  });

  it('refused credentials put the source down at once', async () => {
    const { scheduler, state } = setup([() => { throw new AuthError('401 Unauthorized'); }]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toMatchObject({ state: 'down', lastError: '401 Unauthorized' });
    expect(polls).toEqual([{ source: 'src', outcome: 'auth' }]);
    await scheduler.stop();
  });

  it('rejects invalid records one by one (logged with index, id and where) and stores the rest of the page', async () => {
    const { scheduler, state } = setup([() => ({
      records: [order('a'), order('b', { amount: 'lots' }), { nonsense: true }, order('c', { status: 'teleported' }), order('d')], cursor: 1,
    })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.countRecords('src')).toBe(2); // a and d
    expect(store.getCursor('src')).toBe(1);
    expect(state().state).toBe('ok');
    const rejected = logs.filter((l) => l.msg === 'record rejected').map(({ index, id, error, page, source }) => ({ index, id, error, page, source }));
    expect(rejected).toEqual([
      { index: 1, id: 'b', error: expect.stringMatching(/^amount: /), page: 1, source: 'src' },
      { index: 2, id: undefined, error: expect.stringMatching(/^type: /), page: 1, source: 'src' },
      { index: 3, id: 'c', error: expect.stringMatching(/^status: /), page: 1, source: 'src' },
    ]);
    await scheduler.stop();
  });

  it('stores a tombstone (a deleted ticket) as a record with that status, not as a removal', async () => {
    const ticket = { type: 'ticket', id: 't1', priority: 'high', status: 'open', created_at: '2025-03-14T08:00:00Z', updated_at: '2025-03-14T08:00:00Z' };
    const { scheduler } = setup([
      () => ({ records: [ticket], cursor: 1 }),
      () => ({ records: [{ ...ticket, status: 'deleted', updated_at: '2025-03-14T09:00:00Z' }], cursor: 2 }),
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL);
    const stored = [...store.iterateRecords('ticket')];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 't1', status: 'deleted' });
    await scheduler.stop();
  });

  it('refuses a connector that says "more" without making progress', async () => {
    const { scheduler, state } = setup([({ cursor }) => ({ records: [], cursor: cursor ?? 0, more: true })]);
    store.applyBatch('src', [], 0);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(state().lastError).toMatch(/more pages follow but returned no records/);
    await scheduler.stop();
  });

  it('pause abandons the page in flight and stops polling; resume polls at once', async () => {
    const { scheduler, calls, state } = setup([never, () => ({ records: [order('a')], cursor: 1 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    scheduler.pause('src');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(state().state).toBe('paused');
    expect(state().lastError).toBeUndefined(); // not a failure
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBe(1);
    scheduler.resume('src');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(2);
    expect(state().state).toBe('ok');
    await scheduler.stop();
  });

  it('stop abandons a hanging page at once: nothing is written after it returns', async () => {
    const { scheduler, calls } = setup([never]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    await scheduler.stop();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(polls).toEqual([]); // a stop is not a failed poll
  });
});
