import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type SourcedRecord, type Ticket, type TicketEvent } from '../../model';
import type { SeriesValue } from '../../protocol';
import { readHistory } from '../../sla';
import { backlogEdges, ticketsBacklog, type BacklogEdge } from './service';

// now = 2025-03-10 12:30 Shanghai (04:30Z). today = since 00:00 local = 03-09T16:00Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const CTX = { timezone: 'Asia/Shanghai', now: NOW };

const to = (at: string, status: Ticket['status']): TicketEvent => ({ at, kind: 'status', to: status });
function ticket(id: string, created: string, status: Ticket['status'], events: TicketEvent[], updated = events.at(-1)?.at ?? created, group = 'L1'): SourcedRecord & Ticket {
  return { type: 'ticket', id, priority: 'normal', group, status, created_at: created, updated_at: updated, events, source: 's' };
}

// Each ticket's time in the backlog (new, open, pending, on_hold), in UTC:
const TICKETS = [
  // b1: solved 01:20, closed by Zendesk 03:40 → in [00:10, 01:20): it leaves at the solve, not the close.
  ticket('b1', '2025-03-10T00:10:00Z', 'closed', [to('2025-03-10T00:10:00Z', 'open'), to('2025-03-10T01:20:00Z', 'solved'), to('2025-03-10T03:40:00Z', 'closed')]),
  // b2: solved 01:10, reopened 02:15 → in [00:30, 01:10) and [02:15, now).
  ticket('b2', '2025-03-10T00:30:00Z', 'open', [to('2025-03-10T01:10:00Z', 'solved'), to('2025-03-10T02:15:00Z', 'open')]),
  // b3: created 00:40, deleted 02:50 → never, at any point.
  ticket('b3', '2025-03-10T00:40:00Z', 'deleted', [to('2025-03-10T02:50:00Z', 'deleted')]),
  // b4: no status events, solved now, last updated 03:10 → in [01:30, 03:10).
  ticket('b4', '2025-03-10T01:30:00Z', 'solved', [], '2025-03-10T03:10:00Z'),
  // b5: no status events, open now → in [02:05, now).
  ticket('b5', '2025-03-10T02:05:00Z', 'open', [], '2025-03-10T02:05:00Z'),
  // b6: created yesterday 10:20, pending since 11:00 → in all day.
  ticket('b6', '2025-03-09T10:20:00Z', 'pending', [to('2025-03-09T11:00:00Z', 'pending')]),
  // b7: created yesterday 12:10, solved 17:30 (01:30 local today) → in [03-09T12:10, 03-09T17:30).
  ticket('b7', '2025-03-09T12:10:00Z', 'solved', [to('2025-03-09T17:30:00Z', 'solved')]),
];

function series(params: Record<string, unknown>, tickets: SourcedRecord[], at = NOW): SeriesValue {
  const agg = ticketsBacklog.create(ticketsBacklog.params.parse(params), { ...CTX, now: at });
  for (const t of tickets) agg.apply({ kind: 'record', key: `s/ticket/${t.id}`, record: t });
  return agg.value(at) as SeriesValue;
}
const values = (v: SeriesValue) => v.points.map((p) => p.value);

// The backlog at the end of each local hour of today (UTC 16Z … 04Z; the last point is now, 04:30Z), counted forward:
// 17:00Z b6 b7 = 2 | 18:00Z … 00:00Z b6 = 1 (b7 solved 17:30) | 01:00Z b6 b1 b2 = 3 (b3 deleted: never)
// | 02:00Z b6 b4 = 2 (b1 solved 01:20, b2 01:10) | 03:00Z b6 b4 b5 b2 = 4 | 04:00Z b6 b5 b2 = 3 (b4 solved 03:10) | now 3.
const TODAY = [2, 1, 1, 1, 1, 1, 1, 1, 3, 2, 4, 3, 3];

