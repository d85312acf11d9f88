import { describe, expect, it } from 'vitest';
import type { Account, Ticket } from '../../server/model';
import { createZammadConnector, zammadOptionsSchema, type ZammadCursor } from '../../server/sources/connectors/zammad';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeZammad } from '../support/vendors/zammad';

const src = useConnectorHub('zammad', async () => {
  const fake = await startFakeZammad('zm-secret-token');
  return { fake, env: { TEST_ZAMMAD_TOKEN: 'zm-secret-token' }, timezone: 'Europe/Berlin',
    source: { id: 'zm', kind: 'zammad', interval: '1s',
      options: { base_url: `${fake.url}/`, token_env: 'TEST_ZAMMAD_TOKEN', per_page: 2, backfill_days: 3650, overlap: '2m',
        group_map: { '2nd Level': 'L2' }, priority_map: { '1 low': 'normal' },
        links: [{ field: 'erp_order', type: 'order', source: 'erp' }], extra_fields: ['product_line', { field: 'vip', as: 'key_account' }], account_fields: { tax_id: 'vat_id' } } } };
});

const stored = (): Record<string, Ticket> => Object.fromEntries(src.records<Ticket>('ticket'));
const searches = () => src.fake.requests.filter((r) => r.path === '/api/v1/tickets/search');
const openCount = () => src.scalar('tickets.open');

