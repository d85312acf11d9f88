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

/** One moment a ticket entered (+1) or left (−1) the backlog. */
export interface BacklogEdge { t: number; sign: 1 | -1 }

/**
 * Every moment a ticket entered or left the backlog (the statuses new, open, pending, on_hold), oldest first. Its
 * status over time is read as the SLA clocks read it (sla/timeline.ts, readHistory): `new` at creation, then each
 * status event in time order, and a current status the events do not show taken to hold since updated_at. So a
 * ticket solved and later closed leaves at the solve, and one solved and reopened leaves and comes back. A ticket
 * deleted now has none: deleted records leave every metric as if never created. Status events only, without the
 * copies readHistory makes of comments and priorities: this runs for every ticket when a backlog key is seeded.
 */
export function backlogEdges(ticket: Ticket): BacklogEdge[] {
  if (ticket.status === 'deleted') return [];
  const created = Date.parse(ticket.created_at);
  const statuses: { t: number; status: string }[] = [];
  let ordered = true;
  for (const e of ticket.events ?? []) {
    if (e.kind !== 'status') continue;
    const t = Date.parse(e.at);
    if (statuses.length > 0 && t < statuses[statuses.length - 1]!.t) ordered = false;
    statuses.push({ t, status: e.to });
  }
  if (!ordered) statuses.sort((a, b) => a.t - b.t); // stable: events at one instant keep their order
  const shown = statuses.length > 0 ? statuses[statuses.length - 1]!.status : 'new';
  if (shown !== ticket.status) statuses.push({ t: Math.max(created, Date.parse(ticket.updated_at)), status: ticket.status });
  const edges: BacklogEdge[] = [{ t: created, sign: 1 }]; // created new: in
  let inside = true;
  for (const { t, status } of statuses) {
    const open = OPEN.has(status);
    if (open === inside) continue;
    inside = open;
    edges.push({ t: Math.max(created, t), sign: open ? 1 : -1 }); // an event dated before creation counts at creation
  }
  return edges;
}

function backlogAggregator(p: { window: 'today' | '24h' | '7d' } & Record<string, unknown>, ctx: MetricContext): Aggregator {
  const { window, ...filters } = p;
  const rangeAt = (now: number) => windowRange(window, now, ctx.timezone);
  // Open now; and every edge in or out of the backlog within the window, in its local hour, its sign as its amount
  // (so an hour's amount is its net change). One entry per ticket and edge (key#0, key#1...): a ticket's edges
  // are replaced whole when it changes, and how many it has is remembered only while one of them is in the window.
  const open = new WindowedGroups(ALL_TIME, ctx.now);
  const edgeCount = new Map<string, number>();
  const edges = new WindowedGroups(rangeAt, ctx.now, (id) => {
    const cut = id.lastIndexOf('#');
    const key = id.slice(0, cut);
    if (Number(id.slice(cut + 1)) === (edgeCount.get(key) ?? 0) - 1) edgeCount.delete(key); // its latest edge: none left
  });
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
      const mine = isTicket(r, filters) ? backlogEdges(r) : [];
      open.set(input.key, mine.length > 0 && mine[mine.length - 1]!.sign === 1 ? 0 : undefined);
      const before = edgeCount.get(input.key) ?? 0;
      let kept = false;
      mine.forEach((e, i) => {
        if (edges.set([input.key, i].join('#'), e.t, String(localHourStart(e.t, ctx.timezone)), e.sign)) kept = true;
      });
      for (let i = mine.length; i < before; i++) edges.set([input.key, i].join('#'), undefined);
      if (kept) edgeCount.set(input.key, mine.length);
      else edgeCount.delete(input.key);
    },
    advance(now) { edges.advance(now); },
    value(now) {
      // Walking back from now: the backlog at the end of an hour is the later backlog minus the later hours' net changes.
      const hours = hourMarks(rangeAt(now).start, now);
      let backlog = open.sum().count;
      const points = hours.reverse().map((h) => {
        const point = { t: new Date(h).toISOString(), value: backlog };
        backlog -= edges.total('current', String(h)).amount;
        return point;
      });
      return { kind: 'series', bucket: '1h', points: points.reverse() };
    },
  };
}

export const ticketsBacklog = defineMetric({
  id: 'tickets.backlog', title: '工单积压 / Ticket backlog', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Open tickets (new, open, pending, on_hold) over the window, one point per local clock hour: the '
    + 'backlog at the end of that hour (the last point is now). A ticket is in the backlog exactly while its status '
    + 'is one of those four: every stay counts, a solve takes it out, a reopen brings it back; a deleted ticket counts '
    + 'at no point. Worked back from tickets.open now, so a ticket that changed moves every earlier point.',
  details: `**Which times.** A ticket's status over time is read as the SLA clocks read it (see Status over time):
\`new\` at creation, then its status events. It leaves the backlog when it is solved, not when Zendesk closes it days
later; solved and reopened, it is out between the two; deleted, it leaves every point, as if never created (as in
\`tickets.open\`). A ticket with no status events is in the backlog from its creation, and, if it is no longer open,
until its \`updated_at\`.

**What each point covers.** A point is the backlog at the end of the local clock hour starting at \`t\`, the last
point the backlog now. For \`24h\` and \`7d\` the first point is the hour that holds the window's start: at 12:30 the
24h series starts at 12:00 yesterday, the backlog at 13:00 yesterday; 25 points in all. A point is a state, so a
partly covered hour changes nothing. A move at the very start of an hour counts in that hour.

Example, window \`today\`: a ticket created 08:10, solved 09:20 and closed 11:40 is in the 08:00 point (the backlog
at 09:00) and in no other; one created 08:30, solved 09:10 and reopened 10:15 is in the 08:00 point and from the
10:00 point on.`,
  params: z.object({ window: z.enum(['today', '24h', '7d']).default('24h'), ...ticketFilters }).strict(),
  create: backlogAggregator,
});

export const serviceMetrics = [ticketsByStatus, ticketsBacklog];
