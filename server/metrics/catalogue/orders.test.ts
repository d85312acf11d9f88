import { describe, expect, it } from 'vitest';
import type { Order, SourcedRecord } from '../../model';
import type { MetricPayload } from '../../protocol';
import type { MetricDefinition } from '../types';
import { builtinMetrics } from '../../catalogue';
import { ordersByRegion, ordersByStatus, ordersThroughput } from './orders';

// orders.count and orders.amount are shipped definition files now: these hand-worked values hold for them as they did for the code.
const shipped = (id: string) => builtinMetrics().find((m) => m.id === id) as unknown as MetricDefinition<Record<string, unknown>>;
const ordersCount = shipped('orders.count');
const ordersAmount = shipped('orders.amount');

// now = Mon 2025-03-10 12:30 in Shanghai (04:30Z). today = [03-09T16:00Z, now]; previous = [03-08T16:00Z, 03-09T04:30Z).
const NOW = Date.parse('2025-03-10T04:30:00Z');
const CTX = { timezone: 'Asia/Shanghai', now: NOW };

const order = (id: string, created: string, status: Order['status'], amount: number, region?: string, department?: string): SourcedRecord => ({
  type: 'order', id, status, amount, created_at: created, updated_at: created, source: 's',
  ...(region ? { region } : {}), ...(department ? { department } : {}),
});

const ORDERS: SourcedRecord[] = [
  order('o1', '2025-03-10T01:00:00.000Z', 'delivered', 100.5, '华东', 'sales'), // 09:00 local today
  order('o2', '2025-03-10T03:15:00.000Z', 'new', 200.25, '华南', 'marketing'), // 11:15
  order('o3', '2025-03-09T17:30:00.000Z', 'cancelled', 50, '华东', 'sales'), // 01:30 today
  order('o7', '2025-03-10T04:00:00.000Z', 'delivered', 10), // 12:00, no region, no department
  order('o8', '2025-03-10T02:00:00.000Z', 'confirmed', 20, '华东', 'marketing'), // 10:00
  order('o9', '2025-03-10T02:30:00.000Z', 'shipped', 30, '华东', 'sales'), // 10:30
  order('o10', '2025-03-10T03:45:00.000Z', 'new', 5, '华南', 'marketing'), // 11:45
  order('o4', '2025-03-09T02:00:00.000Z', 'shipped', 80, '华北', 'sales'), // yesterday 10:00: previous period
  order('o5', '2025-03-09T06:00:00.000Z', 'confirmed', 999, '华北', 'sales'), // yesterday 14:00: after 12:30, neither
  order('o6', '2025-03-09T15:59:59.000Z', 'new', 7, '华北', 'sales'), // yesterday 23:59:59: neither
];

function valueOf<P>(def: MetricDefinition<P>, rawParams: Record<string, unknown>, records = ORDERS): MetricPayload {
  const agg = def.create(def.params.parse(rawParams), CTX);
  for (const record of records) agg.apply({ kind: 'record', key: `s/order/${record.id}`, record });
  return agg.value(NOW);
}

describe('orders.count', () => {
  it('counts today\'s orders and yesterday up to the same time', () => {
    // today: o1 o2 o3 o7 o8 o9 o10 = 7; previous: o4 only
    expect(valueOf(ordersCount, {})).toEqual({ kind: 'scalar', value: 7, previous: 1 });
  });
  it('filters by current status, department and region', () => {
    expect(valueOf(ordersCount, { status: 'delivered' })).toEqual({ kind: 'scalar', value: 2, previous: 0 }); // o1, o7
    expect(valueOf(ordersCount, { department: 'sales' })).toEqual({ kind: 'scalar', value: 3, previous: 1 }); // o1 o3 o9 | o4
    expect(valueOf(ordersCount, { region: '华东' })).toEqual({ kind: 'scalar', value: 4, previous: 0 }); // o1 o3 o8 o9
  });
  it('an order changing status moves between status counts', () => {
    // o2 (new) delivered later: the same key, replaced
    const delivered = { ...order('o2', '2025-03-10T03:15:00.000Z', 'delivered', 200.25, '华南', 'marketing'), updated_at: '2025-03-10T04:10:00.000Z' };
    expect(valueOf(ordersCount, { status: 'delivered' }, [...ORDERS, delivered])).toEqual({ kind: 'scalar', value: 3, previous: 0 });
  });
});

