import { DateTime } from 'luxon';
import { z } from 'zod';
import { isDeleted } from '../model';
import { ALL_TIME, localHourStart, WindowedGroups, windowRange, windowSchema, type Aggregator, type EngineInput, type MetricContext, type MetricDefinition } from '../metrics';
import type { MetricPayload } from '../protocol';
import { measureKind } from './check';
import { CANONICAL_FIELDS, EXTRA_PREFIX, readField, type Entity, type FieldType, type Row } from './fields';
import { compileFilter } from './filter';
import { inputReader, type KeyedRow } from './flow-view';
import { paramFilter, paramShape } from './params';
import { numberOf, quantileAggregator, round2, type Live } from './quantiles';
import type { Definition, Measure } from './schema';

/** `window`, `department` and the definition's own params (params.ts). */
type Params = { window?: string; department?: string } & Record<string, unknown>;

export interface CompileOptions {
  /** The `extra` keys sources keep as money (`extra_fields` entries with `"money": true`): read in the reporting currency, and money. */
  moneyExtras?: ReadonlySet<string>;
}

/** The group a record has no value for. */
export const UNKNOWN_GROUP = 'unknown';

/**
 * A checked definition (checkDefinition) as a catalogue entry the engine runs like a built-in. Its aggregator is
 * the built-ins' own: WindowedGroups totals per group (count, sum, avg, distinct, ratio), WindowedQuantiles
 * (min, max, percentile), so one record's change costs that record. Payload: `scalar` (with `previous` over
 * windows), `breakdown` with group_by, `durations` for the time between two statuses.
 *
 * A flow definition is fed its flow's instances (input 'flow') and has a `flow` param fixed to its flow, as the
 * built-in flow metrics have one: the engine's resolve refuses a flow not configured, and takes the data age from
 * every type the flow's steps name. Its entity is `order`, as theirs is (what the engine falls back to).
 */
export function compileDefinition(def: Definition, opts: CompileOptions = {}): MetricDefinition<Params> {
  const money = isMoney(def, opts.moneyExtras);
  const window = def.windows === 'any' ? windowSchema.default(def.default_window ?? 'today')
    : def.windows ? z.enum(def.windows as [string, ...string[]]).default(def.default_window ?? def.windows[0]!) : undefined;
  const flowId = def.entity === 'flow' ? def.flow! : undefined; // a checked flow definition names its flow
  const params = z.object({ ...(flowId !== undefined ? { flow: z.literal(flowId).default(flowId) } : {}),
    ...(window ? { window } : {}), department: z.string().min(1).optional(), ...paramShape(def) }).strict();
  return {
    id: def.id, title: def.title, description: def.description, ...(def.details ? { details: def.details } : {}),
    entity: def.entity === 'flow' ? 'order' : def.entity, input: def.entity === 'flow' ? 'flow' : 'record',
    unit: def.unit ?? defaultUnit(def, money),
    ...(money ? { money: 'value' as const } : {}),
    params: params as z.ZodType<Params>,
    create: (p, ctx) => createAggregator(def, p, ctx, opts.moneyExtras),
  };
}

/**
 * Money when a measure reads a money field (amount, base_amount, amount_reporting, or a vendor field a source keeps as
 * money); the flag only adds money.
 */
function isMoney(def: Definition, moneyExtras?: ReadonlySet<string>): boolean {
  if (def.money) return true;
  const fields = CANONICAL_FIELDS[def.entity] as Record<string, FieldType>;
  return measureFields(def.measure).some((f) => {
    if (f.startsWith(EXTRA_PREFIX)) return moneyExtras?.has(f.slice(EXTRA_PREFIX.length)) === true;
    const t = fields[f];
    return t?.kind === 'number' && t.money === true;
  });
}

