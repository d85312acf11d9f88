import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createZammadConnector, mapZammadOrganization, mapZammadTicket, priorityFromName, zammadOptionsSchema, type ZammadCursor, type ZammadLookups,
  type ZammadOrganization, type ZammadTicket } from './zammad';
import { articleEvents } from './zammad-articles';

const opts = zammadOptionsSchema.parse({ base_url: 'https://helpdesk.acme.example' });
const states = [[1, 'new', 1], [2, 'open', 2], [3, 'pending reminder', 3], [4, 'closed', 5], [5, 'merged', 6], [6, 'removed', 7], [7, 'pending close', 4]] as const;
const lookups: ZammadLookups = {
  states: new Map(states.map(([id, name, type]) => [id, { id, name, state_type_id: type }])),
  priorities: new Map([[1, { id: 1, name: '1 low' }], [2, { id: 2, name: '2 normal' }], [3, { id: 3, name: '3 high' }]]),
};
const ticket = (over: Partial<ZammadTicket> = {}): ZammadTicket => ({
  id: 1047, number: '31047', title: 'Warehouse scanner sync failing since 07:30', state_id: 2, priority_id: 3, group_id: 2, owner_id: 9,
  created_at: '2025-03-14T07:52:30.118Z', updated_at: '2025-03-14T09:40:03.021Z', group: '2nd Level', owner: 's.brandt@acme.example',
  customer: 'it@northgate-logistics.example', organization: 'Northgate Logistics AG', ...over,
});

describe('mapZammadTicket', () => {
  it('maps states by their type: pending reminder on hold, pending close pending, merged closed, removed deleted', () => {
    expect(states.map(([id]) => mapZammadTicket(ticket({ state_id: id }), opts, lookups).status))
      .toEqual(['new', 'open', 'on_hold', 'closed', 'closed', 'deleted', 'pending']);
  });

  it('config maps states and priorities by name or id first', () => {
    const o = zammadOptionsSchema.parse({ base_url: 'https://h', status_map: { 'pending reminder': 'pending', 2: 'new' }, priority_map: { '3 high': 'urgent' } });
    expect(mapZammadTicket(ticket({ state_id: 3 }), o, lookups).status).toBe('pending');
    expect(mapZammadTicket(ticket({ state_id: 2 }), o, lookups).status).toBe('new');
    expect(mapZammadTicket(ticket(), o, lookups).priority).toBe('urgent');
  });

  it('a state missing from the lookup falls back to its expanded stock name', () => {
    const none = { states: new Map(), priorities: new Map() };
    expect(mapZammadTicket(ticket({ state_id: 99, state: 'pending close', priority: '1 low' }), opts, none)).toMatchObject({ status: 'pending', priority: 'low' });
    expect(mapZammadTicket(ticket({ state_id: 99, state: 'something custom' }), opts, none).status).toBe('open');
  });

  it('keeps millisecond UTC instants; escalation times become vendor_due; "-" is nobody', () => {
    const t = mapZammadTicket(ticket({ first_response_escalation_at: '2025-03-14T08:22:30.000Z', update_escalation_at: '2025-03-14T11:40:02.000Z',
      close_escalation_at: '2025-03-14T15:52:30.000Z', owner_id: 1, owner: '-' }), opts, lookups);
    expect(t).toMatchObject({ id: '1047', created_at: '2025-03-14T07:52:30.118Z', updated_at: '2025-03-14T09:40:03.021Z', group: '2nd Level',
      customer: 'Northgate Logistics AG', extra: { number: '31047' } });
    expect(t.assignee).toBeUndefined();
    expect(t.vendor_due).toEqual([
      { metric: 'first_reply_time', due_at: '2025-03-14T08:22:30.000Z' }, { metric: 'next_reply_time', due_at: '2025-03-14T11:40:02.000Z' },
      { metric: 'resolution', due_at: '2025-03-14T15:52:30.000Z' }]);
    expect(ticketSchema.safeParse(t).success).toBe(true);
  });
});

it('priorityFromName reads the leading digit, else a word', () => {
  expect(['1 low', '2 normal', '3 high', '4 very high', 'Urgent!', 'whatever', undefined].map(priorityFromName))
    .toEqual(['low', 'normal', 'high', 'urgent', 'urgent', 'normal', 'normal']);
});

