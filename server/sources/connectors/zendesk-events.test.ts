import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createZendeskConnector, zendeskOptionsSchema } from './zendesk';
import { movesOf, passedTickets, withMoves, type ZendeskAudit } from './zendesk-events';

/**
 * A page of the Incremental Ticket Event Export (developer.zendesk.com/api-reference/ticketing/ticket-management/
 * incremental_exports/#incremental-ticket-event-export): one record per ticket update, `event_type: "Audit"`, its field
 * changes as `child_events`. Zendesk's samples show a change as the field's key with its new value beside `previous_value`
 * (`{"status":"solved","event_type":"Change","previous_value":"open"}`); a field set at creation is a `Create` child event.
 * Ticket 148213 is created in Tier 1 (360001422112) at 08:47:12, passed to Escalations (360001422113) with an assignee at
 * 09:20:00, back to Tier 1 at 09:40:00 and to Escalations again at 09:58:40: A→B→A→B.
 */
const audit = (id: number, iso: string, children: Record<string, unknown>[], ticket = 148213): ZendeskAudit & Record<string, unknown> => ({
  id, ticket_id: ticket, timestamp: Date.parse(iso) / 1000, created_at: iso, updater_id: 381204917553, via: 'Web form',
  system: {}, metadata: { system: {}, custom: {} }, event_type: 'Audit', merged_ticket_ids: [],
  child_events: children.map((c, i) => ({ id: id * 10 + i, via: 'Web form', via_reference_id: null, ...c })),
});
const AUDITS = [
  audit(9001, '2025-03-14T08:47:12Z', [{ subject: 'Checkout API returning 502 for EU customers', event_type: 'Create' },
    { status: 'new', event_type: 'Create' }, { group_id: 360001422112, event_type: 'Create' }]),
  audit(9002, '2025-03-14T09:20:00Z', [{ group_id: 360001422113, event_type: 'Change', previous_value: 360001422112 },
    { assignee_id: 381204917553, event_type: 'Change', previous_value: null }, { comment_present: true, event_type: 'Change', previous_value: false }]),
  audit(9003, '2025-03-14T09:40:00Z', [{ group_id: '360001422112', event_type: 'Change', previous_value: '360001422113' }]),
  audit(9004, '2025-03-14T09:58:40Z', [{ group_id: 360001422113, event_type: 'Change', previous_value: 360001422112 },
    { priority: 'urgent', event_type: 'Change', previous_value: 'high' }]),
];
const GROUPS = { 360001422112: 'Tier 1', 360001422113: 'Escalations' } as Record<number, string>;
const name = (kind: 'group' | 'assignee', id: number) => (kind === 'group' ? GROUPS[id] ?? String(id) : 'Lena Vogt');

