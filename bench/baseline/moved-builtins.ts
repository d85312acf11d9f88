/**
 * FROZEN: the hand-coded built-ins `orders.count`, `orders.amount` and `tickets.open` as they stood in
 * server/metrics/catalogue/orders.ts and tickets.ts (commit 2088994) before they became the definition files
 * server/catalogue/builtin/<id>.json. Kept as the baseline the shipped files are proved equal to
 * (server/catalogue/builtin.test.ts) and that the definitions benchmark may compare against. The generic pieces
 * (windowedAggregator, filters, windows, the reporting amount) are the engine's own, imported.
 * Do not edit, except to keep it compiling against those generic pieces.
 */
import { z } from 'zod';
import { ORDER_STATUSES, type Order, type SourcedRecord, type Ticket } from '../../server/model';
import { commonFilters, matchesFilters, ticketFilters } from '../../server/metrics/filters';
import { defineMetric, type MetricDefinition } from '../../server/metrics/types';
import { windowSchema } from '../../server/metrics/windows';
import { reportingAmount } from '../../server/metrics/catalogue/money';
import { scalarOf, windowedAggregator, type Placement } from '../../server/metrics/catalogue/windowed';

const countParams = z.object({
  window: windowSchema.default('today'),
  status: z.enum(ORDER_STATUSES).optional(),
  ...commonFilters,
}).strict();
type CountParams = z.infer<typeof countParams>;

const isLiveOrder = (r: SourcedRecord, filters: object): r is SourcedRecord & Order =>
  r.type === 'order' && r.deleted !== true && matchesFilters(r, filters);

function placeByCreation(params: CountParams) {
  const { window: _w, ...filters } = params;
  return (r: SourcedRecord): Placement => (isLiveOrder(r, filters)
    ? { t: Date.parse(r.created_at), amount: reportingAmount(r) } : undefined);
}

const ordersCount = defineMetric({
  id: 'orders.count', title: '订单数 / Orders', unit: 'orders', entity: 'order', input: 'record',
  description: 'Orders created in the window (by created_at, in the configured zone), optionally only those whose '
    + 'current status is `status`. `previous` is the same span of the previous period (for today: yesterday up to the same time), null unless the '
    + 'stored data covers it (see Comparisons).',
  params: countParams,
  create: (params, ctx) => windowedAggregator(ctx, params.window, placeByCreation(params), (g) => scalarOf(g, 'count', true)),
});

const ordersAmount = defineMetric({
  id: 'orders.amount', title: '订单金额 / Order amount', unit: 'CNY', money: 'value', entity: 'order', input: 'record',
  description: 'Sum of the amounts in the reporting currency (`amount_reporting`, see Money) over the orders that `orders.count` counts with the same params (cancelled orders '
    + 'included unless `status` says otherwise). `previous` as for orders.count.',
  params: countParams,
  create: (params, ctx) => windowedAggregator(ctx, params.window, placeByCreation(params), (g) => scalarOf(g, 'amount', true)),
});

const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
const openParams = z.object(ticketFilters).strict();
const isOpenMatch = (r: SourcedRecord, filters: object): r is SourcedRecord & Ticket =>
  r.type === 'ticket' && OPEN.has(r.status) && matchesFilters(r, filters);

const ticketsOpen = defineMetric({
  id: 'tickets.open', title: '未结工单 / Open tickets', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Tickets whose current status is new, open, pending or on_hold (not solved, closed or deleted), '
    + 'matching the filters. A state, not a window: `previous` is null.',
  params: openParams,
  create: (params, ctx) => windowedAggregator(ctx, 'all', (r) => (isOpenMatch(r, params) ? { t: 0 } : undefined),
    (g) => scalarOf(g, 'count', false)),
});

/** The hand-coded versions of the built-ins now shipped as definition files, by id. */
export const MOVED_BUILTINS: readonly MetricDefinition<never>[] = [ordersCount, ordersAmount, ticketsOpen] as never;
