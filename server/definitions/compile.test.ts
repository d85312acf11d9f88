import { describe, expect, it } from 'vitest';
import type { SourcedRecord } from '../model';
import { builtinMetrics } from '../catalogue';
import { createEngine, type MetricDefinition } from '../metrics';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import type { MetricPayload } from '../protocol';
import { parseDefinition } from './check';
import { compileDefinition } from './compile';

// 2025-03-10 12:30 in Shanghai (04:30Z): today runs from 2025-03-09T16:00Z, yesterday's span from 2025-03-08T16:00Z to 2025-03-09T04:30Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const BUILTIN_IDS = BUILTINS.map((m) => m.id);

/** A definition as a company writes it, parsed, checked and compiled (failing the test on any problem). */
function define(input: Record<string, unknown>): MetricDefinition {
  const parsed = parseDefinition({ title: 'A company metric', description: 'What the company counts, in words.', ...input }, BUILTIN_IDS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileDefinition(parsed.definition) as unknown as MetricDefinition;
}

function engine(defs: MetricDefinition[], stored: SourcedRecord[] = []) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies: [], catalogue: [...BUILTINS, ...defs] as never, replay: () => stored,
    freshness: () => ({ asOf: '2025-03-10T04:30:00.000Z', stale: false }),
  });
}

/** Each key's value after one collect. */
function values(e: ReturnType<typeof engine>, refs: { id: string; params: Record<string, string> }[]): MetricPayload[] {
  const keys = e.ensure(refs, NOW);
  const byKey = new Map(e.collect(NOW).map((v) => [v.key, v.value]));
  return keys.map((k) => byKey.get(k) ?? e.current(k)!.value);
}

type Extra = Partial<{ region: string; currency: string; amount_reporting: number; deleted: boolean; history: { status: string; at: string }[]; extra: Record<string, unknown> }>;
const order = (id: string, created: string, status: string, amount: number, more: Extra = {}): SourcedRecord =>
  ({ type: 'order', id, status, amount, created_at: created, updated_at: created, source: 's', ...more } as SourcedRecord);

// Today: o1 华东 100, o2 华东 50.5, o3 华南 USD 10 = 71 CNY reporting, o4 华南 cancelled 500, o5 no region 20,
// o8 华北 USD 5 with no rate (no reporting amount). Yesterday 09:00 local: o6 华东 1000. Deleted today: o7 华北 40.
const ORDERS = [
  order('o1', '2025-03-10T01:00:00.000Z', 'new', 100, { region: '华东' }),
  order('o2', '2025-03-10T02:00:00.000Z', 'shipped', 50.5, { region: '华东' }),
  order('o3', '2025-03-10T02:10:00.000Z', 'new', 10, { region: '华南', currency: 'USD', amount_reporting: 71 }),
  order('o4', '2025-03-10T02:20:00.000Z', 'cancelled', 500, { region: '华南' }),
  order('o5', '2025-03-10T02:30:00.000Z', 'new', 20),
  order('o6', '2025-03-09T01:00:00.000Z', 'new', 1000, { region: '华东' }),
  order('o7', '2025-03-10T03:00:00.000Z', 'new', 40, { region: '华北', deleted: true }),
  order('o8', '2025-03-10T03:10:00.000Z', 'new', 5, { region: '华北', currency: 'USD' }),
];

