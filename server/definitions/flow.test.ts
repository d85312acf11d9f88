import { describe, expect, it } from 'vitest';
import { deal, key, order, toDeal } from '../../tests/support/flows';
import { flowsConfigSchema, type FlowChange, type FlowInstance } from '../flows';
import { CATALOGUE, createEngine, MetricError, type Aggregator, type MetricDefinition } from '../metrics';
import type { SourcedRecord } from '../model';
import { parseDefinition, type DefinitionProblem } from './check';
import { compileDefinition } from './compile';
import { definitionLimits } from './config';

// Definitions over flow instances (entity "flow"). A small flow: a deal won (sales) → its order confirmed (operations)
// → shipped (logistics), no targets. Now is 2025-03-10 12:30 in Shanghai (04:30Z): today starts 2025-03-09T16:00Z,
// yesterday's span runs from 2025-03-08T16:00Z to 2025-03-09T04:30Z.
const W2S = flowsConfigSchema.parse([{ id: 'w2s', steps: [
  { id: 'won', on: { type: 'deal', stage: 'won' }, department: 'sales' },
  { id: 'confirmed', on: { type: 'order', status: 'confirmed' }, department: 'operations' },
  { id: 'shipped', on: { type: 'order', status: 'shipped' }, department: 'logistics' },
] }])[0]!;
const FLOWS = [{ id: 'w2s', steps: ['won', 'confirmed', 'shipped'] }];
const NOW = Date.parse('2025-03-10T04:30:00Z');
const base = { title: 'A flow metric', description: 'What the company counts of its flow instances, in words.', entity: 'flow', flow: 'w2s' };

function define(input: Record<string, unknown>): MetricDefinition {
  const parsed = parseDefinition({ ...base, ...input }, [], { maxCost: 20_000, flows: FLOWS });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileDefinition(parsed.definition) as unknown as MetricDefinition;
}

/** An instance of w2s rooted at deal `id`: when each step was reached (ISO, null: not), the step it waits at (null: done). */
function change(id: string, reached: (string | null)[], waiting: number | null, more: Partial<FlowInstance> = {}): FlowChange {
  const times = reached.map((t) => (t === null ? null : Date.parse(t)));
  const entered = times.findIndex((t) => t !== null);
  const since = waiting === null ? 0 : times.slice(0, waiting).filter((t) => t !== null).at(-1)!;
  return { flow: 'w2s', id: key.deal(id), instance: {
    flow: 'w2s', id: key.deal(id), entered_at_step: entered, reached: times, by: reached.map(() => null), handoffs: reached.map(() => null),
    waiting: waiting === null ? null : { step: waiting, since, due_at: null }, account: null, records: 2, ...more } };
}
const gone = (id: string): FlowChange => ({ flow: 'w2s', id: key.deal(id), instance: null });

// I1 won 09:00 local today, confirmed 10:00, shipped 11:30: done. I2 won 08:00, confirmed 09:00: waits at shipped.
// I3 won 10:00: waits at confirmed. I4 won yesterday 09:00, confirmed yesterday 10:00, shipped today 10:00: done.
// I5 has no deal: entered at confirmed today 11:00, waits at shipped.
const I1 = change('I1', ['2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z', '2025-03-10T03:30:00Z'], null, { account: { source: 'crm', id: 'A1' } });
const I2 = change('I2', ['2025-03-10T00:00:00Z', '2025-03-10T01:00:00Z', null], 2, { account: { source: 'crm', id: 'A3' } });
const I3 = change('I3', ['2025-03-10T02:00:00Z', null, null], 1, { account: { source: 'crm', id: 'A2' }, records: 1 });
const I4 = change('I4', ['2025-03-09T01:00:00Z', '2025-03-09T02:00:00Z', '2025-03-10T02:00:00Z'], null);
const I5 = change('I5', [null, '2025-03-10T03:00:00Z', null], 2);
const ALL = [I1, I2, I3, I4, I5];
const CUSTOMERS: Record<string, string> = { A1: 'C1', A2: 'C1', A3: 'C2' };

