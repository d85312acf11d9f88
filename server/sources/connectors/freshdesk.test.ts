import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createFreshdeskConnector, freshdeskOptionsSchema, hasNextLink, mapFreshdeskCompany, mapFreshdeskTicket, type FreshdeskCompany, type FreshdeskTicket } from './freshdesk';

const opts = freshdeskOptionsSchema.parse({ domain: 'acme-help' });
const ticket = (over: Partial<FreshdeskTicket> = {}): FreshdeskTicket => ({
  id: 10231, status: 2, priority: 4, source: 1, subject: 'Checkout API returning 502 for EU customers', group_id: 43000612346, responder_id: 43008811234,
  company_id: 43000455901, created_at: '2025-03-14T08:51:03Z', updated_at: '2025-03-14T09:44:18Z',
  due_by: '2025-03-14T12:51:03Z', fr_due_by: '2025-03-14T09:51:03Z', nr_due_by: '2025-03-14T10:35:02Z', ...over,
});

describe('mapFreshdeskTicket', () => {
  it('maps statuses 2–5 and priorities 1–4; a custom status by the config, else other_status', () => {
    expect([2, 3, 4, 5, 6].map((status) => mapFreshdeskTicket(ticket({ status }), opts).status)).toEqual(['open', 'pending', 'solved', 'closed', 'open']);
    expect([1, 2, 3, 4].map((priority) => mapFreshdeskTicket(ticket({ priority }), opts).priority)).toEqual(['low', 'normal', 'high', 'urgent']);
    const o = freshdeskOptionsSchema.parse({ domain: 'a', status_map: { 6: 'on_hold', 3: 'on_hold' }, priority_map: { 4: 'high' }, other_status: 'pending' });
    expect([3, 6, 7].map((status) => mapFreshdeskTicket(ticket({ status }), o).status)).toEqual(['on_hold', 'on_hold', 'pending']);
    expect(mapFreshdeskTicket(ticket(), o).priority).toBe('high');
  });

  it('deleted and spam tickets are tombstones', () => {
    expect(mapFreshdeskTicket(ticket({ deleted: true }), opts)).toMatchObject({ status: 'deleted', extra: { tombstone: 'deleted' } });
    expect(mapFreshdeskTicket(ticket({ spam: true }), opts)).toMatchObject({ status: 'deleted', extra: { tombstone: 'spam' } });
    expect(mapFreshdeskTicket(ticket(), opts, {}, true).status).toBe('deleted');
  });

  it('vendor_due from fr_due_by, nr_due_by and due_by; names from the lookups or the ids; valid canonical ticket', () => {
    const t = mapFreshdeskTicket(ticket(), { ...opts, group_map: { 43000612346: 'L2' }, department: 'service' }, { agents: new Map([[43008811234, 'Lena Vogt']]) });
    expect(t).toMatchObject({ id: '10231', group: 'L2', assignee: 'Lena Vogt', customer: '43000455901', channel: 'email', department: 'service',
      created_at: '2025-03-14T08:51:03.000Z', updated_at: '2025-03-14T09:44:18.000Z' });
    expect(t.vendor_due).toEqual([
      { metric: 'first_reply_time', due_at: '2025-03-14T09:51:03.000Z' }, { metric: 'next_reply_time', due_at: '2025-03-14T10:35:02.000Z' },
      { metric: 'resolution', due_at: '2025-03-14T12:51:03.000Z' }]);
    expect(ticketSchema.safeParse(t).success).toBe(true);
  });

  it('events from stats: reopen after resolve, pending since', () => {
    const stats = { resolved_at: '2025-03-14T09:00:00Z', reopened_at: '2025-03-14T09:30:00Z', pending_since: '2025-03-14T09:40:00Z', status_updated_at: '2025-03-14T09:40:00Z' };
    expect(mapFreshdeskTicket(ticket({ status: 3, stats }), opts).events).toEqual([
      { at: '2025-03-14T09:00:00.000Z', kind: 'status', to: 'solved' },
      { at: '2025-03-14T09:30:00.000Z', kind: 'status', to: 'open' },
      { at: '2025-03-14T09:40:00.000Z', kind: 'status', to: 'pending' }]);
  });
});

