import { z } from 'zod';
import { ORDER_STATUSES, type Order, type SourcedRecord } from '../../model';
import { commonFilters, matchesFilters } from '../filters';
import { WindowedGroups } from '../windowed-groups';
import { WindowedQuantiles } from '../windowed-quantiles';
import { defineMetric } from '../types';
import { windowRange, windowSchema } from '../windows';
import { breakdownOf } from './windowed';

const FINAL = new Set(['delivered', 'cancelled']);
const isOrder = (r: SourcedRecord, filters: object): r is SourcedRecord & Order => r.type === 'order' && matchesFilters(r, filters);

/** When an order first reached a status, from its history (creation counts as reaching `new`). */
function reachedAt(order: Order, status: string): number | undefined {
  if (status === 'new') return Date.parse(order.created_at);
  const entry = (order.history ?? []).find((h) => h.status === status);
  return entry ? Date.parse(entry.at) : undefined;
}

const cycleParams = z.object({
  from: z.enum(ORDER_STATUSES).default('new'),
  to: z.enum(ORDER_STATUSES).default('delivered'),
  window: windowSchema.default('7d'),
  ...commonFilters,
}).strict();

export const ordersCycleTime = defineMetric({
  id: 'orders.cycle_time', title: '订单周期 / Order cycle time', unit: 's', entity: 'order', input: 'record',
  description: 'For orders that reached status `to` within the window (by when they reached it), the time from '
    + 'reaching `from` to reaching `to`, in seconds: `count`, `p50_s` (median), `p90_s` and `mean_s`. '
    + 'Default: from new (creation) to delivered over the last 7 days.',
  params: cycleParams,
  create: (p, ctx) => {
    const { from, to, window, ...filters } = p;
    const q = new WindowedQuantiles((now) => windowRange(window, now, ctx.timezone), ctx.now);
    return {
      apply(input) {
        if (input.kind !== 'record' || input.record.type !== 'order') return;
        const r = input.record;
        const start = isOrder(r, filters) ? reachedAt(r, from) : undefined;
        const end = start !== undefined ? reachedAt(r as Order, to) : undefined;
        q.set(input.key, end !== undefined && end >= start! ? end : undefined, end !== undefined ? (end - start!) / 1000 : 0);
      },
      advance: (now) => q.advance(now),
      value: () => {
        const round = (v: number | null) => (v === null ? null : Math.round(v));
        return { kind: 'durations', count: q.count, p50_s: round(q.quantile(0.5)), p90_s: round(q.quantile(0.9)), mean_s: round(q.mean()) };
      },
    };
  },
});

const stuckParams = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  minutes: z.coerce.number().int().min(1).max(60 * 24 * 90).default(240),
  ...commonFilters,
}).strict();

export const ordersStuck = defineMetric({
  id: 'orders.stuck', title: '滞留订单 / Stuck orders', unit: 'orders', entity: 'order', input: 'record',
  description: 'Orders not yet delivered or cancelled that have been in their current status for longer than '
    + '`minutes` (default 240) now, counted per status (only `status` if given); `value` of each item is the count.',
  params: stuckParams,
  create: (p, ctx) => {
    const { status, minutes, ...filters } = p;
    const threshold = minutes * 60_000;
    // Each open order sits at the instant it entered its status; the "window" holds those entered before
    // now − threshold. Stored as −t so that a window start moving down (as time passes) takes them in.
    const groups = new WindowedGroups((now) => ({ start: threshold - now, prevStart: -Infinity, prevEnd: -Infinity }), ctx.now);
    return {
      apply(input) {
        if (input.kind !== 'record' || input.record.type !== 'order') return;
        const r = input.record as SourcedRecord & Order;
        const open = isOrder(r, filters) && !FINAL.has(r.status) && (!status || r.status === status);
        const entered = open ? Date.parse((r.history ?? []).filter((h) => h.status === r.status).at(-1)?.at ?? r.updated_at) : undefined;
        groups.set(input.key, entered === undefined ? undefined : -entered, r.status);
      },
      advance: (now) => groups.advance(now),
      value: () => breakdownOf(groups, status ? [status] : ORDER_STATUSES.filter((s) => !FINAL.has(s))),
    };
  },
});

export const flowMetrics = [ordersCycleTime, ordersStuck];
