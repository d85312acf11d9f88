import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { parseConfig } from '../../server/config';
import { createMoney } from '../../server/currency';
import { compileDefinition, parseDefinition } from '../../server/definitions';
import { builtinMetrics } from '../../server/catalogue';
import { createEngine, type MetricDefinition } from '../../server/metrics';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import { recordSchema, type SourcedRecord } from '../../server/model';
import { screenSchema, type MetricPayload, type MetricValue, type ScreenDefinition } from '../../server/protocol';
import { getJson, startTestHub } from '../support/hub';

/**
 * Every metric widget of every shipped screen, computed over fixtures/small-company.json at a fixed
 * `now`, against values worked out by hand from the fixture and the catalogue's descriptions.
 *
 * Time frame. NOW = 2025-03-14T06:00Z = Fri 14:00 in Asia/Shanghai (UTC+8, no DST), so a local
 * time is the UTC time + 8 h. The windows at NOW (current = [start, NOW], previous = [prevStart, prevEnd)):
 *   today : [2025-03-13T16:00Z (today 00:00), NOW]; previous [2025-03-12T16:00Z, 2025-03-13T06:00Z) = yesterday to 14:00
 *   24h   : [2025-03-13T06:00Z, NOW]
 *   7d    : [2025-03-07T06:00Z, NOW]                 (flow.handoffs, tickets.reassignments: no previous)
 *   30d   : [2025-02-12T06:00Z, NOW];                previous [2025-01-13T06:00Z, 2025-02-12T06:00Z)
 *   mtd   : [2025-02-28T16:00Z (Mar 1 00:00), NOW];  previous [2025-01-31T16:00Z (Feb 1 00:00), 2025-02-14T06:00Z (Feb 14 14:00))
 *
 * Orders (created_at UTC, local; status; amount; region):
 *   SO-16 03-13 16:40Z (today 00:40)  delivered      66.6   华北
 *   SO-01 03-13 17:30Z (today 01:30)  delivered     120.5   华东
 *   SO-02 03-14 01:15Z (today 09:15)  shipped       300     华北
 *   SO-03 03-14 01:45Z (today 09:45)  cancelled      99.9   华东
 *   SO-06 03-14 02:20Z (today 10:20)  in_fulfilment 210     (no region)
 *   SO-04 03-14 03:05Z (today 11:05)  new            80.25  华东
 *   SO-05 03-14 05:59Z (today 13:59)  confirmed     245     华东
 *   SO-07 03-13 02:00Z (yday 10:00)   delivered     150     华北   ← in today's previous
 *   SO-08 03-13 05:30Z (yday 13:30)   cancelled      60     华南   ← in today's previous
 *   SO-10 03-13 06:00Z (yday 14:00)   shipped        75     华南   ← exactly prevEnd: not previous; first instant of 24h
 *   SO-09 03-13 08:00Z (yday 16:00)   delivered     500     华东   ← after the same time of day: not previous
 *   SO-11 03-01 00:30Z (Mar 1 08:30)  delivered    1000     华北
 *   SO-12 02-28 16:00Z (Mar 1 00:00)  delivered     400     华南   ← exactly the start of the month
 *   SO-13 03-05 04:00Z                cancelled     250     华东
 *   SO-14 02-28 15:59Z (Feb 28 23:59) delivered     700     华北   ← last month, after Feb 14 14:00: in 30d only
 *   SO-15 02-10 02:00Z (Feb 10 10:00) delivered     888.88  华东   ← previous mtd and previous 30d
 *
 * Deals (created; stage reached; amount; owner; won/lost at):
 *   D-01 03-10 lead        10000 张伟
 *   D-02 03-03 qualified   20000 李娜
 *   D-03 02-20 proposal    50000 王磊
 *   D-04 02-25 negotiation 80000 张伟
 *   D-05 02-15 won        120000 李娜  won 2025-03-14T02:30Z (today 10:30)
 *   D-06 03-02 won         60000 张伟  won 2025-03-08T06:00Z
 *   D-07 02-18 won         30000 张伟  won 2025-03-13T03:00Z (yesterday 11:00, before 14:00)
 *   D-08 01-20 won         45000 王磊  won 2025-02-10T08:00Z (previous mtd); created before 30d
 *   D-09 02-22 lost after proposal 40000 王磊
 *   D-10 03-11 lost at lead         5000 李娜
 *
 * Tickets and their SLA clocks at NOW (all targets count calendar hours, so due = start + target;
 * VIP policy for group VIP, standard otherwise; warn at 75 % of the target, and for the standard first
 * reply also 15 min before due, whichever is earlier; a clock is breached when NOW > due):
 *   T-01 VIP urgent new, created 05:48Z, no reply.
 *        FRT 15 min: due 06:03Z, warn 05:48+11m15s = 05:59:15Z ≤ NOW → running at_risk.
 *        RES 240 min: due 09:48Z, warn 08:48Z → running ok.
 *   T-02 L1 high open, created 03:00Z, only a private agent note (moves no clock).
 *        FRT 60 min: due 04:00Z < NOW → running breached. RES 1440 min: due 03-15 03:00Z, warn 03-14 21:00Z → ok.
 *   T-03 L1 normal solved, created 03-13 23:00Z, public reply 01:00Z, solved 04:00Z.
 *        FRT 240 min: due 03:00Z, stopped 01:00Z (today) → met. RES 2880 min: stopped 04:00Z (today) → met.
 *   T-04 L1 urgent solved, created 03-13 14:00Z, reply 03-13 14:20Z, solved 03-14 02:00Z.
 *        FRT: met at 03-13 14:20Z, before today's start → not in today's window.
 *        RES 480 min: due 03-13 22:00Z, stopped 02:00Z (today) → missed.
 *   T-05 L2 high open, created 00:00Z, reply 01:30Z.
 *        FRT 60 min: due 01:00Z, stopped 01:30Z (today) → missed. RES 1440: due 03-15 00:00Z, warn 03-14 18:00Z → ok.
 *   T-06 L1 low pending, created 03-12 02:00Z, reply 03-12 03:00Z, pending since 03-12 05:00Z.
 *        FRT: met on 03-12 → not in today. RES 4320 min = 259200 s, paused after 3 h: remaining 248400 s, ok.
 *   T-07 L1 normal closed in February: clocks stopped long ago, nowhere today.
 *   T-08 VIP high open, created 04:00Z, reply 04:10Z, customer again 05:00Z.
 *        FRT 30 min: due 04:30Z, stopped 04:10Z (today) → met.
 *        NRT 60 min from 05:00Z: due 06:00Z = NOW (not > due, so not breached), warn 05:45Z → running at_risk.
 *        RES 480 min: due 12:00Z, warn 10:00Z → ok.
 *   T-09 L2 urgent on_hold, created 01:00Z, reply 01:10Z, on_hold since 02:00Z.
 *        FRT 30 min: due 01:30Z, stopped 01:10Z (today) → met. RES 480 min paused after 1 h: remaining 25200 s, ok.
 *   T-10 物流 normal new, created 05:00Z. FRT 240: due 09:00Z, warn min(3 h, 3 h 45) → 08:00Z → ok.
 *        RES 2880: due 03-16 05:00Z, warn 03-15 17:00Z → ok.
 *   T-11 L1 high deleted at 02:30Z: both clocks cancelled → neither live nor stopped.
 *   T-12 L1 created 04:30Z as normal, priority → urgent at 05:00Z, no reply. Retargeted from the start:
 *        FRT urgent 30 min: due 05:00Z < NOW → running breached. RES urgent 480: due 12:30Z, warn 10:30Z → ok.
 *
 * Business flow order-to-delivery (the demo's steps, FLOW below; docs/flows.md). Calendar `office`: Mon–Fri
 * 09:00–18:00 local (01:00Z–10:00Z), so an office hour is a UTC hour between 01:00Z and 10:00Z on a weekday.
 * Steps: won (deal, sales) → confirmed (order, operations, 8 h = 28,800 office s) → shipped (order, logistics, 18 h =
 * 64,800 office s) → delivered (order, logistics, 5 d = 432,000 calendar s) → aftersales (ticket created, service,
 * optional, no target). 2025-03-08 is a Saturday, 03-10 a Monday, 03-14 (NOW) a Friday; 02-10 a Monday.
 * Links in the fixture: SO-05 → D-05, SO-06 → D-07, T-10 → SO-01, T-01 → SO-04; D-06 has account ACC-GZ.
 * Steps are reached at the first arrival in an order's history, at the (last, current) win of a deal, at a ticket's
 * creation. Instances (every won deal; every order with a step reached and no deal; no lone ticket: aftersales is
 * optional), each step reached (UTC, local):
 *   D-05  won 03-14 02:30Z (Fri 10:30); confirmed by SO-05 05:59:30Z (13:59:30).
 *         won → confirmed: 10:30–13:59:30 = 3 h 29 m 30 s = 12,570 s; 8 h from Fri 10:30 runs out Mon 03-17 09:30
 *         (7.5 h Fri + 0.5 h Mon): on time. Waits at shipped since 05:59:30Z; 18 h = 4 h 0 m 30 s Fri + 9 h Mon
 *         + 4 h 59 m 30 s Tue → due Tue 03-18 13:59:30 (05:59:30Z): not stuck.
 *   D-06  won 03-08 06:00Z (Sat 14:00), no order. Waits at confirmed since then; Sat, Sun closed, Mon 09:00 + 8 h →
 *         due Mon 03-10 17:00 (09:00Z) < NOW: STUCK (operations). Account fixture/ACC-GZ.
 *   D-07  won 03-13 03:00Z (Thu 11:00); confirmed by SO-06 03-14 02:30Z (Fri 10:30).
 *         won → confirmed: 7 h Thu + 1.5 h Fri = 8.5 h = 30,600 s; 8 h ran out Fri 10:00 (7 h Thu + 1 h Fri): LATE.
 *         Waits at shipped since 02:30Z; 18 h = 7.5 h Fri + 9 h Mon + 1.5 h Tue → due Tue 03-18 10:30: not stuck.
 *   D-08  won 02-10 08:00Z (Mon 16:00), no order. Waits at confirmed; 2 h Mon + 6 h Tue → due Tue 02-11 15:00
 *         (07:00Z): STUCK (operations). No account.
 *   D-01…D-04 (open), D-09, D-10 (lost): no step reached, no instance.
 *   SO-01 no deal: enters at confirmed 03-13 17:40Z (Fri 01:40); shipped 22:00Z (Fri 06:00); delivered 03-14 03:00Z;
 *         aftersales by T-10 05:00Z. confirmed → shipped: both before Friday's opening → 0 office s, on time
 *         (due Mon 03-17 18:00, 9 h Fri + 9 h Mon, used up at closing time). shipped → delivered 22:00Z → 03:00Z = 5 h
 *         = 18,000 s, on time. delivered → aftersales 03:00Z → 05:00Z = 7,200 s, no target. Complete.
 *   SO-02 no deal: enters at confirmed 03-14 01:30Z (09:30); shipped 04:00Z (12:00): 2.5 h = 9,000 s, on time (due Tue
 *         03-18 09:30). Waits at delivered since 04:00Z, due 03-19 04:00Z: not stuck.
 *   SO-10 enters at shipped 03-13 12:00Z; waits at delivered, due 03-18 12:00Z: not stuck.
 *   SO-16 enters at shipped 03-13 20:00Z; delivered 03-14 04:00Z: 8 h = 28,800 s, on time. Complete.
 *   SO-07 (delivered 03-13 09:00Z), SO-09 (03-13 14:00Z), SO-11 (03-03 00:30Z), SO-12 (03-02 16:00Z), SO-14 (03-02 15:59Z),
 *         SO-15 (02-12 02:00Z): history new → delivered, enter at delivered, complete, no hand-off.
 *   SO-03, SO-08, SO-13 (new → cancelled), SO-04 (new; with T-01 under it: only the optional aftersales reached): no instance.
 *
 * Ticket group events (tickets.reassignments, a pass = a group event to another group than the one before; the
 * first assignment is none). 7d window: [03-07T06:00Z, NOW].
 *   T-02 财务 03:00Z (first), → L1 03:10Z, → 财务 03:15Z, → L1 03:20Z: 3 passes on {L1, 财务}, bounced (min 3).
 *   T-05 L1 00:00Z (first), L1 again 00:10Z (no pass), → L2 00:30Z: 1 pass on {L1, L2}.
 *   T-07 L2 → L1 on 02-20: before the window. T-11 L2 → L1 at 02:10Z, but deleted: leaves.
 *
 * Vendor fields kept in `extra` (what the company's definitions in metrics/ read, as the demo's sources keep them):
 *   tickets' extra.product_line: 软件 T-01, T-04, T-06, T-07, T-09, T-11; 账务 T-02, T-05, T-08; 物流 T-03, T-10; T-12 none.
 *   deals' extra.LeadSource: Partner Referral D-03, D-05, D-07, D-08, D-09; Web D-02, D-06, D-10; Phone Inquiry D-04; Other D-01.
 *   No order is sold through the channel 渠道 (the fixture's channels are web, app and phone) and none reaches ¥100,000.
 */