describe('tickets.backlog', () => {
  it('counts every interval in the open statuses: left at the solve, back at a reopen, deleted never', () => {
    const v = series({ window: 'today' }, TICKETS);
    expect(v.points[0]!.t).toBe('2025-03-09T16:00:00.000Z');
    expect(v.points.at(-1)!.t).toBe('2025-03-10T04:00:00.000Z');
    expect(values(v)).toEqual(TODAY);
  });

  it('24h: 25 points; the first is the hour holding the window\'s start, its value the backlog at that hour\'s end', () => {
    // Start 03-09T04:30Z, in the hour 04Z: its point is the backlog at 05:00Z. 05:00Z … 10:00Z: 0; 11:00Z and 12:00Z:
    // b6 (10:20) = 1; 13:00Z … 16:00Z: b6 b7 (12:10) = 2; then today's points.
    const v = series({}, TICKETS);
    expect(v.points).toHaveLength(25);
    expect(v.points[0]!.t).toBe('2025-03-09T04:00:00.000Z');
    expect(values(v)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, ...TODAY]);
  });

  it('a ticket deleted after it was counted leaves every point', () => {
    // b5 deleted at 04:20: out of [02:05, now) → 03:00Z 3, 04:00Z 2, now 2.
    const gone = ticket('b5', '2025-03-10T02:05:00Z', 'deleted', [to('2025-03-10T04:20:00Z', 'deleted')]);
    expect(values(series({ window: 'today' }, [...TICKETS, gone]))).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 3, 2, 3, 2, 2]);
  });

  it('a change replaces a ticket\'s intervals whole, and the clock moving on drops hours', () => {
    const agg = ticketsBacklog.create(ticketsBacklog.params.parse({}), CTX);
    for (const t of TICKETS) agg.apply({ kind: 'record', key: `s/ticket/${t.id}`, record: t });
    // b2 solved again at 04:10 → out of [04:10, now): 04:00Z point (the end of 03Z) still 3, now 2.
    agg.apply({ kind: 'record', key: 's/ticket/b2', record: ticket('b2', '2025-03-10T00:30:00Z', 'solved',
      [to('2025-03-10T01:10:00Z', 'solved'), to('2025-03-10T02:15:00Z', 'open'), to('2025-03-10T04:10:00Z', 'solved')]) });
    // At 07:30Z the 24h window starts 03-09T07:30Z: hours 07Z … 07Z. 08:00Z, 09:00Z, 10:00Z: 0; 11:00Z, 12:00Z: 1;
    // 13:00Z … 17:00Z: 2; 18:00Z … 01:00Z as before; 04:00Z 3 → 05:00Z, 06:00Z, 07:00Z, now: b6 b5 = 2.
    const later = Date.parse('2025-03-10T07:30:00Z');
    agg.advance(later);
    const v = agg.value(later) as SeriesValue;
    expect(v.points[0]!.t).toBe('2025-03-09T07:00:00.000Z');
    expect(values(v)).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 3, 2, 4, 3, 2, 2, 2, 2]);
  });

  it('filters, as tickets.open does', () => {
    const l2 = ticket('g', '2025-03-10T01:40:00Z', 'open', [], '2025-03-10T01:40:00Z', 'L2');
    // Only g: in from 01:40 → 0 until 01:00Z, then 1.
    expect(values(series({ window: 'today', group: 'L2' }, [...TICKETS, l2]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });
});

describe('backlogEdges', () => {
  it('enters at creation, leaves at the solve, comes back at a reopen; a close after a solve moves nothing', () => {
    expect(backlogEdges(TICKETS[0]!)).toEqual([{ t: Date.parse('2025-03-10T00:10:00Z'), sign: 1 }, { t: Date.parse('2025-03-10T01:20:00Z'), sign: -1 }]);
    expect(backlogEdges(TICKETS[1]!).map((e) => [new Date(e.t).toISOString().slice(11, 16), e.sign]))
      .toEqual([['00:30', 1], ['01:10', -1], ['02:15', 1]]);
  });

  it('without status events: open from creation, and a ticket no longer open left at its last update', () => {
    expect(backlogEdges(TICKETS[3]!)).toEqual([{ t: Date.parse('2025-03-10T01:30:00Z'), sign: 1 }, { t: Date.parse('2025-03-10T03:10:00Z'), sign: -1 }]);
    expect(backlogEdges(TICKETS[4]!)).toEqual([{ t: Date.parse('2025-03-10T02:05:00Z'), sign: 1 }]);
  });

  it('a deleted ticket has none; pending and on_hold are still in the backlog', () => {
    expect(backlogEdges(TICKETS[2]!)).toEqual([]);
    const waiting = ticket('w', '2025-03-10T00:00:00Z', 'open', [to('2025-03-10T01:00:00Z', 'pending'), to('2025-03-10T02:00:00Z', 'on_hold'), to('2025-03-10T03:00:00Z', 'open')]);
    expect(backlogEdges(waiting)).toEqual([{ t: Date.parse('2025-03-10T00:00:00Z'), sign: 1 }]);
  });
});

describe('backlogEdges reads a ticket\'s statuses as the SLA clocks do', () => {
  const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
  /** The reference: readHistory's statuses, in and out of the open ones; none for a ticket deleted now. */
  function fromReadHistory(t: Ticket): BacklogEdge[] {
    if (t.status === 'deleted') return [];
    const created = Date.parse(t.created_at);
    const out: BacklogEdge[] = [];
    let inside = false;
    for (const { at, status } of readHistory(t).statuses) {
      if (OPEN.has(status) === inside) continue;
      inside = !inside;
      out.push({ t: Math.max(created, at), sign: inside ? 1 : -1 });
    }
    return out;
  }
  const base = Date.parse('2025-03-10T00:00:00Z');
  const minutes = fc.integer({ min: -30, max: 600 }); // some events dated before creation, some at one instant
  const event = fc.oneof(
    fc.record({ m: minutes, to: fc.constantFrom(...TICKET_STATUSES) }).map(({ m, to }): TicketEvent => ({ at: new Date(base + m * 60_000).toISOString(), kind: 'status', to })),
    minutes.map((m): TicketEvent => ({ at: new Date(base + m * 60_000).toISOString(), kind: 'comment', by: 'agent', public: true })),
  );

  it('for any events, in any order, and any current status', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 8 }), fc.constantFrom(...TICKET_STATUSES), fc.integer({ min: 0, max: 700 }), (events, status, updated) => {
      const t = ticket('p', new Date(base).toISOString(), status, events, new Date(base + updated * 60_000).toISOString());
      expect(backlogEdges(t)).toEqual(fromReadHistory(t));
    }), { numRuns: 500 });
  });
});
