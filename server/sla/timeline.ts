import type { Ticket, TicketPriority, TicketStatus } from '../model';

export const DONE: ReadonlySet<TicketStatus> = new Set(['solved', 'closed']);
export interface Interval { start: number; end?: number }

/** What the SLA clocks read of a ticket's history, in time order; instants in epoch ms. */
export interface TicketHistory {
  created: number;
  /** Status over time, starting with `new` at creation. */
  statuses: { at: number; status: TicketStatus }[];
  /** Public comments only: private notes move no clock. */
  comments: { at: number; by: 'customer' | 'agent' }[];
  priorities: { at: number; to: TicketPriority }[];
  /** When the ticket was deleted, if it was. */
  deletedAt?: number;
}

export function readHistory(ticket: Ticket): TicketHistory {
  const created = Date.parse(ticket.created_at);
  // Each event beside its instant, not spread into a copy: events come in several shapes, and this runs per evaluation.
  const events = (ticket.events ?? []).map((e) => ({ e, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t);
  const statuses: TicketHistory['statuses'] = [{ at: created, status: 'new' }];
  const comments: TicketHistory['comments'] = [];
  const priorities: TicketHistory['priorities'] = [];
  for (const { e, t } of events) {
    if (e.kind === 'status') statuses.push({ at: t, status: e.to });
    else if (e.kind === 'comment') { if (e.public) comments.push({ at: t, by: e.by }); }
    else if (e.kind === 'priority') priorities.push({ at: t, to: e.to });
  }
  // A source without status history: the current status is taken to hold since the last update.
  if (statuses[statuses.length - 1]!.status !== ticket.status) {
    statuses.push({ at: Math.max(created, Date.parse(ticket.updated_at)), status: ticket.status });
  }
  return {
    created,
    statuses,
    comments,
    priorities,
    deletedAt: statuses.find((s) => s.status === 'deleted')?.at,
  };
}

/** Intervals during which the status was in `set`, in time order (the last may still be open). */
export function intervalsIn(history: TicketHistory, set: ReadonlySet<TicketStatus>): Interval[] {
  const out: Interval[] = [];
  let open: Interval | undefined;
  for (const entry of history.statuses) {
    const inside = set.has(entry.status);
    if (inside && !open) out.push((open = { start: entry.at }));
    else if (!inside && open) { open.end = entry.at; open = undefined; }
  }
  return out;
}

/** Overlapping or touching intervals merged, so no paused second is taken out twice. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const next of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && (last.end === undefined || next.start <= last.end)) {
      last.end = last.end === undefined || next.end === undefined ? undefined : Math.max(last.end, next.end);
    } else out.push({ ...next });
  }
  return out;
}

/** The instants the ticket was solved (entered solved or closed) and reopened (left them again). */
export function solvesAndReopens(history: TicketHistory): { solves: number[]; reopens: number[] } {
  const spans = intervalsIn(history, DONE);
  return { solves: spans.map((s) => s.start), reopens: spans.flatMap((s) => (s.end === undefined ? [] : [s.end])) };
}

/** The last priority recorded at or before `t`; undefined when none was (see `targetAt` in ticket.ts). */
export function recordedPriorityAt(history: TicketHistory, t: number): TicketPriority | undefined {
  let found: TicketPriority | undefined;
  for (const p of history.priorities) if (p.at <= t) found = p.to;
  return found;
}
