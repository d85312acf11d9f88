import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type Order, type SourcedRecord } from '../../model';
import type { FlowValue } from '../../protocol';
import { orderMoves, ordersCycleTime, ordersFlow, ordersStuck } from './flow';

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
