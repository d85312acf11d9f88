import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, key, order, ticket, toDeal, toOrder, toTicket } from '../../tests/support/flows';
import type { SourcedRecord } from '../model';
import { FlowIndex, flowRecordKey, type FlowChange } from './flow-index';

// The contract's flow (tests/support/flows.ts): won → confirmed (8 business h on CN) → shipped (2d = 48 business h on
// CN) → delivered (5 calendar days) → aftersales (optional ticket). CN: Mon–Fri 09:00–18:00 Shanghai (UTC+8), with
// Mon 2025-03-10 a holiday. Local times are written first, UTC after.

const Z = (iso: string) => Date.parse(iso);
const H = 3_600;

function indexOf(records: SourcedRecord[]): FlowIndex {
  const index = new FlowIndex([FLOW], [CN]);
  for (const r of records) index.apply(flowRecordKey(r.source, r.type, r.id), r);
  return index;
}
const apply = (index: FlowIndex, r: SourcedRecord) => index.apply(flowRecordKey(r.source, r.type, r.id), r);
const ids = (changes: FlowChange[]) => changes.map((c) => [c.id, c.instance === null ? 'gone' : 'now']);

// D1 won Fri 03-07 16:00 (08:00Z); its order O1 confirmed Tue 03-11 10:30 (02:30Z), shipped Thu 03-13 11:00 (03:00Z),
// delivered Sat 03-15 11:00 (03:00Z); a ticket T1 on the order created Mon 03-17 09:00 (01:00Z).
const D1 = deal('D1', [['negotiation', '2025-03-03T02:00:00Z'], ['won', '2025-03-07T08:00:00Z']], { account_id: '001A' });
const O1 = order('O1', [['new', '2025-03-07T09:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z'], ['shipped', '2025-03-13T03:00:00Z'],
  ['delivered', '2025-03-15T03:00:00Z']], { links: [toDeal('D1')], account_id: 'CUST-1' });
const T1 = ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')] });

const D1_INSTANCE = {
  flow: 'o2d', id: key.deal('D1'), entered_at_step: 0, records: 3,
  reached: [Z('2025-03-07T08:00:00Z'), Z('2025-03-11T02:30:00Z'), Z('2025-03-13T03:00:00Z'), Z('2025-03-15T03:00:00Z'), Z('2025-03-17T01:00:00Z')],
  by: [key.deal('D1'), key.order('O1'), key.order('O1'), key.order('O1'), key.ticket('T1')],
  handoffs: [
    null,
    // Fri 16:00–18:00 = 2 h; Sat, Sun closed; Mon 03-10 a holiday; Tue 09:00–10:30 = 1.5 h: 3.5 h = 12,600 s.
    // Due: 8 h from Fri 16:00 = 2 h Friday + 6 h Tuesday = Tue 15:00 (07:00Z); confirmed 10:30 is on time.
    { from: 0, seconds: 3.5 * H, due_at: Z('2025-03-11T07:00:00Z'), late: false },
    // Tue 10:30–18:00 = 7.5 h, Wed 9 h, Thu 09:00–11:00 = 2 h: 18.5 h = 66,600 s.
    // Due: 48 h from Tue 10:30: 7.5 Tue (40.5 left), 9 Wed (31.5), 9 Thu (22.5), 9 Fri (13.5), 9 Mon 03-17 (4.5),
    // Tue 03-18 09:00 + 4.5 h = 13:30 (05:30Z).
    { from: 1, seconds: 18.5 * H, due_at: Z('2025-03-18T05:30:00Z'), late: false },
    // No calendar: Thu 03:00Z → Sat 03:00Z = 48 calendar hours; due 5 days later, Tue 03-18 03:00Z.
    { from: 2, seconds: 48 * H, due_at: Z('2025-03-18T03:00:00Z'), late: false },
    // Sat 03-15 03:00Z → Mon 03-17 01:00Z = 46 h; no target.
    { from: 3, seconds: 46 * H, due_at: null, late: null },
  ],
  waiting: null,
  account: { source: 'crm', id: '001A' }, // the root deal's own account
};

