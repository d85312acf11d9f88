import { DEAL_STAGES, ORDER_STATUSES, recordSchema, type CanonicalRecord, type Deal, type Order, type Ticket, type TicketEvent } from './records';

export type NormaliseResult = { ok: true; record: CanonicalRecord } | { ok: false; error: string };

/** Any instant a connector hands over, rewritten as UTC with `Z` and second precision kept. */
export function toUtcIso(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${String(value)}`);
  return date.toISOString();
}

const INSTANT_FIELDS = ['created_at', 'updated_at'] as const;

/** What toISOString gives. A validated instant already in this form is kept as is: the ingest hot path skips a Date round trip. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const utc = (value: string) => (CANONICAL_UTC.test(value) ? value : toUtcIso(value));

/**
 * Validates a candidate canonical record and rewrites every instant as UTC. The error names the
 * JSON path and what was expected, so a rejected record can be reported and the batch goes on.
 */
export function normaliseRecord(input: unknown): NormaliseResult {
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    return { ok: false, error: `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid record'}` };
  }
  const record = { ...parsed.data } as CanonicalRecord;
  for (const field of INSTANT_FIELDS) record[field] = utc(record[field]);
  if (record.type === 'ticket') {
    if (record.events) record.events = record.events.map((e) => ({ ...e, at: utc(e.at) }));
    if (record.vendor_due) record.vendor_due = record.vendor_due.map((d) => ({ ...d, due_at: utc(d.due_at) }));
  }
  if ((record.type === 'order' || record.type === 'deal') && record.history) {
    (record as Order | Deal).history = record.history.map((h) => ({ ...h, at: utc(h.at) })) as never;
  }
  return { ok: true, record };
}

/** The field whose changes a record type's history follows. */
const TRACKED = { order: 'status', deal: 'stage' } as const;
/** The status (or stage) a record starts in: its creation enters it. */
const INITIAL = { order: ORDER_STATUSES[0], deal: DEAL_STAGES[0] } as const;

/**
 * Where a source gives no history, derive it from what changed between two observations:
 * the new status (or stage) is appended at the record's `updated_at`; a change of anything else appends nothing.
 * A record first seen in its initial status entered it at `created_at`. One first seen further on (a backfill of
 * old orders) entered it at some time the hub cannot know, by `updated_at` at the latest: taken then, as a ticket's
 * status is (sla/timeline.ts), so no cycle time shrinks to zero and no stuck clock runs from creation.
 */
export function withDerivedHistory(record: CanonicalRecord, before?: CanonicalRecord): CanonicalRecord {
  if (record.type === 'ticket') {
    const stored = before?.type === 'ticket' ? before : undefined;
    return withKeptMoves(withDerivedPriorities(record, stored), stored);
  }
  if (record.type === 'account') return record; // an account has no status to follow
  if (record.history && record.history.length > 0) return record;
  const field = TRACKED[record.type];
  const value = (record as Record<string, unknown>)[field];
  const prev = (before?.type === record.type ? before.history ?? [] : []) as Record<string, unknown>[];
  if (prev[prev.length - 1]?.[field] === value) return { ...record, history: prev } as CanonicalRecord;
  const at = prev.length === 0 && value === INITIAL[record.type] ? record.created_at : record.updated_at;
  return { ...record, history: [...prev, { [field]: value, at }] } as CanonicalRecord;
}

/**
 * A ticket from a source that sends no priority events gets them from what changed between observations:
 * the priority it had first (at creation) and each change (at the update that showed it). SLA targets
 * depend on the priority in force at each moment, so a later change must not rewrite a finished clock.
 */
function withDerivedPriorities(ticket: Ticket, before?: Ticket): Ticket {
  const own = (ticket.events ?? []).some((e) => e.kind === 'priority');
  if (own || !before) return ticket;
  const known = (before.events ?? []).filter((e) => e.kind === 'priority');
  const derived = [...known];
  if (before.priority !== ticket.priority) {
    if (derived.length === 0) derived.push({ at: ticket.created_at, kind: 'priority', to: before.priority });
    derived.push({ at: ticket.updated_at, kind: 'priority', to: ticket.priority });
  }
  if (derived.length === 0) return ticket;
  const events = [...(ticket.events ?? []), ...derived].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { ...ticket, events };
}

type Move = Extract<TicketEvent, { kind: 'group' | 'assignee' }>;
const isMove = (e: TicketEvent): e is Move => e.kind === 'group' || e.kind === 'assignee';
const moveKey = (e: Move) => `${e.kind}\u0000${e.at}\u0000${e.to}`;
const byTime = (a: TicketEvent, b: TicketEvent) => Date.parse(a.at) - Date.parse(b.at);

/**
 * A ticket's group and assignee changes (what tickets.reassignments counts) accumulate in the store. A source may send
 * them apart from the ticket (Zendesk's ticket events export) or not at all, so the stored ones stay when a newer version
 * comes without them, each change once (the same kind, instant and name is one change: re-reads add nothing). Where the
 * ticket's group (or assignee) differs from the stored one and no event says so, the change is derived: at the update
 * that showed it, after (for the first one known) the stored group at the ticket's creation, so that first change seen is
 * a pass and not taken for the first assignment. docs/connectors.md says per vendor which are exact and which derived.
 */
function withKeptMoves(ticket: Ticket, before?: Ticket): Ticket {
  if (!before) return ticket;
  const own = ticket.events ?? [];
  const seen = new Set(own.filter(isMove).map(moveKey));
  const added: Move[] = [];
  for (const e of before.events ?? []) {
    if (isMove(e) && !seen.has(moveKey(e))) { seen.add(moveKey(e)); added.push(e); }
  }
  for (const kind of ['group', 'assignee'] as const) {
    const now = ticket[kind];
    const was = before[kind];
    if (now === undefined || now === was) continue;
    const known = [...own, ...added].filter((e): e is Move => e.kind === kind).sort(byTime);
    if (known.at(-1)?.to === now) continue; // the source told it
    if (known.length === 0 && was !== undefined) added.push({ at: ticket.created_at, kind, to: was });
    added.push({ at: ticket.updated_at, kind, to: now });
  }
  return added.length === 0 ? ticket : { ...ticket, events: [...own, ...added].sort(byTime) };
}
