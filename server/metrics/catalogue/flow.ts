import { z } from 'zod';
import { ORDER_STATUSES, type Order, type SourcedRecord } from '../../model';
import { commonFilters } from '../filters';
import { WindowedGroups } from '../windowed-groups';
import { WindowedQuantiles } from '../windowed-quantiles';
import { defineMetric } from '../types';
import { windowRange, windowSchema } from '../windows';
import { breakdownOf } from './windowed';
import { isLiveOrder } from './orders';

const FINAL = new Set(['delivered', 'cancelled']);
/** Deleted orders (tombstones) leave every flow metric, as they leave the counts. */
const isOrder = isLiveOrder;

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

const RANK = new Map<string, number>(ORDER_STATUSES.map((s, i) => [s, i]));
/** Every forward pair of stages, `from>to`, in stage order: the only links a flow can have. */
const FORWARD_PAIRS = ORDER_STATUSES.flatMap((from, i) => ORDER_STATUSES.slice(i + 1).map((to) => `${from}>${to}`));

/**
 * When an order last entered each status, and last made each forward move (`from>to`), in ms. Backward
 * moves (against the stage order) are not moves here, so links can never close a cycle; the order's
 * next forward move counts from where it went back to. An order without history entered its status at creation.
 */
export function orderMoves(order: Order): { entered: Map<string, number>; moved: Map<string, number> } {
  const steps = (order.history?.length ? order.history : [{ status: order.status, at: order.created_at }])
    .map((h) => ({ status: h.status, t: Date.parse(h.at) }))
    .sort((a, b) => a.t - b.t);
  const entered = new Map<string, number>();
  const moved = new Map<string, number>();
  steps.forEach((step, i) => {
    const prev = steps[i - 1];
    if (prev?.status === step.status) return; // the same status again is no move
    entered.set(step.status, step.t); // ascending, so the last write is the latest
    if (prev && RANK.get(prev.status)! < RANK.get(step.status)!) moved.set(`${prev.status}>${step.status}`, step.t);
  });
  return { entered, moved };
}

const orderFlowParams = z.object({ window: windowSchema.default('today'), ...commonFilters }).strict();

export const ordersFlow = defineMetric({
  id: 'orders.flow', title: '订单流向 / Order flow between stages', unit: 'orders', entity: 'order', input: 'record',
  description: 'How orders moved between statuses within the window, from their status history. Each link `from → to` '
    + 'counts the orders that moved straight from `from` to `to` within the window (an order that made the same move '
    + 'twice counts once). Each node counts the orders that entered that status within the window (creation enters '
    + 'the first status). Moves backwards in stage order (new → confirmed → in_fulfilment → shipped → delivered → '
    + 'cancelled), such as shipped → in_fulfilment or a cancelled order reopened, are left out of the links so they '
    + 'never form a cycle; they still count as entering the status moved to, and the order\'s later forward moves count '
    + 'as links from there. Nodes in stage order with zeros; links in stage order, only those above zero.',
  params: orderFlowParams,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    const rangeAt = (now: number) => windowRange(window, now, ctx.timezone);
    // One entry per (order, status) and per (order, move) at its latest instant: it is in the window when
    // that instant is, so an order counts at most once per node and per link, and expires on its own.
    const nodes = new WindowedGroups(rangeAt, ctx.now);
    const links = new WindowedGroups(rangeAt, ctx.now);
    return {
      apply(input) {
        if (input.kind !== 'record' || input.record.type !== 'order') return;
        const moves = isOrder(input.record, filters) ? orderMoves(input.record) : undefined;
        for (const status of ORDER_STATUSES) nodes.set(`${input.key}|${status}`, moves?.entered.get(status), status);
        for (const pair of FORWARD_PAIRS) links.set(`${input.key}|${pair}`, moves?.moved.get(pair), pair);
      },
      advance: (now) => { nodes.advance(now); links.advance(now); },
      value: () => ({
        kind: 'flow',
        nodes: ORDER_STATUSES.map((key) => ({ key, value: nodes.total('current', key).count })),
        links: FORWARD_PAIRS.map((pair) => ({ pair, value: links.total('current', pair).count }))
          .filter((l) => l.value > 0)
          .map(({ pair, value }) => { const [from, to] = pair.split('>') as [string, string]; return { from, to, value }; }),
      }),
    };
  },
});

export const flowMetrics = [ordersCycleTime, ordersStuck, ordersFlow];
