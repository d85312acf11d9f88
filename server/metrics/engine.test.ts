import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { SourcedRecord } from '../model';
import type { MetricValue } from '../protocol';
import { builtinMetrics } from '../catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
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
    timezone: 'Asia/Shanghai', policies, catalogue: BUILTINS, replay: () => stored,
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

describe('engine: comparisons only against a previous span the store covers', () => {
  // At NOW (10 Mar 12:30 Shanghai), mtd = [1 Mar 00:00 +08 = 02-28T16:00Z, NOW]; its previous span is
  // [1 Feb 00:00 +08 = 01-31T16:00Z, 10 Feb 12:30 +08 = 02-10T04:30Z). Order a is in the month, b in the previous span.
  const MTD = { id: 'orders.count', params: { window: 'mtd' } };
  const PREV_START = Date.parse('2025-01-31T16:00:00Z');
  const stored = [order('a', '2025-03-05T02:00:00.000Z'), order('b', '2025-02-05T02:00:00.000Z')];
  function covered(coverage: EngineDeps['coverage'], records: SourcedRecord[] = stored) {
    return createEngine({
      timezone: 'Asia/Shanghai', policies: [], catalogue: BUILTINS, replay: () => records, coverage,
      freshness: () => ({ asOf: '2025-03-10T04:30:00.000Z', stale: false }),
    });
  }
  const valueOf = (coverage: EngineDeps['coverage'], ref: { id: string; params: Record<string, string> } = MTD) => {
    const e = covered(coverage);
    const [key] = e.ensure([ref], NOW);
    e.collect(NOW);
    return e.current(key!)!.value;
  };

  it('covered from before or exactly at the previous span\'s start: previous is the count of that span', () => {
    expect(valueOf(() => 0)).toEqual({ kind: 'scalar', value: 1, previous: 1 });
    expect(valueOf(() => PREV_START)).toEqual({ kind: 'scalar', value: 1, previous: 1 });
  });

  it('covered only from 1 ms after the previous span\'s start, or not yet at all (backfill running): previous is null', () => {
    expect(valueOf(() => PREV_START + 1)).toEqual({ kind: 'scalar', value: 1, previous: null });
    expect(valueOf(() => null)).toEqual({ kind: 'scalar', value: 1, previous: null });
  });

  it('the same rule for every window: today\'s previous span (yesterday from 00:00 +08 = 03-08T16:00Z) is covered when mtd\'s is not', () => {
    const from = Date.parse('2025-03-01T00:00:00Z'); // after 1 Feb (mtd's previous start), before 9 Mar (today's)
    expect(valueOf(() => from, { id: 'orders.count', params: { window: 'today' } })).toEqual({ kind: 'scalar', value: 0, previous: 0 });
    expect(valueOf(() => from, MTD)).toEqual({ kind: 'scalar', value: 1, previous: null });
    // 30d = [NOW − 30 d = 02-08T04:30Z, NOW]: a's 10 (b on 5 Feb is before it); its previous span
    // [NOW − 60 d = 01-09T04:30Z, 02-08T04:30Z) would hold b, but starts before 1 March.
    expect(valueOf(() => from, { id: 'orders.amount', params: { window: '30d' } })).toEqual({ kind: 'scalar', value: 10, previous: null });
    expect(valueOf(() => 0, { id: 'orders.amount', params: { window: '30d' } })).toEqual({ kind: 'scalar', value: 10, previous: 10 });
  });

  it('each metric is judged by the coverage of its own entity, and a metric computing its own previous (win rate) too', () => {
    // Deal d won on 25 Jan: in the previous span of 30d at NOW ([01-09T04:30Z, 02-08T04:30Z)), decided and won → 100 %;
    // none decided in the current 30 days → 0.
    const deal: SourcedRecord = { type: 'deal', id: 'd', stage: 'won', amount: 500, source: 's', created_at: '2025-01-20T00:00:00.000Z',
      updated_at: '2025-01-25T00:00:00.000Z', history: [{ stage: 'lead', at: '2025-01-20T00:00:00.000Z' }, { stage: 'won', at: '2025-01-25T00:00:00.000Z' }] };
    const byEntity = (entity: string) => (entity === 'order' ? 0 : Date.parse('2025-02-01T00:00:00Z'));
    const e = covered(byEntity, [...stored, deal]);
    const [count, rate] = e.ensure([MTD, { id: 'deals.win_rate', params: { window: '30d' } }], NOW);
    e.collect(NOW);
    expect(e.current(count!)!.value).toEqual({ kind: 'scalar', value: 1, previous: 1 });
    expect(e.current(rate!)!.value).toEqual({ kind: 'scalar', value: 0, previous: null });
    const early = covered(() => Date.parse('2025-01-01T00:00:00Z'), [deal]);
    const [rateKey] = early.ensure([{ id: 'deals.win_rate', params: { window: '30d' } }], NOW);
    early.collect(NOW);
    expect(early.current(rateKey!)!.value).toEqual({ kind: 'scalar', value: 0, previous: 100 });
  });

  it('a state (no window) keeps its null previous, whatever the coverage', () => {
    expect(valueOf(() => null, OPEN)).toEqual({ kind: 'scalar', value: 0, previous: null });
  });

  it('a coverage that completes reaches the key when its entity is touched, as a new version', () => {
    let from: number | null = null;
    const e = covered(() => from);
    const [key] = e.ensure([MTD], NOW);
    expect(e.collect(NOW)[0]).toMatchObject({ version: 1, value: { kind: 'scalar', value: 1, previous: null } });
    from = 0; // the backfill completed
    e.touch('deal');
    expect(e.collect(NOW)).toEqual([]); // not the order's coverage: nothing to look at
    e.touch('order');
    expect(e.collect(NOW)).toEqual([expect.objectContaining({ key, version: 2, value: { kind: 'scalar', value: 1, previous: 1 } })]);
  });

  it('as time passes, the previous span moves past the covered-from instant and the comparison appears on its own', () => {
    // Covered from 1 Feb 00:00Z (after mtd's previous start at NOW). Order c on 1 Mar 00:30 +08 (02-28T16:30Z).
    const e = covered(() => Date.parse('2025-02-01T00:00:00Z'), [...stored, order('c', '2025-02-28T16:30:00.000Z')]);
    const [key] = e.ensure([MTD], NOW);
    e.collect(NOW);
    expect(e.current(key!)!.value).toEqual({ kind: 'scalar', value: 2, previous: null }); // a and c this month
    // 1 Apr 01:00 +08 (03-31T17:00Z): mtd = [1 Apr 00:00, now]; previous [1 Mar 00:00 +08 = 02-28T16:00Z, 1 Mar 01:00 +08),
    // which starts after 1 Feb: covered. It holds c (00:30) → 1; nothing yet in April → 0.
    const april = Date.parse('2025-03-31T17:00:00Z');
    e.tick(april);
    expect(e.collect(april)).toEqual([expect.objectContaining({ key, value: { kind: 'scalar', value: 0, previous: 1 } })]);
  });
});

describe('catalogue', () => {
  it('every metric has a unique id, a title, a description in words and params that default from {} (a flow metric: from its flow)', () => {
    const ids = BUILTINS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of BUILTINS) {
      expect(m.title.length, m.id).toBeGreaterThan(0);
      expect(m.description.length, m.id).toBeGreaterThan(40);
      expect(m.params.safeParse(m.input === 'flow' ? { flow: 'f' } : {}).success, m.id).toBe(true);
    }
  });
});