/** The definition's aggregator with its default params (and `params`), fed `changes` as the engine feeds them. */
function aggregate(def: MetricDefinition, changes: FlowChange[], params: Record<string, unknown> = {}): Aggregator {
  const agg = def.create(def.params.parse(params) as never, { timezone: 'Asia/Shanghai', now: NOW, flows: [W2S],
    customerOf: (source, id) => (source === 'crm' ? CUSTOMERS[id] : undefined) });
  for (const c of changes) agg.apply({ kind: 'flow', change: c });
  agg.advance(NOW);
  return agg;
}

describe('compileDefinition: a flow definition', () => {
  it('is fed flow instances, with a flow param fixed to its flow and the entity of the built-in flow metrics', () => {
    const def = define({ id: 'ops.instances', measure: { count: true } });
    expect({ input: def.input, entity: def.entity, unit: def.unit }).toEqual({ input: 'flow', entity: 'order', unit: 'instances' });
    expect(def.params.parse({})).toEqual({ flow: 'w2s' });
    expect(def.params.safeParse({ flow: 'other' }).success).toBe(false);
  });

  it('counts by state in a window by created_at, with the previous span', () => {
    const byState = define({ id: 'ops.by_state', measure: { count: true }, group_by: { field: 'state' }, windows: ['today'] });
    const count = define({ id: 'ops.entered', measure: { count: true }, windows: ['today'] });
    // Entered today: I1 (done), I2, I3, I5 (waiting); I4 entered yesterday. Waiting 3, done 1, largest first.
    expect(aggregate(byState, ALL).value(NOW)).toEqual({ kind: 'breakdown', items: [{ key: 'waiting', value: 3 }, { key: 'done', value: 1 }] });
    // 4 today; yesterday up to 12:30 (09:00 local = 01:00Z on the 9th): I4 → previous 1.
    expect(aggregate(count, ALL).value(NOW)).toEqual({ kind: 'scalar', value: 4, previous: 1 });
  });

  it('groups the waiting ones by the step they wait at, and follows a change and a leaving instance', () => {
    const def = define({ id: 'ops.waiting_by_step', filter: { field: 'state', eq: 'waiting' }, measure: { count: true }, group_by: { field: 'step' } });
    const agg = aggregate(def, ALL);
    // No windows: every instance now. At shipped: I2, I5; at confirmed: I3. Done ones (I1, I4) are filtered out.
    expect(agg.value(NOW)).toEqual({ kind: 'breakdown', items: [{ key: 'shipped', value: 2 }, { key: 'confirmed', value: 1 }] });
    // I3's order is confirmed at 12:00 local: it waits at shipped now (3); I2 leaves the flow (2); nothing waits at confirmed.
    agg.apply({ kind: 'flow', change: change('I3', ['2025-03-10T02:00:00Z', '2025-03-10T04:00:00Z', null], 2) });
    agg.apply({ kind: 'flow', change: gone('I2') });
    expect(agg.value(NOW)).toEqual({ kind: 'breakdown', items: [{ key: 'shipped', value: 2 }] });
    // A change of another flow is none of its business.
    agg.apply({ kind: 'flow', change: { ...gone('I5'), flow: 'other' } });
    expect(agg.value(NOW)).toEqual({ kind: 'breakdown', items: [{ key: 'shipped', value: 2 }] });
  });

  it('the time between two steps, counted when the second was reached; an instance leaving takes its time out', () => {
    const def = define({ id: 'ops.won_to_shipped', measure: { percentile: { between: { from: 'won', to: 'shipped' } } }, windows: ['today'] });
    const agg = aggregate(def, ALL);
    // I1 01:00Z → 03:30Z = 9,000 s; I4 9 Mar 01:00Z → 10 Mar 02:00Z = 25 h = 90,000 s, shipped today so counted today
    // though it entered yesterday. I2, I3 not shipped; I5 never won. Sorted 9,000, 90,000:
    // p50 h = 0.5 → 9,000 + 0.5 × 81,000 = 49,500; p90 h = 0.9 → 9,000 + 0.9 × 81,000 = 81,900; mean 49,500.
    expect(agg.value(NOW)).toEqual({ kind: 'durations', count: 2, p50_s: 49500, p90_s: 81900, mean_s: 49500 });
    expect(def.unit).toBe('s');
    agg.apply({ kind: 'flow', change: gone('I1') });
    expect(agg.value(NOW)).toEqual({ kind: 'durations', count: 1, p50_s: 90000, p90_s: 90000, mean_s: 90000 });
  });

  it('reads lead time, records, customers and the department of the step waited at', () => {
    const lead = define({ id: 'ops.lead_time', filter: { field: 'state', eq: 'done' }, measure: { avg: 'lead_time_s' } });
    // I1: 01:00Z → 03:30Z = 9,000 s; I4: 9 Mar 01:00Z → 10 Mar 02:00Z = 90,000 s; mean 49,500.
    expect(aggregate(lead, ALL).value(NOW)).toEqual({ kind: 'scalar', value: 49500, previous: null });
    const doneShare = define({ id: 'ops.done_share', windows: ['today'],
      measure: { ratio: { numerator: { filter: { field: 'state', eq: 'done' } }, denominator: {} } } });
    // Entered today: I1 done of I1, I2, I3, I5 → 25.0 %; yesterday's span: I4, done → 100 %.
    expect(aggregate(doneShare, ALL).value(NOW)).toEqual({ kind: 'scalar', value: 25, previous: 100 });
    const records = define({ id: 'ops.records', measure: { sum: 'records' } });
    expect(aggregate(records, ALL).value(NOW)).toEqual({ kind: 'scalar', value: 9, previous: null }); // 2 + 2 + 1 + 2 + 2
    const customers = define({ id: 'ops.customers', measure: { distinct: 'customer' } });
    // A1 → C1 (I1), A2 → C1 (I3), A3 → C2 (I2); I4 and I5 have no account → 2.
    expect(aggregate(customers, ALL).value(NOW)).toEqual({ kind: 'scalar', value: 2, previous: null });
    const count = define({ id: 'ops.count', measure: { count: true }, params: { step: { field: 'step' } } });
    // department: the step waited at's; logistics answers for shipped, where I2 and I5 wait. The step param likewise.
    expect(aggregate(count, ALL, { department: 'logistics' }).value(NOW)).toEqual({ kind: 'scalar', value: 2, previous: null });
    expect(aggregate(count, ALL, { step: 'confirmed' }).value(NOW)).toEqual({ kind: 'scalar', value: 1, previous: null });
  });
});

