import type { TicketEvent } from '../../model';
import { maybeUtc, utcInstant } from './service-desk';

/**
 * Zendesk's incremental ticket event export (`GET /api/v2/incremental/ticket_events?start_time=<unix s>`; docs:
 * developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export):
 * one record per ticket update (an audit: `id`, `ticket_id`, `timestamp` unix s, `created_at`, `event_type: "Audit"`) with
 * its field changes as `child_events`. A change names the field as a key holding the new value, beside `previous_value`
 * (`{"status": "solved", "event_type": "Change", "previous_value": "open"}` in Zendesk's samples); a field set as the ticket
 * is created is a `Create` child event holding the field as a key. Group and assignee moves are the `group_id` and
 * `assignee_id` keys. Time-based paging: `end_time` is the next page's `start_time`, `end_of_stream` says the end.
 */
export interface ZendeskAudit {
  id: number; ticket_id: number; timestamp?: number; created_at?: string; event_type?: string;
  child_events?: Record<string, unknown>[];
}
export interface TicketEventsPage { ticket_events?: ZendeskAudit[]; end_time?: number; end_of_stream?: boolean; next_page?: string | null }

/**
 * A group or assignee move read from an audit: the vendor's id it moved to, at the audit's time; for a change (not a value
 * set at creation), the id it moved from (`previous_value`) when there was one.
 */
export interface RawMove { at: string; kind: 'group' | 'assignee'; id: number; from?: number }

const FIELDS = { group_id: 'group', assignee_id: 'assignee' } as const;

/** An id as Zendesk sends it (a number; a string of digits is taken too), or undefined for null and anything else. */
function idOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,17}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * The group and assignee moves of a page's audits, per ticket id, in the page's order. A move to no group (null) is no
 * event (a ticket event names where it went). An audit without a readable time is skipped.
 */
export function movesOf(audits: readonly ZendeskAudit[]): Map<number, RawMove[]> {
  const out = new Map<number, RawMove[]>();
  for (const audit of audits) {
    if (typeof audit?.ticket_id !== 'number' || !Array.isArray(audit.child_events)) continue;
    let at: string | undefined;
    try { at = maybeUtc(audit.created_at) ?? (typeof audit.timestamp === 'number' ? utcInstant(audit.timestamp) : undefined); } catch { at = undefined; }
    if (!at) continue;
    for (const child of audit.child_events) {
      if (child?.event_type !== 'Create' && child?.event_type !== 'Change') continue;
      for (const [field, kind] of Object.entries(FIELDS)) {
        // The export's shape (the field as a key), or the Ticket Audits API's (`field_name` and `value`), should it come so.
        const value = field in child ? child[field] : child.field_name === field ? child.value : undefined;
        if (value === undefined) continue;
        const id = idOf(value);
        if (id === undefined) continue;
        const from = child.event_type === 'Change' ? idOf(child.previous_value) : undefined;
        const list = out.get(audit.ticket_id) ?? [];
        list.push(from === undefined ? { at, kind, id } : { at, kind, id, from });
        out.set(audit.ticket_id, list);
      }
    }
  }
  return out;
}

/**
 * The tickets of `moves` passed from one group to another (a group change from a group, not the first assignment): the
 * ones worth fetching again. Nearly every ticket gets a group as it is created, and re-reading each would double the
 * export's requests; a ticket only ever in its first group has no pass to add, and its assignee moves are derived between
 * polls (docs/connectors.md, Group and assignee moves).
 */
export function passedTickets(moves: ReadonlyMap<number, readonly RawMove[]>): Map<number, RawMove[]> {
  const out = new Map<number, RawMove[]>();
  for (const [id, list] of moves) if (list.some((m) => m.kind === 'group' && m.from !== undefined)) out.set(id, [...list]);
  return out;
}

/**
 * A ticket's own events with its moves added as ticket events (names by `name`), in time order, each once: a page re-read
 * (the time-based export repeats its boundary second) adds nothing.
 */
export function withMoves(events: readonly TicketEvent[], moves: readonly RawMove[], name: (kind: RawMove['kind'], id: number) => string): TicketEvent[] {
  const out = [...events];
  const seen = new Set(out.map((e) => JSON.stringify(e)));
  const add = (event: TicketEvent) => {
    const key = JSON.stringify(event);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(event);
  };
  // The page's first move of a kind read as a change from another group (or agent), with nothing of that kind before it here:
  // the ticket was there until the change (its earlier audits lie before this page, maybe before the backfill), said by a
  // move 1 ms before it. So the change counts as a pass, not as a first assignment; merged with the moves the store already
  // keeps, it repeats the group they end in, which is no pass (model/normalise.ts keeps each move once).
  for (const kind of ['group', 'assignee'] as const) {
    const first = moves.filter((m) => m.kind === kind).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    if (first?.from === undefined) continue;
    if (out.some((e) => e.kind === kind && Date.parse(e.at) <= Date.parse(first.at))) continue;
    add({ at: new Date(Date.parse(first.at) - 1).toISOString(), kind, to: name(kind, first.from) });
  }
  for (const m of moves) add({ at: m.at, kind: m.kind, to: name(m.kind, m.id) });
  // A stable sort: moves at the same instant keep the audit's order (Zendesk lists one audit's changes in order).
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