describe('zammad connector', () => {
  const log = pino({ level: 'silent' });
  afterEach(() => { vi.unstubAllGlobals(); });

  it('a full page at the end of the search window restarts from the newest change; bearer auth when asked', async () => {
    const auth: (string | null)[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      auth.push(new Headers(init.headers).get('authorization'));
      const path = new URL(url).pathname;
      if (path.endsWith('/ticket_states')) return Response.json([...lookups.states.values()]);
      if (path.endsWith('/ticket_priorities')) return Response.json([...lookups.priorities.values()]);
      return Response.json([ticket(), ticket({ id: 1048, updated_at: '2025-03-14T09:41:00.000Z' })]);
    });
    const c = createZammadConnector({ ...zammadOptionsSchema.parse({ base_url: 'https://h', auth: 'bearer', per_page: 2 }) }, { ZAMMAD_TOKEN: 'tok' }, 'zm');
    const page = await c.poll({ cursor: { since: '2025-03-14T08:00:00.000Z', page: 5000 }, now: 0, signal: new AbortController().signal, log });
    expect(page.more).toBe(true);
    expect(page.cursor).toEqual({ since: '2025-03-14T09:41:00.000Z', page: 1, newest: '2025-03-14T09:41:00.000Z' });
    expect(new Set(auth)).toEqual(new Set(['Bearer tok']));
  });
});

