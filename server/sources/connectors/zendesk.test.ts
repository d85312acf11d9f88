import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createZendeskConnector, mapZendeskOrganization, mapZendeskTicket, zendeskOptionsSchema, type ZendeskOrganization, type ZendeskTicket } from './zendesk';

const opts = zendeskOptionsSchema.parse({ subdomain: 'acme-support' });
const ticket = (over: Partial<ZendeskTicket> = {}): ZendeskTicket => ({
  id: 148213, status: 'open', priority: 'urgent', subject: 'Checkout API returning 502 for EU customers',
  created_at: '2025-03-14T08:47:12Z', updated_at: '2025-03-14T09:58:40Z', generated_timestamp: 1741946320,
  assignee_id: 381204917553, group_id: 360001422113, organization_id: 1500093311214, via: { channel: 'email' }, custom_status_id: 18203447, ...over,
});

describe('mapZendeskTicket', () => {
  it('maps every system status, hold to on_hold', () => {
    const statuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'].map((status) => mapZendeskTicket(ticket({ status }), opts).status);
    expect(statuses).toEqual(['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'deleted']);
  });

  it('config overrides win: by custom status id, by status, by priority (null included)', () => {
    const o = zendeskOptionsSchema.parse({ subdomain: 'a', status_map: { 18203449: 'on_hold', pending: 'on_hold' }, priority_map: { null: 'low', normal: 'low' } });
    expect(mapZendeskTicket(ticket({ status: 'open', custom_status_id: 18203449 }), o).status).toBe('on_hold');
    expect(mapZendeskTicket(ticket({ status: 'pending', custom_status_id: 1 }), o).status).toBe('on_hold');
    expect(mapZendeskTicket(ticket({ priority: null }), o).priority).toBe('low');
    expect(mapZendeskTicket(ticket({ priority: 'normal' }), o).priority).toBe('low');
    expect(mapZendeskTicket(ticket({ priority: null }), opts).priority).toBe('normal'); // default_priority
  });

  it('keeps ids as text, names from sideloads or the id, UTC instants', () => {
    const names = { users: new Map([[381204917553, 'Lena Vogt']]), groups: new Map<number, string>(), organizations: new Map([[1500093311214, 'Brightlane Retail GmbH']]) };
    const t = mapZendeskTicket(ticket(), opts, undefined, names);
    expect(t).toMatchObject({ id: '148213', assignee: 'Lena Vogt', group: '360001422113', customer: 'Brightlane Retail GmbH', channel: 'email',
      created_at: '2025-03-14T08:47:12.000Z', updated_at: '2025-03-14T09:58:40.000Z' });
    expect(ticketSchema.safeParse(t).success).toBe(true);
  });

  it('vendor_due from SLA breach_at: paused (null) left out, names aligned with OpsWall metrics', () => {
    const t = mapZendeskTicket(ticket({ slas: { policy_metrics: [
      { metric: 'first_reply_time', breach_at: '2025-03-14T09:47:12Z', stage: 'achieved' },
      { metric: 'periodic_update_time', breach_at: '2025-03-14T11:00:00Z', stage: 'active' },
      { metric: 'requester_wait_time', breach_at: null, stage: 'paused' }] } }), opts);
    expect(t.vendor_due).toEqual([
      { metric: 'first_reply_time', due_at: '2025-03-14T09:47:12.000Z' }, { metric: 'periodic_update', due_at: '2025-03-14T11:00:00.000Z' }]);
  });

  it('a deletion that only moved generated_timestamp still makes the tombstone the newest version', () => {
    const t = mapZendeskTicket(ticket({ status: 'deleted', updated_at: '2025-03-14T09:04:10Z', generated_timestamp: 1741943400 }), opts);
    expect(t).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T09:10:00.000Z' });
  });

  it('events from the metric set: solved_at for a solved ticket; a latest comment of unknown author left out', () => {
    const t = mapZendeskTicket(ticket({ status: 'solved' }), opts, {
      ticket_id: 148213, reply_time_in_seconds: { calendar: null }, reply_time_in_minutes: { calendar: 42 }, solved_at: '2025-03-14T10:00:00Z',
      status_updated_at: '2025-03-14T10:00:00Z', latest_comment_added_at: '2025-03-14T09:59:00Z', requester_updated_at: '2025-03-14T09:58:40Z' });
    expect(t.events).toEqual([
      { at: '2025-03-14T09:29:12.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T10:00:00.000Z', kind: 'status', to: 'solved' }]);
  });
});

describe('zendesk options', () => {
  it('need exactly one of subdomain and base_url; secrets only as variable names', () => {
    expect(zendeskOptionsSchema.safeParse({}).success).toBe(false);
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', base_url: 'https://a.zendesk.com' }).success).toBe(false);
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', token_env: 'abc-123' }).success).toBe(false);
    expect(zendeskOptionsSchema.parse({ base_url: 'https://a.zendesk.com' })).toMatchObject({ token_env: 'ZENDESK_TOKEN', page_size: 1000, slas: true, overlap: 120_000 });
  });
});

describe('zendesk connector', () => {
  const log = pino({ level: 'silent' });
  afterEach(() => { vi.unstubAllGlobals(); });

  it('a refused cursor restarts the export from the watermark less the overlap', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: URL) => { urls.push(String(url)); return new Response('{"error":"InvalidCursor"}', { status: 422 }); });
    const c = createZendeskConnector({ ...opts, slas: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll({ cursor: { after_cursor: 'old', watermark: 1741946320 }, now: Date.parse('2025-03-14T10:05:00Z'), signal: new AbortController().signal, log });
    expect(page).toEqual({ records: [], cursor: { start_time: 1741946200, watermark: 1741946320 }, more: true });
    expect(urls[0]).toContain('cursor=old');
  });

  it('the first poll starts backfill_days back (never within the last minute), bearer auth without email_env', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      seen = { url: String(url), auth: new Headers(init.headers).get('authorization') };
      return Response.json({ tickets: [], after_cursor: 'c1', end_of_stream: true });
    });
    const now = Date.parse('2025-03-14T10:05:00Z');
    const c = createZendeskConnector({ ...opts, backfill_days: 0 }, { ZENDESK_TOKEN: 'oauth' }, 'zd');
    const page = await c.poll({ cursor: undefined, now, signal: new AbortController().signal, log });
    expect(new URL(seen!.url).searchParams.get('start_time')).toBe(String(now / 1000 - 60));
    expect(seen!.auth).toBe('Bearer oauth');
    // The end of the tickets' stream: the ticket events export follows (then the organizations export, never read yet).
    expect(page).toEqual({ records: [], cursor: { after_cursor: 'c1', phase: 'ticket_events' }, more: true });
    const off = createZendeskConnector({ ...opts, backfill_days: 0, accounts: false, ticket_events: false }, { ZENDESK_TOKEN: 'oauth' }, 'zd');
    expect(await off.poll({ cursor: undefined, now, signal: new AbortController().signal, log })).toEqual({ records: [], cursor: { after_cursor: 'c1' }, more: false });
  });
});

