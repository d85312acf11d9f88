import { DateTime } from 'luxon';
import { z } from 'zod';
import { isDeleted, type SourcedRecord } from '../model';
import { ALL_TIME, localHourStart, WindowedGroups, WindowedQuantiles, windowRange, type Aggregator, type MetricContext, type MetricDefinition } from '../metrics';
import type { MetricPayload } from '../protocol';
import { measureKind } from './check';
import { CANONICAL_FIELDS, readField, type Entity, type FieldType } from './fields';
import { compileFilter, type Predicate } from './filter';
import type { Definition, Measure } from './schema';

interface Params { window?: string; department?: string }

/** The group a record has no value for. */
export const UNKNOWN_GROUP = 'unknown';

/**
 * A checked definition (checkDefinition) as a catalogue entry the engine runs like a built-in. Its aggregator is
 * the built-ins' own: WindowedGroups totals per group (count, sum, avg, distinct, ratio), WindowedQuantiles
 * (min, max, percentile), so one record's change costs that record. Payload: `scalar` (with `previous` over
 * windows), `breakdown` with group_by, `durations` for the time between two statuses.
 */
export function compileDefinition(def: Definition): MetricDefinition<Params> {
  const money = isMoney(def);
  const params = def.windows
    ? z.object({ window: z.enum(def.windows as [string, ...string[]]).default(def.default_window ?? def.windows[0]!), department: z.string().min(1).optional() }).strict()
    : z.object({ department: z.string().min(1).optional() }).strict();
  return {
    id: def.id, title: def.title, description: def.description, entity: def.entity, input: 'record',
    unit: def.unit ?? defaultUnit(def, money),
    ...(money ? { money: 'value' as const } : {}),
    params: params as z.ZodType<Params>,
    create: (p, ctx) => createAggregator(def, p, ctx),
  };
}