describe('compileDefinition: twins of built-ins on the same records, through the real engine', () => {
  const amountByRegion = define({
    id: 'sales.amount_by_region', entity: 'order', filter: { field: 'status', ne: 'cancelled' },
    measure: { sum: 'amount' }, group_by: { field: 'region' }, windows: ['today', '7d'],
  });
  const count = define({ id: 'sales.orders', entity: 'order', measure: { count: true }, windows: ['today'] });

  it('orders amount by region today = the amounts of orders.by_region', () => {
    const e = engine([amountByRegion, count], ORDERS);
    const [mine, builtin] = values(e, [{ id: 'sales.amount_by_region', params: {} }, { id: 'orders.by_region', params: { window: 'today' } }]);
    // By hand: 华东 100 + 50.5 = 150.5; 华南 71 (o3 in CNY; o4 cancelled); unknown 20 (o5); 华北 0 (o8 has no rate,
    // o7 deleted). Largest first.
    expect(mine).toEqual({ kind: 'breakdown', items: [
      { key: '华东', value: 150.5 }, { key: '华南', value: 71 }, { key: 'unknown', value: 20 }, { key: '华北', value: 0 }] });
    expect(builtin!.kind).toBe('breakdown');
    const builtinAmounts = Object.fromEntries((builtin as { items: { key: string; amount?: number }[] }).items.map((i) => [i.key, i.amount]));
    expect(Object.fromEntries((mine as { items: { key: string; value: number }[] }).items.map((i) => [i.key, i.value]))).toEqual(builtinAmounts);
    expect(amountByRegion.money).toBe('value'); // a sum over amount is money
  });

  it('orders count today = orders.count, and both follow a change of one record', () => {
    const e = engine([amountByRegion, count], ORDERS);
    const [mine, builtin] = values(e, [{ id: 'sales.orders', params: {} }, { id: 'orders.count', params: { window: 'today' } },
      { id: 'sales.amount_by_region', params: {} }]);
    // By hand: today o1, o2, o3, o4 (cancelled still counts), o5, o8 = 6; o7 deleted. Yesterday up to 12:30: o6 = 1.
    expect(mine).toEqual({ kind: 'scalar', value: 6, previous: 1 });
    expect(mine).toEqual(builtin);

    // o1 moves to 华南: 华东 50.5, 华南 71 + 100 = 171; o2 is deleted: 华东 0, count 5.
    e.ingest([order('o1', '2025-03-10T01:00:00.000Z', 'new', 100, { region: '华南' }),
      order('o2', '2025-03-10T02:00:00.000Z', 'shipped', 50.5, { region: '华东', deleted: true })], NOW);
    const changed = new Map(e.collect(NOW).map((v) => [v.key, v.value]));
    expect(changed.get('sales.orders?window=today')).toEqual({ kind: 'scalar', value: 5, previous: 1 });
    expect(changed.get('sales.orders?window=today')).toEqual(changed.get('orders.count?window=today'));
    expect(changed.get('sales.amount_by_region?window=today')).toEqual({ kind: 'breakdown', items: [
      { key: '华南', value: 171 }, { key: 'unknown', value: 20 }, { key: '华北', value: 0 }] });
  });
});