interface Fixture { timezone: string; now: string; sla: unknown; records: unknown[] }

const FIXTURE = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/small-company.json', import.meta.url)), 'utf8')) as Fixture;
const NOW = Date.parse(FIXTURE.now);
/** The demo's business flow (server/config/demo.ts): its step ids, events, departments, targets and calendar. */
const FLOW = {
  id: 'order-to-delivery', title: '赢单到签收',
  steps: [
    { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
    { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h', calendar: 'office' },
    { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '18h', calendar: 'office' },
    { id: 'delivered', title: '签收', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '5d' },
    { id: 'aftersales', title: '售后工单', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
  ],
};
const OFFICE_DAY = [['09:00', '18:00']];
/** The office calendar the flow counts its business time on; no SLA policy names it, so every SLA target stays calendar time. */
const OFFICE = { id: 'office', timezone: 'Asia/Shanghai',
  weekly: { mon: OFFICE_DAY, tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY, sat: [], sun: [] },
  holidays: [{ month_day: '01-01', recurring: true, name: '元旦' }] };
const config = parseConfig({
  timezone: FIXTURE.timezone, sla: { ...(FIXTURE.sla as object), calendars: [OFFICE] }, flows: [FLOW],
  departments: ['sales', 'marketing', 'service', 'finance', 'operations', 'logistics'],
});
// As the hub stores them: each order and deal with its amount in the reporting currency (CNY, the default), set at ingest.
const money = createMoney(config.currency, config.timezone);
const records: SourcedRecord[] = FIXTURE.records.map((r) => money.convert({ ...recordSchema.parse(r), source: 'fixture' }));

const SCREENS_DIR = fileURLToPath(new URL('../../screens', import.meta.url));
const shipped: ScreenDefinition[] = readdirSync(SCREENS_DIR)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()
  .map((f) => screenSchema.parse(JSON.parse(readFileSync(`${SCREENS_DIR}/${f}`, 'utf8'))));
const screens = shipped;

/** The company's own definitions (metrics/), compiled as the hub's catalogue compiles them, beside the built-ins. */
const METRICS_DIR = fileURLToPath(new URL('../../metrics', import.meta.url));
const companyMetrics: MetricDefinition[] = readdirSync(METRICS_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => {
  const parsed = parseDefinition(JSON.parse(readFileSync(`${METRICS_DIR}/${f}`, 'utf8')), BUILTINS.map((m) => m.id));
  if (!parsed.ok) throw new Error(`${f}: ${JSON.stringify(parsed.problems)}`);
  return compileDefinition(parsed.definition) as unknown as MetricDefinition;
});

/** The hour starts (UTC) from `first`, one per hour, paired with the hand-counted orders of each. */
function hourly(first: string, counts: number[]) {
  return { kind: 'series' as const, bucket: '1h', points: counts.map((value, i) => ({ t: new Date(Date.parse(first) + i * 3_600_000).toISOString(), value })) };
}

// ---------- Expected values, by hand ----------

// tickets.sla.summary, window today, every SLA metric.
// Live (running or paused) clocks now: T-01 FRT+RES, T-02 FRT+RES, T-05 RES, T-06 RES (paused), T-08 NRT+RES,
// T-09 RES (paused), T-10 FRT+RES, T-12 FRT+RES → 2+2+1+1+2+1+2+2 = 13.
// at_risk: T-01 FRT, T-08 NRT → 2. breached: T-02 FRT, T-12 FRT → 2.
// Stopped today: met T-03 FRT, T-03 RES, T-08 FRT, T-09 FRT → 4; missed T-04 RES, T-05 FRT → 2.
// compliance = 4 / 6 = 66.67 % → 66.7.
const SLA_TODAY_ALL: MetricPayload = { kind: 'sla-summary', running: 13, at_risk: 2, breached: 2, met: 4, missed: 2, compliance: 66.7 };

// deals.won_amount, window mtd: won since Mar 1 00:00 local: D-05 120000 + D-06 60000 + D-07 30000 = 210000.
// previous = won in [Feb 1 00:00, Feb 14 14:00): D-08 45000.
const WON_MTD: MetricPayload = { kind: 'scalar', value: 210000, previous: 45000 };

// The 13 live clocks by due time (running first, earliest due first), then the paused ones by time left.
// Paused clocks have no due time.
const LIVE_CLOCKS = [
  { ticket_id: 'T-02', subject: '发票抬头错误', priority: 'high', group: 'L1', assignee: '周敏', metric: 'first_reply_time', due_at: '2025-03-14T04:00:00.000Z', health: 'breached', clock: 'running' },
  { ticket_id: 'T-12', subject: '仓库系统宕机', priority: 'urgent', group: 'L1', assignee: '周敏', metric: 'first_reply_time', due_at: '2025-03-14T05:00:00.000Z', health: 'breached', clock: 'running' },
  { ticket_id: 'T-08', subject: '大客户合同续签', priority: 'high', group: 'VIP', assignee: '郑洁', metric: 'next_reply_time', due_at: '2025-03-14T06:00:00.000Z', health: 'at_risk', clock: 'running' },
  { ticket_id: 'T-01', subject: '支付失败无法下单', priority: 'urgent', group: 'VIP', metric: 'first_reply_time', due_at: '2025-03-14T06:03:00.000Z', health: 'at_risk', clock: 'running' },
  { ticket_id: 'T-10', subject: '包裹破损', priority: 'normal', group: '物流', metric: 'first_reply_time', due_at: '2025-03-14T09:00:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-01', subject: '支付失败无法下单', priority: 'urgent', group: 'VIP', metric: 'resolution', due_at: '2025-03-14T09:48:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-08', subject: '大客户合同续签', priority: 'high', group: 'VIP', assignee: '郑洁', metric: 'resolution', due_at: '2025-03-14T12:00:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-12', subject: '仓库系统宕机', priority: 'urgent', group: 'L1', assignee: '周敏', metric: 'resolution', due_at: '2025-03-14T12:30:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-05', subject: '退款进度查询', priority: 'high', group: 'L2', assignee: '吴昊', metric: 'resolution', due_at: '2025-03-15T00:00:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-02', subject: '发票抬头错误', priority: 'high', group: 'L1', assignee: '周敏', metric: 'resolution', due_at: '2025-03-15T03:00:00.000Z', health: 'ok', clock: 'running' },
  { ticket_id: 'T-10', subject: '包裹破损', priority: 'normal', group: '物流', metric: 'resolution', due_at: '2025-03-16T05:00:00.000Z', health: 'ok', clock: 'running' },
  // T-09: 480 min − 1 h elapsed before on_hold = 7 h = 25200 s left.
  { ticket_id: 'T-09', subject: '接口限流告警', priority: 'urgent', group: 'L2', assignee: '吴昊', metric: 'resolution', due_at: '', health: 'ok', clock: 'paused', remaining_s: 25200 },
  // T-06: 4320 min − 3 h before pending = 248400 s left; paused longest, so last.
  { ticket_id: 'T-06', subject: '批量导入模板', priority: 'low', group: 'L1', assignee: '周敏', metric: 'resolution', due_at: '', health: 'ok', clock: 'paused', remaining_s: 248400 },
] as const;
/** tickets.sla.queue with `limit`: the first `limit` of the 13, and all 13 as the total. */
const queue = (limit: number): MetricPayload => ({ kind: 'sla-queue', total: 13, items: LIVE_CLOCKS.slice(0, limit).map((i) => ({ ...i })) });

const THROUGHPUT_TODAY: MetricPayload = hourly('2025-03-13T16:00:00Z',
  // 16Z 17Z 18Z 19Z 20Z 21Z 22Z 23Z 00Z 01Z 02Z 03Z 04Z 05Z 06Z
  [1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 0, 1, 0]);

const THROUGHPUT_24H: MetricPayload = hourly('2025-03-13T06:00:00Z',
  // 06Z 07Z 08Z 09Z 10Z 11Z 12Z 13Z 14Z 15Z 16Z 17Z 18Z 19Z 20Z 21Z 22Z 23Z 00Z 01Z 02Z 03Z 04Z 05Z 06Z
  [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 0, 1, 0]);

const STATUS_TODAY: MetricPayload = { kind: 'breakdown', items: [
  { key: 'new', value: 1, amount: 80.25 },
  { key: 'confirmed', value: 1, amount: 245 },
  { key: 'in_fulfilment', value: 1, amount: 210 },
  { key: 'shipped', value: 1, amount: 300 },
  { key: 'delivered', value: 2, amount: 187.1 },
  { key: 'cancelled', value: 1, amount: 99.9 },
] };

const FUNNEL_30D: MetricPayload = { kind: 'funnel', stages: [
  { stage: 'lead', count: 9, amount: 415000, conversion: null },
  { stage: 'qualified', count: 7, amount: 400000, conversion: 77.8 },
  { stage: 'proposal', count: 6, amount: 380000, conversion: 85.7 },
  { stage: 'negotiation', count: 4, amount: 290000, conversion: 66.7 },
  { stage: 'won', count: 3, amount: 210000, conversion: 75 },
] };

const REGIONS_TODAY: MetricPayload = { kind: 'breakdown', items: [
  { key: '华东', value: 3, amount: 445.75 },
  { key: '华北', value: 2, amount: 366.6 },
  { key: 'unknown', value: 1, amount: 210 },
] };

const OWNERS_MTD: MetricPayload = { kind: 'breakdown', items: [
  { key: '李娜', value: 1, amount: 120000 },
  { key: '张伟', value: 2, amount: 90000 },
] };

const BY_PRIORITY: MetricPayload = { kind: 'breakdown', items: [
  { key: 'urgent', value: 3, amount: 0 },
  { key: 'high', value: 3, amount: 0 },
  { key: 'normal', value: 1, amount: 0 },
  { key: 'low', value: 1, amount: 0 },
] };

// tickets.backlog, window 24h: one point per hour from 03-13T06:00Z to NOW (25), the open tickets at the end of each
// hour. Open now 8. Arrivals (created in the window): T-04 14Z; T-03 23Z; T-05 00Z; T-09 01Z; T-11 02Z; T-02 03Z;
// T-08, T-12 04Z; T-10, T-01 05Z. Departures (left the open statuses in the window): T-04 solved 02:00Z, T-11 deleted
// 02:30Z → 02Z; T-03 solved 04Z. Worked back from 8: 05Z 8 − (2 − 0) = 6 at 04Z; 04Z: 6 − (2 − 1) = 5 at 03Z;
// 03Z: 5 − 1 = 4 at 02Z; 02Z: 4 − (1 − 2) = 5 at 01Z; 01Z: 5 − 1 = 4 at 00Z; 00Z: 4 − 1 = 3 at 23Z; 23Z: 3 − 1 = 2 at 22Z;
// flat 2 back to 14Z; 14Z: 2 − 1 = 1 at 13Z and before (T-06, pending since 03-12). Forward check: end of 02Z
// = 5 open + T-11 (arrived) − T-04 − T-11 (left) = 4.
const BACKLOG_24H: MetricPayload = hourly('2025-03-13T06:00:00Z',
  // 06Z 07Z 08Z 09Z 10Z 11Z 12Z 13Z 14Z 15Z 16Z 17Z 18Z 19Z 20Z 21Z 22Z 23Z 00Z 01Z 02Z 03Z 04Z 05Z 06Z
  [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 5, 4, 5, 6, 8, 8]);

// flow.stuck, limit 20: D-08 and D-06 wait at confirmed (operations) past their targets; nothing else is stuck.
// Longest waiting first: D-08 (since 02-10) before D-06 (since 03-08). The one group's oldest is D-08.
const FLOW_STUCK: MetricPayload = { kind: 'flow-stuck', flow: 'order-to-delivery', total: 2,
  departments: [{ department: 'operations', count: 2 }],
  groups: [{ step: 'confirmed', department: 'operations', count: 2, oldest_since: '2025-02-10T08:00:00.000Z' }],
  items: [
    { instance: 'fixture/deal/D-08', step: 'confirmed', department: 'operations',
      waiting_since: '2025-02-10T08:00:00.000Z', due_at: '2025-02-11T07:00:00.000Z' },
    { instance: 'fixture/deal/D-06', account: { source: 'fixture', id: 'ACC-GZ' }, step: 'confirmed', department: 'operations',
      waiting_since: '2025-03-08T06:00:00.000Z', due_at: '2025-03-10T09:00:00.000Z' },
  ] };

// tickets.reassignments, 7d, min 3, limit 10: passed T-02 (3) and T-05 (1) → 2; bounced T-02 → 1.
// Pairs, most passes first: {L1, 财务} 3 passes, 1 ticket; {L1, L2} 1 pass, 1 ticket ("L1" < "L2" < "财务" by code unit).
// T-02's groups: the group before its first pass in the window (财务), then each group passed to.
const REASSIGNMENTS: MetricPayload = { kind: 'reassignments', passed: 2, bounced: 1, min: 3,
  pairs: [{ a: 'L1', b: '财务', passes: 3, tickets: 1 }, { a: 'L1', b: 'L2', passes: 1, tickets: 1 }],
  items: [{ ticket: 'fixture/ticket/T-02', source: 'fixture', id: 'T-02', passes: 3, groups: ['财务', 'L1', '财务', 'L1'], subject: '发票抬头错误' }] };

// Keyed "screen/widget": the metric key the widget asks for and its value at NOW.
const EXPECTED: Record<string, { key: string; value: MetricPayload }> = {
  // ----- cross-department -----
  'cross-department/stuck-total': { key: 'flow.stuck?flow=order-to-delivery&limit=20', value: FLOW_STUCK },
  'cross-department/stuck': { key: 'flow.stuck?flow=order-to-delivery&limit=20', value: FLOW_STUCK },
  'cross-department/bounced-total': { key: 'tickets.reassignments?limit=10&min=3&window=7d', value: REASSIGNMENTS },
  'cross-department/reassignments': { key: 'tickets.reassignments?limit=10&min=3&window=7d', value: REASSIGNMENTS },
  // flow.handoffs, 7d = steps reached in [03-07T06:00Z, NOW]; an instance's entry step has no hand-off.
  //   → confirmed: D-05 12,570 (on time), D-07 30,600 (late); SO-01, SO-02 entered there. n = 2:
  //     p50 h = 0.5 → 12,570 + 0.5 · 18,030 = 21,585; p90 h = 0.9 → 12,570 + 0.9 · 18,030 = 28,797. late 1 → 50 %.
  //     waiting D-06, D-08 → 2.
  //   → shipped: SO-01 0, SO-02 9,000 (SO-10, SO-16 entered there): p50 4,500, p90 0.9 · 9,000 = 8,100; late 0 → 0 %.
  //     waiting D-05, D-07 → 2.
  //   → delivered: SO-01 18,000, SO-16 28,800 (SO-07, SO-09 entered there; SO-11, SO-12, SO-14 also before the window):
  //     p50 23,400, p90 18,000 + 0.9 · 10,800 = 27,720; late 0 → 0 %. waiting SO-02, SO-10 → 2.
  //   → aftersales: SO-01 7,200; no target: target_s null, late 0, late_pct null; optional, never waited at.
  'cross-department/lanes': { key: 'flow.handoffs?flow=order-to-delivery&window=7d', value: { kind: 'handoffs', flow: 'order-to-delivery', lanes: [
    { from: 'won', to: 'confirmed', department: 'operations', target_s: 28800, through: 2, p50_s: 21585, p90_s: 28797, late: 1, late_pct: 50, waiting: 2 },
    { from: 'confirmed', to: 'shipped', department: 'logistics', target_s: 64800, through: 2, p50_s: 4500, p90_s: 8100, late: 0, late_pct: 0, waiting: 2 },
    { from: 'shipped', to: 'delivered', department: 'logistics', target_s: 432000, through: 2, p50_s: 23400, p90_s: 27720, late: 0, late_pct: 0, waiting: 2 },
    { from: 'delivered', to: 'aftersales', department: 'service', target_s: null, through: 1, p50_s: 7200, p90_s: 7200, late: 0, late_pct: null, waiting: 0 },
  ] } },
  // flow.paths, 30d: instances whose entry step was reached in [02-12T06:00Z, NOW]: D-05, D-06, D-07 (won); SO-01, SO-02
  // (confirmed); SO-10, SO-16 (shipped); SO-07, SO-09, SO-11, SO-12, SO-14 (delivered) → 12. Out: D-08 (won 02-10),
  // SO-15 (delivered 02-12 02:00Z). Completed: SO-01, SO-16, SO-07, SO-09, SO-11, SO-12, SO-14 → 7; waiting: D-06 at
  // confirmed (broken), D-05, D-07 at shipped, SO-02, SO-10 at delivered → 5 (7 + 5 = 12).
  // reached: won 3; confirmed D-05, D-07, SO-01, SO-02 → 4; shipped SO-01, SO-02, SO-10, SO-16 → 4;
  // delivered SO-01, SO-16 + the five entered there → 7; aftersales SO-01 → 1. entered 3 + 2 + 2 + 5 = 12.
  // links: won → confirmed D-05, D-07; confirmed → shipped SO-01, SO-02; shipped → delivered SO-01, SO-16;
  // delivered → aftersales SO-01. breaks: D-06 won → confirmed.
  'cross-department/paths': { key: 'flow.paths?flow=order-to-delivery&window=30d', value: { kind: 'flow-paths', flow: 'order-to-delivery',
    instances: 12, completed: 7,
    steps: [
      { step: 'won', department: 'sales', reached: 3, entered: 3, waiting: 0, broken: 0 },
      { step: 'confirmed', department: 'operations', reached: 4, entered: 2, waiting: 1, broken: 1 },
      { step: 'shipped', department: 'logistics', reached: 4, entered: 2, waiting: 2, broken: 0 },
      { step: 'delivered', department: 'logistics', reached: 7, entered: 5, waiting: 2, broken: 0 },
      { step: 'aftersales', department: 'service', reached: 1, entered: 0, waiting: 0, broken: 0 },
    ],
    links: [
      { from: 'won', to: 'confirmed', value: 2 },
      { from: 'confirmed', to: 'shipped', value: 2 },
      { from: 'shipped', to: 'delivered', value: 2 },
      { from: 'delivered', to: 'aftersales', value: 1 },
    ],
    breaks: [{ from: 'won', to: 'confirmed', value: 1 }] } },

  // ----- order-flow -----
  // Today: SO-16 66.6, SO-01 120.5, SO-02 300, SO-03 99.9, SO-06 210, SO-04 80.25, SO-05 245 → 7 orders.
  // Previous (yesterday before 14:00): SO-07, SO-08 → 2 (SO-10 at exactly 14:00 and SO-09 at 16:00 are not).
  'order-flow/orders-today': { key: 'orders.count?window=today', value: { kind: 'scalar', value: 7, previous: 2 } },
  // 66.6 + 120.5 + 300 + 99.9 + 210 + 80.25 + 245 = 1122.25 (cancelled SO-03 included); previous 150 + 60 = 210.
  'order-flow/amount-today': { key: 'orders.amount?window=today', value: { kind: 'scalar', value: 1122.25, previous: 210 } },
  // Today and now delivered: SO-16, SO-01 → 2; previous: SO-07 → 1.
  'order-flow/delivered-today': { key: 'orders.count?status=delivered&window=today', value: { kind: 'scalar', value: 2, previous: 1 } },
  // Today and now cancelled: SO-03 → 1; previous: SO-08 → 1.
  'order-flow/cancelled-today': { key: 'orders.count?status=cancelled&window=today', value: { kind: 'scalar', value: 1, previous: 1 } },
  // Today's 7 orders by current status, in stage order: new SO-04 (80.25); confirmed SO-05 (245);
  // in_fulfilment SO-06 (210); shipped SO-02 (300); delivered SO-16 + SO-01 (66.6 + 120.5 = 187.1); cancelled SO-03 (99.9).
  'order-flow/status-flow': { key: 'orders.by_status?window=today', value: STATUS_TODAY },
  // One point per local hour since 00:00 (16:00Z) up to the hour holding NOW (14:00 = 06:00Z): 15 points.
  // 16Z SO-16; 17Z SO-01; 01Z SO-02, SO-03; 02Z SO-06; 03Z SO-04; 05Z SO-05 (13:59); all statuses count.
  'order-flow/throughput': { key: 'orders.throughput?window=today', value: THROUGHPUT_TODAY },
  // Today, cancelled excluded (SO-03 out): 华东 SO-01 120.5 + SO-04 80.25 + SO-05 245 = 3 / 445.75;
  // 华北 SO-02 300 + SO-16 66.6 = 2 / 366.6; no region: SO-06 → "unknown" 1 / 210. Largest first.
  'order-flow/region-amount': { key: 'orders.by_region?window=today', value: REGIONS_TODAY },
  'order-flow/region-table': { key: 'orders.by_region?window=today', value: REGIONS_TODAY },
  // Since Mar 1 00:00 local (02-28T16:00Z, SO-12 exactly on it counts): today 1122.25 + SO-07 150 + SO-08 60
  // + SO-09 500 + SO-10 75 + SO-11 1000 + SO-12 400 + SO-13 250 = 1122.25 + 2435 = 3557.25 (SO-14 at 15:59Z is February).
  // previous [Feb 1 00:00, Feb 14 14:00): SO-15 888.88 (SO-14 on Feb 28 is after the same day and time).
  'order-flow/amount-mtd': { key: 'orders.amount?window=mtd', value: { kind: 'scalar', value: 3557.25, previous: 888.88 } },
  // sales.big_channel_orders, 7d: no order of the fixture is in the channel 渠道 or reaches ¥100,000 → 0, and 0 before.
  'order-flow/big-channel-orders': { key: 'sales.big_channel_orders?window=7d', value: { kind: 'scalar', value: 0, previous: 0 } },

  // ----- sales-funnel -----
  'sales-funnel/won-mtd': { key: 'deals.won_amount?window=mtd', value: WON_MTD },
  // Won today: D-05 120000; previous (yesterday before 14:00): D-07 won at 11:00 → 30000.
  'sales-funnel/won-today': { key: 'deals.won_amount?window=today', value: { kind: 'scalar', value: 120000, previous: 30000 } },
  // Open deals now: D-01 10000 + D-02 20000 + D-03 50000 + D-04 80000 = 160000 (unweighted, the default, which
  // the canonical key spells out); a state, so no previous.
  'sales-funnel/pipeline': { key: 'deals.pipeline_value?weighted=false', value: { kind: 'scalar', value: 160000, previous: null } },
  // Since 02-12T06:00Z: mtd orders 3557.25 + SO-14 700 = 4257.25. previous [01-13T06:00Z, 02-12T06:00Z): SO-15 888.88.
  'sales-funnel/orders-amount-30d': { key: 'orders.amount?window=30d', value: { kind: 'scalar', value: 4257.25, previous: 888.88 } },
  // Deals created since 02-12T06:00Z: all but D-08 (Jan 20) → 9. Furthest stage: D-01 lead, D-10 lead (lost at lead),
  // D-02 qualified, D-03 proposal, D-09 proposal (lost after), D-04 negotiation, D-05/D-06/D-07 won.
  // won 3 (120000+60000+30000 = 210000); negotiation +D-04 → 4 / 290000; proposal +D-03 +D-09 → 6 / 380000;
  // qualified +D-02 → 7 / 400000; lead +D-01 +D-10 → 9 / 415000.
  // conversion: 7/9 = 77.8 %, 6/7 = 85.7 %, 4/6 = 66.7 %, 3/4 = 75 %.
  'sales-funnel/funnel': { key: 'deals.funnel?window=30d', value: FUNNEL_30D },
  // Won this month by owner: 李娜 D-05 → 1 / 120000; 张伟 D-06 + D-07 → 2 / 90000. Largest amount first.
  'sales-funnel/owner-ranking': { key: 'deals.by_owner?window=mtd', value: OWNERS_MTD },
  'sales-funnel/monthly-target': { key: 'deals.won_amount?window=mtd', value: WON_MTD },
  // 25 hour points from 03-13T06:00Z (NOW − 24 h) to 03-14T06:00Z. 06Z SO-10 (exactly at the start);
  // 08Z SO-09; 16Z SO-16; 17Z SO-01; 01Z SO-02, SO-03; 02Z SO-06; 03Z SO-04; 05Z SO-05.
  'sales-funnel/order-pace': { key: 'orders.throughput?window=24h', value: THROUGHPUT_24H },
  // sales.partner_win_rate, 30d by created_at [02-12T06:00Z, NOW]: partner-referred deals created then are D-03 (02-20,
  // open: in neither side), D-05 won, D-07 won, D-09 lost → won 2 of 3 decided = 66.67 % → 66.7. Previous
  // [01-13T06:00Z, 02-12T06:00Z): D-08 (created 01-20) won → 1 of 1 = 100 %.
  'sales-funnel/partner-win-rate': { key: 'sales.partner_win_rate?window=30d', value: { kind: 'scalar', value: 66.7, previous: 100 } },

  // ----- ticket-sla -----
  // First-reply clocks only. Live: T-01 (at_risk), T-02 (breached), T-10 (ok), T-12 (breached) → 4.
  // Stopped today: met T-03, T-08, T-09; missed T-05 → compliance 3/4 = 75.
  'ticket-sla/first-reply-compliance': { key: 'tickets.sla.summary?metric=first_reply_time&window=today',
    value: { kind: 'sla-summary', running: 4, at_risk: 1, breached: 2, met: 3, missed: 1, compliance: 75 } },
  // Resolution clocks only. Live: T-01, T-02, T-05, T-06 (paused), T-08, T-09 (paused), T-10, T-12 → 8, all ok.
  // Stopped today: T-03 met, T-04 missed → 1/2 = 50.
  'ticket-sla/resolution-compliance': { key: 'tickets.sla.summary?metric=resolution&window=today',
    value: { kind: 'sla-summary', running: 8, at_risk: 0, breached: 0, met: 1, missed: 1, compliance: 50 } },
  // Open = new/open/pending/on_hold: T-01, T-02, T-05, T-06, T-08, T-09, T-10, T-12 → 8 (T-03, T-04 solved, T-07 closed, T-11 deleted).
  'ticket-sla/open-tickets': { key: 'tickets.open', value: { kind: 'scalar', value: 8, previous: null } },
  // Open and urgent: T-01, T-09 (on_hold), T-12 (now urgent) → 3.
  'ticket-sla/urgent-open': { key: 'tickets.open?priority=urgent', value: { kind: 'scalar', value: 3, previous: null } },
  'ticket-sla/breached-today': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'ticket-sla/at-risk': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  // The first 12 of the 13 live clocks, so T-06's resolution clock (paused, 248400 s left) is cut.
  'ticket-sla/breach-queue': { key: 'tickets.sla.queue?limit=12', value: queue(12) },
  // Open tickets by current priority: urgent T-01, T-09, T-12 → 3; high T-02, T-05, T-08 → 3; normal T-10 → 1; low T-06 → 1.
  'ticket-sla/by-priority': { key: 'tickets.by_priority', value: BY_PRIORITY },

  // ----- ops-overview -----
  'ops-overview/orders-today': { key: 'orders.count?window=today', value: { kind: 'scalar', value: 7, previous: 2 } },
  'ops-overview/amount-today': { key: 'orders.amount?window=today', value: { kind: 'scalar', value: 1122.25, previous: 210 } },
  'ops-overview/open-tickets': { key: 'tickets.open', value: { kind: 'scalar', value: 8, previous: null } },
  'ops-overview/sla-today': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'ops-overview/won-mtd': { key: 'deals.won_amount?window=mtd', value: WON_MTD },
  'ops-overview/throughput': { key: 'orders.throughput?window=24h', value: THROUGHPUT_24H },
  // Created since 02-12T06:00Z, cancelled (SO-03, SO-08, SO-13) left out; SO-15 (Feb 10) is before the window.
  // 华北 SO-16 66.6 + SO-02 300 + SO-07 150 + SO-11 1000 + SO-14 700 = 5 / 2216.6;
  // 华东 SO-01 120.5 + SO-04 80.25 + SO-05 245 + SO-09 500 = 4 / 945.75; 华南 SO-10 75 + SO-12 400 = 2 / 475;
  // no region SO-06 → unknown 1 / 210. Most orders first.
  'ops-overview/regions': { key: 'orders.by_region?window=30d', value: { kind: 'breakdown', items: [
    { key: '华北', value: 5, amount: 2216.6 },
    { key: '华东', value: 4, amount: 945.75 },
    { key: '华南', value: 2, amount: 475 },
    { key: 'unknown', value: 1, amount: 210 },
  ] } },
  'ops-overview/status-ring': { key: 'orders.by_status?window=today', value: STATUS_TODAY },
  'ops-overview/funnel': { key: 'deals.funnel?window=30d', value: FUNNEL_30D },

  // ----- video-wall -----
  'video-wall/orders-today': { key: 'orders.count?window=today', value: { kind: 'scalar', value: 7, previous: 2 } },
  'video-wall/amount-today': { key: 'orders.amount?window=today', value: { kind: 'scalar', value: 1122.25, previous: 210 } },
  // Not delivered or cancelled, and in the current status for more than 240 min at NOW (entered before 02:00Z):
  // SO-02 shipped 04:00Z, SO-04 new 03:05Z, SO-05 confirmed 05:59Z, SO-06 in_fulfilment 03:00Z are not;
  // SO-10 shipped since 03-13 12:00Z (18 h) is. One item per open status, in stage order; no amounts.
  'video-wall/stuck': { key: 'orders.stuck?minutes=240', value: { kind: 'breakdown', items: [
    { key: 'new', value: 0, amount: 0 },
    { key: 'confirmed', value: 0, amount: 0 },
    { key: 'in_fulfilment', value: 0, amount: 0 },
    { key: 'shipped', value: 1, amount: 0 },
  ] } },
  // Status changes since today 00:00 (03-13T16:00Z), from the histories:
  //   SO-01 new 17:30 → confirmed 17:40 → shipped 22:00 → delivered 03:00; SO-16 new 16:40 → shipped 20:00 → delivered 04:00;
  //   SO-02 new 01:15 → confirmed 01:30 → in_fulfilment 02:00 → shipped 04:00; SO-03 new 01:45 → cancelled 02:10;
  //   SO-04 new 03:05; SO-05 new → confirmed 05:59; SO-06 new 02:20 → confirmed 02:30 → in_fulfilment 03:00.
  //   (SO-07 … SO-15 moved before today.)
  // Entered: new 7 (all seven); confirmed SO-01, SO-02, SO-05, SO-06 → 4; in_fulfilment SO-02, SO-06 → 2;
  // shipped SO-01, SO-02, SO-16 → 3; delivered SO-01, SO-16 → 2; cancelled SO-03 → 1.
  'video-wall/flow': { key: 'orders.flow?window=today', value: { kind: 'flow',
    nodes: [{ key: 'new', value: 7 }, { key: 'confirmed', value: 4 }, { key: 'in_fulfilment', value: 2 }, { key: 'shipped', value: 3 },
      { key: 'delivered', value: 2 }, { key: 'cancelled', value: 1 }],
    links: [
      { from: 'new', to: 'confirmed', value: 4 }, // SO-01, SO-02, SO-05, SO-06
      { from: 'new', to: 'shipped', value: 1 }, // SO-16
      { from: 'new', to: 'cancelled', value: 1 }, // SO-03
      { from: 'confirmed', to: 'in_fulfilment', value: 2 }, // SO-02, SO-06
      { from: 'confirmed', to: 'shipped', value: 1 }, // SO-01
      { from: 'in_fulfilment', to: 'shipped', value: 1 }, // SO-02
      { from: 'shipped', to: 'delivered', value: 2 }, // SO-01, SO-16
    ] } },
  'video-wall/throughput': { key: 'orders.throughput?window=24h', value: THROUGHPUT_24H },
  'video-wall/regions': { key: 'orders.by_region?window=today', value: REGIONS_TODAY },
  'video-wall/sla-compliance': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'video-wall/open-tickets': { key: 'tickets.open', value: { kind: 'scalar', value: 8, previous: null } },
  'video-wall/at-risk': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'video-wall/queue': { key: 'tickets.sla.queue?limit=10', value: queue(10) },
  'video-wall/backlog': { key: 'tickets.backlog?window=24h', value: BACKLOG_24H },
  'video-wall/funnel': { key: 'deals.funnel?window=30d', value: FUNNEL_30D },
  'video-wall/won-mtd': { key: 'deals.won_amount?window=mtd', value: WON_MTD },
  // Decided since 02-12T06:00Z: won D-05 (03-14), D-06 (03-08), D-07 (03-13); lost D-09 (03-06), D-10 (03-12) → 3/5 = 60 %.
  // Previous [01-13T06:00Z, 02-12T06:00Z): D-08 won 02-10 → 1/1 = 100 %.
  'video-wall/win-rate': { key: 'deals.win_rate?window=30d', value: { kind: 'scalar', value: 60, previous: 100 } },
  'video-wall/owners': { key: 'deals.by_owner?window=mtd', value: OWNERS_MTD },
  'video-wall/pipeline': { key: 'deals.pipeline_value?weighted=false', value: { kind: 'scalar', value: 160000, previous: null } },

  // ----- manager-phone -----
  'manager-phone/orders-today': { key: 'orders.count?window=today', value: { kind: 'scalar', value: 7, previous: 2 } },
  'manager-phone/amount-today': { key: 'orders.amount?window=today', value: { kind: 'scalar', value: 1122.25, previous: 210 } },
  'manager-phone/sla-today': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'manager-phone/breached': { key: 'tickets.sla.summary?window=today', value: SLA_TODAY_ALL },
  'manager-phone/queue': { key: 'tickets.sla.queue?limit=6', value: queue(6) },
  'manager-phone/throughput': { key: 'orders.throughput?window=today', value: THROUGHPUT_TODAY },
  'manager-phone/won-mtd': { key: 'deals.won_amount?window=mtd', value: WON_MTD },

  // ----- service-desk -----
  'service-desk/open': { key: 'tickets.open', value: { kind: 'scalar', value: 8, previous: null } },
  'service-desk/urgent': { key: 'tickets.open?priority=urgent', value: { kind: 'scalar', value: 3, previous: null } },
  'service-desk/first-reply': { key: 'tickets.sla.summary?metric=first_reply_time&window=today',
    value: { kind: 'sla-summary', running: 4, at_risk: 1, breached: 2, met: 3, missed: 1, compliance: 75 } },
  'service-desk/backlog': { key: 'tickets.backlog?window=24h', value: BACKLOG_24H },
  // Created since today 00:00 (03-13T16:00Z), by current status, deleted T-11 left out (T-04 at 14:00Z and T-06, T-07 are older):
  // new T-01, T-10 → 2; open T-02, T-05, T-08, T-12 → 4; on_hold T-09 → 1; solved T-03 → 1.
  'service-desk/status': { key: 'tickets.by_status?window=today', value: { kind: 'breakdown', items: [
    { key: 'new', value: 2, amount: 0 },
    { key: 'open', value: 4, amount: 0 },
    { key: 'pending', value: 0, amount: 0 },
    { key: 'on_hold', value: 1, amount: 0 },
    { key: 'solved', value: 1, amount: 0 },
    { key: 'closed', value: 0, amount: 0 },
  ] } },
  'service-desk/priority': { key: 'tickets.by_priority', value: BY_PRIORITY },
  'service-desk/todo': { key: 'tickets.sla.queue?limit=40', value: queue(40) },
  // service.tickets_by_product_line, 7d [03-07T06:00Z, NOW] by created_at: every ticket but T-07 (February) and the deleted
  // T-11. 软件 T-01, T-04, T-06, T-09 → 4; 账务 T-02, T-05, T-08 → 3; 物流 T-03, T-10 → 2; T-12 has none → unknown 1.
  'service-desk/product-lines': { key: 'service.tickets_by_product_line?window=7d', value: { kind: 'breakdown', items: [
    { key: '软件', value: 4 }, { key: '账务', value: 3 }, { key: '物流', value: 2 }, { key: 'unknown', value: 1 }] } },
};

// ---------- The engine, built directly at the fixed NOW ----------

const engine = createEngine({
  timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: [...BUILTINS, ...companyMetrics] as never,
  flows: config.flows, replay: () => records, freshness: () => ({ asOf: null, stale: false }),
});
engine.loadClocks(records, NOW);
const refs = screens.flatMap((s) => Object.values(s.widgets).flatMap((w) => (w.metric ? [w.metric] : [])));
engine.ensure(refs, NOW);
const computed = new Map(engine.collect(NOW).map((v) => [v.key, v]));

describe('the small-company fixture', () => {
  it('is canonical and spans what the screens need', () => {
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(new Date(NOW).toISOString()).toBe('2025-03-14T06:00:00.000Z');
    expect(records.map((r) => r.type).filter((t) => t === 'order')).toHaveLength(16);
    expect(records.map((r) => r.type).filter((t) => t === 'ticket')).toHaveLength(12);
    expect(records.map((r) => r.type).filter((t) => t === 'deal')).toHaveLength(10);
    // Every target counts calendar hours, so every due time above is start + target.
    for (const p of config.sla.policies) for (const m of p.metrics) for (const t of Object.values(m.targets)) expect(t?.hours).toBe('calendar');
  });

  it('every metric widget of every shipped screen has a hand-computed expectation, and no more', () => {
    expect(screens.map((s) => s.id)).toEqual(['cross-department', 'manager-phone', 'ops-overview', 'order-flow', 'sales-funnel', 'service-desk', 'ticket-sla', 'video-wall']);
    const widgets = screens.flatMap((s) => Object.entries(s.widgets).flatMap(([name, w]) => (w.metric ? [`${s.id}/${name}`] : [])));
    expect(new Set(widgets)).toEqual(new Set(Object.keys(EXPECTED)));
    expect(widgets).toHaveLength(Object.keys(EXPECTED).length);
  });
});

describe.each(screens.map((s) => [s.id, s] as const))('shipped screen %s at 2025-03-14 14:00 Shanghai', (_id, screen) => {
  const metricWidgets = Object.entries(screen.widgets).flatMap(([name, w]) => (w.metric ? [[name, w.metric] as const] : []));
  it.each(metricWidgets)('%s', (name, ref) => {
    const expected = EXPECTED[`${screen.id}/${name}`];
    expect(expected, `no expectation for ${screen.id}/${name}`).toBeDefined();
    const { key } = engine.resolve(ref);
    expect(key).toBe(expected!.key);
    const value = computed.get(key);
    expect(value, `no value computed for ${key}`).toBeDefined();
    expect(value!.value).toEqual(expected!.value);
  });
});

describe('the hub agrees on values that do not depend on the time', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ config: { timezone: FIXTURE.timezone, sources: [{ id: 'fixture', kind: 'push' }], sla: FIXTURE.sla } });
  });
  afterAll(async () => { await hub?.close(); });

  it('stores the whole fixture and serves the hand-computed pipeline, open and priority values', async () => {
    const res = await fetch(`${hub.url}/api/ingest/fixture`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: FIXTURE.records }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 38, rejected: [] });

    for (const [path, key] of [
      ['deals.pipeline_value', 'sales-funnel/pipeline'],
      ['tickets.by_priority', 'ticket-sla/by-priority'],
      ['tickets.open?priority=urgent', 'ticket-sla/urgent-open'],
      ['tickets.open', 'ticket-sla/open-tickets'],
    ] as const) {
      const { status, body } = await getJson<MetricValue>(`${hub.url}/api/metrics/${path}`);
      expect(status, path).toBe(200);
      expect(body.key, path).toBe(EXPECTED[key]!.key);
      expect(body.value, path).toEqual(EXPECTED[key]!.value);
    }
  });
});