describe('movesOf and withMoves', () => {
  it('reads group and assignee changes (Create and Change, numbers or digit strings) at their audit time', () => {
    const moves = movesOf(AUDITS).get(148213)!;
    expect(moves).toEqual([
      { at: '2025-03-14T08:47:12.000Z', kind: 'group', id: 360001422112 },
      { at: '2025-03-14T09:20:00.000Z', kind: 'group', id: 360001422113, from: 360001422112 },
      { at: '2025-03-14T09:20:00.000Z', kind: 'assignee', id: 381204917553 }, // from nobody (previous_value null)
      { at: '2025-03-14T09:40:00.000Z', kind: 'group', id: 360001422112, from: 360001422113 },
      { at: '2025-03-14T09:58:40.000Z', kind: 'group', id: 360001422113, from: 360001422112 },
    ]);
  });

  it('also reads the Ticket Audits API\'s change shape (field_name, value as text)', () => {
    // developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/: { "type": "Change", "field_name": "group_id", "value": "…", "previous_value": "…" }
    const audits = [audit(7, '2025-03-14T10:00:00Z', [{ event_type: 'Change', type: 'Change', field_name: 'group_id', value: '360001422112', previous_value: '360001422113' }])];
    expect(movesOf(audits).get(148213)).toEqual([{ at: '2025-03-14T10:00:00.000Z', kind: 'group', id: 360001422112, from: 360001422113 }]);
  });

  it('fetches again only tickets passed from one group to another, not those given their first group or agent', () => {
    const audits = [...AUDITS,
      audit(9101, '2025-03-14T09:00:00Z', [{ group_id: 360001422112, event_type: 'Create' }], 148300),
      audit(9102, '2025-03-14T09:05:00Z', [{ assignee_id: 381204917553, event_type: 'Change', previous_value: null },
        { group_id: 360001422113, event_type: 'Change', previous_value: null }], 148301)];
    // 148213 moved Tier 1 → Escalations: a pass. 148300 only got its first group; 148301 its first group and agent.
    expect([...passedTickets(movesOf(audits)).keys()]).toEqual([148213]);
  });

  it('says where a ticket was until its change when the page holds only the change', () => {
    const audits = [audit(9003, '2025-03-14T09:40:00Z', [{ group_id: 360001422112, event_type: 'Change', previous_value: 360001422113 }])];
    const moves = movesOf(audits).get(148213)!;
    // In Escalations until 09:40 (the change's previous_value), then Tier 1: one pass, Escalations → Tier 1.
    const read = withMoves([], moves, name);
    expect(read).toEqual([
      { at: '2025-03-14T09:39:59.999Z', kind: 'group', to: 'Escalations' }, { at: '2025-03-14T09:40:00.000Z', kind: 'group', to: 'Tier 1' }]);
    // Merged after the moves an earlier page gave (Tier 1 08:47:12, Escalations 09:20), the 09:39:59.999 move repeats
    // Escalations: Tier 1 → Escalations → Escalations → Tier 1 is two passes, as Zendesk's A→B→A is.
    const earlier = [{ at: '2025-03-14T08:47:12.000Z', kind: 'group' as const, to: 'Tier 1' }, { at: '2025-03-14T09:20:00.000Z', kind: 'group' as const, to: 'Escalations' }];
    const groups = [...earlier, ...read].map((e) => ('to' in e ? e.to : ''));
    expect(groups.filter((g, i) => i > 0 && g !== groups[i - 1])).toEqual(['Escalations', 'Tier 1']);
  });

  it('skips a move to no group, an unreadable audit, and other fields', () => {
    const bad = [audit(1, '2025-03-14T10:00:00Z', [{ group_id: null, event_type: 'Change', previous_value: 1 }]),
      { id: 2, ticket_id: 5, created_at: 'yesterday', child_events: [{ group_id: 1, event_type: 'Change' }] },
      { id: 3, ticket_id: 6, timestamp: 1741946320, child_events: [{ status: 'open', event_type: 'Change' }] }] as ZendeskAudit[];
    expect([...movesOf(bad)]).toEqual([]);
  });

  it('adds the moves to the ticket\'s own events in time order, each once', () => {
    const own = [{ at: '2025-03-14T09:29:12.000Z', kind: 'comment' as const, by: 'agent' as const, public: true }];
    const moves = movesOf(AUDITS).get(148213)!;
    const once = withMoves(own, moves, name);
    expect(once.map((e) => `${e.kind}:${'to' in e ? e.to : e.by}`)).toEqual(['group:Tier 1', 'group:Escalations', 'assignee:Lena Vogt',
      'comment:agent', 'group:Tier 1', 'group:Escalations']);
    expect(withMoves(once, moves, name)).toEqual(once); // a re-read page adds nothing
  });
});