it('hasNextLink reads the Link header', () => {
  expect(hasNextLink('<https://a.freshdesk.com/api/v2/tickets?page=2>; rel="next"')).toBe(true);
  expect(hasNextLink('<https://a.freshdesk.com/api/v2/tickets?page=1>; rel="prev"')).toBe(false);
  expect(hasNextLink(null)).toBe(false);
});

describe('freshdesk connector', () => {
  const log = pino({ level: 'silent' });
  const signal = new AbortController().signal;
  afterEach(() => { vi.unstubAllGlobals(); });

  it('at the 300-page cap it restarts the window from the newest updated_at instead of asking for page 301', async () => {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      urls.push(new URL(url));
      return Response.json([ticket({ updated_at: '2025-03-14T09:44:18Z' })], { headers: { link: '<https://x/api/v2/tickets?page=301>; rel="next"' } });
    });
    const c = createFreshdeskConnector({ ...opts, resolve_names: false }, { FRESHDESK_API_KEY: 'k' }, 'fd');
    const page = await c.poll({ cursor: { since: '2025-03-01T00:00:00Z', pass_since: '2025-03-01T00:00:00Z', phase: 0, page: 300 }, now: 0, signal, log });
    expect(urls[0]!.origin).toBe('https://acme-help.freshdesk.com');
    expect(urls[0]!.searchParams.get('page')).toBe('300');
    expect(page.more).toBe(true);
    expect(page.cursor).toMatchObject({ since: '2025-03-14T09:44:18Z', pass_since: '2025-03-01T00:00:00Z', phase: 0, page: 1 });
  });

  it('the last page of the last filter ends the pass: the next starts at the newest change less the overlap', async () => {
    vi.stubGlobal('fetch', async () => Response.json([]));
    const c = createFreshdeskConnector({ ...opts, tombstones: [], accounts: false }, { FRESHDESK_API_KEY: 'k' }, 'fd');
    const page = await c.poll({ cursor: { since: '2025-03-14T08:00:00Z', pass_since: '2025-03-14T08:00:00Z', phase: 0, page: 1, newest: '2025-03-14T09:44:18.000Z' }, now: 0, signal, log });
    expect(page).toEqual({ records: [], more: false,
      cursor: { since: '2025-03-14T09:42:18Z', pass_since: '2025-03-14T09:42:18Z', phase: 0, page: 1, newest: '2025-03-14T09:44:18.000Z' } });
  });

  it('a missing API key names the variable', async () => {
    const c = createFreshdeskConnector(opts, {}, 'fd');
    await expect(c.poll({ cursor: undefined, now: 0, signal, log })).rejects.toThrow('source "fd": environment variable FRESHDESK_API_KEY is not set');
  });
});

/**
 * A company as `GET /api/v2/companies` lists it (developers.freshdesk.com/api/#companies: id, name, description, note, domains,
 * custom_fields, created_at, updated_at, plus health_score, account_tier, renewal_date, industry), a tax id kept in a custom field.
 */
const company: FreshdeskCompany & Record<string, unknown> = {
  id: 43000455901, name: 'Brightlane Retail GmbH', description: null, note: null, domains: ['brightlane.example'],
  custom_fields: { tax_id: 'DE812345678', erp_customer: 'CUST-2025-00042' }, health_score: null, account_tier: 'Premium', renewal_date: null, industry: 'Retail',
  created_at: '2024-11-02T10:00:00Z', updated_at: '2025-03-14T08:30:00Z',
};