describe('a flow definition through the real engine', () => {
  // D1 won 09:00 local; its order O1 confirmed 10:00, shipped 11:30: done. D2 won 10:00, no order: waits at confirmed.
  const D1 = deal('D1', [['won', '2025-03-10T01:00:00Z']]);
  const O1 = order('O1', [['new', '2025-03-10T01:30:00Z'], ['confirmed', '2025-03-10T02:00:00Z'], ['shipped', '2025-03-10T03:30:00Z']], { links: [toDeal('D1')] });
  const D2 = deal('D2', [['won', '2025-03-10T02:00:00Z']]);
  const def = define({ id: 'ops.waiting_at', filter: { field: 'state', eq: 'waiting' }, measure: { count: true }, group_by: { field: 'step' }, windows: ['today'] });
  const engineOf = (records: SourcedRecord[], flows = [W2S]) => createEngine({ timezone: 'Asia/Shanghai', policies: [], catalogue: [...CATALOGUE, def] as never,
    replay: () => records, freshness: () => ({ asOf: null, stale: false }), flows });

  it('is seeded from the store and follows each record that changes an instance', () => {
    const e = engineOf([D1, O1, D2]);
    const [k] = e.ensure([{ id: def.id, params: {} }], NOW);
    expect(k).toBe('ops.waiting_at?flow=w2s&window=today');
    e.collect(NOW);
    expect(e.current(k!)!.value).toEqual({ kind: 'breakdown', items: [{ key: 'confirmed', value: 1 }] }); // D2; D1 is done
    // D2's order is confirmed at 12:00 local: D2 waits at shipped now.
    e.ingest([order('O2', [['new', '2025-03-10T03:00:00Z'], ['confirmed', '2025-03-10T04:00:00Z']], { links: [toDeal('D2')] })], NOW);
    e.collect(NOW);
    expect(e.current(k!)!.value).toEqual({ kind: 'breakdown', items: [{ key: 'shipped', value: 1 }] });
  });

  it('refuses a key when its flow is not configured', () => {
    const e = engineOf([D1], []);
    expect(() => e.resolve({ id: def.id, params: {} })).toThrow(MetricError);
    expect(() => e.resolve({ id: def.id, params: {} })).toThrow('params.flow: no flow "w2s" in the config (known: none configured)');
  });
});