describe('zendesk ticket events phase', () => {
  const log = pino({ level: 'silent' });
  const now = Date.parse('2025-03-14T10:05:00Z');
  afterEach(() => { vi.unstubAllGlobals(); });
  const opts = zendeskOptionsSchema.parse({ subdomain: 'acme-support', slas: false });
  const ctx = (cursor: object, l = log) => ({ cursor, now, signal: new AbortController().signal, log: l });
  /** The ticket as show_many gives it now (Tickets API JSON), with the export's sideloads. */
  const SHOW_MANY = {
    tickets: [{ id: 148213, status: 'open', priority: 'urgent', subject: 'Checkout API returning 502 for EU customers', created_at: '2025-03-14T08:47:12Z',
      updated_at: '2025-03-14T09:58:40Z', group_id: 360001422113, assignee_id: 381204917553, organization_id: null, custom_fields: [] }],
    metric_sets: [{ ticket_id: 148213, reply_time_in_seconds: { calendar: 2520 }, status_updated_at: '2025-03-14T09:20:00Z' }],
    users: [{ id: 381204917553, name: 'Lena Vogt' }], groups: [{ id: 360001422113, name: 'Escalations' }], organizations: [],
  };
  function serve(pages: Record<string, () => Response>) {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (input: URL) => {
      const url = new URL(String(input));
      urls.push(url);
      const reply = pages[url.pathname];
      return reply ? reply() : Response.json({ error: 'InvalidEndpoint' }, { status: 404 });
    });
    return urls;
  }

  it('reads the moves, fetches their tickets whole and yields them with group events; the group list names past groups', async () => {
    const urls = serve({
      '/api/v2/incremental/ticket_events.json': () => Response.json({ ticket_events: AUDITS, next_page: null, count: 4, end_of_stream: true, end_time: 1741946320 }),
      '/api/v2/tickets/show_many.json': () => Response.json(SHOW_MANY),
      '/api/v2/groups.json': () => Response.json({ groups: [{ id: 360001422112, name: 'Tier 1' }, { id: 360001422113, name: 'Escalations' }], next_page: null, count: 2 }),
    });
    const c = createZendeskConnector({ ...opts, accounts: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll(ctx({ after_cursor: 'c1', phase: 'ticket_events', ticket_events: { start_time: 1741940000 } }));
    expect(urls.map((u) => u.pathname)).toEqual(['/api/v2/incremental/ticket_events.json', '/api/v2/groups.json', '/api/v2/tickets/show_many.json']);
    expect(urls[0]!.searchParams.get('start_time')).toBe('1741940000');
    expect(Object.fromEntries(urls[2]!.searchParams)).toEqual({ ids: '148213', include: 'metric_sets,users,groups,organizations' });
    const [t] = page.records as { events: { kind: string }[] }[];
    expect(ticketSchema.safeParse(t).success).toBe(true);
    // Tier 1 (creation) → Escalations → Tier 1 → Escalations, with the metric set's first reply (08:47:12 + 2520 s = 09:29:12)
    // and status (open since 09:20:00) between them.
    expect(t!.events).toEqual([
      { at: '2025-03-14T08:47:12.000Z', kind: 'group', to: 'Tier 1' },
      { at: '2025-03-14T09:20:00.000Z', kind: 'status', to: 'open' },
      { at: '2025-03-14T09:20:00.000Z', kind: 'group', to: 'Escalations' },
      { at: '2025-03-14T09:20:00.000Z', kind: 'assignee', to: 'Lena Vogt' },
      { at: '2025-03-14T09:29:12.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:40:00.000Z', kind: 'group', to: 'Tier 1' },
      { at: '2025-03-14T09:58:40.000Z', kind: 'group', to: 'Escalations' },
    ]);
    // End of the stream: the position is the page's end_time, the audit of that second noted as read; the poll ends.
    expect(page).toMatchObject({ cursor: { after_cursor: 'c1', ticket_events: { start_time: 1741946320, seen: [9004] } } });
    expect(page.cursor).not.toHaveProperty('phase');
    expect(page.more).toBeUndefined();
  });

  it('an audit of the boundary second already read costs no second look-up', async () => {
    const urls = serve({
      '/api/v2/incremental/ticket_events.json': () => Response.json({ ticket_events: [AUDITS[3]], end_of_stream: true, end_time: 1741946320 }),
    });
    const c = createZendeskConnector({ ...opts, accounts: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll(ctx({ after_cursor: 'c1', phase: 'ticket_events', ticket_events: { start_time: 1741946320, seen: [9004] } }));
    expect(urls).toHaveLength(1);
    expect(page).toMatchObject({ records: [], cursor: { ticket_events: { start_time: 1741946320, seen: [9004] } } });
  });

  it('pages on while the stream goes on, then the organizations export when due', async () => {
    serve({ '/api/v2/incremental/ticket_events.json': () => Response.json({ ticket_events: [], end_of_stream: false, end_time: 1741941000 }) });
    const c = createZendeskConnector(opts, { ZENDESK_TOKEN: 't' }, 'zd');
    expect(await c.poll(ctx({ phase: 'ticket_events', ticket_events: { start_time: 1741940000 } })))
      .toMatchObject({ more: true, cursor: { phase: 'ticket_events', ticket_events: { start_time: 1741941000 } } });
    serve({ '/api/v2/incremental/ticket_events.json': () => Response.json({ ticket_events: [], end_of_stream: true, end_time: 1741941000 }) });
    expect(await c.poll(ctx({ phase: 'ticket_events', ticket_events: { start_time: 1741941000 } })))
      .toMatchObject({ more: true, cursor: { phase: 'organizations' } });
  });

  it('a refused export (403: it needs an admin) turns the phase off with a warning; the store derives moves instead', async () => {
    serve({ '/api/v2/incremental/ticket_events.json': () => Response.json({ error: 'Forbidden' }, { status: 403 }) });
    const warnings: string[] = [];
    const spy = { ...log, warn: (_o: object, msg: string) => { warnings.push(msg); } } as unknown as typeof log;
    const c = createZendeskConnector({ ...opts, accounts: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    expect(await c.poll(ctx({ after_cursor: 'c1', phase: 'ticket_events' }, spy))).toEqual({ records: [], cursor: { after_cursor: 'c1' } });
    expect(warnings).toEqual(['Zendesk ticket events export unavailable (it needs an admin); group changes are derived between polls']);
    // Off: the tickets' end of stream no longer goes on to it.
    serve({ '/api/v2/incremental/tickets/cursor.json': () => Response.json({ tickets: [], after_cursor: 'c2', end_of_stream: true }) });
    expect(await c.poll(ctx({ after_cursor: 'c1' }))).toEqual({ records: [], cursor: { after_cursor: 'c2' }, more: false });
  });

  it('show_many without the metric_sets sideload: nothing yielded (the records would lose events), the phase off', async () => {
    serve({
      '/api/v2/incremental/ticket_events.json': () => Response.json({ ticket_events: AUDITS, end_of_stream: true, end_time: 1741946320 }),
      '/api/v2/tickets/show_many.json': () => Response.json({ tickets: SHOW_MANY.tickets }),
      '/api/v2/groups.json': () => Response.json({ groups: [] }),
    });
    const c = createZendeskConnector({ ...opts, accounts: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    expect(await c.poll(ctx({ phase: 'ticket_events', ticket_events: { start_time: 1741940000 } }))).toMatchObject({ records: [] });
  });
});