describe('zammad connector against a fake Zammad', () => {
  it('first poll: the lookups, then the search page by page; states by type, priorities by name, names from expand', async () => {
    await waitFor('the first pass stored', () => (Object.keys(stored()).length === 3 && src.cursor<ZammadCursor>()?.page === 1 ? true : undefined));
    const [p1, p2] = searches();
    expect(p1!.url.searchParams.get('query')).toMatch(/^updated_at:\["\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z" TO \*\]$/);
    expect(p1!.url.searchParams.get('sort_by')).toBe('updated_at');
    expect(p1!.url.searchParams.get('order_by')).toBe('asc');
    expect(p1!.url.searchParams.get('expand')).toBe('true');
    expect([p1!.url.searchParams.get('page'), p2!.url.searchParams.get('page')]).toEqual(['1', '2']);
    expect(src.fake.requests.filter((r) => r.path === '/api/v1/ticket_states')).toHaveLength(1);

    const t = stored();
    expect(t['1042']).toMatchObject({ status: 'on_hold', priority: 'normal', group: 'Billing', assignee: 'j.keller@acme.example',
      customer: 'Brightlane Retail GmbH', channel: 'email', created_at: '2025-03-13T16:20:11.402Z', updated_at: '2025-03-14T08:15:27.640Z',
      subject: 'Invoice INV/2025/0311 shows wrong VAT rate', extra: { number: '31042' } });
    expect(t['1042']!.vendor_due).toBeUndefined(); // pending: Zammad clears the escalation times
    expect(t['1047']).toMatchObject({ status: 'open', priority: 'high', group: 'L2', assignee: 's.brandt@acme.example', channel: 'phone',
      vendor_due: [{ metric: 'next_reply_time', due_at: '2025-03-14T11:40:02.000Z' }, { metric: 'resolution', due_at: '2025-03-14T15:52:30.000Z' }] });
    // Every public article of a customer or an agent is a reply event; the system's auto-reply (08:04:42) is not.
    expect(t['1047']!.events).toEqual([
      { at: '2025-03-14T07:52:30.118Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
    ]);
    // 1042's internal note (08:10) is no reply either.
    expect(t['1042']!.events).toEqual([
      { at: '2025-03-13T16:20:11.402Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-13T17:35:48.911Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T07:33:10.208Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T08:15:27.613Z', kind: 'comment', by: 'agent', public: true },
    ]);
    expect(t['1050']).toMatchObject({ status: 'new', priority: 'normal', group: 'Users', customer: 'offers@toner.example',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-14T10:41:12.000Z' }] });
    expect(t['1050']!.assignee).toBeUndefined(); // owner "-" (id 1) is nobody
    // Newest updated_at seen (1050, 09:41:12) less the 2 min overlap.
    expect(src.cursor<ZammadCursor>()).toMatchObject({ since: '2025-03-14T09:39:12.000Z', page: 1, newest: '2025-03-14T09:41:12.000Z' });
    expect(await openCount()).toBe(3);
  });

  it('reads the organizations as accounts after the first pass; tickets carry organization_id and the order attribute', async () => {
    const accounts = await waitFor('two accounts', () => { const a = src.records<Account>('account'); return a.size === 2 ? a : undefined; });
    expect(accounts.get('12')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678',
      domain: 'brightlane-retail.example', created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' }));
    expect(accounts.get('15')).toMatchObject({ name: 'Northgate Logistics AG', tax_id: 'DE298765432' });
    expect(accounts.get('15')).not.toHaveProperty('domain'); // "" is none
    const orgSearches = src.fake.requests.filter((r) => r.path === '/api/v1/organizations/search');
    // The first pass reads them all (per_page 2: one full page, then an empty one ends the pass).
    expect(orgSearches[0]!.url.searchParams.get('query')).toBe('updated_at:["1970-01-01T00:00:00.000Z" TO *]');
    expect(orgSearches.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2']);
    const t = stored();
    expect(t['1047']).toMatchObject({ account_id: '15', links: [{ type: 'order', id: 'SAL-ORD-2025-00842', source: 'erp' }] });
    expect(t['1042']).toMatchObject({ account_id: '12' });
    expect(t['1042']).not.toHaveProperty('links'); // erp_order null
    expect(t['1050']).not.toHaveProperty('account_id'); // no organization
  });

  it('keeps the configured ticket attributes in extra, under an alias where given', async () => {
    const t = await waitFor('three tickets', () => { const s = stored(); return Object.keys(s).length === 3 ? s : undefined; });
    // tests/support/vendors/zammad.ts: 1047 product_line "scanners", vip true; 1042 "billing", vip false (a value: kept); 1050 has neither attribute.
    expect(t['1047']!.extra).toMatchObject({ product_line: 'scanners', key_account: true, number: '31047' });
    expect(t['1042']!.extra).toMatchObject({ product_line: 'billing', key_account: false });
    expect(t['1050']!.extra).not.toHaveProperty('product_line');
    expect(t['1050']!.extra).not.toHaveProperty('key_account');
  });

  it('a later poll: an unknown state reloads the lookups; closed and removed tickets replace the open ones', async () => {
    src.fake.advance();
    await waitFor('the changes stored', () => (stored()['1042']?.status === 'pending' && stored()['1050']?.status === 'deleted' ? true : undefined));
    expect(searches().some((r) => r.url.searchParams.get('query') === 'updated_at:["2025-03-14T09:39:12.000Z" TO *]')).toBe(true);
    expect(src.fake.requests.filter((r) => r.path === '/api/v1/ticket_states').length).toBeGreaterThanOrEqual(2);

    const t = stored();
    expect(t['1042']).toMatchObject({ status: 'pending', updated_at: '2025-03-14T10:03:00.000Z', extra: { zammad_state: 'waiting for customer' } });
    expect(t['1047']).toMatchObject({ status: 'closed', updated_at: '2025-03-14T10:01:44.260Z' });
    expect(t['1047']!.vendor_due).toBeUndefined();
    // The reply at 09:50 and the customer's message at 09:55 fall between the first response and the latest contacts:
    // only the article list shows them, and with them the second next-reply cycle (09:55 → 10:01:44).
    expect(t['1047']!.events).toEqual([
      { at: '2025-03-14T07:52:30.118Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T09:50:10.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:55:20.000Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T10:01:44.201Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T10:01:44.250Z', kind: 'status', to: 'closed' },
    ]);
    expect(t['1050']).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T10:02:05.117Z' });
    await waitFor('the window moved on', () => (src.cursor<ZammadCursor>()?.since === '2025-03-14T10:01:00.000Z' ? true : undefined));
    expect(await openCount()).toBe(1); // 1042 waiting for the customer
  });

  it('the token goes in "Authorization: Token token=…" and never into the URL', () => {
    for (const r of src.fake.requests) {
      expect(r.headers.authorization).toBe('Token token=zm-secret-token');
      expect(r.url.search).not.toContain('zm-secret-token');
    }
  });
});

describe('zammad articles', () => {
  const ctx = (since: string) => ({ cursor: { since, page: 1 }, now: Date.now(), signal: new AbortController().signal, log: silent });
  const make = (url: string, over: Record<string, unknown> = {}) => createZammadConnector(
    zammadOptionsSchema.parse({ base_url: url, token_env: 'TEST_ZAMMAD_TOKEN', per_page: 10, ...over }), { TEST_ZAMMAD_TOKEN: 'zm-secret-token' }, 'zm-unit');

  it('are read once per live ticket of a page, not for removed ones, and bounded to the newest max_events', async () => {
    const fake = await startFakeZammad('zm-secret-token');
    try {
      fake.advance();
      const page = await make(fake.url, { max_events: 2 }).poll(ctx('2025-03-14T00:00:00.000Z'));
      expect(fake.requests.map((r) => r.path).filter((p) => p.includes('by_ticket')).sort())
        .toEqual(['/api/v1/ticket_articles/by_ticket/1042', '/api/v1/ticket_articles/by_ticket/1047']); // 1050 is removed
      const closed = page.records.find((r) => (r as Ticket).id === '1047') as Ticket;
      expect(closed.events).toEqual([
        { at: '2025-03-14T09:55:20.000Z', kind: 'comment', by: 'customer', public: true },
        { at: '2025-03-14T10:01:44.201Z', kind: 'comment', by: 'agent', public: true },
        { at: '2025-03-14T10:01:44.250Z', kind: 'status', to: 'closed' },
      ]);
    } finally { await fake.close(); }
  });

  it('articles: false reads none and keeps the first response and the latest contacts', async () => {
    const fake = await startFakeZammad('zm-secret-token');
    try {
      const page = await make(fake.url, { articles: false }).poll(ctx('2025-03-14T00:00:00.000Z'));
      expect(fake.requests.some((r) => r.path.includes('by_ticket'))).toBe(false);
      expect((page.records.find((r) => (r as Ticket).id === '1047') as Ticket).events).toEqual([
        { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
        { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
      ]);
    } finally { await fake.close(); }
  });

  it('a ticket whose articles are forbidden falls back to its fields; a server error fails the page', async () => {
    const fake = await startFakeZammad('zm-secret-token');
    try {
      fake.articleStatus.set(1047, 403);
      const page = await make(fake.url).poll(ctx('2025-03-14T00:00:00.000Z'));
      expect((page.records.find((r) => (r as Ticket).id === '1047') as Ticket).events).toEqual([
        { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
        { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
      ]);
      expect((page.records.find((r) => (r as Ticket).id === '1050') as Ticket).events).toEqual([
        { at: '2025-03-14T09:41:12.000Z', kind: 'comment', by: 'customer', public: true }]); // the others still from articles
      fake.articleStatus.set(1047, 500);
      await expect(make(fake.url).poll(ctx('2025-03-14T00:00:00.000Z'))).rejects.toThrow(/by_ticket\/1047.*500/);
    } finally { await fake.close(); }
  });
});