describe('checks of a flow definition', () => {
  const problems = (change: Record<string, unknown>, flows: typeof FLOWS | null = FLOWS): DefinitionProblem[] => {
    const parsed = parseDefinition({ ...base, id: 'ops.x', measure: { count: true }, ...change }, [], { maxCost: 20_000, ...(flows ? { flows } : {}) });
    return parsed.ok ? [] : parsed.problems;
  };

  it('takes the flows from the config section as their ids and step ids', () => {
    expect(definitionLimits({ max_cost: 500 }, [W2S])).toEqual({ maxCost: 500, flows: FLOWS });
    expect(definitionLimits({ max_cost: 500 })).toEqual({ maxCost: 500 });
  });

  it('a flow entity names its flow, and only a flow entity does', () => {
    expect(problems({ flow: undefined })).toEqual([{ path: 'flow', message: 'a flow definition names its business flow; expected "flow": "<flow id>" (one of w2s)' }]);
    expect(problems({ entity: 'order' })).toEqual([{ path: 'flow', message: '"flow" names the business flow of entity "flow"; expected no flow with entity "order"' }]);
  });

  it('an unknown flow or step, when the flows are given; unchecked without them', () => {
    expect(problems({ flow: 'o2c' })).toEqual([{ path: 'flow', message: 'no flow "o2c" in the config; expected one of w2s' }]);
    expect(problems({ flow: 'o2c' }, null)).toEqual([]); // the engine refuses it when a key is asked for
    expect(problems({ measure: { percentile: { between: { from: 'paid', to: 'shipped' } } } })).toEqual([{ path: 'measure.percentile.between.from',
      message: '"paid" is no step of flow "w2s"; expected one of won, confirmed, shipped' }]);
    expect(problems({ measure: { percentile: { between: { from: 'shipped', to: 'won' } } } })).toEqual([{ path: 'measure.percentile.between.to',
      message: '"won" does not come after "shipped" in flow "w2s"; expected one of none (it is the last step)' }]);
  });

  it('a field a flow instance has not, a state it has not, a param named flow', () => {
    expect(problems({ group_by: { field: 'extra.region' } })).toEqual([{ path: 'group_by.field', message: 'unknown field "extra.region" for a flow instance; '
      + 'expected one of flow, id, state, step, department, account_id, customer, created_at, records, lead_time_s' }]);
    expect(problems({ filter: { field: 'state', eq: 'late' } })).toEqual([{ path: 'filter.eq',
      message: '"late" does not fit a text (one of fixed values) field "state"; expected one of waiting, done' }]);
    expect(problems({ params: { flow: { field: 'flow' } } })).toEqual([{ path: 'params.flow', message: 'a flow definition has "flow" already (its flow); expected another name' }]);
  });
});