/** Money when a measure reads a money field (amount, base_amount, amount_reporting); the flag only adds money. */
function isMoney(def: Definition): boolean {
  if (def.money) return true;
  const fields = CANONICAL_FIELDS[def.entity] as Record<string, FieldType>;
  return measureFields(def.measure).some((f) => { const t = fields[f]; return t?.kind === 'number' && t.money === true; });
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
  return 'count' in m || 'distinct' in m ? `${def.entity}s` : '';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A number a record holds in `field`, or undefined (absent, text, not finite). */
function numberOf(record: SourcedRecord, field: string): number | undefined {
  const v = readField(record, field);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A group-by value as a group name: scalars as text, anything else (absent, a list) as "unknown". */
function groupName(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? UNKNOWN_GROUP : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN_GROUP;
}

function createAggregator(def: Definition, params: Params, ctx: MetricContext): Aggregator {
  const entity: Entity = def.entity;
  const where = compileFilter(entity, def.filter);
  const live: Predicate = (r) => r.type === entity && !isDeleted(r)
    && (params.department === undefined || r.department === params.department) && where(r);
  const windowed = params.window !== undefined;
  const rangeAt = windowed ? (now: number) => windowRange(params.window as never, now, ctx.timezone) : ALL_TIME;
  const timeOf = (r: SourcedRecord) => (windowed ? Date.parse(r.created_at) : 0);

  // Group names are admitted up to max_groups; any name first seen after that folds into other_label for good.
  const admitted = new Set<string>();
  const groupOf = (r: SourcedRecord): string => {
    if (!def.group_by) return '*';
    const name = groupName(readField(r, def.group_by.field));
    if (admitted.has(name)) return name;
    if (admitted.size >= def.group_by.max_groups) return def.group_by.other_label;
    admitted.add(name);
    return name;
  };

  const m = def.measure;
  const kind = measureKind(m);
  if (kind === 'min' || kind === 'max' || kind === 'percentile') return quantileAggregator(def, live, rangeAt, timeOf, ctx);

  if ('ratio' in m) {
    const sides = (['numerator', 'denominator'] as const).map((side) => {
      const s = m.ratio[side];
      return { match: compileFilter(entity, s.filter), sum: s.sum, groups: new WindowedGroups(rangeAt, ctx.now) };
    });
    const [num, den] = sides as [typeof sides[0], typeof sides[0]];
    const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
    const measureOf = (t: { count: number; amount: number }, sum: string | undefined) => (sum === undefined ? t.count : t.amount);
    return {
      apply(input) {
        if (input.kind !== 'record') return;
        const r = input.record;
        const ok = live(r);
        const group = ok ? groupOf(r) : '*';
        for (const side of sides) {
          const amount = side.sum === undefined ? 0 : numberOf(r, side.sum);
          const counts = ok && side.match(r) && amount !== undefined;
          side.groups.set(input.key, counts ? timeOf(r) : undefined, group, amount ?? 0);
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

  if (def.series && params.window !== undefined) return seriesAggregator(def, def.series.bucket, params.window, live, ctx);

  const groups = new WindowedGroups(rangeAt, ctx.now);
  const place = (r: SourcedRecord): { group: string; amount: number } | undefined => {
    if (!live(r)) return undefined;
    if ('count' in m) return { group: groupOf(r), amount: 0 };
    if ('distinct' in m) { // one entry per record under [group, value]: a group's distinct values are its keys
      const v = readField(r, m.distinct);
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? { group: JSON.stringify([groupOf(r), v]), amount: 0 } : undefined;
    }
    if ('sum' in m) return { group: groupOf(r), amount: numberOf(r, m.sum) ?? 0 }; // one without a number adds 0, as in the built-ins
    const amount = numberOf(r, (m as { avg: string }).avg);
    return amount === undefined ? undefined : { group: groupOf(r), amount }; // the mean is over the records that have one
  };
  // What one group's totals make: the count, the sum, or the mean (0 with nothing to average).
  const read = (parts: number[]) => ('count' in m || 'distinct' in m ? parts[0]! : 'sum' in m ? round2(parts[1]!) : parts[0] === 0 ? 0 : round2(parts[1]! / parts[0]!));
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
      if (input.kind !== 'record') return;
      const placed = place(input.record);
      groups.set(input.key, placed ? timeOf(input.record) : undefined, placed?.group, placed?.amount);
    },
    advance: (now) => groups.advance(now),
    value() {
      if (!def.group_by) {
        const scalar = (w: 'current' | 'previous') => {
          if ('distinct' in m) return read(totalsBy(w).get('*') ?? [0, 0]);
          const t = groups.total(w); // the one group: no copy of the totals
          return read([t.count, t.amount]);
        };
        return { kind: 'scalar', value: scalar('current'), previous: windowed ? scalar('previous') : null };
      }
      return topN(def, [...totalsBy('current')].map(([key, parts]) => ({ key, parts })), read, 'distinct' in m ? distinctRest(groups) : undefined);
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
  const ranked = rows.filter((r) => r.key !== other).map((r) => ({ ...r, value: read(r.parts) }))
    .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const shown = ranked.slice(0, top);
  const folded = [...ranked.slice(top), ...rows.filter((r) => r.key === other)];
  const items: { key: string; value: number }[] = shown.map((r) => ({ key: r.key, value: r.value }));
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

/** When a record first reached `status` at or after `after` (its history, or a ticket's status events); undefined if never. */
function reachedAt(r: SourcedRecord, status: string, after: number): number | undefined {
  const steps: { to: string; at: string }[] = r.type === 'ticket'
    ? (r.events ?? []).flatMap((e) => (e.kind === 'status' ? [{ to: e.to, at: e.at }] : []))
    : r.type === 'order' ? (r.history ?? []).map((h) => ({ to: h.status, at: h.at }))
      : r.type === 'deal' ? (r.history ?? []).map((h) => ({ to: h.stage, at: h.at })) : [];
  let best: number | undefined;
  for (const s of steps) {
    const t = Date.parse(s.at);
    if (s.to === status && t >= after && (best === undefined || t < best)) best = t;
  }
  return best;
}

function quantileAggregator(def: Definition, live: Predicate, rangeAt: ConstructorParameters<typeof WindowedQuantiles>[0],
  timeOf: (r: SourcedRecord) => number, ctx: MetricContext): Aggregator {
  const m = def.measure;
  const values = new WindowedQuantiles(rangeAt, ctx.now);
  const between = 'percentile' in m && 'between' in m.percentile ? m.percentile.between : undefined;
  const field = 'min' in m ? m.min : 'max' in m ? m.max : 'percentile' in m && 'field' in m.percentile ? m.percentile.field : undefined;
  /** The value a record adds and the instant it counts at; undefined: it adds none. */
  const measure = (r: SourcedRecord): { t: number; value: number } | undefined => {
    if (!live(r)) return undefined;
    if (between) {
      const from = reachedAt(r, between.from, -Infinity);
      const to = from === undefined ? undefined : reachedAt(r, between.to, from);
      // The time between, counted when the second status was reached (the wait ends then).
      return to === undefined ? undefined : { t: to, value: (to - from!) / 1000 };
    }
    const v = numberOf(r, field!);
    return v === undefined ? undefined : { t: timeOf(r), value: v };
  };
  const q = 'min' in m ? 0 : 'max' in m ? 1 : 'percentile' in m && 'field' in m.percentile ? m.percentile.p / 100 : 0.5;
  return {
    apply(input) {
      if (input.kind !== 'record') return;
      const got = measure(input.record);
      values.set(input.key, got?.t, got?.value);
    },
    advance: (now) => values.advance(now),
    value() {
      if (between) {
        const whole = (s: number | null) => (s === null ? null : Math.round(s));
        return { kind: 'durations', count: values.count, p50_s: whole(values.quantile(0.5)), p90_s: whole(values.quantile(0.9)), mean_s: whole(values.mean()) };
      }
      return { kind: 'scalar', value: round2(values.quantile(q) ?? 0), previous: null };
    },
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
function seriesAggregator(def: Definition, bucket: '1h' | '1d', window: string, live: Predicate, ctx: MetricContext): Aggregator {
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
      if (input.kind !== 'record') return;
      const r = input.record;
      const t = Date.parse(r.created_at);
      if (!live(r)) { groups.set(input.key, undefined); return; }
      groups.set(input.key, t, String(bucketStart(t, bucket, zone)), sum === undefined ? 0 : numberOf(r, sum) ?? 0);
    },
    advance: (now) => groups.advance(now),
    value(now) {
      const of = (t: { count: number; amount: number }) => (sum === undefined ? t.count : t.amount);
      return { kind: 'series', bucket, points: startsAt(now).map((b, i) => ({ t: new Date(b).toISOString(),
        value: round2(of(groups.total('current', String(b))) + (i === 0 ? of(groups.total('previous', String(b))) : 0)) })) };
    },
  };
}