describe('FlowIndex: an instance in business time across a weekend and a holiday', () => {
  it('reaches each step by its earliest record, with hand-offs on the next step\'s calendar', () => {
    const index = indexOf([D1, O1, T1]);
    expect(index.instance('o2d', key.deal('D1'))).toEqual(D1_INSTANCE);
    expect(index.count('o2d')).toBe(1);
  });

  it('a hand-off past its target is late; the instance waits at the next step with its due time', () => {
    // D2 won Tue 03-11 10:00 (02:00Z); O2 confirmed Wed 03-12 14:00 (06:00Z).
    const D2 = deal('D2', [['won', '2025-03-11T02:00:00Z']]);
    const O2 = order('O2', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-12T06:00:00Z']], { links: [toDeal('D2')] });
    const got = indexOf([D2, O2]).instance('o2d', key.deal('D2'))!;
    // Tue 10:00–18:00 = 8 h, Wed 09:00–14:00 = 5 h: 13 h. Due 8 h after Tue 10:00 = Tue 18:00 (10:00Z): late.
    expect(got.handoffs[1]).toEqual({ from: 0, seconds: 13 * H, due_at: Z('2025-03-11T10:00:00Z'), late: true });
    // Waits at shipped since Wed 14:00. 48 h: 4 Wed (44 left), 9 Thu (35), 9 Fri (26), 9 Mon (17), 9 Tue (8),
    // Wed 03-19 09:00 + 8 h = 17:00 (09:00Z).
    expect(got.waiting).toEqual({ step: 2, since: Z('2025-03-12T06:00:00Z'), due_at: Z('2025-03-19T09:00:00Z') });
    expect(got.account).toBeNull();
  });

  it('a won deal with no order waits at confirmed, due across the weekend and the holiday', () => {
    // Won Fri 17:00 (09:00Z): 1 h Friday, then Tue 09:00 + 7 h = 16:00 (08:00Z).
    const D3 = deal('D3', [['won', '2025-03-07T09:00:00Z']]);
    const got = indexOf([D3]).instance('o2d', key.deal('D3'))!;
    expect(got.waiting).toEqual({ step: 1, since: Z('2025-03-07T09:00:00Z'), due_at: Z('2025-03-11T08:00:00Z') });
    expect(got.reached).toEqual([Z('2025-03-07T09:00:00Z'), null, null, null, null]);
    expect(got.handoffs).toEqual([null, null, null, null, null]);
  });

  it('a deal not won is no instance; a deal won, reopened and won again starts at the second win', () => {
    const open = deal('D4', [['lead', '2025-03-03T02:00:00Z'], ['negotiation', '2025-03-04T02:00:00Z']]);
    const lost = deal('D5', [['won', '2025-03-03T02:00:00Z'], ['lost', '2025-03-04T02:00:00Z']]);
    const again = deal('D6', [['won', '2025-03-03T02:00:00Z'], ['negotiation', '2025-03-04T02:00:00Z'], ['won', '2025-03-05T02:00:00Z']]);
    const index = indexOf([open, lost, again]);
    expect(index.count('o2d')).toBe(1);
    expect(index.instance('o2d', key.deal('D6'))!.reached[0]).toBe(Z('2025-03-05T02:00:00Z'));
  });
});

describe('FlowIndex: records in any order', () => {
  it('a ticket before its order before its deal: the chain completes when the deal arrives', () => {
    const index = new FlowIndex([FLOW], [CN]);
    // The ticket alone reaches only the optional step: no instance.
    expect(apply(index, T1)).toEqual([]);
    // The order (linking a deal not arrived) enters the flow at confirmed, rooted at itself, with the ticket under it.
    expect(ids(apply(index, O1))).toEqual([[key.order('O1'), 'now']]);
    const early = index.instance('o2d', key.order('O1'))!;
    expect(early.entered_at_step).toBe(1);
    expect(early.records).toBe(2);
    expect(early.reached[0]).toBeNull();
    expect(early.handoffs[1]).toBeNull(); // no step before it reached: no hand-off
    expect(early.handoffs[2]).toEqual(D1_INSTANCE.handoffs[2]);
    expect(early.account).toEqual({ source: 'erp', id: 'CUST-1' }); // the order's own, as no deal is there
    // The deal arrives: the order's instance leaves, the deal's holds the whole chain.
    expect(ids(apply(index, D1)).sort()).toEqual([[key.deal('D1'), 'now'], [key.order('O1'), 'gone']]);
    expect(index.instance('o2d', key.deal('D1'))).toEqual(D1_INSTANCE);
    expect(index.count('o2d')).toBe(1);
  });

  it('a link carried by either side joins the records', () => {
    // The deal names its order and the order its ticket; the order and the ticket carry no links.
    const d = deal('D1', [['negotiation', '2025-03-03T02:00:00Z'], ['won', '2025-03-07T08:00:00Z']], { account_id: '001A', links: [toOrder('O1')] });
    const o = order('O1', O1.history!.map((h) => [h.status, h.at]), { account_id: 'CUST-1', links: [toTicket('T1')] });
    const t = ticket('T1', '2025-03-17T01:00:00Z');
    expect(indexOf([t, o, d]).instance('o2d', key.deal('D1'))).toEqual(D1_INSTANCE);
  });

  it('a record changing without touching its chain reports nothing', () => {
    const index = indexOf([D1, O1, T1]);
    expect(apply(index, { ...T1, subject: 'late delivery', updated_at: '2025-03-17T02:00:00Z' })).toEqual([]);
  });
});

describe('FlowIndex: awkward links', () => {
  it('a relinked order moves from one instance to the other', () => {
    const A = deal('A', [['won', '2025-03-11T02:00:00Z']]);
    const B = deal('B', [['won', '2025-03-11T03:00:00Z']]);
    const o = order('O', [['new', '2025-03-11T04:00:00Z'], ['confirmed', '2025-03-11T05:00:00Z']], { links: [toDeal('A')] });
    const index = indexOf([A, B, o]);
    expect(index.instance('o2d', key.deal('A'))!.reached[1]).toBe(Z('2025-03-11T05:00:00Z'));
    expect(index.instance('o2d', key.deal('B'))!.waiting?.step).toBe(1);
    const changes = apply(index, { ...o, links: [toDeal('B')] });
    expect(ids(changes).sort()).toEqual([[key.deal('A'), 'now'], [key.deal('B'), 'now']]);
    // A waits at confirmed again, since its win Tue 10:00, due 8 h later at Tue 18:00 (10:00Z).
    expect(index.instance('o2d', key.deal('A'))!.waiting).toEqual({ step: 1, since: Z('2025-03-11T02:00:00Z'), due_at: Z('2025-03-11T10:00:00Z') });
    // B got the order: won Tue 11:00 → confirmed Tue 13:00, 2 business hours; due 7 h Tuesday (11:00–18:00) + 1 h
    // Wednesday = Wed 10:00 (02:00Z).
    expect(index.instance('o2d', key.deal('B'))!.handoffs[1]).toEqual({ from: 0, seconds: 2 * H, due_at: Z('2025-03-12T02:00:00Z'), late: false });
  });

  it('an order linked to two deals belongs to the deal created first; when that one is deleted, to the other', () => {
    // FIRST was created 03-04 (won 03-11 10:00), SECOND 03-11 09:00 (won then): the order names SECOND first.
    const first = deal('FIRST', [['negotiation', '2025-03-04T02:00:00Z'], ['won', '2025-03-11T02:00:00Z']]);
    const second = deal('SECOND', [['won', '2025-03-11T01:00:00Z']]);
    const o = order('O', [['new', '2025-03-11T04:00:00Z'], ['confirmed', '2025-03-11T05:00:00Z']], { links: [toDeal('SECOND'), toDeal('FIRST')] });
    const index = indexOf([o, second, first]);
    expect(index.instance('o2d', key.deal('FIRST'))!.by[1]).toBe(key.order('O'));
    expect(index.instance('o2d', key.deal('SECOND'))!.by[1]).toBeNull();
    apply(index, { ...first, deleted: true });
    expect(index.instance('o2d', key.deal('FIRST'))).toBeUndefined();
    expect(index.instance('o2d', key.deal('SECOND'))!.by[1]).toBe(key.order('O'));
  });

  it('link cycles and links between records of one type neither loop nor join chains', () => {
    // O ↔ T both ways, T → D, D → T, and two orders naming each other: one chain under D, no endless walk.
    const d = deal('D', [['won', '2025-03-11T02:00:00Z']], { links: [toTicket('T')] });
    const o = order('O', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-11T04:00:00Z']], { links: [toDeal('D'), toTicket('T'), toOrder('P')] });
    const p = order('P', [['new', '2025-03-11T03:30:00Z'], ['confirmed', '2025-03-11T03:45:00Z']], { links: [toOrder('O')] });
    const t = ticket('T', '2025-03-11T05:00:00Z', { links: [toOrder('O'), toDeal('D')] });
    const index = indexOf([t, p, o, d]);
    // P names only another order: no parent of a lower rank, so it roots its own chain, entering at confirmed.
    expect(index.instance('o2d', key.order('P'))!.entered_at_step).toBe(1);
    const chain = index.instance('o2d', key.deal('D'))!;
    expect(chain.records).toBe(3); // D, O and T (under O, the nearer rank, not straight under D)
    expect(chain.by).toEqual([key.deal('D'), key.order('O'), null, null, key.ticket('T')]);
  });

  it('a self link and a link to another source\'s record', () => {
    const d = deal('D', [['won', '2025-03-11T02:00:00Z']], { links: [{ type: 'deal', id: 'D' }] });
    const o = order('O', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-11T04:00:00Z']], { links: [{ type: 'deal', id: 'D' }] });
    const index = indexOf([d, o]);
    // Without `source` the link names erp/deal/D, which never arrives: the order enters on its own.
    expect(index.instance('o2d', key.order('O'))!.entered_at_step).toBe(1);
    expect(index.instance('o2d', key.deal('D'))!.records).toBe(1);
  });

  it('a chain whose deal never won enters at the step it reached, rooted at the deal; it enters at 0 once won', () => {
    const d = deal('D', [['negotiation', '2025-03-11T01:00:00Z']]);
    const o = order('O', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-11T04:00:00Z']], { links: [toDeal('D')] });
    const index = indexOf([d, o]);
    expect(index.instance('o2d', key.deal('D'))!.entered_at_step).toBe(1);
    expect(index.instance('o2d', key.order('O'))).toBeUndefined();
    apply(index, deal('D', [['negotiation', '2025-03-11T01:00:00Z'], ['won', '2025-03-11T02:00:00Z']]));
    expect(index.instance('o2d', key.deal('D'))!.entered_at_step).toBe(0);
  });
});

describe('FlowIndex: deleted records leave the flow', () => {
  it('an order tombstone: the deal waits at confirmed again, and its ticket stands alone (optional: no instance)', () => {
    const index = indexOf([D1, O1, T1]);
    const changes = apply(index, { ...O1, deleted: true });
    expect(ids(changes)).toEqual([[key.deal('D1'), 'now']]);
    const got = index.instance('o2d', key.deal('D1'))!;
    expect(got.records).toBe(1);
    expect(got.waiting).toEqual({ step: 1, since: Z('2025-03-07T08:00:00Z'), due_at: Z('2025-03-11T07:00:00Z') });
    expect(index.count('o2d')).toBe(1);
    // Restored (sent again without the flag): back as it was.
    apply(index, O1);
    expect(index.instance('o2d', key.deal('D1'))).toEqual(D1_INSTANCE);
  });

  it('a ticket with status deleted no longer reaches aftersales', () => {
    const index = indexOf([D1, O1, T1]);
    apply(index, { ...T1, status: 'deleted' });
    const got = index.instance('o2d', key.deal('D1'))!;
    expect(got.reached[4]).toBeNull();
    expect(got.handoffs[4]).toBeNull();
    expect(got.waiting).toBeNull(); // optional: nothing to wait for
  });

  it('a deal tombstone: its order roots its own instance, entering at confirmed', () => {
    const index = indexOf([D1, O1, T1]);
    const changes = apply(index, { ...D1, deleted: true });
    expect(ids(changes).sort()).toEqual([[key.deal('D1'), 'gone'], [key.order('O1'), 'now']]);
    expect(index.instance('o2d', key.order('O1'))!.entered_at_step).toBe(1);
  });
});

describe('FlowIndex.instancesOf: the instances a record belongs to', () => {
  // A second flow rooted at orders (confirmed → delivered): the same order roots an instance there, so O1 belongs to
  // two instances (o2d rooted at D1, fulfil rooted at O1), T1 under O1 likewise, D1 only to o2d (above the fulfil flow).
  const FULFIL = { ...FLOW, id: 'fulfil', steps: FLOW.steps.slice(1, 4) };
  const both = () => {
    const index = new FlowIndex([FLOW, FULFIL], [CN]);
    for (const r of [D1, O1, T1]) apply(index, r);
    return index;
  };

  it('walks up to each flow\'s anchor', () => {
    const index = both();
    expect(index.instancesOf(key.order('O1')).map((i) => [i.flow, i.id])).toEqual([['o2d', key.deal('D1')], ['fulfil', key.order('O1')]]);
    expect(index.instancesOf(key.ticket('T1')).map((i) => [i.flow, i.id])).toEqual([['o2d', key.deal('D1')], ['fulfil', key.order('O1')]]);
    expect(index.instancesOf(key.deal('D1')).map((i) => [i.flow, i.id])).toEqual([['o2d', key.deal('D1')]]);
    expect(index.instancesOf(key.deal('D1'))[0]).toEqual(D1_INSTANCE);
  });

  it('is empty for a record the index does not hold, or that left the flow', () => {
    const index = both();
    expect(index.instancesOf('crm/deal/nobody')).toEqual([]);
    // A linked-to record that never arrived keeps a slot (so the chain completes later) but belongs to no instance.
    apply(index, ticket('T2', '2025-03-18T01:00:00Z', { links: [toOrder('O-missing')] }));
    expect(index.instancesOf(key.order('O-missing'))).toEqual([]);
    apply(index, { ...D1, deleted: true });
    expect(index.instancesOf(key.deal('D1'))).toEqual([]);
    // Without its deal the order roots its own o2d instance (entered at confirmed).
    expect(index.instancesOf(key.order('O1')).map((i) => [i.flow, i.id, i.entered_at_step])).toEqual([['o2d', key.order('O1'), 1], ['fulfil', key.order('O1'), 0]]);
  });
});