describe('freshdesk accounts and links', () => {
  it('gives a ticket its company_id as account_id and a ticket custom field (custom_fields.cf_…) as a link', () => {
    // Ticket custom fields are a map of field name (cf_…) to value (developers.freshdesk.com/api/#tickets, custom_fields).
    const o = freshdeskOptionsSchema.parse({ domain: 'a', links: [{ field: 'cf_erp_order', type: 'order', source: 'erpnext' }] });
    const t = mapFreshdeskTicket(ticket({ custom_fields: { cf_erp_order: 'SAL-ORD-2025-00871', cf_region: 'EU' } }), o);
    expect(t).toMatchObject({ account_id: '43000455901', customer: '43000455901', links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erpnext' }] });
    expect(ticketSchema.safeParse(t).success).toBe(true);
    const bare = mapFreshdeskTicket(ticket({ company_id: null, custom_fields: { cf_erp_order: null } }), o);
    expect(bare).not.toHaveProperty('account_id');
    expect(bare).not.toHaveProperty('links');
  });

  it('maps a company to an account: id, name, the first domain, tax and external ids from configured fields', () => {
    const o = freshdeskOptionsSchema.parse({ domain: 'a', account_fields: { tax_id: 'custom_fields.tax_id', external_id: 'custom_fields.erp_customer' } });
    expect(mapFreshdeskCompany(company, o)).toEqual({ type: 'account', id: '43000455901', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678',
      external_id: 'CUST-2025-00042', domain: 'brightlane.example', created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' });
    // Without account_fields neither id is read: Freshdesk has no standard tax or external id on a company.
    expect(mapFreshdeskCompany({ ...company, domains: [] }, opts)).toEqual({ type: 'account', id: '43000455901', name: 'Brightlane Retail GmbH',
      created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' });
    expect(freshdeskOptionsSchema.safeParse({ domain: 'a', account_fields: { tax_id: 'custom_fields.tax id' } }).success).toBe(false);
    expect(freshdeskOptionsSchema.safeParse({ domain: 'a', links: [{ field: 'custom_fields.cf_erp_order', type: 'order' }] }).success).toBe(false);
  });
});

describe('freshdesk companies sweep', () => {
  const log = pino({ level: 'silent' });
  const signal = new AbortController().signal;
  const now = Date.parse('2025-03-14T10:05:00Z');
  const endOfPass = { since: '2025-03-14T08:00:00Z', pass_since: '2025-03-14T08:00:00Z', phase: 0, page: 1 };
  afterEach(() => { vi.unstubAllGlobals(); });

  it('follows the end of a ticket pass when none ran accounts_interval (1 h) ago, and pages the company list to its end', async () => {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      urls.push(new URL(url));
      if (url.pathname === '/api/v2/tickets') return Response.json([]);
      return Response.json([company], url.searchParams.get('page') === '1' ? { headers: { link: '<https://acme-help.freshdesk.com/api/v2/companies?per_page=100&page=2>; rel="next"' } } : {});
    });
    const c = createFreshdeskConnector({ ...opts, tombstones: [] }, { FRESHDESK_API_KEY: 'k' }, 'fd');
    // Never swept: the pass ends with the sweep's first page next.
    const end = await c.poll({ cursor: endOfPass, now, signal, log });
    expect(end).toMatchObject({ more: true, cursor: { companies: { page: 1, started: now } } });
    const first = await c.poll({ cursor: end.cursor, now: now + 1000, signal, log });
    expect(Object.fromEntries(urls[1]!.searchParams)).toEqual({ per_page: '100', page: '1' });
    expect(first).toMatchObject({ more: true, records: [{ type: 'account', id: '43000455901' }], cursor: { companies: { page: 2, started: now } } });
    const last = await c.poll({ cursor: first.cursor, now: now + 2000, signal, log });
    expect(last.more).toBeUndefined();
    expect(last.cursor).toEqual({ ...endOfPass, companies: { read_at: now } }); // the sweep's start, for the next one's interval
    // Swept 59 minutes ago: the pass ends alone; 60 minutes ago: the next sweep follows.
    expect(await c.poll({ cursor: { ...endOfPass, companies: { read_at: now - 59 * 60_000 } }, now, signal, log })).toMatchObject({ more: false });
    expect(await c.poll({ cursor: { ...endOfPass, companies: { read_at: now - 60 * 60_000 } }, now, signal, log }))
      .toMatchObject({ more: true, cursor: { companies: { page: 1, started: now, read_at: now - 60 * 60_000 } } });
  });

  it('a key that may not list companies (403) ends the sweep with a warning; tickets go on', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ code: 'access_denied', message: 'You are not authorized to perform this action.' }, { status: 403 }));
    const warnings: string[] = [];
    const spy = { ...log, warn: (_o: object, msg: string) => { warnings.push(msg); } } as unknown as typeof log;
    const c = createFreshdeskConnector(opts, { FRESHDESK_API_KEY: 'k' }, 'fd');
    const page = await c.poll({ cursor: { ...endOfPass, companies: { page: 1, started: now } }, now, signal, log: spy });
    expect(page).toEqual({ records: [], cursor: { ...endOfPass, companies: { read_at: now } } });
    expect(warnings).toEqual(['freshdesk companies not readable; no accounts for the customer map']);
  });
});
