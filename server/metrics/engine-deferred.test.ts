import { describe, expect, it } from 'vitest';
import { builtinMetrics } from '../catalogue';
import type { SourcedRecord } from '../model';
import type { MetricValue } from '../protocol';
import { createEngine } from './engine';

/**
 * The engine's rebuilding phase at start (`deferSeeding`): keys wait for seed passes the hub runs a chunk at a time,
 * their values saying `rebuilding` meanwhile; what a pass ends with equals what building at once gives.
 */
const BUILTINS = builtinMetrics();
// 2025-03-10 12:30 in Shanghai (04:30Z): "today" began at 03-09T16:00Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const COUNT = { id: 'orders.count', params: { window: 'today' } };
const OPEN = { id: 'tickets.open', params: {} };
const COUNT_KEY = 'orders.count?window=today';

const order = (id: string, created: string): SourcedRecord =>
  ({ type: 'order', id, status: 'new', amount: 10, created_at: created, updated_at: created, source: 's' });
const ticket = (id: string, status: string): SourcedRecord =>
  ({ type: 'ticket', id, priority: 'normal', status, created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z', source: 's' } as SourcedRecord);

// Two orders today (09:00 and 10:00 Shanghai), one yesterday at 09:00 (before 12:30, so in the previous span);
// tickets: two open (new, pending), one solved.
const STORED = [
  order('a', '2025-03-10T01:00:00.000Z'), order('b', '2025-03-10T02:00:00.000Z'), order('c', '2025-03-09T01:00:00.000Z'),
  ticket('t1', 'new'), ticket('t2', 'pending'), ticket('t3', 'solved'),
];

function engine(stored: SourcedRecord[], deferSeeding = true) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies: [], catalogue: BUILTINS, replay: () => stored, deferSeeding,
    freshness: () => ({ asOf: '2025-03-10T04:30:00.000Z', stale: false }),
  });
}
const byKey = (values: MetricValue[]) => Object.fromEntries(values.map((v) => [v.key, v]));
const scalar = (v: MetricValue | undefined) => v?.value.kind === 'scalar' ? { value: v.value.value, previous: v.value.previous } : undefined;

describe('engine: deferred seeding (the rebuilding phase at start)', () => {
  it('a key made while deferred says rebuilding, with the empty value of its kind, until its pass ends', () => {
    const e = engine(STORED);
    e.ensure([COUNT, OPEN], NOW);
    const first = byKey(e.collect(NOW));
    expect(first[COUNT_KEY]!.phase).toBe('rebuilding');
    expect(scalar(first[COUNT_KEY])).toEqual({ value: 0, previous: 0 });
    expect(first['tickets.open']!.phase).toBe('rebuilding');
    expect(e.current(COUNT_KEY)!.phase).toBe('rebuilding');
    expect(e.rebuilding).toBe(true);

    const pass = e.seedPass(NOW)!;
    for (const r of STORED) pass.add(r);
    // Mid-pass the value is still the placeholder, not a partial count.
    expect(e.current(COUNT_KEY)!.phase).toBe('rebuilding');
    pass.finish(NOW);
    const built = byKey(e.collect(NOW));
    expect(built[COUNT_KEY]!.phase).toBeUndefined();
    expect(scalar(built[COUNT_KEY])).toEqual({ value: 2, previous: 1 });
    expect(scalar(built['tickets.open'])).toEqual({ value: 2, previous: null });
    expect(built[COUNT_KEY]!.version).toBe(2); // the placeholder was version 1
    expect(e.seedPass(NOW)).toBeUndefined(); // nothing waits
  });

  it('ends with what building at once gives, key by key', () => {
    const deferred = engine(STORED);
    const direct = engine(STORED, false);
    const refs = [COUNT, OPEN, { id: 'orders.count', params: { window: '7d' } }, { id: 'tickets.by_status', params: {} }];
    deferred.ensure(refs, NOW);
    const keys = direct.ensure(refs, NOW);
    const pass = deferred.seedPass(NOW)!;
    for (const r of STORED) pass.add(r);
    pass.finish(NOW);
    deferred.collect(NOW);
    direct.collect(NOW);
    for (const key of keys) expect(deferred.current(key)!.value).toEqual(direct.current(key)!.value);
  });

  it('a change during the pass is heard, and the pass reading the changed record again does not count it twice', () => {
    const e = engine(STORED);
    e.ensure([COUNT], NOW);
    const pass = e.seedPass(NOW)!;
    pass.add(STORED[0]!); // a
    const d = order('d', '2025-03-10T03:00:00.000Z');
    e.ingest([d], NOW); // stored meanwhile: the scan reaches it too, further on
    for (const r of [...STORED.slice(1), d]) pass.add(r);
    pass.finish(NOW);
    expect(scalar(byKey(e.collect(NOW))[COUNT_KEY])).toEqual({ value: 3, previous: 1 }); // a, b, d today; c yesterday
  });

  it('a key made during a pass waits for the next one; a key released during a pass stays gone', () => {
    const e = engine(STORED);
    e.ensure([COUNT, { id: 'orders.count', params: { window: '7d' } }], NOW);
    const pass = e.seedPass(NOW)!;
    e.ensure([OPEN], NOW);
    e.release('orders.count?window=7d');
    for (const r of STORED) pass.add(r);
    pass.finish(NOW);
    const after = byKey(e.collect(NOW));
    expect(after[COUNT_KEY]!.phase).toBeUndefined();
    expect(e.current('tickets.open')!.phase).toBe('rebuilding');
    expect(e.keys().sort()).toEqual([COUNT_KEY, 'tickets.open']);

    const next = e.seedPass(NOW)!;
    for (const r of STORED) next.add(r);
    next.finish(NOW);
    expect(scalar(byKey(e.collect(NOW))['tickets.open'])).toEqual({ value: 2, previous: null });
  });

  it('buildNow builds what still waits at once and ends the phase: keys made after it are built when made', () => {
    const e = engine(STORED);
    e.ensure([COUNT], NOW);
    e.buildNow(NOW);
    expect(e.rebuilding).toBe(false);
    expect(scalar(byKey(e.collect(NOW))[COUNT_KEY])).toEqual({ value: 2, previous: 1 });
    e.ensure([OPEN], NOW);
    const open = byKey(e.collect(NOW))['tickets.open']!;
    expect(open.phase).toBeUndefined();
    expect(scalar(open)).toEqual({ value: 2, previous: null });
  });

  it('without deferSeeding a key is built when made, and no pass is offered', () => {
    const e = engine(STORED, false);
    e.ensure([COUNT], NOW);
    expect(e.seedPass(NOW)).toBeUndefined();
    expect(e.rebuilding).toBe(false);
    expect(scalar(byKey(e.collect(NOW))[COUNT_KEY])).toEqual({ value: 2, previous: 1 });
  });
});
