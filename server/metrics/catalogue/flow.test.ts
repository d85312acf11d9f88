import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, withDerivedHistory, type Order, type SourcedRecord } from '../../model';
import type { FlowValue } from '../../protocol';
import { createScheduler } from '../../sources';
import { createStore } from '../../store';
import { cycleOf, inStatusSince, orderMoves, ordersCycleTime, ordersFlow, ordersStuck, statusSteps } from './flow';

// now = Mon 2025-03-10 12:30 in Shanghai (04:30Z). today = [03-09T16:00Z, now].
const NOW = Date.parse('2025-03-10T04:30:00Z');
const ZONE = 'Asia/Shanghai';

type Step = [Order['status'], string];
const order = (id: string, steps: Step[], region?: string): SourcedRecord & Order => ({
  type: 'order', id, source: 's', status: steps.at(-1)![0], amount: 1,
  created_at: steps[0]![1], updated_at: steps.at(-1)![1], history: steps.map(([status, at]) => ({ status, at })),
  ...(region ? { region } : {}),
});

const ORDERS = [
  // today 09:00 new, 09:30 confirmed, 10:00 in fulfilment
  order('a1', [['new', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T01:30:00Z'], ['in_fulfilment', '2025-03-10T02:00:00Z']], '华东'),
  // created yesterday 23:00 (before the window), confirmed today 00:30, cancelled 11:00
  order('a2', [['new', '2025-03-09T15:00:00Z'], ['confirmed', '2025-03-09T16:30:00Z'], ['cancelled', '2025-03-10T03:00:00Z']]),
  // back and forth between new and confirmed, then straight to shipped
  order('a3', [['new', '2025-03-10T02:00:00Z'], ['confirmed', '2025-03-10T02:10:00Z'], ['new', '2025-03-10T02:20:00Z'],
    ['confirmed', '2025-03-10T02:30:00Z'], ['shipped', '2025-03-10T03:00:00Z']], '华南'),
  // all on Saturday: outside today
  order('a4', [['new', '2025-03-08T01:00:00Z'], ['confirmed', '2025-03-08T02:00:00Z']]),
  // cancelled, then reopened as confirmed and fulfilled
  order('a6', [['new', '2025-03-10T01:00:00Z'], ['cancelled', '2025-03-10T01:10:00Z'], ['confirmed', '2025-03-10T01:20:00Z'],
    ['in_fulfilment', '2025-03-10T01:30:00Z']]),
];
// No history: it entered its status (confirmed) when created, today 11:00; no moves.
const A5: SourcedRecord = { type: 'order', id: 'a5', source: 's', status: 'confirmed', amount: 1, created_at: '2025-03-10T03:00:00Z', updated_at: '2025-03-10T03:00:00Z' };
const ALL: SourcedRecord[] = [...ORDERS, A5];

function aggregator(params: Record<string, unknown>, createdAt = NOW) {
  return ordersFlow.create(ordersFlow.params.parse(params), { timezone: ZONE, now: createdAt });
}
function valueOf(params: Record<string, unknown>, records: SourcedRecord[], at = NOW): FlowValue {
  const agg = aggregator(params, at);
  for (const r of records) agg.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
  return agg.value(at) as FlowValue;
}
const nodes = (counts: Partial<Record<Order['status'], number>>) => ORDER_STATUSES.map((key) => ({ key, value: counts[key] ?? 0 }));

describe('orders.flow', () => {
  it('counts moves and entries within today, one per order per link', () => {
    expect(valueOf({}, ALL)).toEqual({
      kind: 'flow',
      // new: a1, a3 (last 10:20), a6 | confirmed: a1, a2, a3, a5, a6 | in_fulfilment: a1, a6 | shipped: a3 | cancelled: a2, a6
      nodes: nodes({ new: 3, confirmed: 5, in_fulfilment: 2, shipped: 1, cancelled: 2 }),
      links: [
        { from: 'new', to: 'confirmed', value: 3 }, // a1, a2 (00:30 today), a3 (twice, counted once)
        { from: 'new', to: 'cancelled', value: 1 }, // a6
        { from: 'confirmed', to: 'in_fulfilment', value: 2 }, // a1, a6 (after its reopening)
        { from: 'confirmed', to: 'shipped', value: 1 }, // a3
        { from: 'confirmed', to: 'cancelled', value: 1 }, // a2
      ],
    });
  });

  it('filters by region', () => {
    expect(valueOf({ region: '华东' }, ALL)).toEqual({
      kind: 'flow',
      nodes: nodes({ new: 1, confirmed: 1, in_fulfilment: 1 }),
      links: [{ from: 'new', to: 'confirmed', value: 1 }, { from: 'confirmed', to: 'in_fulfilment', value: 1 }],
    });
  });

  it('moves expire as a rolling window passes them', () => {
    // 24h at 2025-03-11T01:15Z: [03-10T01:15Z, now]. Out: a1 new 01:00, a6 new 01:00 / cancelled 01:10,
    // and a2's new → confirmed (03-09T16:30Z). a6's confirmed (01:20) stays in.
    const agg = aggregator({ window: '24h' });
    for (const r of ALL) agg.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
    const later = Date.parse('2025-03-11T01:15:00Z');
    agg.advance(later);
    expect(agg.value(later)).toEqual({
      kind: 'flow',
      nodes: nodes({ new: 1, confirmed: 4, in_fulfilment: 2, shipped: 1, cancelled: 1 }), // confirmed: a6 01:20, a1 01:30, a3 02:30, a5 03:00
      links: [
        { from: 'new', to: 'confirmed', value: 2 }, // a1 01:30, a3 02:30
        { from: 'confirmed', to: 'in_fulfilment', value: 2 }, // a1 02:00, a6 01:30
        { from: 'confirmed', to: 'shipped', value: 1 },
        { from: 'confirmed', to: 'cancelled', value: 1 }, // a2 03:00
      ],
    });
    // By next local midnight's today window nothing of Monday is left.
    const tuesday = Date.parse('2025-03-10T16:00:00Z');
    const today = aggregator({});
    for (const r of ALL) today.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
    today.advance(tuesday);
    expect(today.value(tuesday)).toEqual({ kind: 'flow', nodes: nodes({}), links: [] });
  });

  it('incremental changes and clock advances give what a fresh computation gives', () => {
    const start = Date.parse('2025-03-10T00:30:00Z');
    const live = aggregator({ window: '24h' }, start);
    const apply = (r: SourcedRecord) => live.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
    const stream: [number, SourcedRecord | null][] = [
      [Date.parse('2025-03-10T01:00:00Z'), order('x', [['new', '2025-03-10T01:00:00Z']])],
      [Date.parse('2025-03-10T01:05:00Z'), order('y', [['new', '2025-03-10T01:05:00Z']], '华东')],
      [Date.parse('2025-03-10T02:00:00Z'), order('x', [['new', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T02:00:00Z']])],
      [Date.parse('2025-03-10T03:00:00Z'), order('x', [['new', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T02:00:00Z'], ['new', '2025-03-10T03:00:00Z']])],
      [Date.parse('2025-03-10T03:00:00Z'), order('y', [['new', '2025-03-10T01:05:00Z'], ['cancelled', '2025-03-10T03:00:00Z']], '华南')],
      [Date.parse('2025-03-11T01:30:00Z'), null], // x's new (01:00) and y's creation (01:05) expire; x's first move too
      [Date.parse('2025-03-11T02:30:00Z'), order('x', [['new', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T02:00:00Z'], ['new', '2025-03-10T03:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z']])],
    ];
    const current = new Map<string, SourcedRecord>();
    for (const [at, record] of stream) {
      live.advance(at);
      if (record) { current.set(record.id, record); apply(record); }
      expect(live.value(at)).toEqual(valueOf({ window: '24h' }, [...current.values()], at));
    }
    // At the end (03-11T02:30Z, window from 03-10T02:30Z): x re-entered new at 03:00 and confirmed at 02:30 today;
    // y cancelled at 03-10T03:00.
    expect(live.value(Date.parse('2025-03-11T02:30:00Z'))).toEqual({
      kind: 'flow',
      nodes: nodes({ new: 1, confirmed: 1, cancelled: 1 }),
      links: [{ from: 'new', to: 'confirmed', value: 1 }, { from: 'new', to: 'cancelled', value: 1 }],
    });
  });
});

describe('orderMoves: links never form a cycle', () => {
  it('drops backward moves and repeated statuses, keeps each move at its latest instant', () => {
    const pingPong = order('p', [['new', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T01:10:00Z'], ['confirmed', '2025-03-10T01:15:00Z'],
      ['new', '2025-03-10T01:20:00Z'], ['confirmed', '2025-03-10T01:30:00Z'], ['shipped', '2025-03-10T01:40:00Z'],
      ['in_fulfilment', '2025-03-10T01:50:00Z'], ['shipped', '2025-03-10T02:00:00Z']]);
    const { entered, moved } = orderMoves(pingPong);
    expect(Object.fromEntries(moved)).toEqual({
      'new>confirmed': Date.parse('2025-03-10T01:30:00Z'),
      'confirmed>shipped': Date.parse('2025-03-10T01:40:00Z'),
      'in_fulfilment>shipped': Date.parse('2025-03-10T02:00:00Z'),
    });
    expect(Object.fromEntries(entered)).toEqual({
      new: Date.parse('2025-03-10T01:20:00Z'),
      confirmed: Date.parse('2025-03-10T01:30:00Z'),
      shipped: Date.parse('2025-03-10T02:00:00Z'),
      in_fulfilment: Date.parse('2025-03-10T01:50:00Z'),
    });
  });

  it('orders history by time before reading moves', () => {
    const shuffled = { ...order('q', [['new', '2025-03-10T01:00:00Z']]),
      history: [{ status: 'shipped' as const, at: '2025-03-10T03:00:00Z' }, { status: 'new' as const, at: '2025-03-10T01:00:00Z' }] };
    expect([...orderMoves(shuffled).moved.keys()]).toEqual(['new>shipped']);
  });
});

describe('deleted orders (tombstones)', () => {
  const A1_DELETED: SourcedRecord = { ...ORDERS[0]!, deleted: true, updated_at: '2025-03-10T04:00:00Z' };
  const run = (def: typeof ordersCycleTime | typeof ordersStuck, params: Record<string, unknown>, records: SourcedRecord[]) => {
    const agg = def.create(def.params.parse(params) as never, { timezone: ZONE, now: NOW });
    for (const r of records) agg.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
    return agg.value(NOW);
  };

  it('leave the flow: a1 deleted after it was counted takes its entries and moves with it', () => {
    expect(valueOf({}, [...ALL, A1_DELETED])).toEqual({
      kind: 'flow',
      nodes: nodes({ new: 2, confirmed: 4, in_fulfilment: 1, shipped: 1, cancelled: 2 }),
      links: [
        { from: 'new', to: 'confirmed', value: 2 }, // a2, a3
        { from: 'new', to: 'cancelled', value: 1 }, // a6
        { from: 'confirmed', to: 'in_fulfilment', value: 1 }, // a6
        { from: 'confirmed', to: 'shipped', value: 1 }, // a3
        { from: 'confirmed', to: 'cancelled', value: 1 }, // a2
      ],
    });
  });

  it('leave the cycle times and the stuck orders', () => {
    // new → in_fulfilment today: a1 3600 s (01:00 → 02:00), a6 1800 s (01:00 → 01:30).
    expect(run(ordersCycleTime, { to: 'in_fulfilment', window: 'today' }, ALL)).toMatchObject({ count: 2, mean_s: 2700 });
    expect(run(ordersCycleTime, { to: 'in_fulfilment', window: 'today' }, [...ALL, A1_DELETED])).toMatchObject({ count: 1, mean_s: 1800, p50_s: 1800 });
    // Over 120 minutes in their status at 04:30Z: a4 confirmed since Saturday, a1 in_fulfilment since 02:00, a6 since 01:30.
    const counts = (v: unknown) => Object.fromEntries((v as { items: { key: string; value: number }[] }).items.map((i) => [i.key, i.value]));
    expect(counts(run(ordersStuck, { minutes: 120 }, ALL))).toEqual({ new: 0, confirmed: 1, in_fulfilment: 2, shipped: 0 });
    expect(counts(run(ordersStuck, { minutes: 120 }, [...ALL, A1_DELETED]))).toEqual({ new: 0, confirmed: 1, in_fulfilment: 1, shipped: 0 });
  });
});

describe('orders.cycle_time: which arrivals, and one percentile', () => {
  // 7d at NOW (03-10T04:30Z): since 03-03T04:30Z.
  const run = (params: Record<string, unknown>, records: SourcedRecord[]) => {
    const agg = ordersCycleTime.create(ordersCycleTime.params.parse(params), { timezone: ZONE, now: NOW });
    for (const r of records) agg.apply({ kind: 'record', key: `s/order/${r.id}`, record: r });
    return agg.value(NOW);
  };
  const C1 = order('c1', [['new', '2025-03-09T00:00:00Z'], ['delivered', '2025-03-09T01:00:00Z']]); // 1 h
  // Delivered at 02:00, sent back to shipped at 03:00, delivered again at 06:00: to its LAST arrival, 6 h.
  const C2 = order('c2', [['new', '2025-03-09T00:00:00Z'], ['delivered', '2025-03-09T02:00:00Z'], ['shipped', '2025-03-09T03:00:00Z'],
    ['delivered', '2025-03-09T06:00:00Z']]);
  // Delivered, then back to shipped and still there: not done, not counted.
  const C3 = order('c3', [['new', '2025-03-09T00:00:00Z'], ['delivered', '2025-03-09T00:30:00Z'], ['shipped', '2025-03-09T01:00:00Z']]);
  // Confirmed 01:00, back to new 02:00, confirmed again 05:00, delivered 10:00: from new 10 h; from its FIRST confirmation 9 h.
  const C4 = order('c4', [['new', '2025-03-08T00:00:00Z'], ['confirmed', '2025-03-08T01:00:00Z'], ['new', '2025-03-08T02:00:00Z'],
    ['confirmed', '2025-03-08T05:00:00Z'], ['delivered', '2025-03-08T10:00:00Z']]);
  // Delivered, then cancelled: cancelled comes after delivered in stage order, so it was delivered: 4 h.
  const C5 = order('c5', [['new', '2025-03-07T00:00:00Z'], ['delivered', '2025-03-07T04:00:00Z'], ['cancelled', '2025-03-07T05:00:00Z']]);
  const CYCLES = [C1, C2, C3, C4, C5];

  it('measures from the first arrival at from to the last arrival at to, and leaves out an order moved back before to', () => {
    // c1 3600, c5 14400, c2 21600, c4 36000 (c3 not done) → n = 4, sorted [3600, 14400, 21600, 36000].
    // p50: h = 3·0.5 = 1.5 → 14400 + 0.5·7200 = 18000 (nearest rank would say 14400).
    // p90: h = 3·0.9 = 2.7 → 21600 + 0.7·14400 = 31680. mean 75600 / 4 = 18900.
    expect(run({}, CYCLES)).toEqual({ kind: 'durations', count: 4, p50_s: 18_000, p90_s: 31_680, mean_s: 18_900 });
  });

  it('counts an order again once it reaches to again', () => {
    // c3 delivered again at 04:00: 4 h from creation → [3600, 14400, 14400, 21600, 36000].
    // p50: h = 4·0.5 = 2 → 14400. p90: h = 3.6 → 21600 + 0.6·14400 = 30240. mean 90000 / 5 = 18000.
    const again = order('c3', [['new', '2025-03-09T00:00:00Z'], ['delivered', '2025-03-09T00:30:00Z'], ['shipped', '2025-03-09T01:00:00Z'],
      ['delivered', '2025-03-09T04:00:00Z']]);
    expect(run({}, [...CYCLES, again])).toEqual({ kind: 'durations', count: 5, p50_s: 14_400, p90_s: 30_240, mean_s: 18_000 });
  });

  it('from a status other than new: its first arrival there', () => {
    // Only c4 was ever confirmed: 01:00 → 10:00 = 32400 s.
    expect(run({ from: 'confirmed' }, CYCLES)).toEqual({ kind: 'durations', count: 1, p50_s: 32_400, p90_s: 32_400, mean_s: 32_400 });
  });

  it('to an earlier stage: an order that moved on past it still counts', () => {
    // to shipped: c2 (shipped 03:00, now delivered) 3 h; c3 (shipped 01:00, still shipped) 1 h. Nobody else shipped.
    // [3600, 10800]: p50 h = 0.5 → 7200; p90 h = 0.9 → 3600 + 0.9·7200 = 10080.
    expect(run({ to: 'shipped' }, CYCLES)).toEqual({ kind: 'durations', count: 2, p50_s: 7_200, p90_s: 10_080, mean_s: 7_200 });
  });

  it('rounds to whole seconds after interpolating, not before', () => {
    // 1.2 s and 1.6 s: p50 = 1.2 + 0.5·0.4 = 1.4 → 1 s. Rounding each first (1 and 2) would give 1.5 → 2 s.
    // p90 = 1.2 + 0.9·0.4 = 1.56 → 2 s; mean 1.4 → 1 s.
    const quick = [order('q1', [['new', '2025-03-10T01:00:00.000Z'], ['delivered', '2025-03-10T01:00:01.200Z']]),
      order('q2', [['new', '2025-03-10T02:00:00.000Z'], ['delivered', '2025-03-10T02:00:01.600Z']])];
    expect(run({}, quick)).toEqual({ kind: 'durations', count: 2, p50_s: 1, p90_s: 2, mean_s: 1 });
  });

  it('reads cycleOf the same way', () => {
    expect(cycleOf(C2, 'new', 'delivered')).toEqual({ start: Date.parse('2025-03-09T00:00:00Z'), end: Date.parse('2025-03-09T06:00:00Z') });
    expect(cycleOf(C3, 'new', 'delivered')).toBeUndefined();
    expect(cycleOf(C4, 'confirmed', 'delivered')).toEqual({ start: Date.parse('2025-03-08T01:00:00Z'), end: Date.parse('2025-03-08T10:00:00Z') });
  });
});

describe('orders.stuck: only a status change restarts the clock', () => {
  const stuckCounts = (agg: ReturnType<typeof ordersStuck.create>, at: number) =>
    Object.fromEntries((agg.value(at) as { items: { key: string; value: number }[] }).items.map((i) => [i.key, i.value]));

  it('through a push source and the store, for records sent without a history', () => {
    // The whole path: POST /api/ingest → scheduler.ingest → normaliseRecord → store.applyBatch (withDerivedHistory
    // against the stored version) → the change's `after` handed to the metric, as engine.ingest does.
    const store = createStore(':memory:');
    const agg = ordersStuck.create(ordersStuck.params.parse({ minutes: 120 }), { timezone: ZONE, now: NOW });
    const scheduler = createScheduler({ store, log: pino({ level: 'silent' }), now: () => NOW, onHealth: () => {},
      onChanges: (_source, changes) => { for (const c of changes) agg.apply({ kind: 'record', key: `push/order/${c.after.id}`, record: c.after }); } });
    scheduler.addPush('push');
    const push = (r: Record<string, unknown>) => expect(scheduler.ingest('push', [{ type: 'order', amount: 100, ...r }]).rejected).toEqual([]);
    // p1: created new at 00:00, confirmed at 01:00, then only its amount edited at 04:00 (a new updated_at).
    push({ id: 'p1', status: 'new', created_at: '2025-03-10T00:00:00Z', updated_at: '2025-03-10T00:00:00Z' });
    push({ id: 'p1', status: 'confirmed', created_at: '2025-03-10T00:00:00Z', updated_at: '2025-03-10T01:00:00Z' });
    push({ id: 'p1', status: 'confirmed', amount: 250, created_at: '2025-03-10T00:00:00Z', updated_at: '2025-03-10T04:00:00Z' });
    // p2: first seen already shipped (created two days ago, last changed 03:30), then its amount edited at 04:20.
    push({ id: 'p2', status: 'shipped', created_at: '2025-03-08T00:00:00Z', updated_at: '2025-03-10T03:30:00Z' });
    push({ id: 'p2', status: 'shipped', amount: 90, created_at: '2025-03-08T00:00:00Z', updated_at: '2025-03-10T04:20:00Z' });
    // p3: first seen new (created 01:00), edited at 02:00.
    push({ id: 'p3', status: 'new', created_at: '2025-03-10T01:00:00Z', updated_at: '2025-03-10T02:00:00Z' });

    // What the store derived, and what the clock relies on: a status change appends, an amount edit does not;
    // new is entered at creation; a status first seen further on at that version's updated_at.
    const history = (id: string) => (store.getRecord('push', 'order', id) as Order).history;
    expect(history('p1')).toEqual([{ status: 'new', at: '2025-03-10T00:00:00.000Z' }, { status: 'confirmed', at: '2025-03-10T01:00:00.000Z' }]);
    expect(history('p2')).toEqual([{ status: 'shipped', at: '2025-03-10T03:30:00.000Z' }]);
    expect(history('p3')).toEqual([{ status: 'new', at: '2025-03-10T01:00:00.000Z' }]);
    expect((store.getRecord('push', 'order', 'p1') as Order).amount).toBe(250);

    // At 04:30 with 120 min: p1 confirmed since 01:00 (3.5 h; the 04:00 edit would have made it 30 min) → stuck;
    // p3 new since 01:00 (3.5 h) → stuck; p2 shipped since 03:30 (1 h) → not yet.
    expect(stuckCounts(agg, NOW)).toEqual({ new: 1, confirmed: 1, in_fulfilment: 0, shipped: 0 });
    // At 05:31 p2 has been shipped for 2 h 1 min, its 04:20 edit notwithstanding.
    const later = Date.parse('2025-03-10T05:31:00Z');
    agg.advance(later);
    expect(stuckCounts(agg, later)).toEqual({ new: 1, confirmed: 1, in_fulfilment: 0, shipped: 1 });
    store.close();
  });

  it('from records as the store hands them, without the store', () => {
    // The same three as withDerivedHistory leaves them: an amount edit keeps the history it had.
    const p1v1 = withDerivedHistory({ type: 'order', id: 'p1', status: 'new', amount: 1, created_at: '2025-03-10T00:00:00.000Z', updated_at: '2025-03-10T00:00:00.000Z' });
    const p1v2 = withDerivedHistory({ ...(p1v1 as Order), history: undefined, status: 'confirmed', updated_at: '2025-03-10T01:00:00.000Z' }, p1v1);
    const p1v3 = withDerivedHistory({ ...(p1v2 as Order), history: undefined, amount: 2, updated_at: '2025-03-10T04:00:00.000Z' }, p1v2);
    expect((p1v3 as Order).history).toEqual((p1v2 as Order).history);
    const agg = ordersStuck.create(ordersStuck.params.parse({ minutes: 120 }), { timezone: ZONE, now: NOW });
    for (const v of [p1v1, p1v2, p1v3]) agg.apply({ kind: 'record', key: 's/order/p1', record: { ...v, source: 's' } as SourcedRecord });
    expect(stuckCounts(agg, NOW)).toEqual({ new: 0, confirmed: 1, in_fulfilment: 0, shipped: 0 }); // since 01:00
  });

  it('a status repeated in a vendor history is no move', () => {
    // Confirmed at 01:00 and "again" at 04:00 (the same status): in confirmed since 01:00.
    const repeated = order('r', [['new', '2025-03-10T00:00:00Z'], ['confirmed', '2025-03-10T01:00:00Z'], ['confirmed', '2025-03-10T04:00:00Z']]);
    expect(inStatusSince(statusSteps(repeated))).toBe(Date.parse('2025-03-10T01:00:00Z'));
    // Moved back: confirmed 01:00, new 02:00, confirmed 03:00 → since 03:00.
    const back = order('b', [['new', '2025-03-10T00:00:00Z'], ['confirmed', '2025-03-10T01:00:00Z'], ['new', '2025-03-10T02:00:00Z'], ['confirmed', '2025-03-10T03:00:00Z']]);
    expect(inStatusSince(statusSteps(back))).toBe(Date.parse('2025-03-10T03:00:00Z'));
  });
});
