import { WindowedQuantiles, type Aggregator, type EngineInput, type MetricContext } from '../metrics';
import { readField, type Row } from './fields';
import type { KeyedRow } from './flow-view';
import type { Definition } from './schema';

/** Whether a row counts: a live record of the entity (or flow instance) that the filter and params keep. */
export type Live = (r: Row | null) => r is Row;

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** A number a row holds in `field`, or undefined (absent, text, not finite). */
export function numberOf(row: Row, field: string, moneyExtras?: ReadonlySet<string>): number | undefined {
  const v = readField(row, field, moneyExtras);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * When a row first reached `status` at or after `after`: a record by its history (a ticket by its status events), a
 * flow instance by when it reached the step of that id (a step is reached once). Undefined if never.
 */
function reachedAt(r: Row, status: string, after: number): number | undefined {
  if (r.type === 'flow') { const t = r.reached.get(status); return t !== undefined && t >= after ? t : undefined; }
  // A ticket is new from its creation, as the service metrics count it: most desks send no event for that.
  const steps: { to: string; at: string }[] = r.type === 'ticket'
    ? [{ to: 'new', at: r.created_at }, ...(r.events ?? []).flatMap((e) => (e.kind === 'status' ? [{ to: e.to, at: e.at }] : []))]
    : r.type === 'order' ? (r.history ?? []).map((h) => ({ to: h.status, at: h.at }))
      : r.type === 'deal' ? (r.history ?? []).map((h) => ({ to: h.stage, at: h.at })) : [];
  let best: number | undefined;
  for (const s of steps) {
    const t = Date.parse(s.at);
    if (s.to === status && t >= after && (best === undefined || t < best)) best = t;
  }
  return best;
}

/** min, max, a percentile of a field (a scalar), or the time between two statuses or steps (durations). */
export function quantileAggregator(def: Definition, read: (input: EngineInput) => KeyedRow | undefined, live: Live,
  rangeAt: ConstructorParameters<typeof WindowedQuantiles>[0], timeOf: (r: Row) => number, ctx: MetricContext, moneyExtras?: ReadonlySet<string>): Aggregator {
  const m = def.measure;
  const values = new WindowedQuantiles(rangeAt, ctx.now);
  const between = 'percentile' in m && 'between' in m.percentile ? m.percentile.between : undefined;
  const field = 'min' in m ? m.min : 'max' in m ? m.max : 'percentile' in m && 'field' in m.percentile ? m.percentile.field : undefined;
  /** The value a row adds and the instant it counts at; undefined: it adds none. */
  const measure = (r: Row | null): { t: number; value: number } | undefined => {
    if (!live(r)) return undefined;
    if (between) {
      const from = reachedAt(r, between.from, -Infinity);
      const to = from === undefined ? undefined : reachedAt(r, between.to, from);
      // The time between, counted when the second status was reached (the wait ends then).
      return to === undefined ? undefined : { t: to, value: (to - from!) / 1000 };
    }
    const v = numberOf(r, field!, moneyExtras);
    return v === undefined ? undefined : { t: timeOf(r), value: v };
  };
  const q = 'min' in m ? 0 : 'max' in m ? 1 : 'percentile' in m && 'field' in m.percentile ? m.percentile.p / 100 : 0.5;
  return {
    apply(input) {
      const got = read(input);
      if (!got) return;
      const measured = measure(got.row);
      values.set(got.key, measured?.t, measured?.value);
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