function measureFields(m: Measure): string[] {
  if ('sum' in m) return [m.sum];
  if ('avg' in m) return [m.avg];
  if ('min' in m) return [m.min];
  if ('max' in m) return [m.max];
  if ('percentile' in m) return 'field' in m.percentile ? [m.percentile.field] : [];
  if ('ratio' in m) return [m.ratio.numerator.sum, m.ratio.denominator.sum].filter((f): f is string => f !== undefined);
  return [];
}

function defaultUnit(def: Definition, money: boolean): string {
  const m = def.measure;
  if ('ratio' in m) return '%';
  if ('percentile' in m && 'between' in m.percentile) return 's';
  if (money) return 'CNY';
  if (!('count' in m || 'distinct' in m)) return '';
  return def.entity === 'flow' ? 'instances' : `${def.entity}s`;
}

/** A group-by value as a group name: scalars as text, anything else (absent, a list) as "unknown". */
function groupName(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? UNKNOWN_GROUP : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN_GROUP;
}

function createAggregator(def: Definition, params: Params, ctx: MetricContext, moneyExtras?: ReadonlySet<string>): Aggregator {
  const entity: Entity = def.entity;
  const where = compileFilter(entity, def.filter, moneyExtras);
  const byParams = paramFilter(def.params, params, moneyExtras);
  // A record of the entity, not deleted, or a flow instance still in its flow (null once it left).
  const live: Live = (r): r is Row => r !== null && r.type === entity && (r.type === 'flow' || !isDeleted(r))
    && (params.department === undefined || r.department === params.department) && byParams(r) && where(r);
  const read = inputReader(def.entity === 'flow' ? def.flow : undefined, ctx);
  const windowed = params.window !== undefined;
  const rangeAt = windowed ? (now: number) => windowRange(params.window as never, now, ctx.timezone) : ALL_TIME;
  const timeOf = (r: Row) => (windowed ? Date.parse(r.created_at) : 0);

  // Group names are admitted up to max_groups; any name first seen after that folds into other_label for good.
  const admitted = new Set<string>();
  const groupOf = (r: Row): string => {
    if (!def.group_by) return '*';
    const name = groupName(readField(r, def.group_by.field, moneyExtras));
    if (admitted.has(name)) return name;
    if (admitted.size >= def.group_by.max_groups) return def.group_by.other_label;
    admitted.add(name);
    return name;
  };

  const m = def.measure;
  const kind = measureKind(m);
  if (kind === 'min' || kind === 'max' || kind === 'percentile') return quantileAggregator(def, read, live, rangeAt, timeOf, ctx, moneyExtras);

  if ('ratio' in m) {
    const sides = (['numerator', 'denominator'] as const).map((side) => {
      const s = m.ratio[side];
      return { match: compileFilter(entity, s.filter, moneyExtras), sum: s.sum, groups: new WindowedGroups(rangeAt, ctx.now) };
    });
    const [num, den] = sides as [typeof sides[0], typeof sides[0]];
    const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
    const measureOf = (t: { count: number; amount: number }, sum: string | undefined) => (sum === undefined ? t.count : t.amount);
    return {
      apply(input) {
        const got = read(input);
        if (!got) return;
        const r = got.row;
        const ok = live(r);
        const group = ok ? groupOf(r) : '*';
        for (const side of sides) {
          const amount = !ok ? undefined : side.sum === undefined ? 0 : numberOf(r, side.sum, moneyExtras);
          const counts = ok && side.match(r) && amount !== undefined;
          side.groups.set(got.key, counts ? timeOf(r) : undefined, group, amount ?? 0);
        }
      },
      advance(now) { num.groups.advance(now); den.groups.advance(now); },
      value() {
        const which = (w: 'current' | 'previous') => rate(measureOf(num.groups.sum(w), num.sum), measureOf(den.groups.sum(w), den.sum));
        if (!def.group_by) return { kind: 'scalar', value: which('current'), previous: windowed ? which('previous') : null };
        const n = num.groups.groupTotals(), d = den.groups.groupTotals();
        const keys = new Set([...n.keys(), ...d.keys()]);
        const zero = { count: 0, amount: 0 };
        return topN(def, [...keys].map((key) => ({ key, parts: [measureOf(n.get(key) ?? zero, num.sum), measureOf(d.get(key) ?? zero, den.sum)] })),
          (parts) => rate(parts[0]!, parts[1]!));
      },
    };
  }

  if (def.series && params.window !== undefined) return seriesAggregator(def, def.series.bucket, params.window, read, live, ctx, moneyExtras);

  const groups = new WindowedGroups(rangeAt, ctx.now);
  const place = (r: Row | null): { group: string; amount: number } | undefined => {
    if (!live(r)) return undefined;
    if ('count' in m) return { group: groupOf(r), amount: 0 };
    if ('distinct' in m) { // one entry per record under [group, value]: a group's distinct values are its keys
      const v = readField(r, m.distinct, moneyExtras);
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? { group: JSON.stringify([groupOf(r), v]), amount: 0 } : undefined;
    }
    if ('sum' in m) return { group: groupOf(r), amount: numberOf(r, m.sum, moneyExtras) ?? 0 }; // one without a number adds 0, as in the built-ins
    const amount = numberOf(r, (m as { avg: string }).avg, moneyExtras);
    return amount === undefined ? undefined : { group: groupOf(r), amount }; // the mean is over the records that have one
  };
  // What one group's totals make: the count, the sum, or the mean (0 with nothing to average).
  const measured = (parts: number[]) => ('count' in m || 'distinct' in m ? parts[0]! : 'sum' in m ? round2(parts[1]!) : parts[0] === 0 ? 0 : round2(parts[1]! / parts[0]!));
  const totalsBy = (w: 'current' | 'previous'): Map<string, number[]> => {
    const out = new Map<string, number[]>();
    for (const [key, t] of groups.groupTotals(w)) {
      const group = 'distinct' in m ? (JSON.parse(key) as [string, unknown])[0] : key;
      const parts = out.get(group) ?? [0, 0];
      parts[0]! += 'distinct' in m ? 1 : t.count; // a distinct value is one, however many records hold it
      parts[1]! += t.amount;
      out.set(group, parts);
    }
    return out;
  };
  return {
    apply(input) {
      const got = read(input);
      if (!got) return;
      const placed = place(got.row);
      groups.set(got.key, placed ? timeOf(got.row!) : undefined, placed?.group, placed?.amount);
    },
    advance: (now) => groups.advance(now),
    value() {
      if (!def.group_by) {
        const scalar = (w: 'current' | 'previous') => {
          if ('distinct' in m) return measured(totalsBy(w).get('*') ?? [0, 0]);
          const t = groups.total(w); // the one group: no copy of the totals
          return measured([t.count, t.amount]);
        };
        return { kind: 'scalar', value: scalar('current'), previous: windowed ? scalar('previous') : null };
      }
      if ('distinct' in m) return topN(def, [...totalsBy('current')].map(([key, parts]) => ({ key, parts })), measured, distinctRest(groups));
      // The groups' totals straight into rows: no second map (bench/definitions.ts measured it in the change → value path).
      const rows: { key: string; parts: number[] }[] = [];
      for (const [key, t] of groups.groupTotals()) rows.push({ key, parts: [t.count, t.amount] });
      return topN(def, rows, measured);
    },
  };
}

