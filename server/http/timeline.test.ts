import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, key, order, ticket, toDeal, toOrder } from '../../tests/support/flows';
import { FlowIndex, flowRecordKey } from '../flows';
import type { SourcedRecord } from '../model';
import { buildTimeline, type TimelineInput } from './timeline';

// One customer's timeline from records worked by hand (the instance of server/flows/flow-index.test.ts). The flow:
// 赢单 won (sales) → 订单确认 confirmed (operations, 8 business h on CN) → 发货 shipped (logistics, 2d on CN) → 签收
// delivered (logistics, 5 calendar days) → 售后工单 aftersales (service, optional ticket).
// D1 (account crm/001A) negotiation 03-03 02:00Z, won 03-07 08:00Z; O1 (account erp/CUST-1, linked to D1) new 03-07
// 09:00Z, confirmed 03-11 02:30Z (3.5 business h = 12,600 s), shipped 03-13 03:00Z (18.5 h = 66,600 s), delivered
// 03-15 03:00Z (48 calendar h = 172,800 s); T1 (no account, linked to O1) created 03-17 01:00Z (46 h = 165,600 s).
const D1 = deal('D1', [['negotiation', '2025-03-03T02:00:00Z'], ['won', '2025-03-07T08:00:00Z']], { account_id: '001A' });
const D1x = { ...D1, name: 'Acme expansion', amount_reporting: 700 } as SourcedRecord;
const O1 = { ...order('O1', [['new', '2025-03-07T09:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z'], ['shipped', '2025-03-13T03:00:00Z'],
  ['delivered', '2025-03-15T03:00:00Z']], { links: [toDeal('D1')], account_id: 'CUST-1' }), amount_reporting: 500 } as SourcedRecord;
