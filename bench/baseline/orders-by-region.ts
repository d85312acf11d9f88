/**
 * FROZEN: the hand-coded built-in `orders.by_region` (count and amount per region, window today by default) as it
 * stood in server/metrics/catalogue/orders.ts and windowed.ts when issue 16 started (commit 2088994). It is the
 * baseline of the definitions benchmark (bench/definitions.ts): "a defined twin costs at most 1.2x the built-in"
 * compares the definition language against hand code, so this copy must not follow later changes to the built-in
 * (which may itself become a definition file). Only the metric-specific code is copied; the engine's generic pieces
 * (WindowedGroups, windows, the reporting amount) are imported, so both sides run on the same engine.
 * Do not edit, except to keep it compiling against those generic pieces.
 */
import { z } from 'zod';
import { WindowedGroups, reportingAmount, windowRange, windowSchema, type Aggregator, type MetricContext, type MetricDefinition } from '../../server/metrics';
import type { Order, SourcedRecord } from '../../server/model';
import type { MetricPayload } from '../../server/protocol';

/** Its own id, so it stands beside the catalogue's orders.by_region without clashing. */
export const BASELINE_ID = 'bench.baseline.orders_by_region';

// From server/metrics/filters.ts (commonFilters, matchesFilters).
const params = z.object({
  window: windowSchema.default('today'),
  department: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
}).strict();
type Params = z.infer<typeof params>;

function matchesFilters(record: object, filters: object): boolean {
  const fields = record as Record<string, unknown>;
  for (const [name, wanted] of Object.entries(filters)) {
    if (wanted !== undefined && fields[name] !== wanted) return false;
  }
  return true;
}

// From catalogue/orders.ts (isLiveOrder, largestFirst).
const isLiveOrder = (r: SourcedRecord, filters: object): r is SourcedRecord & Order =>
  r.type === 'order' && r.deleted !== true && matchesFilters(r, filters);

function largestFirst(payload: MetricPayload, measure: 'value' | 'amount'): MetricPayload {
  if (payload.kind !== 'breakdown') return payload;
  const other = measure === 'value' ? 'amount' : 'value';
  payload.items.sort((a, b) => (b[measure] ?? 0) - (a[measure] ?? 0) || (b[other] ?? 0) - (a[other] ?? 0)
    || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return payload;
}

// From catalogue/windowed.ts (Placement, windowedAggregator, breakdownOf, round2).
type Placement = { t: number; group?: string; amount?: number } | undefined;
const round2 = (n: number) => Math.round(n * 100) / 100;

function windowedAggregator(ctx: MetricContext, window: Params['window'], place: (record: SourcedRecord) => Placement,
  read: (groups: WindowedGroups, now: number) => MetricPayload): Aggregator {
  const groups = new WindowedGroups((now: number) => windowRange(window, now, ctx.timezone), ctx.now);
  return {
    apply(input) {
      if (input.kind !== 'record') return;
      const placed = place(input.record);
      groups.set(input.key, placed?.t, placed?.group, placed?.amount);
    },
    advance: (now) => groups.advance(now),
    value: (now) => read(groups, now),
  };
}

function breakdownOf(groups: WindowedGroups, order: readonly string[] = []): MetricPayload {
  const items = [...groups.groupTotals()].map(([key, t]) => ({ key, value: t.count, amount: round2(t.amount) }));
  for (const key of order) if (!items.some((i) => i.key === key)) items.push({ key, value: 0, amount: 0 });
  const rank = (key: string) => { const i = order.indexOf(key); return i < 0 ? order.length : i; };
  items.sort((a, b) => rank(a.key) - rank(b.key) || b.value - a.value || a.key.localeCompare(b.key));
  return { kind: 'breakdown', items };
}

/** orders.by_region, word for word but for its id. */
export const baselineOrdersByRegion: MetricDefinition<Params> = {
  id: BASELINE_ID, title: '区域订单 / Orders by region (frozen baseline)', unit: 'orders', money: 'amounts', entity: 'order', input: 'record',
  description: 'Orders created in the window, counted (and summed by amount) per region, largest first; cancelled '
    + 'orders excluded. Orders without a region count under "unknown".',
  params,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window,
      (r) => (isLiveOrder(r, filters) && r.status !== 'cancelled'
        ? { t: Date.parse(r.created_at), group: r.region ?? 'unknown', amount: reportingAmount(r) } : undefined),
      (g) => largestFirst(breakdownOf(g), 'value'));
  },
};
