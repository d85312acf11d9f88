import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileDefinition, parseDefinition } from '../definitions';
import { CATALOGUE, createEngine, type MetricDefinition } from '../metrics';
import { ORDER_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, type SourcedRecord } from '../model';
import type { MetricPayload } from '../protocol';
import { MOVED_BUILTINS } from '../../bench/baseline/moved-builtins';

// The built-in metrics shipped as definition files (server/catalogue/builtin/<id>.json) are the hand-coded built-ins
// of the same id, exactly: the same metadata and params, and the same payload on random streams of record changes and
// clock advances, each computed incrementally by its own engine.

type Metric = MetricDefinition<never>;
const DIR = new URL('./builtin/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/** A shipped file parsed, checked and compiled; the built-in of its id is the one it replaces, so that id is no clash. */
function load(file: string): { id: string; defined: Metric; coded: Metric } {
  const id = file.slice(0, -'.json'.length);
  const parsed = parseDefinition(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')), CATALOGUE.map((m) => m.id).filter((other) => other !== id));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  const coded = MOVED_BUILTINS.find((m) => m.id === id); // the hand code it replaced, kept frozen under bench/
  if (!coded) throw new Error(`${file}: no hand-coded built-in ${id}`);
  return { id, defined: compileDefinition(parsed.definition) as unknown as Metric, coded };
}

const paramsJson = (m: Metric) => z.toJSONSchema(m.params as z.ZodType, { io: 'input', unrepresentable: 'any' });
const metadata = (m: Metric) => ({ id: m.id, title: m.title, description: m.description, details: m.details, unit: m.unit,
  money: m.money, entity: m.entity, input: m.input, params: paramsJson(m) });

function engineOf(metric: Metric, zone: string, stored: SourcedRecord[]) {
  return createEngine({ timezone: zone, policies: [], catalogue: [metric], replay: () => stored,
    freshness: () => ({ asOf: null, stale: false }) });
}

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

// Random records: orders (status, department, region, money in and out of the reporting currency, tombstones) and
// tickets (every status, priority, group); created up to 65 days back, so 30d's previous span and mtd's are filled.
const pickOf = <T>(...values: T[]) => fc.constantFrom(...values);
const age = fc.integer({ min: 0, max: 65 * 24 * 60 });
const orderArb = fc.record({
  type: fc.constant('order' as const), source: pickOf('s1', 's2'), id: pickOf('o0', 'o1', 'o2', 'o3', 'o4', 'o5'), ageMin: age,
  status: pickOf(...ORDER_STATUSES), department: pickOf(undefined, 'sales', 'service'), region: pickOf(undefined, 'north', 'south'),
  amount: fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100),
  money: pickOf('plain', 'cny', 'usd-rated', 'usd-unrated'), deleted: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), // 1 in 6 a tombstone
});
const ticketArb = fc.record({
  type: fc.constant('ticket' as const), source: pickOf('s1', 's2'), id: pickOf('t0', 't1', 't2', 't3', 't4', 't5'), ageMin: age,
  status: pickOf(...TICKET_STATUSES), priority: pickOf(...TICKET_PRIORITIES), group: pickOf(undefined, 'VIP', 'L1'),
  department: pickOf(undefined, 'sales', 'service'),
});
type Spec = (typeof orderArb extends fc.Arbitrary<infer O> ? O : never) | (typeof ticketArb extends fc.Arbitrary<infer T> ? T : never);
type Change = { kind: 'record'; spec: Spec } | { kind: 'advance'; minutes: number };
const changeArb = (records: fc.Arbitrary<Change & { kind: 'record' }>): fc.Arbitrary<Change> => fc.oneof(
  { weight: 3, arbitrary: records },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const),
    minutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3 * 24 * 60 })) }) },
);

function recordOf(spec: Spec, now: number): SourcedRecord {
  const created = iso(now - spec.ageMin * MINUTE);
  const common = { source: spec.source, id: spec.id, created_at: created, updated_at: iso(now),
    ...(spec.department ? { department: spec.department } : {}) };
  if (spec.type === 'ticket') {
    return { ...common, type: 'ticket', status: spec.status, priority: spec.priority, ...(spec.group ? { group: spec.group } : {}) };
  }
  const money = { plain: {}, cny: { currency: 'CNY', amount_reporting: spec.amount }, 'usd-rated': { currency: 'USD', amount_reporting: Math.round(spec.amount * 710) / 100 },
    'usd-unrated': { currency: 'USD' } }[spec.money]; // usd-unrated: no rate, so no reporting amount
  return { ...common, type: 'order', status: spec.status, amount: spec.amount, ...money, ...(spec.region ? { region: spec.region } : {}),
    ...(spec.deleted ? { deleted: true } : {}) };
}

/** Params a screen may set, per entity: windows of every kind (shift starts too) and each filter set or not. */
const ORDER_PARAMS = fc.record({ window: pickOf(undefined, 'today', '24h', '7d', '30d', 'mtd', 'today@08:00', 'today@23:30'),
  status: pickOf(undefined, ...ORDER_STATUSES), region: pickOf(undefined, 'north', 'south'), department: pickOf(undefined, 'sales', 'service') });
