/**
 * The company-defined metrics the definitions benchmark runs (bench/definitions.ts): the twins of the frozen
 * built-in orders.by_region (bench/baseline/), and twenty definitions a company would put on one screen. Each is
 * a definition file's content, parsed and checked (parseDefinition) and compiled (compileDefinition) as the hub
 * will load them.
 */
import { builtinMetrics } from '../../server/catalogue';
import type { MetricDefinition } from '../../server/metrics';
import { compileDefinition, parseDefinition } from '../../server/definitions';

/** Every built-in id (code and shipped files): a twin's id must be none of them. */
const BUILTIN_IDS = builtinMetrics().map((m) => m.id);

/** A definition file's content, checked and compiled by the hub's compiler; throws with every problem found. */
export function compile(input: Record<string, unknown>): MetricDefinition<never> {
  const parsed = parseDefinition(input, BUILTIN_IDS);
  if (!parsed.ok) throw new Error(`definition ${String(input.id)}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return compileDefinition(parsed.definition) as unknown as MetricDefinition<never>;
}

// top 20: the synthetic data has 7 regions (+ unknown), so no group folds into 其他 and every region shows, as in the built-in.
const twinBase = {
  entity: 'order', filter: { field: 'status', ne: 'cancelled' }, group_by: { field: 'region', top: 20 }, windows: ['today'],
};

/** orders.by_region's amounts as a definition: the sum of amount per region, cancelled orders out, today. */
export const TWIN_SUM = {
  ...twinBase, id: 'bench.twin.amount_by_region', title: '区域订单金额 / Order amount by region',
  description: 'Orders created today, summed by amount in the reporting currency per region; cancelled orders excluded.',
  measure: { sum: 'amount' },
};

/** orders.by_region's counts as a definition: the other half of what the built-in gives in one key. */
export const TWIN_COUNT = {
  ...twinBase, id: 'bench.twin.orders_by_region', title: '区域订单数 / Orders by region',
  description: 'Orders created today, counted per region; cancelled orders excluded.',
  measure: { count: true },
};

const OPEN_TICKET = { field: 'status', in: ['new', 'open', 'pending', 'on_hold'] };
const d = (id: string, title: string, description: string, rest: Record<string, unknown>) => ({ id, title, description, ...rest });

/**
 * Twenty definitions one sales-and-service screen might hold: 12 on orders, 6 on tickets, 2 on deals; count, sum,
 * avg, ratio, distinct, max, percentile of a field and of the time between two statuses, group-by, series.
 */
export const TWENTY = [
  d('acme.orders.amount_by_region', '区域订单金额', 'Order amount per region today, cancelled orders excluded.', { ...twinBase, measure: { sum: 'amount' } }),
  d('acme.orders.count', '有效订单数', 'Orders created in the window that were not cancelled.', {
    entity: 'order', filter: { field: 'status', ne: 'cancelled' }, measure: { count: true }, windows: ['today', '7d'] }),
  d('acme.orders.avg_value', '客单价', 'The mean order amount over the orders created in the window.', {
    entity: 'order', measure: { avg: 'amount' }, windows: ['7d', 'today'] }),
  d('acme.orders.online_share', '电商占比', 'Share of the orders created today that came through the online shop (电商).', {
    entity: 'order', measure: { ratio: { numerator: { filter: { field: 'channel', eq: '电商' } }, denominator: {} } }, windows: ['today'] }),
  d('acme.orders.amount_by_channel', '渠道金额', 'Order amount per sales channel over the last 30 days, cancelled excluded.', {
    entity: 'order', filter: { field: 'status', ne: 'cancelled' }, measure: { sum: 'amount' }, group_by: { field: 'channel' }, windows: ['30d'] }),
  d('acme.orders.active_reps', '出单销售', 'Sales reps with at least one order in the last 7 days, per region.', {
    entity: 'order', measure: { distinct: 'owner' }, group_by: { field: 'region' }, windows: ['7d'] }),
  d('acme.orders.per_hour', '每小时订单', 'Orders created per local clock hour today, whatever their status now.', {
    entity: 'order', measure: { count: true }, series: { bucket: '1h' }, windows: ['today'] }),
  d('acme.orders.amount_per_day', '每日金额', 'Order amount per local day over the last 7 days, cancelled excluded.', {
    entity: 'order', filter: { field: 'status', ne: 'cancelled' }, measure: { sum: 'amount' }, series: { bucket: '1d' }, windows: ['7d'] }),
  d('acme.orders.confirm_to_ship', '确认到发货', 'Time from an order confirmed to shipped, p50 and p90, over the last 7 days.', {
    entity: 'order', measure: { percentile: { between: { from: 'confirmed', to: 'shipped' } } }, windows: ['7d'] }),
  d('acme.orders.cancel_rate', '取消率', 'Share of the orders created in the last 7 days that were cancelled, per region.', {
    entity: 'order', measure: { ratio: { numerator: { filter: { field: 'status', eq: 'cancelled' } }, denominator: {} } },
    group_by: { field: 'region' }, windows: ['7d'] }),
  d('acme.orders.big', '大单数', 'Orders of 50,000 or more created in the last 30 days, not cancelled.', {
    entity: 'order', filter: { all: [{ field: 'amount', gte: 50_000 }, { field: 'status', ne: 'cancelled' }] }, measure: { count: true }, windows: ['30d'] }),
  d('acme.orders.median_value', '订单中位金额', 'The median order amount over the orders created today.', {
    entity: 'order', measure: { percentile: { field: 'amount', p: 50 } }, windows: ['today'] }),
  d('acme.tickets.open_by_group', '各组未结工单', 'Tickets open now (new, open, pending, on hold) per support group.', {
    entity: 'ticket', filter: OPEN_TICKET, measure: { count: true }, group_by: { field: 'group' } }),
  d('acme.tickets.urgent_open', '紧急未结', 'Urgent tickets open now (new, open, pending or on hold).', {
    entity: 'ticket', filter: { all: [OPEN_TICKET, { field: 'priority', eq: 'urgent' }] }, measure: { count: true } }),
  d('acme.tickets.open_to_solved', '处理时长', 'Time from a ticket first opened to solved, p50 and p90, over the last 7 days.', {
    entity: 'ticket', measure: { percentile: { between: { from: 'open', to: 'solved' } } }, windows: ['7d'] }),
  d('acme.tickets.by_channel', '渠道工单', 'Tickets created in the last 7 days per channel (phone, e-mail, chat, WeChat).', {
    entity: 'ticket', measure: { count: true }, group_by: { field: 'channel' }, windows: ['7d'] }),
  d('acme.tickets.per_hour', '每小时工单', 'Tickets created per local clock hour today.', {
    entity: 'ticket', measure: { count: true }, series: { bucket: '1h' }, windows: ['today'] }),
  d('acme.tickets.agents_today', '今日接单客服', 'Agents assigned to a ticket created today (distinct assignees).', {
    entity: 'ticket', measure: { distinct: 'assignee' }, windows: ['today'] }),
  d('acme.deals.pipeline_by_owner', '销售漏斗', 'Amount of the open deals (qualified, proposal, negotiation) per owner, now.', {
    entity: 'deal', filter: { field: 'stage', in: ['qualified', 'proposal', 'negotiation'] }, measure: { sum: 'amount' }, group_by: { field: 'owner' } }),
  d('acme.deals.win_rate', '赢单率', 'Won deals over decided deals (won or lost) created in the last 30 days, per region.', {
    entity: 'deal', filter: { field: 'stage', in: ['won', 'lost'] },
    measure: { ratio: { numerator: { filter: { field: 'stage', eq: 'won' } }, denominator: {} } }, group_by: { field: 'region' }, windows: ['30d'] }),
];