describe('orders.amount', () => {
  it('sums today\'s amounts, cancelled included', () => {
    // 100.5 + 200.25 + 50 + 10 + 20 + 30 + 5 = 415.75; previous: 80
    expect(valueOf(ordersAmount, {})).toEqual({ kind: 'scalar', value: 415.75, previous: 80 });
  });
  it('keeps two decimals without float dust', () => {
    const dust = [order('a', '2025-03-10T01:00:00.000Z', 'new', 0.1), order('b', '2025-03-10T01:00:00.000Z', 'new', 0.2)];
    expect(valueOf(ordersAmount, {}, dust)).toEqual({ kind: 'scalar', value: 0.3, previous: 0 });
  });
});

describe('orders.by_status', () => {
  it('counts by current status in stage order, with zeros', () => {
    expect(valueOf(ordersByStatus, {})).toEqual({ kind: 'breakdown', items: [
      { key: 'new', value: 2, amount: 205.25 }, // o2 + o10
      { key: 'confirmed', value: 1, amount: 20 }, // o8
      { key: 'in_fulfilment', value: 0, amount: 0 },
      { key: 'shipped', value: 1, amount: 30 }, // o9
      { key: 'delivered', value: 2, amount: 110.5 }, // o1 + o7
      { key: 'cancelled', value: 1, amount: 50 }, // o3
    ] });
  });
});

describe('orders.by_region', () => {
  it('counts per region, largest first, cancelled excluded, missing region as "unknown"', () => {
    expect(valueOf(ordersByRegion, {})).toEqual({ kind: 'breakdown', items: [
      { key: '华东', value: 3, amount: 150.5 }, // o1 100.5 + o8 20 + o9 30 (o3 cancelled)
      { key: '华南', value: 2, amount: 205.25 }, // o2 + o10
      { key: 'unknown', value: 1, amount: 10 }, // o7
    ] });
  });
});

describe('orders.throughput', () => {
  it('one point per local hour since local midnight, zero where none', () => {
    const v = valueOf(ordersThroughput, {});
    if (v.kind !== 'series') throw new Error(`expected a series, got ${v.kind}`);
    expect(v.bucket).toBe('1h');
    // 00:00 … 12:00 local = 16:00Z … 04:00Z: 13 buckets.
    expect(v.points).toHaveLength(13);
    expect(v.points[0]!.t).toBe('2025-03-09T16:00:00.000Z');
    expect(v.points[12]!.t).toBe('2025-03-10T04:00:00.000Z');
    const byHour = Object.fromEntries(v.points.filter((p) => p.value > 0).map((p) => [p.t.slice(11, 13), p.value]));
    // o3 17:30Z; o1 01:00Z; o8 02:00Z, o9 02:30Z; o2 03:15Z, o10 03:45Z; o7 04:00Z
    expect(byHour).toEqual({ '17': 1, '01': 1, '02': 2, '03': 2, '04': 1 });
    expect(v.points.reduce((s, p) => s + p.value, 0)).toBe(7);
  });
});