const TICKET_PARAMS = fc.record({ group: pickOf(undefined, 'VIP', 'L1'), priority: pickOf(undefined, ...TICKET_PRIORITIES),
  department: pickOf(undefined, 'sales', 'service') });
const defined = (params: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** Mid-week in Shanghai, and Berlin two days before the autumn clock change with month end on the way. */
const STARTS = [{ zone: 'Asia/Shanghai', start: Date.parse('2025-03-06T02:00:00Z') }, { zone: 'Europe/Berlin', start: Date.parse('2025-10-24T10:00:00Z') }];

/** Both engines seeded from the same store, then fed the same stream: every key's value equal after every step. */
function sameStream(m: { defined: Metric; coded: Metric }, at: (typeof STARTS)[number], seed: Change[], stream: Change[],
  paramSets: Record<string, string>[]): void {
  let now = at.start;
  const stored = new Map<string, SourcedRecord>();
  const put = (c: Change) => { if (c.kind === 'record') { const r = recordOf(c.spec, now); stored.set(`${r.source}/${r.id}`, r); return r; } return undefined; };
  seed.forEach(put);
  const engines = [m.coded, m.defined].map((metric) => engineOf(metric, at.zone, [...stored.values()]));
  const refs = paramSets.map((params) => ({ id: m.coded.id, params }));
  const [keys, definedKeys] = engines.map((e) => e.ensure(refs, now));
  expect(definedKeys).toEqual(keys);
  const compare = (step: string) => {
    for (const e of engines) e.collect(now);
    for (const key of keys!) expect(engines[1]!.current(key)?.value, `${key} ${step}`).toEqual(engines[0]!.current(key)?.value);
  };
  compare('seeded');
  stream.forEach((c, i) => {
    if (c.kind === 'advance') { now += c.minutes * MINUTE; for (const e of engines) e.tick(now); } else {
      const r = put(c)!;
      for (const e of engines) e.ingest([r], now);
    }
    compare(`after step ${i} ${JSON.stringify(c)}`);
  });
}

describe('the built-in definition files', () => {
  it('are the metrics this test expects, each named after its id', () => {
    expect(FILES).toEqual(['orders.amount.json', 'orders.count.json', 'tickets.open.json']);
  });

  it.each(FILES)('%s: id, title, description, details, unit, money, entity and params equal the hand-coded built-in', (file) => {
    const { defined, coded } = load(file);
    expect(metadata(defined)).toEqual(metadata(coded));
    // The same params accepted, defaulted and refused: a shift start, a bad window, a status of another entity, empty text.
    for (const params of [{}, { window: 'today@08:00' }, { window: 'yesterday' }, { status: 'paid' }, { status: 'new' }, { region: '' },
      { priority: 'urgent', group: 'VIP' }, { priority: 'p1' }, { colour: 'red' }, { department: 'sales' }]) {
      const [a, b] = [coded, defined].map((m) => m.params.safeParse(params));
      expect({ ok: b!.success, data: b!.data }, JSON.stringify(params)).toEqual({ ok: a!.success, data: a!.data });
    }
  });

  it.each(FILES)('%s: the same payload as the hand-coded built-in on random streams, seeded and incremental', (file) => {
    const m = load(file);
    const isOrder = m.coded.entity === 'order';
    const records = (isOrder ? orderArb : ticketArb).map((spec) => ({ kind: 'record' as const, spec }));
    const params = (isOrder ? ORDER_PARAMS : TICKET_PARAMS).map(defined);
    fc.assert(fc.property(fc.constantFrom(...STARTS), fc.array(records, { maxLength: 12 }), fc.array(changeArb(records), { minLength: 1, maxLength: 15 }),
      fc.uniqueArray(params, { minLength: 1, maxLength: 4, selector: (p) => JSON.stringify(p) }),
      (at, seed, stream, paramSets) => sameStream(m, at, seed, stream, paramSets)), { numRuns: 100 });
  }, 60_000);
});

// Hand-worked: 2025-03-10 12:30 in Shanghai (04:30Z). Today runs from 2025-03-09T16:00Z; its previous span (yesterday up
// to 12:30) from 2025-03-08T16:00Z to 2025-03-09T04:30Z. today@08:00 runs from 00:00Z; its previous span from
// 2025-03-09T00:00Z to 04:30Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const order = (id: string, created: string, status: string, amount: number, more: object = {}) =>
  ({ type: 'order', source: 's', id, status, amount, created_at: created, updated_at: created, ...more }) as SourcedRecord;
const ORDERS = [
  order('a', '2025-03-10T01:00:00Z', 'new', 100, { region: 'north', department: 'sales' }), // 09:00 today
  order('b', '2025-03-10T00:30:00Z', 'shipped', 50.5, { region: 'south' }), // 08:30 today
  order('c', '2025-03-09T23:00:00Z', 'new', 10, { region: 'north', currency: 'USD', amount_reporting: 71 }), // 07:00 today, 71 CNY
  order('d', '2025-03-10T02:00:00Z', 'cancelled', 500, { region: 'north', deleted: true }), // a tombstone: never counts
  order('e', '2025-03-09T02:00:00Z', 'new', 30, { region: 'north' }), // 10:00 yesterday: the previous span
  order('f', '2025-03-09T05:00:00Z', 'new', 40, { region: 'north' }), // 13:00 yesterday: after 12:30, in neither span
  order('g', '2025-03-10T03:00:00Z', 'new', 5, { region: 'north', currency: 'USD' }), // 11:00 today, no rate: counts, adds 0
];
const ticket = (id: string, status: string, priority: string, group?: string, department?: string) => ({ type: 'ticket', source: 's', id, status,
  priority, created_at: '2025-03-01T00:00:00Z', updated_at: '2025-03-01T00:00:00Z', ...(group ? { group } : {}), ...(department ? { department } : {}) }) as SourcedRecord;
const TICKETS = [ticket('t1', 'open', 'urgent', 'VIP', 'service'), ticket('t2', 'new', 'normal', 'L1'), ticket('t3', 'pending', 'high', 'VIP'),
  ticket('t4', 'on_hold', 'low'), ticket('t5', 'solved', 'urgent', 'VIP'), ticket('t6', 'deleted', 'urgent', 'VIP'), ticket('t7', 'closed', 'normal', 'L1')];

/** The defined metric's values at NOW for each params, checked against the hand-coded built-in's too. */
function valuesAt(file: string, stored: SourcedRecord[], paramSets: Record<string, string>[], change: SourcedRecord[] = []): MetricPayload[] {
  const { defined, coded } = load(file);
  return [defined, coded].map((metric) => {
    const e = engineOf(metric, 'Asia/Shanghai', stored);
    const keys = e.ensure(paramSets.map((params) => ({ id: metric.id, params })), NOW);
    e.collect(NOW);
    if (change.length > 0) { e.ingest(change, NOW); e.collect(NOW); }
    return keys.map((k) => e.current(k)!.value);
  }).reduce((mine, builtin) => { expect(mine).toEqual(builtin); return mine; });
}

describe('the built-in definition files, worked by hand', () => {
  it('orders.count: today, a region, a status, a shift start', () => {
    // Today: a, b, c, g = 4 (d deleted); previous: e = 1 (f is after 12:30). north: a, c, g = 3, previous e.
    // shipped: b = 1, previous 0. today@08:00: a (09:00), b (08:30), g (11:00) = 3, c (07:00) before it; previous: e.
    expect(valuesAt('orders.count.json', ORDERS, [{}, { region: 'north' }, { status: 'shipped' }, { window: 'today@08:00' }, { department: 'sales', region: 'north' }]))
      .toEqual([{ kind: 'scalar', value: 4, previous: 1 }, { kind: 'scalar', value: 3, previous: 1 }, { kind: 'scalar', value: 1, previous: 0 },
        { kind: 'scalar', value: 3, previous: 1 }, { kind: 'scalar', value: 1, previous: 0 }]); // sales and north: a only
  });

  it('orders.amount: in the reporting currency; b cancelled still counts, d deleted does not', () => {
    // Today: a 100 + b 50.5 + c 71 + g 0 = 221.5; previous e 30. north: 100 + 71 + 0 = 171. today@08:00: 100 + 50.5 + 0 = 150.5.
    // b cancelled afterwards: still 221.5 (cancelled orders count unless status says otherwise); status=cancelled: b = 50.5.
    const cancelled = order('b', '2025-03-10T00:30:00Z', 'cancelled', 50.5, { region: 'south' });
    expect(valuesAt('orders.amount.json', ORDERS, [{}, { region: 'north' }, { window: 'today@08:00' }, { status: 'cancelled' }], [cancelled]))
      .toEqual([{ kind: 'scalar', value: 221.5, previous: 30 }, { kind: 'scalar', value: 171, previous: 30 },
        { kind: 'scalar', value: 150.5, previous: 30 }, { kind: 'scalar', value: 50.5, previous: 0 }]);
  });

  it('tickets.open: new, open, pending and on_hold now, by group, priority and department; no previous', () => {
    // Open: t1, t2, t3, t4 = 4 (t5 solved, t6 deleted, t7 closed). VIP: t1, t3 = 2. urgent: t1 = 1 (t5, t6 not open).
    // service: t1 = 1. Then t1 is solved: 3, 1, 0, 0.
    const params: Record<string, string>[] = [{}, { group: 'VIP' }, { priority: 'urgent' }, { department: 'service' }];
    const scalar = (value: number) => ({ kind: 'scalar', value, previous: null });
    expect(valuesAt('tickets.open.json', TICKETS, params)).toEqual([scalar(4), scalar(2), scalar(1), scalar(1)]);
    expect(valuesAt('tickets.open.json', TICKETS, params, [ticket('t1', 'solved', 'urgent', 'VIP', 'service')])).toEqual([scalar(3), scalar(1), scalar(0), scalar(0)]);
  });
});
