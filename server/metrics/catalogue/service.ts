import { DateTime } from 'luxon';
import { z } from 'zod';
import { TICKET_STATUSES, type SourcedRecord, type Ticket } from '../../model';
import { matchesFilters, ticketFilters } from '../filters';
import { ALL_TIME, WindowedGroups } from '../windowed-groups';
import { defineMetric, type Aggregator, type EngineInput, type MetricContext } from '../types';
import { localHourStart, windowRange, windowSchema } from '../windows';
import { breakdownOf, windowedAggregator } from './windowed';

const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
const isTicket = (r: SourcedRecord, filters: object): r is SourcedRecord & Ticket => r.type === 'ticket' && matchesFilters(r, filters);

export const ticketsByStatus = defineMetric({
  id: 'tickets.by_status', title: '工单状态 / Tickets by status', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Tickets created in the window (default today), counted by their current status '
    + '(new, open, pending, on_hold, solved, closed; deleted tickets are left out).',
  params: z.object({ window: windowSchema.default('today'), ...ticketFilters }).strict(),
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window,
      (r) => (isTicket(r, filters) && r.status !== 'deleted' ? { t: Date.parse(r.created_at), group: r.status } : undefined),
      (g) => breakdownOf(g, TICKET_STATUSES.filter((s) => s !== 'deleted')));
  },
});

/** When a ticket that is no longer open last left the open statuses (solved, closed or deleted). */
function closedAt(ticket: Ticket): number {
  const last = [...(ticket.events ?? [])].reverse().find((e) => e.kind === 'status' && !OPEN.has(e.to));
  return Date.parse(last?.at ?? ticket.updated_at);
}


function backlogAggregator(p: { window: 'today' | '24h' | '7d' } & Record<string, unknown>, ctx: MetricContext): Aggregator {
  const { window, ...filters } = p;
  const rangeAt = (now: number) => windowRange(window, now, ctx.timezone);
  // Open now; and per hour of the window, tickets that arrived and that left the open statuses then.
  const open = new WindowedGroups(ALL_TIME, ctx.now);
  const arrived = new WindowedGroups(rangeAt, ctx.now);
  const left = new WindowedGroups(rangeAt, ctx.now);
  // The local hour starts from the window's start up to now, kept between calls: zone arithmetic only when an hour begins.
  let marks: number[] = [];
  let nextMark = Number.NaN;
  const hourMarks = (start: number, now: number): number[] => {
    const first = localHourStart(start, ctx.timezone);
    if (first !== marks[0]) {
      const from = marks.indexOf(first); // a rolling window drops its oldest hours
      if (from > 0) marks = marks.slice(from);
      else { marks = [first]; nextMark = Number.NaN; }
    }
    for (;;) {
      if (Number.isNaN(nextMark)) nextMark = DateTime.fromMillis(marks[marks.length - 1]!, { zone: ctx.timezone }).plus({ hours: 1 }).toMillis();
      if (nextMark > now) break;
      marks.push(nextMark);
      nextMark = Number.NaN;
    }
    return marks.filter((h) => h <= now); // a clock set back (tests) sees no hour of its future
  };
  return {
    apply(input: EngineInput) {
      if (input.kind !== 'record' || input.record.type !== 'ticket') return;
      const r = input.record;
      const mine = isTicket(r, filters);
      const created = Date.parse(r.created_at);
      open.set(input.key, mine && OPEN.has(r.status) ? 0 : undefined);
      arrived.set(input.key, mine ? created : undefined, String(localHourStart(created, ctx.timezone)));
      const gone = mine && !OPEN.has(r.status) ? closedAt(r as Ticket) : undefined;
      left.set(input.key, gone, gone === undefined ? undefined : String(localHourStart(gone, ctx.timezone)));
    },
    advance(now) { arrived.advance(now); left.advance(now); },
    value(now) {
      // Walking back from now: the backlog at the end of an hour is the later backlog minus the later arrivals plus the later departures.
      const hours = hourMarks(rangeAt(now).start, now);
      let backlog = open.sum().count;
      const points = hours.reverse().map((h) => {
        const point = { t: new Date(h).toISOString(), value: backlog };
        backlog -= arrived.total('current', String(h)).count - left.total('current', String(h)).count;
        return point;
      });
      return { kind: 'series', bucket: '1h', points: points.reverse() };
    },
  };
}

export const ticketsBacklog = defineMetric({
  id: 'tickets.backlog', title: '工单积压 / Ticket backlog', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Open tickets (new, open, pending, on_hold) over the window, one point per local clock hour: the '
    + 'backlog at the end of that hour (the last point is now). Worked back from the open count now, so a ticket '
    + 'that arrived or left in an hour moves every earlier point.',
  params: z.object({ window: z.enum(['today', '24h', '7d']).default('24h'), ...ticketFilters }).strict(),
  create: backlogAggregator,
});

export const serviceMetrics = [ticketsByStatus, ticketsBacklog];
