import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, type Store } from '../store';
import { createScheduler, type PollOutcome } from './scheduler';
import type { Connector, PollContext } from './types';

const T0 = Date.parse('2025-03-14T10:00:00Z');
const order = (id: string) => ({ type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-14T08:00:00Z', updated_at: '2025-03-14T08:00:00Z' });

let store: Store;
beforeEach(() => { vi.useFakeTimers({ now: T0 }); store = createStore(':memory:', { retryMs: 60_000 }); });
afterEach(() => { store.close(); vi.useRealTimers(); });

describe('scheduler while the store cannot write', () => {
  it('a page that cannot be stored does not move the cursor, is not the source\'s failure, and is fetched again once the store writes', async () => {
    const calls: PollContext<number>[] = [];
    const connector: Connector<number> = {
      kind: 'fake', entities: ['order'],
      poll: (ctx) => { calls.push(ctx); return Promise.resolve(ctx.cursor === undefined ? { records: [order('a'), order('b')], cursor: 1, more: true } : { records: [], cursor: ctx.cursor }); },
    };
    const polls: PollOutcome[] = [];
    const scheduler = createScheduler({
      store, log: pino({ level: 'silent' }), now: () => Date.now(), random: () => 0.5, onChanges: () => {}, onHealth: () => {},
      observer: { polled: (_s, outcome) => { polls.push(outcome); }, stored: () => {} },
    });
    scheduler.add({ id: 'src', intervalMs: 1_000, timeoutMs: 3_000, connector: connector as Connector });
    store.db.pragma('query_only = ON');
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);

    expect(calls.map((c) => c.cursor)).toEqual([undefined]);
    expect(store.getCursor('src')).toBeUndefined();
    expect(store.countRecords('src')).toBe(0);
    const health = scheduler.health()[0]!;
    expect(health.lastError).toMatch(/store cannot write.*readonly/);
    expect(health.lastSuccessAt).toBeNull();
    expect(polls).toEqual(['error']);
    await vi.advanceTimersByTimeAsync(4_000); // no backoff doubling, no hammering: the next try is after 5 s
    expect(calls).toHaveLength(1);
    expect(scheduler.health()[0]!.state).not.toBe('down'); // no failures counted against the source

    store.db.pragma('query_only = OFF');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, undefined, 1]); // the same first page again, then on
    expect(store.getCursor('src')).toBe(1);
    expect(store.countRecords('src')).toBe(2);
    expect(scheduler.health()[0]).toMatchObject({ state: 'ok', records: 2 });
    await scheduler.stop();
  });

  it('a pushed batch that cannot be stored throws StoreWriteError (the hub answers 503) and counts nothing', () => {
    const scheduler = createScheduler({ store, log: pino({ level: 'silent' }), onChanges: () => {}, onHealth: () => {} });
    scheduler.addPush('desk');
    store.db.pragma('query_only = ON');
    expect(() => scheduler.ingest('desk', [order('a')])).toThrow(expect.objectContaining({ code: 'store_unavailable', retryAfterS: 5 }));
    expect(scheduler.health()[0]).toMatchObject({ lastSuccessAt: null, records: 0 });
  });
});