/**
 * The `top` largest groups by value (ties by group name in code-point order, the same on every machine), the rest
 * and any folded by max_groups added up under other_label, last. `rest` recounts distinct values over the folded
 * groups (a value two of them share is one).
 */
function topN(def: Definition, rows: { key: string; parts: number[] }[], read: (parts: number[]) => number,
  rest?: (keys: Set<string>) => number): MetricPayload {
  const { top, other_label: other } = def.group_by!;
  // One pass into ranked rows and the other_label row, without copies: this runs on every change of the metric.
  const ranked: { key: string; parts: number[]; value: number }[] = [];
  const others: { key: string; parts: number[] }[] = [];
  for (const r of rows) {
    if (r.key === other) others.push(r);
    else ranked.push({ key: r.key, parts: r.parts, value: read(r.parts) });
  }
  ranked.sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const items: { key: string; value: number }[] = [];
  for (let i = 0; i < Math.min(top, ranked.length); i++) items.push({ key: ranked[i]!.key, value: ranked[i]!.value });
  const folded = ranked.length > top || others.length > 0 ? [...ranked.slice(top), ...others] : [];
  if (folded.length > 0) {
    const parts = folded.reduce((sum, r) => sum.map((v, i) => v + r.parts[i]!), folded[0]!.parts.map(() => 0));
    items.push({ key: other, value: rest ? rest(new Set(folded.map((r) => r.key))) : read(parts) });
  }
  return { kind: 'breakdown', items };
}