/**
 * An organization as the Incremental Organization Export lists it (developer.zendesk.com/api-reference/ticketing/ticket-management/
 * incremental_exports/#incremental-organization-export; fields of developer.zendesk.com/api-reference/ticketing/organizations/
 * organizations/#json-format): the research notes' Brightlane, with a tax number kept in a custom organization field.
 */
const brightlane: ZendeskOrganization & Record<string, unknown> = {
  id: 361898904439, name: 'Brightlane Retail GmbH', external_id: 'c-0088', domain_names: ['brightlane.example', 'brightlane-retail.example'], group_id: null,
  tags: ['key_account'], details: 'Hauptstraße 1, Berlin', notes: '', shared_tickets: false, shared_comments: false,
  organization_fields: { tax_number: 'DE812345678', erp_customer: 'CUST-2025-00042' },
  url: 'https://acme-support.zendesk.com/api/v2/organizations/361898904439.json', created_at: '2024-11-02T10:00:00Z', updated_at: '2025-03-14T08:30:00Z',
};

describe('zendesk accounts and links', () => {
  it('gives a ticket its organization_id as account_id and a custom field holding the ERP order as a link', () => {
    // Ticket custom fields are [{ id, value }] (Tickets API, custom_fields); 360041597112 holds the ERPNext Sales Order name.
    const o = zendeskOptionsSchema.parse({ subdomain: 'a', links: [{ field: '360041597112', type: 'order', source: 'erpnext' }] });
    const t = mapZendeskTicket(ticket({ custom_fields: [{ id: 360010000001, value: 'service' }, { id: 360041597112, value: 'SAL-ORD-2025-00871' }] }), o);
    expect(t).toMatchObject({ account_id: '1500093311214', links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erpnext' }] });
    expect(ticketSchema.safeParse(t).success).toBe(true);
    // No organization: no account; a field left empty (null) or a multi-select (a list, no single id): no link.
    const bare = mapZendeskTicket(ticket({ organization_id: null, custom_fields: [{ id: 360041597112, value: null }] }), o);
    expect(bare).not.toHaveProperty('account_id');
    expect(bare).not.toHaveProperty('links');
    expect(mapZendeskTicket(ticket({ custom_fields: [{ id: 360041597112, value: ['a', 'b'] }] }), o)).not.toHaveProperty('links');
  });

  it('maps an organization to an account: id, name, external_id, the first domain, a tax id from organization_fields', () => {
    expect(mapZendeskOrganization(brightlane, { account_fields: { tax_id: 'organization_fields.tax_number' } })).toEqual({
      type: 'account', id: '361898904439', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: 'c-0088', domain: 'brightlane.example',
      created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z', extra: { tags: ['key_account'] } });
    // The ERP's customer id kept in a custom field as the external id; no tax id configured: none read.
    const erp = mapZendeskOrganization(brightlane, { account_fields: { external_id: 'organization_fields.erp_customer' } });
    expect(erp).toMatchObject({ external_id: 'CUST-2025-00042' });
    expect(erp).not.toHaveProperty('tax_id');
    const bare = mapZendeskOrganization({ id: 7, name: null, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' });
    expect(bare).toEqual({ type: 'account', id: '7', name: '7', created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z', extra: { tags: [] } });
  });

  it('validates link fields as custom field ids and account fields as organization fields', () => {
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', links: [{ field: 'order_number', type: 'order' }] }).error?.issues[0]?.path).toEqual(['links', 0, 'field']);
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', account_fields: { tax_id: 'organization_fields.tax number' } }).success).toBe(false);
    expect(zendeskOptionsSchema.parse({ subdomain: 'a', account_fields: { tax_id: 'organization_fields.tax_number', external_id: 'external_id' } }))
      .toMatchObject({ links: [], accounts: true, accounts_interval: 300_000 });
  });
});

describe('zendesk organizations export', () => {
  const log = pino({ level: 'silent' });
  const now = Date.parse('2025-03-14T10:05:00Z');
  afterEach(() => { vi.unstubAllGlobals(); });
  const stub = (reply: () => Response) => {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => { urls.push(new URL(String(url))); return reply(); });
    return urls;
  };
  const ctx = (cursor: object) => ({ cursor, now, signal: new AbortController().signal, log });

  it('reads the whole history first, then from each end_time; the tickets\' cursor is kept', async () => {
    const urls = stub(() => Response.json({ organizations: [brightlane], next_page: null, count: 1, end_time: 1741941000, end_of_stream: true }));
    const c = createZendeskConnector(opts, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll(ctx({ after_cursor: 'c1', watermark: 1741946320, phase: 'organizations' }));
    expect(urls[0]!.pathname).toBe('/api/v2/incremental/organizations.json');
    expect(Object.fromEntries(urls[0]!.searchParams)).toEqual({ start_time: '0', per_page: '1000' });
    expect(page.records).toMatchObject([{ type: 'account', id: '361898904439', external_id: 'c-0088' }]);
    // end_of_stream: the run is over (no phase, no more) and its end noted for accounts_interval.
    expect(page).toMatchObject({ cursor: { after_cursor: 'c1', watermark: 1741946320, organizations: { start_time: 1741941000, read_at: now } } });
    expect(page.more).toBeUndefined();
    expect(page.cursor).not.toHaveProperty('phase');
  });

  it('pages on while the stream goes on, a second past a page that did not move (all its rows in one second)', async () => {
    stub(() => Response.json({ organizations: [brightlane], end_time: 1741941000, end_of_stream: false }));
    const c = createZendeskConnector(opts, { ZENDESK_TOKEN: 't' }, 'zd');
    expect(await c.poll(ctx({ phase: 'organizations', organizations: { start_time: 1741900000 } })))
      .toMatchObject({ more: true, cursor: { phase: 'organizations', organizations: { start_time: 1741941000 } } });
    expect(await c.poll(ctx({ phase: 'organizations', organizations: { start_time: 1741941000 } })))
      .toMatchObject({ more: true, cursor: { organizations: { start_time: 1741941001 } } });
  });

  it('follows the tickets at most every accounts_interval', async () => {
    stub(() => Response.json({ tickets: [], after_cursor: 'c2', end_of_stream: true }));
    const c = createZendeskConnector({ ...opts, slas: false, ticket_events: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    // Read 4 minutes ago, the default interval 5 minutes: not yet. 5 minutes ago: again.
    const recent = await c.poll(ctx({ after_cursor: 'c1', organizations: { start_time: 1741941000, read_at: now - 240_000 } }));
    expect(recent).toEqual({ records: [], more: false, cursor: { after_cursor: 'c2', organizations: { start_time: 1741941000, read_at: now - 240_000 } } });
    const due = await c.poll(ctx({ after_cursor: 'c1', organizations: { start_time: 1741941000, read_at: now - 300_000 } }));
    expect(due).toMatchObject({ more: true, cursor: { phase: 'organizations' } });
  });

  it('a refused organizations export (403) turns accounts off with a warning; tickets go on', async () => {
    stub(() => Response.json({ error: 'Forbidden', description: 'You do not have access to this page' }, { status: 403 }));
    const warnings: string[] = [];
    const spy = { ...log, warn: (_o: object, msg: string) => { warnings.push(msg); } } as unknown as typeof log;
    const c = createZendeskConnector(opts, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll({ ...ctx({ after_cursor: 'c1', phase: 'organizations' }), log: spy });
    expect(page).toEqual({ records: [], cursor: { after_cursor: 'c1' } });
    expect(warnings).toEqual(['Zendesk organizations export unavailable; no accounts for the customer map']);
  });
});
