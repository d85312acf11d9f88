import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { SourcedRecord } from '../model';
import type { MetricValue } from '../protocol';
import { CATALOGUE } from './catalogue';
import { createEngine, MetricError, type EngineDeps } from './engine';

// 2025-03-10 12:30 in Shanghai (04:30Z).
const NOW = Date.parse('2025-03-10T04:30:00Z');
const COUNT = { id: 'orders.count', params: { window: 'today' } };
const OPEN = { id: 'tickets.open', params: {} };

const order = (id: string, created: string): SourcedRecord =>
  ({ type: 'order', id, status: 'new', amount: 10, created_at: created, updated_at: created, source: 's' });
const ticket = (id: string, created: string): SourcedRecord =>
  ({ type: 'ticket', id, priority: 'normal', status: 'new', created_at: created, updated_at: created, source: 's' });

function engine(stored: SourcedRecord[] = [], policies: EngineDeps['policies'] = []) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies, catalogue: CATALOGUE, replay: () => stored,
    freshness: () => ({ asOf: '2025-03-10T04:30:00.000Z', stale: false }),
  });
}
const byKey = (values: MetricValue[]) => Object.fromEntries(values.map((v) => [v.key, v]));

describe('engine: keys', () => {
  it('applies param defaults, so one metric has one key however it is asked for', () => {
    const e = engine();
    const keys = e.ensure([{ id: 'orders.count', params: {} }, COUNT], NOW);
    expect(keys).toEqual(['orders.count?window=today', 'orders.count?window=today']);
    expect(e.keys()).toEqual(['orders.count?window=today']);
  });

  it('names an unknown metric and a bad param with its path', () => {
    const e = engine();
    expect(() => e.resolve({ id: 'orders.nope', params: {} })).toThrow(MetricError);
    try { e.resolve({ id: 'orders.count', params: { window: 'yesterday' } }); expect.unreachable(); } catch (err) {
      expect(err).toBeInstanceOf(MetricError);
      expect((err as MetricError).code).toBe('bad_params');
      expect((err as MetricError).path).toBe('params.window');
    }
  });

  it('seeds a new key from the stored records', () => {
    const e = engine([order('a', '2025-03-10T01:00:00.000Z'), order('b', '2025-03-09T01:00:00.000Z')]);
    e.ensure([COUNT], NOW);
    const [v] = e.collect(NOW);
    expect(v!.value).toEqual({ kind: 'scalar', value: 1, previous: 1 }); // a today (09:00); b yesterday 09:00 < 12:30
  });
});

describe('engine: collect', () => {
  it('first collect gives every new key at version 1; later only the keys whose value changed, version + 1', () => {
    const e = engine();
    e.ensure([COUNT, OPEN], NOW);
    const first = byKey(e.collect(NOW));
    expect(Object.keys(first).sort()).toEqual(['orders.count?window=today', 'tickets.open']);
    expect(first['orders.count?window=today']!.version).toBe(1);
    expect(e.collect(NOW)).toEqual([]); // nothing changed

    e.ingest([order('a', '2025-03-10T03:00:00.000Z')], NOW);
    const second = e.collect(NOW);
    expect(second.map((v) => v.key)).toEqual(['orders.count?window=today']);
    expect(second[0]!.version).toBe(2);
    expect(second[0]!.value).toEqual({ kind: 'scalar', value: 1, previous: 0 });

    e.ingest([order('old', '2024-01-01T00:00:00.000Z')], NOW); // outside every window: no value changes
    expect(e.collect(NOW)).toEqual([]);

    e.ingest([ticket('t', '2025-03-10T03:00:00.000Z')], NOW);
    const third = e.collect(NOW);
    expect(third.map((v) => [v.key, v.version])).toEqual([['tickets.open', 2]]);
  });

  it('current() returns the last collected value', () => {
    const e = engine();
    const [key] = e.ensure([COUNT], NOW);
    e.collect(NOW);
    expect(e.current(key!)?.version).toBe(1);
    expect(e.current('nope')).toBeUndefined();
  });
});

describe('engine: tick', () => {
  it('moves "today" at local midnight, not before', () => {
    const e = engine();
    e.ensure([COUNT], NOW);
    e.collect(NOW);
    e.ingest([order('a', '2025-03-10T03:00:00.000Z')], NOW); // 11:00 local
    expect(e.collect(NOW)[0]!.version).toBe(2);

    const beforeMidnight = Date.parse('2025-03-10T15:59:59Z'); // 23:59:59 local
    e.tick(beforeMidnight);
    expect(e.collect(beforeMidnight)).toEqual([]);

    const midnight = Date.parse('2025-03-10T16:00:00Z'); // 00:00 local on the 11th
    e.tick(midnight);
    const [rolled] = e.collect(midnight);
    expect(rolled!.version).toBe(3);
    expect(rolled!.value).toEqual({ kind: 'scalar', value: 0, previous: 0 }); // yesterday up to 00:00 is empty

    const nextMorning = Date.parse('2025-03-11T03:00:01Z'); // 11:00:01 local: yesterday's 11:00 order is now "previous"
    e.tick(nextMorning);
    const [later] = e.collect(nextMorning);
    expect(later!.version).toBe(4);
    expect(later!.value).toEqual({ kind: 'scalar', value: 0, previous: 1 });
  });

  it('re-evaluates SLA clocks whose deadline passed, without a record change', () => {
    const policies = parseConfig({ sla: { policies: [{ id: 'p', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] } }).sla.policies;
    const e = engine([], policies);
    const [key] = e.ensure([{ id: 'tickets.sla.summary', params: { metric: 'first_reply_time' } }], NOW);
    e.ingest([ticket('t', '2025-03-10T04:20:00.000Z')], NOW); // due 05:20Z, warn 05:05Z (75 % of 60 min)
    const summary = (values: MetricValue[]) => values.find((v) => v.key === key)?.value;
    expect(summary(e.collect(NOW))).toMatchObject({ running: 1, at_risk: 0, breached: 0 });

    e.tick(Date.parse('2025-03-10T05:05:00Z'));
    expect(summary(e.collect(Date.parse('2025-03-10T05:05:00Z')))).toMatchObject({ running: 1, at_risk: 1, breached: 0 });
    e.tick(Date.parse('2025-03-10T05:20:00Z')); // exactly due: not yet breached
    expect(e.collect(Date.parse('2025-03-10T05:20:00Z'))).toEqual([]);
    e.tick(Date.parse('2025-03-10T05:20:01Z'));
    expect(summary(e.collect(Date.parse('2025-03-10T05:20:01Z')))).toMatchObject({ running: 1, at_risk: 0, breached: 1 });
  });
});

describe('catalogue', () => {
  it('every metric has a unique id, a title, a description in words and params that default from {}', () => {
    const ids = CATALOGUE.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of CATALOGUE) {
      expect(m.title.length, m.id).toBeGreaterThan(0);
      expect(m.description.length, m.id).toBeGreaterThan(40);
      expect(m.params.safeParse({}).success, m.id).toBe(true);
    }
  });
});