describe('deleted orders (tombstones)', () => {
  // o2 (new, 200.25, 华南, marketing, 11:15 local) deleted in its source after it was counted: the same key, flagged.
  const O2_DELETED: SourcedRecord = { ...(order('o2', '2025-03-10T03:15:00.000Z', 'new', 200.25, '华南', 'marketing') as SourcedRecord & Order), deleted: true, updated_at: '2025-03-10T04:20:00.000Z' };
  const withTombstone = [...ORDERS, O2_DELETED];

  it('leave the count, the amount, the status and region breakdowns and the throughput', () => {
    expect(valueOf(ordersCount, {}, withTombstone)).toEqual({ kind: 'scalar', value: 6, previous: 1 });
    expect(valueOf(ordersCount, { status: 'new' }, withTombstone)).toEqual({ kind: 'scalar', value: 1, previous: 0 }); // o10
    expect(valueOf(ordersAmount, {}, withTombstone)).toEqual({ kind: 'scalar', value: 215.5, previous: 80 }); // 415.75 − 200.25
    expect(valueOf(ordersByStatus, {}, withTombstone)).toMatchObject({ items: expect.arrayContaining([{ key: 'new', value: 1, amount: 5 }]) });
    expect(valueOf(ordersByRegion, {}, withTombstone)).toMatchObject({ items: expect.arrayContaining([{ key: '华南', value: 1, amount: 5 }]) });
    const v = valueOf(ordersThroughput, {}, withTombstone);
    expect(v.kind === 'series' && v.points.find((p) => p.t === '2025-03-10T03:00:00.000Z')!.value).toBe(1); // o10 only
  });

  it('a cancelled order still counts; a restored one (flag gone) counts again', () => {
    expect(valueOf(ordersCount, { status: 'cancelled' }, withTombstone)).toEqual({ kind: 'scalar', value: 1, previous: 0 }); // o3
    const restored = { ...O2_DELETED, deleted: false, updated_at: '2025-03-10T04:25:00.000Z' };
    expect(valueOf(ordersCount, {}, [...withTombstone, restored])).toEqual({ kind: 'scalar', value: 7, previous: 1 });
  });
});

describe('orders.throughput: what each point covers', () => {
  it('24h: 25 clock hours, the first one whole, the last one so far; cancelled orders count', () => {
    // 24h at 12:30 local (04:30Z) starts 03-09T04:30Z, inside the clock hour 04:00Z. That first point covers the whole
    // hour 04:00–05:00Z: e1 (04:10Z, before the window's start) and e2 (04:45Z) → 2. Then o5 06:00Z, o6 15:59:59Z, and
    // today's seven (o3 cancelled at 17:30Z included); the last point, 04:00Z today, is 04:00–04:30 so far (o7).
    const extra = [order('e1', '2025-03-09T04:10:00.000Z', 'new', 1), order('e2', '2025-03-09T04:45:00.000Z', 'cancelled', 1)];
    const v = valueOf(ordersThroughput, { window: '24h' }, [...ORDERS, ...extra]);
    if (v.kind !== 'series') throw new Error(`expected a series, got ${v.kind}`);
    expect(v.points).toHaveLength(25);
    expect(v.points[0]).toEqual({ t: '2025-03-09T04:00:00.000Z', value: 2 });
    expect(v.points[24]).toEqual({ t: '2025-03-10T04:00:00.000Z', value: 1 });
    const byHour = Object.fromEntries(v.points.filter((p) => p.value > 0).map((p) => [p.t.slice(5, 13), p.value]));
    expect(byHour).toEqual({ '03-09T04': 2, '03-09T06': 1, '03-09T15': 1, '03-09T17': 1, '03-10T01': 1, '03-10T02': 2, '03-10T03': 2, '03-10T04': 1 });
    // So the points add up to 11, one more than orders.count over 24h (e1 lies before the window's start).
    expect(valueOf(ordersCount, { window: '24h' }, [...ORDERS, ...extra])).toMatchObject({ value: 10 });
  });
});

describe('orders.by_region: largest first', () => {
  it('by count, ties by amount, then by region in code-point order', () => {
    const regions = [
      order('r1', '2025-03-10T01:00:00.000Z', 'new', 10, '华南'), order('r2', '2025-03-10T01:00:00.000Z', 'new', 10, '华南'),
      order('r3', '2025-03-10T01:00:00.000Z', 'new', 5, '华东'), order('r4', '2025-03-10T01:00:00.000Z', 'new', 30, '华东'),
      order('r5', '2025-03-10T01:00:00.000Z', 'new', 7, '西北'), order('r6', '2025-03-10T01:00:00.000Z', 'new', 7, '华北'),
    ];
    // 华东 2 / 35 before 华南 2 / 20 (same count, larger amount); 华北 and 西北 1 / 7 each: 华 U+534E before 西 U+897F.
    expect(valueOf(ordersByRegion, {}, regions)).toEqual({ kind: 'breakdown', items: [
      { key: '华东', value: 2, amount: 35 }, { key: '华南', value: 2, amount: 20 },
      { key: '华北', value: 1, amount: 7 }, { key: '西北', value: 1, amount: 7 },
    ] });
  });
});
