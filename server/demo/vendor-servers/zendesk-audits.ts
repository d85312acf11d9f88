import type { Ticket, TicketEvent } from '../../model';
import { isoSeconds } from '../../model';
import type { VendorReply, VendorRequest } from './http';

/** The ids a ticket's audits name: the account's groups and agents, the ticket's requester. */
export interface AuditIds { group(name: string): number | null; agent(name: string): number | null; requester: number | null }

type Child = Record<string, unknown>;
/** One ticket update (an audit) as the ticket events export gives it; comments apart, shown only when asked for. */
interface Audit { record: Record<string, unknown> & { id: number; timestamp: number }; changes: Child[]; comments: Child[] }
/** What a ticket's fields stood at after the audits already written. */
interface TicketState { seen: number; audits: number; status?: string; priority?: string; group?: number | null; assignee?: number | null }

const PAGE_MAX = 1000;
const FIRST_AUDIT_ID = 9_100_000_000_000;
const zendeskStatus = (s: string) => (s === 'on_hold' ? 'hold' : s);
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * A simulated account's ticket history in the shape of Zendesk's incremental ticket event export
 * (`GET /api/v2/incremental/ticket_events?start_time=<unix s>`, docs: Incremental Exports, "Incremental Ticket Event
 * Export"): one record per ticket update (`event_type: "Audit"`), its field changes as `child_events`. A field set
 * when the ticket is created is a `Create` child event holding the field as a key (`{"group_id": 360001422100,
 * "event_type": "Create"}`); a later change names the field as a key with its new value, beside `previous_value`
 * (`{"group_id": 360001422101, "event_type": "Change", "previous_value": 360001422100}`), as the `status` change events
 * do in Zendesk's samples. Passes between groups are `group_id` changes with `assignee_id` changes in the same audit.
 * Comments are `Comment` child events, only with `include=comment_events` (an audit holding nothing else is then left out).
 */
export function createAuditLog() {
  const audits: Audit[] = [];
  const states = new Map<number, TicketState>();
  /** Tickets changed since the log was last read: written out when it is (most accounts never read it). */
  const pending = new Map<number, { t: Ticket; ids: AuditIds }>();
  let sortedUpTo = 0;

  /** Notes a changed ticket (its latest version holds every event: a ticket's events only grow). */
  function add(t: Ticket, id: number, ids: AuditIds): void {
    pending.set(id, { t, ids });
  }

  /** Writes the events of a ticket not written yet, one audit per instant. */
  function write(t: Ticket, id: number, ids: AuditIds): void {
    const state = states.get(id) ?? { seen: 0, audits: 0 };
    states.set(id, state);
    const events = t.events ?? [];
    const creation = state.seen === 0;
    let i = state.seen;
    while (i < events.length) {
      const at = events[i]!.at;
      const group: TicketEvent[] = [];
      while (i < events.length && events[i]!.at === at) group.push(events[i++]!);
      const auditId = FIRST_AUDIT_ID + id * 200 + state.audits++;
      audits.push(audit(t, id, auditId, at, group, state, ids, creation && at === t.created_at));
    }
    state.seen = events.length;
  }

  function audit(t: Ticket, ticketId: number, id: number, at: string, events: TicketEvent[], state: TicketState, ids: AuditIds, created: boolean): Audit {
    let n = 0;
    const child = (fields: Child): Child => ({ id: id * 10 + ++n, via: 'Web form', via_reference_id: null, ...fields });
    const changes: Child[] = [];
    const comments: Child[] = [];
    const set = <K extends 'status' | 'priority' | 'group' | 'assignee'>(key: K, field: string, value: TicketState[K]) => {
      if (created && state[key] === undefined) changes.push(child({ [field]: value, event_type: 'Create' }));
      else if (state[key] !== value) changes.push(child({ [field]: value, event_type: 'Change', previous_value: state[key] ?? null }));
      state[key] = value;
    };
    if (created) {
      changes.push(child({ subject: t.subject ?? null, event_type: 'Create' }));
      set('status', 'status', 'new');
    }
    for (const e of events) {
      if (e.kind === 'status') set('status', 'status', zendeskStatus(e.to));
      else if (e.kind === 'priority') set('priority', 'priority', e.to);
      else if (e.kind === 'group') set('group', 'group_id', ids.group(e.to));
      else if (e.kind === 'assignee') set('assignee', 'assignee_id', ids.agent(e.to));
      else {
        comments.push(child({ type: 'Comment', author_id: e.by === 'agent' ? state.assignee ?? null : ids.requester, body: commentBody(t, e.by), public: e.public, attachments: [], audit_id: id,
          created_at: isoSeconds(Date.parse(e.at)), event_type: 'Comment' }));
      }
    }
    const updater = events.some((e) => e.kind === 'comment' && e.by === 'customer') || created ? ids.requester : state.assignee ?? -1;
    return {
      changes, comments,
      record: { id, ticket_id: ticketId, timestamp: unix(at), created_at: isoSeconds(Date.parse(at)), updater_id: updater, via: 'Web form',
        system: {}, metadata: { system: {}, custom: {} }, event_type: 'Audit', merged_ticket_ids: [] },
    };
  }

  /** The audits in (timestamp, id) order: changes arrive in time order, so mostly only the new tail is sorted. */
  function ordered(): Audit[] {
    for (const [id, { t, ids }] of pending) write(t, id, ids);
    pending.clear();
    if (sortedUpTo < audits.length) {
      const tail = audits.splice(sortedUpTo).sort((a, b) => a.record.timestamp - b.record.timestamp || a.record.id - b.record.id);
      const last = audits.at(-1)?.record.timestamp ?? -Infinity;
      audits.push(...tail);
      if (tail.length > 0 && tail[0]!.record.timestamp < last) audits.sort((a, b) => a.record.timestamp - b.record.timestamp || a.record.id - b.record.id);
      sortedUpTo = audits.length;
    }
    return audits;
  }

  /**
   * One page of the export from `start_time` (unix s): audits at or after it, up to 1000; `end_time` the last one's
   * timestamp and `next_page` from there (its second repeats, as in every time-based export); changes in the last
   * `holdback` seconds wait.
   */
  function exportPage(req: VendorRequest, now: number, holdback: number): VendorReply {
    const q = req.url.searchParams;
    const start = Number(q.get('start_time') ?? NaN);
    if (!Number.isInteger(start) || start < 0) return { status: 400, body: { error: 'InvalidValue', description: 'start_time is required' } };
    // Zendesk refuses a start_time within the minute it holds back; a next_page never points there, as none may here.
    if (start > Math.floor(now / 1000) - holdback) return { status: 422, body: { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute.' } };
    const comments = (q.get('include') ?? '').split(',').includes('comment_events');
    const cutoff = Math.floor(now / 1000) - holdback;
    const all = ordered();
    let lo = 0, hi = all.length; // the first audit at or after start
    while (lo < hi) { const mid = (lo + hi) >> 1; if (all[mid]!.record.timestamp < start) lo = mid + 1; else hi = mid; }
    const page: Record<string, unknown>[] = [];
    let i = lo;
    for (; i < all.length && page.length < PAGE_MAX && all[i]!.record.timestamp < cutoff; i++) {
      const a = all[i]!;
      const children = comments ? [...a.comments, ...a.changes] : a.changes;
      if (children.length > 0) page.push({ ...a.record, child_events: children });
    }
    const endOfStream = i >= all.length || all[i]!.record.timestamp >= cutoff;
    const endTime = page.length > 0 ? (page.at(-1)!.timestamp as number) : start;
    const base = `http://${req.headers.host ?? '127.0.0.1'}${req.path}`;
    return { body: { ticket_events: page, next_page: `${base}?start_time=${endTime}${comments ? '&include=comment_events' : ''}`,
      count: page.length, end_of_stream: endOfStream, end_time: endTime } };
  }

  return { add, exportPage };
}

/** What a comment says: the customer's first words are the subject; the simulation writes no more than that. */
function commentBody(t: Ticket, by: 'customer' | 'agent'): string {
  return by === 'customer' ? (t.subject ?? '') : '您好，已收到您的问题，我们正在处理。';
}
