import { DateTime } from 'luxon';
import { z } from 'zod';
import { ORDER_STATUSES, type Order, type SourcedRecord } from '../../model';
import { commonFilters, matchesFilters } from '../filters';
import { defineMetric, type MetricContext } from '../types';
import { localHourStart, windowRange, windowSchema } from '../windows';
import { breakdownOf, scalarOf, windowedAggregator, type Placement } from './windowed';

const countParams = z.object({
  window: windowSchema.default('today'),
  status: z.enum(ORDER_STATUSES).optional(),
  ...commonFilters,
}).strict();
type CountParams = z.infer<typeof countParams>;

/** An order that counts at all: not deleted in its source (a tombstone), matching the filters. */
export const isLiveOrder = (r: SourcedRecord, filters: object): r is SourcedRecord & Order =>
  r.type === 'order' && r.deleted !== true && matchesFilters(r, filters);

/** An order counts in its window by when it was created, if it matches the status and filters. */
function placeByCreation(params: CountParams) {
  const { window: _w, ...filters } = params;
  return (r: SourcedRecord): Placement => (isLiveOrder(r, filters)
    ? { t: Date.parse(r.created_at), amount: r.amount } : undefined);
}

export const ordersCount = defineMetric({
  id: 'orders.count', title: '订单数 / Orders', unit: 'orders', entity: 'order', input: 'record',
  description: 'Orders created in the window (by created_at, in the configured zone), optionally only those whose '
    + 'current status is `status`. `previous` is the same span of the previous period (for today: yesterday up to the same time).',
  params: countParams,
  create: (params, ctx) => windowedAggregator(ctx, params.window, placeByCreation(params), (g) => scalarOf(g, 'count', true)),
});

export const ordersAmount = defineMetric({
  id: 'orders.amount', title: '订单金额 / Order amount', unit: 'CNY', money: 'value', entity: 'order', input: 'record',
  description: 'Sum of `amount` over the orders that `orders.count` counts with the same params (cancelled orders '
    + 'included unless `status` says otherwise). `previous` as for orders.count.',
  params: countParams,
  create: (params, ctx) => windowedAggregator(ctx, params.window, placeByCreation(params), (g) => scalarOf(g, 'amount', true)),
});

const breakdownParams = z.object({ window: windowSchema.default('today'), ...commonFilters }).strict();

export const ordersByStatus = defineMetric({
  id: 'orders.by_status', title: '订单流转 / Order flow', unit: 'orders', money: 'amounts', entity: 'order', input: 'record',
  description: 'Orders created in the window, counted by their current status, in stage order '
    + '(new → confirmed → in_fulfilment → shipped → delivered, then cancelled); `amount` per status too.',
  params: breakdownParams,
  create: (params, ctx) => {
    const { window, ...filters } = params;
    return windowedAggregator(ctx, window,
      (r) => (isLiveOrder(r, filters) ? { t: Date.parse(r.created_at), group: r.status, amount: r.amount } : undefined),
      (g) => breakdownOf(g, ORDER_STATUSES));
  },
});

export const ordersByRegion = defineMetric({
  id: 'orders.by_region', title: '区域订单 / Orders by region', unit: 'orders', money: 'amounts', entity: 'order', input: 'record',
  description: 'Orders created in the window, counted (and summed by amount) per region, largest first; cancelled '
    + 'orders excluded. Orders without a region count under "unknown".',
  params: breakdownParams,
  create: (params, ctx) => {
    const { window, ...filters } = params;
    return windowedAggregator(ctx, window,
      (r) => (isLiveOrder(r, filters) && r.status !== 'cancelled'
        ? { t: Date.parse(r.created_at), group: r.region ?? 'unknown', amount: r.amount } : undefined),
      (g) => breakdownOf(g));
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
    + '24 hours), one point per hour, zero where none.',
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
      (g, now) => ({ kind: 'series', bucket: '1h',
        points: bucketsAt(now).map((b) => ({ t: new Date(b).toISOString(), value: g.total('current', String(b)).count })) }));
  },
});

export const orderMetrics = [ordersCount, ordersAmount, ordersByStatus, ordersByRegion, ordersThroughput];