describe('compileDefinition: measures', () => {
  it('avg, distinct, min, max and a percentile of a field', () => {
    const live = { field: 'status', ne: 'cancelled' };
    const defs = [
      define({ id: 'x.avg', entity: 'order', filter: live, measure: { avg: 'amount' }, windows: ['today'] }),
      define({ id: 'x.distinct', entity: 'order', measure: { distinct: 'region' }, windows: ['today'] }),
      define({ id: 'x.min', entity: 'order', filter: live, measure: { min: 'amount' }, windows: ['today'] }),
      define({ id: 'x.max', entity: 'order', filter: live, measure: { max: 'amount' }, windows: ['today'] }),
      define({ id: 'x.p50', entity: 'order', filter: live, measure: { percentile: { field: 'amount', p: 50 } }, windows: ['today'] }),
    ];
    const [avg, distinct, min, max, p50] = values(engine(defs, ORDERS), defs.map((d) => ({ id: d.id, params: {} })));
    // Amounts of today's live, not cancelled orders with a reporting amount: o1 100, o2 50.5, o3 71, o5 20 (o8 has none).
    // avg (100 + 50.5 + 71 + 20) / 4 = 241.5 / 4 = 60.375 → 60.38; yesterday o6 1000 / 1.
    expect(avg).toEqual({ kind: 'scalar', value: 60.38, previous: 1000 });
    // Regions of today's orders (cancelled too): 华东, 华南, 华北 (o8); o5 has none → 3. Yesterday 华东 → 1.
    expect(distinct).toEqual({ kind: 'scalar', value: 3, previous: 1 });
    expect(min).toEqual({ kind: 'scalar', value: 20, previous: null });
    expect(max).toEqual({ kind: 'scalar', value: 100, previous: null });
    // Sorted 20, 50.5, 71, 100: h = 3 × 0.5 = 1.5 → 50.5 + 0.5 × (71 − 50.5) = 60.75.
    expect(p50).toEqual({ kind: 'scalar', value: 60.75, previous: null });
  });

  it('the time between two statuses as durations, counted when the second is reached', () => {
    const def = define({ id: 'ops.ship_time', entity: 'order', measure: { percentile: { between: { from: 'new', to: 'shipped' } } }, windows: ['today'] });
    const records = [
      order('a', '2025-03-10T01:00:00.000Z', 'shipped', 1, { history: [{ status: 'new', at: '2025-03-10T01:00:00.000Z' }, { status: 'shipped', at: '2025-03-10T03:00:00.000Z' }] }),
      order('b', '2025-03-10T02:00:00.000Z', 'shipped', 1, { history: [{ status: 'new', at: '2025-03-10T02:00:00.000Z' }, { status: 'shipped', at: '2025-03-10T02:30:00.000Z' }] }),
      order('c', '2025-03-10T02:00:00.000Z', 'new', 1, { history: [{ status: 'new', at: '2025-03-10T02:00:00.000Z' }] }), // not shipped
      // shipped yesterday: outside today's window
      order('d', '2025-03-09T01:00:00.000Z', 'shipped', 1, { history: [{ status: 'new', at: '2025-03-09T01:00:00.000Z' }, { status: 'shipped', at: '2025-03-09T02:00:00.000Z' }] }),
    ];
    const [v] = values(engine([def], records), [{ id: def.id, params: {} }]);
    // a 2 h = 7200 s, b 30 min = 1800 s. p50: h = 0.5 → 1800 + 0.5 × 5400 = 4500; p90: h = 0.9 → 1800 + 0.9 × 5400 = 6660;
    // mean (7200 + 1800) / 2 = 4500.
    expect(v).toEqual({ kind: 'durations', count: 2, p50_s: 4500, p90_s: 6660, mean_s: 4500 });
    expect(def.unit).toBe('s');
  });
});

type DealExtra = { lead_source?: unknown };
const deal = (id: string, created: string, stage: string, extra: DealExtra): SourcedRecord =>
  ({ type: 'deal', id, stage, amount: 100, created_at: created, updated_at: created, source: 's', extra } as SourcedRecord);

describe('compileDefinition: a ratio', () => {
  it('the win rate of partner-sourced deals (extra.lead_source)', () => {
    const def = define({
      id: 'sales.partner_win_rate', entity: 'deal', filter: { field: 'extra.lead_source', eq: 'Partner' },
      measure: { ratio: { numerator: { filter: { field: 'stage', eq: 'won' } }, denominator: { filter: { field: 'stage', in: ['won', 'lost'] } } } },
      windows: ['30d'],
    });
    const records = [
      deal('d1', '2025-03-01T00:00:00.000Z', 'won', { lead_source: 'Partner' }),
      deal('d2', '2025-03-02T00:00:00.000Z', 'lost', { lead_source: 'Partner' }),
      deal('d3', '2025-03-03T00:00:00.000Z', 'won', { lead_source: 'Partner' }),
      deal('d4', '2025-03-04T00:00:00.000Z', 'negotiation', { lead_source: 'Partner' }), // undecided: in neither
      deal('d5', '2025-03-05T00:00:00.000Z', 'won', { lead_source: 'Web' }), // not partner-sourced
      deal('d6', '2025-03-05T00:00:00.000Z', 'won', { lead_source: 7 }), // a number: no match for the text "Partner"
      deal('d7', '2025-01-30T00:00:00.000Z', 'lost', { lead_source: 'Partner' }), // 39 days ago: the previous 30 days
    ];
    const [v] = values(engine([def], records), [{ id: def.id, params: {} }]);
    // Now: won d1, d3 of decided d1, d2, d3 → 2 / 3 = 66.666…% → 66.7. Previous: 0 won of 1 (d7) → 0.
    expect(v).toEqual({ kind: 'scalar', value: 66.7, previous: 0 });
    expect(def.unit).toBe('%');
    expect(def.money).toBeUndefined();
  });
});

