import { flowsConfigSchema, type FlowConfig } from '../../server/flows';
import type { Deal, Order, RecordLink, SourcedRecord, Ticket } from '../../server/model';
import { calendarSchema, type BusinessCalendar } from '../../server/sla';

// Business-flow fixtures shared by the flow index and flow metric tests: the contract's flow on a Shanghai calendar.
// Asia/Shanghai is UTC+8 all year: local 09:00 is 01:00Z, 18:00 is 10:00Z.

const NINE_TO_SIX: [string, string][] = [['09:00', '18:00']];
/** Mon–Fri 09:00–18:00 in Shanghai, with Mon 2025-03-10 a holiday: Fri 03-07 18:00 to Tue 03-11 09:00 is closed. */
export const CN: BusinessCalendar = calendarSchema.parse({
  id: 'cn', timezone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  holidays: [{ from: '2025-03-10', name: 'a test holiday' }],
});

/** 赢单 → 订单确认 (8 business hours) → 发货 (2d = 48 business hours) → 签收 (5 calendar days) → 售后工单 (optional). */
export const FLOW: FlowConfig = flowsConfigSchema.parse([{
  id: 'o2d', title: '赢单到签收',
  steps: [
    { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
    { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h', calendar: 'cn' },
    { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '2d', calendar: 'cn' },
    { id: 'delivered', title: '签收', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '5d' },
    { id: 'aftersales', title: '售后工单', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
  ],
}])[0]!;

/** Deals live in source `crm`, orders in `erp`, tickets in `desk`; links name the other source. */
export const key = { deal: (id: string) => `crm/deal/${id}`, order: (id: string) => `erp/order/${id}`, ticket: (id: string) => `desk/ticket/${id}` };
export const toDeal = (id: string): RecordLink => ({ type: 'deal', id, source: 'crm' });
export const toOrder = (id: string): RecordLink => ({ type: 'order', id, source: 'erp' });
export const toTicket = (id: string): RecordLink => ({ type: 'ticket', id, source: 'desk' });

type Extra = { links?: RecordLink[]; account_id?: string; deleted?: boolean };

/** A deal whose history is `stages` ([stage, ISO instant], oldest first); its stage now is the last. */
export function deal(id: string, stages: [Deal['stage'], string][], extra: Extra = {}): SourcedRecord & Deal {
  return { type: 'deal', source: 'crm', id, stage: stages.at(-1)![0], amount: 100, created_at: stages[0]![1], updated_at: stages.at(-1)![1],
    history: stages.map(([stage, at]) => ({ stage, at })), ...extra };
}

/** An order whose history is `statuses` ([status, ISO instant], oldest first). */
export function order(id: string, statuses: [Order['status'], string][], extra: Extra = {}): SourcedRecord & Order {
  return { type: 'order', source: 'erp', id, status: statuses.at(-1)![0], amount: 100, created_at: statuses[0]![1], updated_at: statuses.at(-1)![1],
    history: statuses.map(([status, at]) => ({ status, at })), ...extra };
}

/** A ticket created at `created`, open (or `status`). */
export function ticket(id: string, created: string, extra: Omit<Extra, 'deleted'> & { status?: Ticket['status'] } = {}): SourcedRecord & Ticket {
  const { status = 'open', ...rest } = extra;
  return { type: 'ticket', source: 'desk', id, priority: 'normal', status, created_at: created, updated_at: created, ...rest };
}
