/**
 * That the defined twins compute what the frozen built-in computes: value by value after a benchmark run, and on a
 * small hand-worked example before one (a benchmark of two things that differ would measure nothing).
 */
import { createEngine, type MetricDefinition } from '../../server/metrics';
import type { SourcedRecord } from '../../server/model';
import type { MetricPayload } from '../../server/protocol';
import { baselineOrdersByRegion } from '../baseline/orders-by-region';
import { TWIN_COUNT, TWIN_SUM, compile } from './defined-metrics';

/** Per region, the built-in's count and amount against the count twin's and the sum twin's values; empty when all agree. */
export function twinMismatches(builtin: MetricPayload, sum: MetricPayload, count: MetricPayload): string[] {
  if (builtin.kind !== 'breakdown' || sum.kind !== 'breakdown' || count.kind !== 'breakdown') return ['not all breakdowns'];
  const of = (p: typeof builtin, field: 'value' | 'amount') => new Map(p.items.map((i) => [i.key, i[field] ?? 0]));
  const [bCount, bAmount, tSum, tCount] = [of(builtin, 'value'), of(builtin, 'amount'), of(sum, 'value'), of(count, 'value')];
  const out: string[] = [];
  for (const region of new Set([...bCount.keys(), ...tSum.keys(), ...tCount.keys()])) {
    if (bAmount.get(region) !== tSum.get(region)) out.push(`${region} amount: built-in ${bAmount.get(region)}, twin ${tSum.get(region)}`);
    if (bCount.get(region) !== tCount.get(region)) out.push(`${region} count: built-in ${bCount.get(region)}, twin ${tCount.get(region)}`);
  }
  return out;
}

// 2025-03-10 12:30 in Shanghai (04:30Z): today runs from 2025-03-09T16:00Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const order = (id: string, created: string, status: string, amount: number, more: object = {}): SourcedRecord =>
  ({ type: 'order', id, status, amount, currency: 'CNY', amount_reporting: amount, created_at: created, updated_at: created, source: 's', ...more } as SourcedRecord);

/**
 * The hand-worked example. Today: a1 华东 100 new, a2 华东 50.5 shipped, a3 华南 30 cancelled (out), a4 no region 20
 * (under "unknown"), a6 华南 7.25 deleted in its source (out); a5 华东 1000 was created yesterday (out of today).
 * So: 华东 2 orders / 150.5, unknown 1 / 20; 华南 none. Then a1 is cancelled: 华东 1 / 50.5, unknown 1 / 20 (the built-in
 * breaks its tie of counts by the larger amount: 华东 first).
 */
export function handWorkedCheck(): void {
  const records = [
    order('a1', '2025-03-10T01:00:00Z', 'new', 100, { region: '华东' }), order('a2', '2025-03-10T02:00:00Z', 'shipped', 50.5, { region: '华东' }),
    order('a3', '2025-03-10T02:10:00Z', 'cancelled', 30, { region: '华南' }), order('a4', '2025-03-10T02:20:00Z', 'new', 20),
    order('a5', '2025-03-09T01:00:00Z', 'new', 1000, { region: '华东' }), order('a6', '2025-03-10T03:00:00Z', 'new', 7.25, { region: '华南', deleted: true }),
  ];
  const defs = [baselineOrdersByRegion as unknown as MetricDefinition<never>, compile(TWIN_SUM), compile(TWIN_COUNT)];
  const engine = createEngine({ timezone: 'Asia/Shanghai', policies: [], catalogue: defs, replay: () => records, freshness: () => ({ asOf: null, stale: false }) });
  const keys = engine.ensure(defs.map((d) => ({ id: d.id, params: {} })), NOW);
  const read = () => { engine.collect(NOW); return keys.map((k) => engine.current(k)!.value); };
  const expect = (got: MetricPayload[], want: MetricPayload[], when: string) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`hand-worked check ${when}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  };
  expect(read(), [
    { kind: 'breakdown', items: [{ key: '华东', value: 2, amount: 150.5 }, { key: 'unknown', value: 1, amount: 20 }] },
    { kind: 'breakdown', items: [{ key: '华东', value: 150.5 }, { key: 'unknown', value: 20 }] },
    { kind: 'breakdown', items: [{ key: '华东', value: 2 }, { key: 'unknown', value: 1 }] },
  ], 'after seeding');
  engine.ingest([{ ...records[0]!, status: 'cancelled', updated_at: '2025-03-10T04:00:00Z' } as SourcedRecord], NOW);
  expect(read(), [
    { kind: 'breakdown', items: [{ key: '华东', value: 1, amount: 50.5 }, { key: 'unknown', value: 1, amount: 20 }] },
    { kind: 'breakdown', items: [{ key: '华东', value: 50.5 }, { key: 'unknown', value: 20 }] },
    // A tie, 1 and 1: the twin orders ties by group name in code-point order, "u" (U+0075) before 华 (U+534E).
    { kind: 'breakdown', items: [{ key: 'unknown', value: 1 }, { key: '华东', value: 1 }] },
  ], 'after a1 is cancelled');
}