const ticket = (id: string, productLine?: unknown): SourcedRecord =>
  ({ type: 'ticket', id, priority: 'normal', status: 'open', created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z',
    source: 's', ...(productLine === undefined ? {} : { extra: { product_line: productLine } }) } as SourcedRecord);

describe('compileDefinition: group-by', () => {
  it('over extra.product_line: the top N, the rest under 其他, last', () => {
    const def = define({ id: 'service.by_product', entity: 'ticket', measure: { count: true }, group_by: { field: 'extra.product_line', top: 2 }, windows: ['today'] });
    const records = [ticket('1', 'A'), ticket('2', 'A'), ticket('3', 'A'), ticket('4', 'B'), ticket('5', 'B'), ticket('6', 'C'), ticket('7', 'D'), ticket('8')];
    const [v] = values(engine([def], records), [{ id: def.id, params: {} }]);
    // A 3, B 2 shown; C 1 + D 1 + unknown 1 (ticket 8 has no product line) = 3 under 其他.
    expect(v).toEqual({ kind: 'breakdown', items: [{ key: 'A', value: 3 }, { key: 'B', value: 2 }, { key: '其他', value: 3 }] });
  });

  it('keeps at most max_groups groups; later ones fold into 其他 for good', () => {
    const def = define({ id: 'service.capped', entity: 'ticket', measure: { count: true }, group_by: { field: 'extra.product_line', max_groups: 2 }, windows: ['today'] });
    const e = engine([def], [ticket('1', 'X'), ticket('2', 'Y'), ticket('3', 'Z'), ticket('4', 'X'), ticket('5', 'W')]);
    const [v] = values(e, [{ id: def.id, params: {} }]);
    // X and Y are admitted first; Z and W come after two groups: X 2, Y 1, 其他 2.
    expect(v).toEqual({ kind: 'breakdown', items: [{ key: 'X', value: 2 }, { key: 'Y', value: 1 }, { key: '其他', value: 2 }] });
    // Y's ticket is deleted, then a new Z arrives: Z still folds (the cap is for good), Y leaves: X 2, 其他 3.
    e.ingest([{ ...ticket('2', 'Y'), status: 'deleted' } as SourcedRecord, ticket('6', 'Z')], NOW);
    const [after] = e.collect(NOW);
    expect(after!.value).toEqual({ kind: 'breakdown', items: [{ key: 'X', value: 2 }, { key: '其他', value: 3 }] });
  });

  it('takes the department param like the built-ins (the scope a holder sees)', () => {
    const def = define({ id: 'service.count', entity: 'ticket', measure: { count: true } });
    const records = [{ ...ticket('1'), department: 'support' }, { ...ticket('2'), department: 'sales' }, { ...ticket('3'), department: 'support' }] as SourcedRecord[];
    const [all, support] = values(engine([def], records), [{ id: def.id, params: {} }, { id: def.id, params: { department: 'support' } }]);
    // No windows: every ticket as it is now, no previous. 3 in all, 2 in support.
    expect(all).toEqual({ kind: 'scalar', value: 3, previous: null });
    expect(support).toEqual({ kind: 'scalar', value: 2, previous: null });
  });
});

