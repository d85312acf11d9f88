import { z } from 'zod';
import { ORDER_STATUSES, withDerivedHistory, type Order, type OrderStatus, type SourcedRecord } from '../../model';
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
const RANK = new Map<string, number>(ORDER_STATUSES.map((s, i) => [s, i]));

export interface StatusStep { status: OrderStatus; t: number }

/**
 * An order's statuses over time, oldest first: its history, or (a record handed over without one) the history
 * the store derives for it (withDerivedHistory: its status at creation when that is `new`, else at updated_at).
 * It ends in the current status: a history that lags behind it gets the current status at updated_at.
 */
export function statusSteps(order: Order): StatusStep[] {
  const history = order.history?.length ? order.history : (withDerivedHistory(order) as Order).history ?? [];
  const steps = history.map((h) => ({ status: h.status, t: Date.parse(h.at) })).sort((a, b) => a.t - b.t);
  const last = steps[steps.length - 1];
  if (last?.status !== order.status) steps.push({ status: order.status, t: Math.max(last?.t ?? -Infinity, Date.parse(order.updated_at)) });
  return steps;
}

/** Since when an order has been in its current status: the start of the last unbroken run of it (a repeat is no move). */
export function inStatusSince(steps: readonly StatusStep[]): number {
  let i = steps.length - 1;
  while (i > 0 && steps[i - 1]!.status === steps[i]!.status) i--;
  return steps[i]!.t;
}

/**
 * One order's cycle from `from` to `to` (docs/metrics.md, orders.cycle_time): from its first arrival at `from`
 * (creation for `new`) to its last arrival at `to`. Undefined while the order is not done with `to`: it never got
 * there, or it moved back to a status before `to` in stage order since (it counts again once it reaches `to` again).
 */
export function cycleOf(order: Order, from: OrderStatus, to: OrderStatus): { start: number; end: number } | undefined {
  if (RANK.get(order.status)! < RANK.get(to)!) return undefined;
  const steps = statusSteps(order);
  const created = Date.parse(order.created_at);
  let start = from === 'new' ? created : undefined;
  let end = to === 'new' ? created : undefined;
  let prev: OrderStatus | undefined;
  for (const step of steps) {
    const arrives = step.status !== prev; // the same status again is no arrival
    prev = step.status;
    if (!arrives) continue;
    if (step.status === from && start === undefined) start = step.t;
    if (step.status === to) end = step.t;
  }
  return start !== undefined && end !== undefined && end >= start ? { start, end } : undefined;
}

const cycleParams = z.object({
  from: z.enum(ORDER_STATUSES).default('new'),
  to: z.enum(ORDER_STATUSES).default('delivered'),
  window: windowSchema.default('7d'),
  ...commonFilters,
}).strict();

export const ordersCycleTime = defineMetric({
  id: 'orders.cycle_time', title: '订单周期 / Order cycle time', unit: 's', entity: 'order', input: 'record',
  description: 'For orders that reached status `to` within the window (by when they last reached it), the time from '
    + 'first reaching `from` to last reaching `to`, in seconds: `count`, `p50_s` (median), `p90_s` and `mean_s`. '
    + 'Default: from new (creation) to delivered over the last 7 days.',
  details: `**Which arrivals.** From the order's *first* arrival at \`from\` (for \`new\`: its creation) to its *last*
arrival at \`to\`, placed in the window by that last arrival. An order that reached \`to\` and then moved back to a
status before \`to\` in stage order (new → confirmed → in_fulfilment → shipped → delivered → cancelled) is not done:
it counts nowhere until it reaches \`to\` again. An order that moved on past \`to\` still counts; as cancelled comes
after delivered, an order delivered and then cancelled counts for \`to=delivered\`.

Examples, from new to delivered: created 08:00, delivered 10:00, sent back to shipped at 11:00: not counted while
shipped; delivered again at 14:00: counts 6 h (21,600 s), in the window by 14:00. Created 08:00, confirmed 09:00,
back to new 10:00, confirmed 13:00, delivered 18:00: with \`from=confirmed\` it counts 9 h, from its first
confirmation.

**Percentiles** interpolate between the closest ranks (see Percentiles) and are then rounded to whole seconds, as is
the mean: 1 h, 4 h, 6 h and 10 h give p50 18,000 s, p90 31,680 s, mean 18,900 s.`,
  params: cycleParams,
  create: (p, ctx) => {
    const { from, to, window, ...filters } = p;
    const q = new WindowedQuantiles((now) => windowRange(window, now, ctx.timezone), ctx.now);
    return {
      apply(input) {
        if (input.kind !== 'record' || input.record.type !== 'order') return;
        const cycle = isOrder(input.record, filters) ? cycleOf(input.record, from, to) : undefined;
        q.set(input.key, cycle?.end, cycle ? (cycle.end - cycle.start) / 1000 : 0);
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
  details: `**Since when.** An order is in its status since it last moved into it; only a status change restarts the
clock. An edit of its amount or anything else (a new \`updated_at\`, the same status) does not, from a source that
sends no history either: the hub derives the history from the status changes it sees (see Status over time). An
order the hub first saw already past \`new\` is in that status since the \`updated_at\` it was first seen with.

Example, \`minutes=240\`, now 13:30: an order confirmed at 09:00 whose amount was changed at 12:00 has been confirmed
for 4 h 30 min and counts under confirmed; one moved back from confirmed to new at 11:00 has been new for 2 h 30 min
and does not.`,
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
        const entered = open ? inStatusSince(statusSteps(r)) : undefined;
        groups.set(input.key, entered === undefined ? undefined : -entered, r.status);
      },
      advance: (now) => groups.advance(now),
      value: () => breakdownOf(groups, status ? [status] : ORDER_STATUSES.filter((s) => !FINAL.has(s))),
    };
  },
});

/** Every forward pair of stages, `from>to`, in stage order: the only links a flow can have. */
const FORWARD_PAIRS = ORDER_STATUSES.flatMap((from, i) => ORDER_STATUSES.slice(i + 1).map((to) => `${from}>${to}`));

/**
 * When an order last entered each status, and last made each forward move (`from>to`), in ms. Backward
 * moves (against the stage order) are not moves here, so links can never close a cycle; the order's
 * next forward move counts from where it went back to. The steps are statusSteps' (a derived history without one).
 */
export function orderMoves(order: Order): { entered: Map<string, number>; moved: Map<string, number> } {
  const steps = statusSteps(order);
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