const T1 = { ...ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')] }), subject: 'Box arrived damaged' } as SourcedRecord;
const NOW = Date.parse('2025-03-19T04:00:00Z');

const CUSTOMER = { id: 'C-1', name: 'Acme', accounts: [{ source: 'crm', id: '001A' }, { source: 'erp', id: 'CUST-1', name: 'ACME Ltd' }] };

function input(scope: TimelineInput['scope']): TimelineInput {
  const index = new FlowIndex([FLOW], [CN]);
  for (const r of [D1x, O1, T1]) index.apply(flowRecordKey(r.source, r.type, r.id), r);
  return {
    customer: CUSTOMER, records: [D1x, O1, T1, O1], instances: index.instancesOf(key.deal('D1')).map((instance) => ({ flow: FLOW, instance })),
    now: NOW, scope, reportingCurrency: 'CNY',
    url: (source, type, id) => (source === 'erp' && type === 'order' ? `https://erp.example.com/app/sales-order/${id}` : undefined),
  };
}

const step = (at: string, stepId: string, title: string, department: string, record: string, handoff?: [number, boolean | null]) => ({
  at, kind: 'step', flow: 'o2d', instance: key.deal('D1'), step: stepId, title, department,
  record: { source: record.split('/')[0], type: record.split('/')[1], id: record.split('/')[2] },
  ...(handoff ? { handoff_s: handoff[0], late: handoff[1] } : {}),
});

describe('buildTimeline', () => {
  it('every record and step of the customer, oldest first, for a holder who sees everything', () => {
    const timeline = buildTimeline(input(undefined))!;
    expect(timeline.customer).toEqual(CUSTOMER);
    expect(timeline.entries).toEqual([
      // A record's department: its own, else the first step it reached (D1: won, sales; O1: confirmed, operations).
      { at: '2025-03-03T02:00:00.000Z', kind: 'record', type: 'deal', source: 'crm', id: 'D1', title: 'Acme expansion', amount: 700, currency: 'CNY',
        department: 'sales', status: 'negotiation', event: 'created' },
      // At one instant the step comes before the change that reached it.
      step('2025-03-07T08:00:00.000Z', 'won', '赢单', 'sales', 'crm/deal/D1'),
      { at: '2025-03-07T08:00:00.000Z', kind: 'record', type: 'deal', source: 'crm', id: 'D1', title: 'Acme expansion', amount: 700, currency: 'CNY',
        department: 'sales', status: 'won', event: 'updated' },
      { at: '2025-03-07T09:00:00.000Z', kind: 'record', type: 'order', source: 'erp', id: 'O1', amount: 500, currency: 'CNY', department: 'operations',
        url: 'https://erp.example.com/app/sales-order/O1', status: 'new', event: 'created' },
      step('2025-03-11T02:30:00.000Z', 'confirmed', '订单确认', 'operations', 'erp/order/O1', [12_600, false]),
      step('2025-03-13T03:00:00.000Z', 'shipped', '发货', 'logistics', 'erp/order/O1', [66_600, false]),
      step('2025-03-15T03:00:00.000Z', 'delivered', '签收', 'logistics', 'erp/order/O1', [172_800, false]),
      { at: '2025-03-15T03:00:00.000Z', kind: 'record', type: 'order', source: 'erp', id: 'O1', amount: 500, currency: 'CNY', department: 'operations',
        url: 'https://erp.example.com/app/sales-order/O1', status: 'delivered', event: 'updated' },
      // T1 never changed after its creation: one entry, with its status now.
      { at: '2025-03-17T01:00:00.000Z', kind: 'record', type: 'ticket', source: 'desk', id: 'T1', title: 'Box arrived damaged', department: 'service',
        status: 'open', event: 'created' },
      step('2025-03-17T01:00:00.000Z', 'aftersales', '售后工单', 'service', 'desk/ticket/T1', [165_600, null]),
    ]);
    // The step strip: due times from flow-index.test.ts (confirmed due Tue 03-11 07:00Z, shipped Tue 03-18 05:30Z,
    // delivered 03-18 03:00Z); complete, so nothing waits or is stuck.
    expect(timeline.instances).toEqual([{ flow: 'o2d', id: key.deal('D1'), title: '赢单到签收', steps: [
      { step: 'won', title: '赢单', department: 'sales', reached_at: '2025-03-07T08:00:00.000Z', late: null, waiting: false, stuck: false, due_at: null },
      { step: 'confirmed', title: '订单确认', department: 'operations', reached_at: '2025-03-11T02:30:00.000Z', late: false, waiting: false, stuck: false, due_at: '2025-03-11T07:00:00.000Z' },
      { step: 'shipped', title: '发货', department: 'logistics', reached_at: '2025-03-13T03:00:00.000Z', late: false, waiting: false, stuck: false, due_at: '2025-03-18T05:30:00.000Z' },
      { step: 'delivered', title: '签收', department: 'logistics', reached_at: '2025-03-15T03:00:00.000Z', late: false, waiting: false, stuck: false, due_at: '2025-03-18T03:00:00.000Z' },
      { step: 'aftersales', title: '售后工单', department: 'service', reached_at: '2025-03-17T01:00:00.000Z', late: null, waiting: false, stuck: false, due_at: null },
    ] }]);
  });

  it('a logistics viewer without money: its steps and the order that reached them; the rest hidden, amounts absent', () => {
    const timeline = buildTimeline(input({ departments: ['logistics'], amounts: false }))!;
    expect(timeline.entries).toEqual([
      { at: '2025-03-03T02:00:00.000Z', kind: 'hidden', department: 'sales' },
      { at: '2025-03-07T08:00:00.000Z', kind: 'hidden', step: 'won', department: 'sales' },
      { at: '2025-03-07T08:00:00.000Z', kind: 'hidden', department: 'sales' },
      // O1 reached logistics' steps: shown, without its amount.
      { at: '2025-03-07T09:00:00.000Z', kind: 'record', type: 'order', source: 'erp', id: 'O1', department: 'operations',
        url: 'https://erp.example.com/app/sales-order/O1', status: 'new', event: 'created' },
      { at: '2025-03-11T02:30:00.000Z', kind: 'hidden', step: 'confirmed', department: 'operations' },
      step('2025-03-13T03:00:00.000Z', 'shipped', '发货', 'logistics', 'erp/order/O1', [66_600, false]),
      step('2025-03-15T03:00:00.000Z', 'delivered', '签收', 'logistics', 'erp/order/O1', [172_800, false]),
      { at: '2025-03-15T03:00:00.000Z', kind: 'record', type: 'order', source: 'erp', id: 'O1', department: 'operations',
        url: 'https://erp.example.com/app/sales-order/O1', status: 'delivered', event: 'updated' },
      { at: '2025-03-17T01:00:00.000Z', kind: 'hidden', department: 'service' },
      { at: '2025-03-17T01:00:00.000Z', kind: 'hidden', step: 'aftersales', department: 'service' },
    ]);
    // Hidden entries name no record; the out-of-scope records' fields and every amount are nowhere. (The instance key,
    // its root record's key, names the instance the holder may see: docs/access.md § Business flows.)
    expect(JSON.stringify(timeline.entries.filter((e) => e.kind === 'hidden'))).not.toMatch(/D1|T1|O1|crm|desk/);
    expect(JSON.stringify(timeline)).not.toMatch(/"T1"|700|500|Acme expansion|damaged|negotiation/);
    // The flow has a logistics step: the instance and its whole strip are theirs to see.
    expect(timeline.instances.map((i) => i.id)).toEqual([key.deal('D1')]);
  });

  it('nothing in scope: no timeline at all, so the customer\'s existence is not told', () => {
    expect(buildTimeline(input({ departments: ['finance'], amounts: true }))).toBeUndefined();
  });

  it('a deleted record leaves the timeline; a record carrying its own department keeps it', () => {
    const i = input(undefined);
    const gone = { ...T1, status: 'deleted', updated_at: '2025-03-18T00:00:00Z' } as SourcedRecord;
    const own = { ...O1, department: 'sales' } as SourcedRecord;
    const t = buildTimeline({ ...i, records: [D1x, own, gone], instances: [] })!;
    expect(t.entries.filter((e) => e.kind === 'record').map((e) => [e.kind === 'record' && e.id, e.kind === 'record' && e.department]))
      .toEqual([['D1', undefined], ['D1', undefined], ['O1', 'sales'], ['O1', 'sales']]);
  });
});
