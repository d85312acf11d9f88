import { DateTime } from 'luxon';
import { z } from 'zod';
import { ORDER_STATUSES, type Order, type SourcedRecord } from '../../model';
import { commonFilters, matchesFilters } from '../filters';
import type { MetricPayload } from '../../protocol';
import { defineMetric, type MetricContext } from '../types';
import { localHourStart, windowRange, windowSchema } from '../windows';
import { reportingAmount } from './money';
import { breakdownOf, windowedAggregator } from './windowed';

/** An order that counts at all: not deleted in its source (a tombstone), matching the filters. */
export const isLiveOrder = (r: SourcedRecord, filters: object): r is SourcedRecord & Order =>
  r.type === 'order' && r.deleted !== true && matchesFilters(r, filters);

const breakdownParams = z.object({ window: windowSchema.default('today'), ...commonFilters }).strict();

export const ordersByStatus = defineMetric({
  id: 'orders.by_status', title: '订单流转 / Order flow', unit: 'orders', money: 'amounts', entity: 'order', input: 'record',
  description: 'Orders created in the window, counted by their current status, in stage order '
    + '(new → confirmed → in_fulfilment → shipped → delivered, then cancelled); `amount` per status too.',
  params: breakdownParams,
  create: (params, ctx) => {
    const { window, ...filters } = params;
    return windowedAggregator(ctx, window,
      (r) => (isLiveOrder(r, filters) ? { t: Date.parse(r.created_at), group: r.status, amount: reportingAmount(r) } : undefined),
      (g) => breakdownOf(g, ORDER_STATUSES));
  },
});

/**
 * A breakdown largest first by `measure` (`value`, the count, or `amount`), ties by the other measure, then by key in
 * code-point order: the same order on every machine, where a locale's collation of 华东 and 华南 need not be.
 */
export function largestFirst(payload: MetricPayload, measure: 'value' | 'amount'): MetricPayload {
  if (payload.kind !== 'breakdown') return payload;
  const other = measure === 'value' ? 'amount' : 'value';
  payload.items.sort((a, b) => (b[measure] ?? 0) - (a[measure] ?? 0) || (b[other] ?? 0) - (a[other] ?? 0)
    || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return payload;
}

export const ordersByRegion = defineMetric({
  id: 'orders.by_region', title: '区域订单 / Orders by region', unit: 'orders', money: 'amounts', entity: 'order', input: 'record',
  description: 'Orders created in the window, counted (and summed by amount) per region, largest first; cancelled '
    + 'orders excluded. Orders without a region count under "unknown".',
  details: `**Largest first** means the most orders first; regions with as many orders go by the larger amount, then
by region name in Unicode code-point order (the same on every machine, whatever its locale). A widget can sort by
amount itself (\`"measure": "amount", "sort": "desc"\`).

Example: 华南 2 orders / 20, 华东 2 / 35, 西北 1 / 7, 华北 1 / 7 → 华东, 华南, 华北, 西北 (华 U+534E before 西 U+897F).`,
  params: breakdownParams,
  create: (params, ctx) => {
    const { window, ...filters } = params;
    return windowedAggregator(ctx, window,
      (r) => (isLiveOrder(r, filters) && r.status !== 'cancelled'
        ? { t: Date.parse(r.created_at), group: r.region ?? 'unknown', amount: reportingAmount(r) } : undefined),
      (g) => largestFirst(breakdownOf(g), 'value'));
  },
});

const throughputParams = z.object({ window: z.enum(['today', '24h']).default('today'), ...commonFilters }).strict();

/** Hour buckets of the window at `now`, oldest first, each keyed by its start (epoch ms). */
function hourBuckets(window: 'today' | '24h', now: number, ctx: MetricContext): number[] {
  const start = windowRange(window, now, ctx.timezone).start;
  const first = DateTime.fromMillis(start, { zone: ctx.timezone }).startOf('hour');
  const out: number[] = [];
  for (let h = first; h.toMillis() <= now; h = h.plus({ hours: 1 })) out.push(h.toMillis());
  return out;
}

export const ordersThroughput = defineMetric({
  id: 'orders.throughput', title: '订单吞吐 / Order throughput', unit: 'orders/h', entity: 'order', input: 'record',
  description: 'Orders created per local clock hour over the window (today: since local midnight; 24h: the last '
    + '24 hours), one point per hour, zero where none. Every order counts in the hour it was created, whatever its '
    + 'status now: cancelled orders too.',
  details: `**What each point covers.** A point is one whole local clock hour, \`t\` its start; the last point is the hour
in progress, up to now. \`today\` starts at local midnight, so its hours are whole. \`24h\` starts 24 hours before now,
which is seldom on the hour: its first point is the whole clock hour that holds the start, orders before the start
included, so no bar is cut short and there are 25 points. At 12:30 the 24h series runs from 12:00 yesterday (orders
12:00–13:00 yesterday) to 12:00 today (12:00–12:30). Its points can therefore add up to more than
\`orders.count?window=24h\`, which counts from 12:30 yesterday.

**Cancelled orders count**: an order cancelled later was still placed in its hour, as an ERP's order intake counts
it, and today's points add up to \`orders.count?window=today\`, which counts cancelled orders too.`,
  params: throughputParams,
  create: (params, ctx) => {
    const { window, ...filters } = params;
    const hourOf = (t: number) => String(localHourStart(t, ctx.timezone));
    let buckets: { until: number; list: number[] } = { until: -Infinity, list: [] };
    const bucketsAt = (now: number) => { // recomputed once an hour, not on every read
      if (now >= buckets.until) {
        const list = hourBuckets(window, now, ctx);
        buckets = { until: DateTime.fromMillis(list[list.length - 1]!, { zone: ctx.timezone }).plus({ hours: 1 }).toMillis(), list };
      }
      return buckets.list;
    };
    return windowedAggregator(ctx, window,
      (r) => { if (!isLiveOrder(r, filters)) return undefined;
        const t = Date.parse(r.created_at); return { t, group: hourOf(t) }; },
      // The first hour whole: for 24h its part before the window's start lies in the previous span's totals.
      (g, now) => ({ kind: 'series', bucket: '1h',
        points: bucketsAt(now).map((b, i) => ({ t: new Date(b).toISOString(),
          value: g.total('current', String(b)).count + (i === 0 ? g.total('previous', String(b)).count : 0) })) }));
  },
});

// orders.count and orders.amount are definition files (server/catalogue/builtin/).
export const orderMetrics = [ordersByStatus, ordersByRegion, ordersThroughput];