/** Distinct values over a set of groups of a distinct measure. */
function distinctRest(groups: WindowedGroups) {
  return (keys: Set<string>) => {
    const values = new Set<string>();
    for (const key of groups.groupTotals().keys()) {
      const [group, value] = JSON.parse(key) as [string, unknown];
      if (keys.has(group)) values.add(JSON.stringify(value));
    }
    return values.size;
  };
}

/** The start (epoch ms) of the local clock hour or calendar day holding `t`. */
function bucketStart(t: number, bucket: '1h' | '1d', zone: string): number {
  return bucket === '1h' ? localHourStart(t, zone) : DateTime.fromMillis(t, { zone }).startOf('day').toMillis();
}

/**
 * A count or sum per local hour or day over the window, as orders.throughput does it: each record in the bucket of
 * its created_at, one point per bucket from the one holding the window's start to the one in progress, zero where
 * none. The first bucket is whole: for a rolling window its part before the start lies in the previous span's totals.
 */
function seriesAggregator(def: Definition, bucket: '1h' | '1d', window: string, read: (input: EngineInput) => KeyedRow | undefined,
  live: Live, ctx: MetricContext, moneyExtras?: ReadonlySet<string>): Aggregator {
  const m = def.measure;
  const sum = 'sum' in m ? m.sum : undefined;
  const zone = ctx.timezone;
  const groups = new WindowedGroups((now) => windowRange(window as never, now, zone), ctx.now);
  const step = bucket === '1h' ? { hours: 1 } : { days: 1 };
  let cached: { until: number; starts: number[] } = { until: -Infinity, starts: [] };
  /** The bucket starts at `now`, recomputed once a bucket, not on every read. */
  const startsAt = (now: number): number[] => {
    if (now >= cached.until) {
      const starts: number[] = [];
      let b = DateTime.fromMillis(bucketStart(windowRange(window as never, now, zone).start, bucket, zone), { zone });
      for (; b.toMillis() <= now; b = b.plus(step)) starts.push(b.toMillis());
      cached = { until: b.toMillis(), starts };
    }
    return cached.starts;
  };
  return {
    apply(input) {
      const got = read(input);
      if (!got) return;
      const r = got.row;
      if (!live(r)) { groups.set(got.key, undefined); return; }
      const t = Date.parse(r.created_at);
      groups.set(got.key, t, String(bucketStart(t, bucket, zone)), sum === undefined ? 0 : numberOf(r, sum, moneyExtras) ?? 0);
    },
    advance: (now) => groups.advance(now),
    value(now) {
      const of = (t: { count: number; amount: number }) => (sum === undefined ? t.count : t.amount);
      return { kind: 'series', bucket, points: startsAt(now).map((b, i) => ({ t: new Date(b).toISOString(),
        value: round2(of(groups.total('current', String(b))) + (i === 0 ? of(groups.total('previous', String(b))) : 0)) })) };
    },
  };
}