describe('compileDefinition: series', () => {
  it('orders per local hour today = orders.throughput; a sum per local day over 7d', () => {
    const perHour = define({ id: 'sales.orders_per_hour', entity: 'order', measure: { count: true }, windows: ['today'], series: { bucket: '1h' } });
    const perDay = define({ id: 'sales.amount_per_day', entity: 'order', measure: { sum: 'amount' }, windows: ['7d'], series: { bucket: '1d' } });
    const [mine, builtin, daily] = values(engine([perHour, perDay], ORDERS), [{ id: perHour.id, params: {} },
      { id: 'orders.throughput', params: { window: 'today' } }, { id: perDay.id, params: {} }]);
    // Today in Shanghai from 00:00 (2025-03-09T16:00Z) to 12:30: 13 hours. Local hours: o1 09:00; o2, o3, o4, o5 10:xx;
    // o8 11:10; o7 deleted. So 09:00 → 1, 10:00 → 4, 11:00 → 1, the rest 0.
    const hour = (h: number) => new Date(Date.parse('2025-03-09T16:00:00Z') + h * 3_600_000).toISOString();
    expect(mine).toEqual({ kind: 'series', bucket: '1h', points: Array.from({ length: 13 }, (_, h) => ({ t: hour(h), value: h === 9 ? 1 : h === 10 ? 4 : h === 11 ? 1 : 0 })) });
    expect(mine).toEqual(builtin);
    // 7d from 2025-03-03 12:30 local: days 3–10 March, 8 points. 9 March: o6 1000. 10 March: 100 + 50.5 + 71 + 500
    // (o4, no filter) + 20 + 0 (o8 has no rate) = 741.5.
    const day = (d: number) => new Date(Date.parse('2025-03-02T16:00:00Z') + d * 86_400_000).toISOString();
    expect(daily).toEqual({ kind: 'series', bucket: '1d', points: Array.from({ length: 8 }, (_, d) => ({ t: day(d), value: d === 6 ? 1000 : d === 7 ? 741.5 : 0 })) });
    expect(perDay.money).toBe('value');
  });

  it('over 24h the first hour is whole: an order before the window\'s start, in that hour, counts', () => {
    const perHour = define({ id: 'sales.orders_per_hour', entity: 'order', measure: { count: true }, windows: ['24h'], series: { bucket: '1h' } });
    const records = [...ORDERS, order('y', '2025-03-09T04:10:00.000Z', 'new', 1)];
    const [mine, builtin] = values(engine([perHour], records), [{ id: perHour.id, params: { window: '24h' } },
      { id: 'orders.throughput', params: { window: '24h' } }]);
    // 24h from 2025-03-09T04:30Z (12:30 local); the first point is the hour from 04:00Z, 25 points to 04:00Z on the 10th.
    // y at 04:10Z (before the start, in the first hour) → point 0 = 1; o1 01:00Z → point 21; o2–o5 02:xxZ → point 22 = 4;
    // o8 03:10Z → point 23; o6 at 01:00Z on the 9th is before the first hour.
    const hour = (h: number) => new Date(Date.parse('2025-03-09T04:00:00Z') + h * 3_600_000).toISOString();
    const expected: Record<number, number> = { 0: 1, 21: 1, 22: 4, 23: 1 };
    expect(mine).toEqual({ kind: 'series', bucket: '1h', points: Array.from({ length: 25 }, (_, h) => ({ t: hour(h), value: expected[h] ?? 0 })) });
    expect(mine).toEqual(builtin);
  });
});

describe('compileDefinition: the docs\' finance example', () => {
  it('large online orders: online, over 100,000, not cancelled', () => {
    const def = define({ id: 'finance.large_online_amount', entity: 'order', measure: { sum: 'amount' }, windows: ['today', 'mtd'],
      filter: { all: [{ field: 'channel', eq: 'online' }, { field: 'amount', gt: 100000 }, { not: { field: 'status', eq: 'cancelled' } }] } });
    const online = (id: string, status: string, amount: number) => ({ ...order(id, '2025-03-10T01:00:00.000Z', status, amount), channel: 'online' } as SourcedRecord);
    const records = [online('a', 'new', 120000), online('b', 'cancelled', 250000), online('c', 'new', 80000), online('d', 'shipped', 150000),
      order('e', '2025-03-10T01:00:00.000Z', 'new', 300000)]; // e: no channel
    const [v] = values(engine([def], records), [{ id: def.id, params: {} }]);
    // 120,000 (a) + 150,000 (d) = 270,000; b cancelled, c not over 100,000, e not online. Nothing yesterday: previous 0.
    expect(v).toEqual({ kind: 'scalar', value: 270000, previous: 0 });
  });

  it('rolls over at local midnight: today becomes yesterday', () => {
    const def = define({ id: 'sales.orders', entity: 'order', measure: { count: true }, windows: ['today'] });
    const e = engine([def], ORDERS);
    const [key] = e.ensure([{ id: def.id, params: {} }], NOW);
    e.collect(NOW);
    // 2025-03-11 00:10 Shanghai (2025-03-10T16:10Z): nothing today yet; yesterday (10 March) up to 00:10 had none either
    // (the first order was at 09:00). At 12:30 on 11 March, yesterday up to 12:30 holds the 6 orders of the 10th.
    const next = Date.parse('2025-03-10T16:10:00Z');
    e.tick(next);
    e.collect(next);
    expect(e.current(key!)!.value).toEqual({ kind: 'scalar', value: 0, previous: 0 });
    e.tick(NOW + 86_400_000);
    e.collect(NOW + 86_400_000);
    expect(e.current(key!)!.value).toEqual({ kind: 'scalar', value: 0, previous: 6 });
  });
});