describe('articleEvents', () => {
  const a = (id: number, at: string, sender: string | null, internal = false) => ({ id, created_at: at, sender, internal, type: 'email' });
  const articles = [a(3, '2025-03-14T09:40:02.774Z', 'Customer'), a(1, '2025-03-14T07:52:30.118Z', 'Customer'), a(2, '2025-03-14T08:04:41.530Z', 'Agent'),
    a(4, '2025-03-14T08:10:00Z', 'Agent', true), a(5, '2025-03-14T08:04:42Z', 'System'), a(6, '2025-03-14T08:20:00Z', null)];

  it('public customer and agent articles, oldest first; notes, system articles and unknown senders left out', () => {
    expect(articleEvents(articles, 100)).toEqual([
      { at: '2025-03-14T07:52:30.118Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
    ]);
  });

  it('keeps only the newest `max`, and the ticket carries them in place of its contact fields', () => {
    expect(articleEvents(articles, 1)).toEqual([{ at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true }]);
    const t = mapZammadTicket(ticket({ first_response_at: '2025-03-14T08:04:41.530Z', last_contact_agent_at: '2025-03-14T08:04:41.530Z' }), opts, lookups, articles);
    expect(t.events!.map((e) => e.at)).toEqual(['2025-03-14T07:52:30.118Z', '2025-03-14T08:04:41.530Z', '2025-03-14T09:40:02.774Z']);
    expect(mapZammadTicket(ticket({ first_response_at: '2025-03-14T08:04:41.530Z' }), opts, lookups, []).events).toBeUndefined(); // read, none public
  });
});

/**
 * An organization as `GET /api/v1/organizations/search` lists it (the Organization fields of the Zammad documentation,
 * docs.zammad.org api/organization: id, name, shared, domain, domain_assignment, active, note, vip, member_ids, created_at,
 * updated_at), with two attributes an admin added in the object manager, which appear as top-level keys.
 */
const northgate: ZammadOrganization & Record<string, unknown> = {
  id: 15, name: 'Northgate Logistics AG', shared: true, domain: 'northgate-logistics.example', domain_assignment: false, active: true, vip: false,
  note: 'Warehouse scanners on the L2 contract.', member_ids: [64, 66], secondary_member_ids: [], updated_by_id: 3, created_by_id: 1,
  vat_id: 'DE298765432', crm_account_id: '001Hs00002Zq9XyIAJ', created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.118Z',
};

describe('zammad accounts and links', () => {
  it('gives a ticket its organization_id as account_id and a custom ticket attribute as a link', () => {
    const o = zammadOptionsSchema.parse({ base_url: 'https://h', links: [{ field: 'erp_order', type: 'order', source: 'erpnext' }] });
    const t = mapZammadTicket({ ...ticket({ organization_id: 15 }), erp_order: 'SAL-ORD-2025-00842' } as ZammadTicket, o, lookups);
    expect(t).toMatchObject({ account_id: '15', customer: 'Northgate Logistics AG', links: [{ type: 'order', id: 'SAL-ORD-2025-00842', source: 'erpnext' }] });
    expect(ticketSchema.safeParse(t).success).toBe(true);
    const bare = mapZammadTicket({ ...ticket({ organization_id: null }), erp_order: '' } as ZammadTicket, o, lookups);
    expect(bare).not.toHaveProperty('account_id');
    expect(bare).not.toHaveProperty('links');
  });

  it('maps an organization to an account, tax and external ids from the configured attributes', () => {
    expect(mapZammadOrganization(northgate, { account_fields: { tax_id: 'vat_id', external_id: 'crm_account_id' } })).toEqual({
      type: 'account', id: '15', name: 'Northgate Logistics AG', tax_id: 'DE298765432', external_id: '001Hs00002Zq9XyIAJ', domain: 'northgate-logistics.example',
      created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.118Z' });
    // Nothing configured: Zammad has no standard tax or external id. An inactive organization is still an account.
    expect(mapZammadOrganization({ ...northgate, domain: '', active: false })).toEqual({ type: 'account', id: '15', name: 'Northgate Logistics AG',
      created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.118Z', extra: { inactive: true } });
    expect(zammadOptionsSchema.safeParse({ base_url: 'https://h', account_fields: { tax_id: 'VAT ID' } }).success).toBe(false);
  });
});

describe('zammad organizations pass', () => {
  const log = pino({ level: 'silent' });
  const now = Date.parse('2025-03-14T10:05:00Z');
  afterEach(() => { vi.unstubAllGlobals(); });

  it('follows the tickets\' pass, reads every organization first, then from the newest change less the overlap', async () => {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      const u = new URL(url);
      urls.push(u);
      if (u.pathname.endsWith('/ticket_states')) return Response.json([...lookups.states.values()]);
      if (u.pathname.endsWith('/ticket_priorities')) return Response.json([...lookups.priorities.values()]);
      if (u.pathname.endsWith('/organizations/search')) return Response.json([northgate]);
      return Response.json([]);
    });
    const c = createZammadConnector(zammadOptionsSchema.parse({ base_url: 'https://h', articles: false }), { ZAMMAD_TOKEN: 'tok' }, 'zm');
    const ctx = (cursor: ZammadCursor, at = now) => ({ cursor, now: at, signal: new AbortController().signal, log });
    const end = await c.poll(ctx({ since: '2025-03-14T08:00:00.000Z', page: 1 }));
    expect(end).toEqual({ records: [], more: true, cursor: { since: '2025-03-14T08:00:00.000Z', page: 1, phase: 'organizations' } });
    const orgs = await c.poll(ctx(end.cursor));
    const search = urls.find((u) => u.pathname === '/api/v1/organizations/search')!;
    expect(Object.fromEntries(search.searchParams)).toEqual({ query: 'updated_at:["1970-01-01T00:00:00.000Z" TO *]', sort_by: 'updated_at', order_by: 'asc',
      page: '1', per_page: '100' });
    expect(orgs.records).toMatchObject([{ type: 'account', id: '15' }]);
    // A short page ends the pass: next from 2025-01-20T15:05:12.118Z less the 2 min overlap; noted for accounts_interval.
    expect(orgs.more).toBeUndefined();
    expect(orgs.cursor).toEqual({ since: '2025-03-14T08:00:00.000Z', page: 1,
      organizations: { since: '2025-01-20T15:03:12.118Z', page: 1, newest: '2025-01-20T15:05:12.118Z', read_at: now } });
    // Within accounts_interval (5 min) the tickets' pass ends alone.
    expect(await c.poll(ctx(orgs.cursor, now + 60_000))).toMatchObject({ more: false });
    expect(await c.poll(ctx(orgs.cursor, now + 300_000))).toMatchObject({ more: true, cursor: { phase: 'organizations' } });
  });
});