describe('compileDefinition: distinct per group', () => {
  it('counts a value once per group, and once in 其他 however many folded groups hold it', () => {
    const def = define({ id: 'sales.customers_by_region', entity: 'order', measure: { distinct: 'customer' }, group_by: { field: 'region', top: 1 }, windows: ['today'] });
    const o = (id: string, region: string, customer: string) => ({ ...order(id, '2025-03-10T01:00:00.000Z', 'new', 1, { region }), customer } as SourcedRecord);
    const records = [o('1', '华东', 'c1'), o('2', '华东', 'c1'), o('3', '华东', 'c2'), o('4', '华南', 'c3'), o('5', '华北', 'c3')];
    const [v] = values(engine([def], records), [{ id: def.id, params: {} }]);
    // 华东: c1, c2 → 2 (c1's two orders are one customer). 华南 c3 and 华北 c3 fold into 其他: c3 once → 1.
    expect(v).toEqual({ kind: 'breakdown', items: [{ key: '华东', value: 2 }, { key: '其他', value: 1 }] });
  });
});

describe('compileDefinition: a vendor field a source keeps as money', () => {
  it('is read in the reporting currency at its record\'s own rate, and makes the metric money', () => {
    const input = { id: 'sales.discounts', title: 'Discounts', description: 'The discounts granted on orders created today.', entity: 'order',
      measure: { sum: 'extra.discount' }, windows: ['today'] };
    const parsed = parseDefinition(input, BUILTIN_IDS);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const asMoney = compileDefinition(parsed.definition, { moneyExtras: new Set(['discount']) }) as unknown as MetricDefinition;
    const asNumber = compileDefinition({ ...parsed.definition, id: 'sales.discounts_raw' }) as unknown as MetricDefinition;
    // p1: USD 100 at 7.1 (amount_reporting 710), discount 10 → 71. p2: no currency (the reporting one), discount 5 → 5.
    // p3: USD with no rate (no reporting amount), discount 2 → none. Money: 71 + 5 = 76; as a plain number 10 + 5 + 2 = 17.
    const records = [
      order('p1', '2025-03-10T01:00:00.000Z', 'new', 100, { currency: 'USD', amount_reporting: 710, extra: { discount: 10 } }),
      order('p2', '2025-03-10T01:00:00.000Z', 'new', 50, { extra: { discount: 5 } }),
      order('p3', '2025-03-10T01:00:00.000Z', 'new', 20, { currency: 'USD', extra: { discount: 2 } }),
    ];
    const [money, plain] = values(engine([asMoney, asNumber], records), [{ id: 'sales.discounts', params: {} }, { id: 'sales.discounts_raw', params: {} }]);
    expect(money).toEqual({ kind: 'scalar', value: 76, previous: 0 });
    expect(plain).toEqual({ kind: 'scalar', value: 17, previous: 0 });
    expect(asMoney.money).toBe('value');
    expect(asMoney.unit).toBe('CNY');
    expect(asNumber.money).toBeUndefined();
  });
});
