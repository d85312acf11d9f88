import { describe, expect, it } from 'vitest';
import type { Account, Ticket } from '../../server/model';
import { useConnectorHub } from '../support/connector-hub';
import { waitFor } from '../support/hub';
import { C1, C2, C3, MODULES_FIELD, ORDER_FIELD, PRODUCT_LINE_FIELD, startFakeZendesk, VIP_FIELD } from '../support/vendors/zendesk';

const src = useConnectorHub('zendesk', async () => {
  const fake = await startFakeZendesk();
  return { fake, env: { TEST_ZENDESK_EMAIL: 'ops-bot@acme.example', TEST_ZENDESK_TOKEN: 'zd-secret-token' }, timezone: 'Europe/Berlin',
    source: { id: 'zd', kind: 'zendesk', interval: '1s', options: {
      base_url: fake.url, token_env: 'TEST_ZENDESK_TOKEN', email_env: 'TEST_ZENDESK_EMAIL', page_size: 2, department: 'service',
      group_map: { 360001422113: 'L2 Escalations' },
      links: [{ field: String(ORDER_FIELD), type: 'order', source: 'erp' }], account_fields: { tax_id: 'organization_fields.tax_number' },
      extra_fields: [{ field: String(PRODUCT_LINE_FIELD), as: 'product_line' }, { field: String(MODULES_FIELD), as: 'modules' }, String(VIP_FIELD)],
      accounts_interval: '1s' } } };
});

/** The hub's stored tickets of the source, read through a second connection to its SQLite file. */
const stored = (): Record<string, Ticket> => Object.fromEntries(src.records<Ticket>('ticket'));
const exports = () => src.fake.requests.filter((r) => r.path.endsWith('/cursor.json'));
const openCount = () => src.scalar('tickets.open');
const organizationExports = () => src.fake.requests.filter((r) => r.path === '/api/v2/incremental/organizations.json');

describe('zendesk connector against a fake Zendesk', () => {
  it('first poll: pages through the export with the cursor, API-token auth, sideloaded names', async () => {
    await waitFor('two export pages', () => (exports().some((r) => r.url.searchParams.get('cursor') === C1) && stored()['148213'] ? true : undefined));
    const [first, second] = exports();
    expect(first!.url.searchParams.get('cursor')).toBeNull();
    expect(Number(first!.url.searchParams.get('start_time'))).toBeGreaterThan(0);
    expect(first!.url.searchParams.get('per_page')).toBe('2');
    expect(first!.url.searchParams.get('include')).toBe('metric_sets,users,groups,organizations');
    expect(second!.url.searchParams.get('cursor')).toBe(C1);
    expect(first!.headers.authorization).toBe(`Basic ${Buffer.from('ops-bot@acme.example/token:zd-secret-token').toString('base64')}`);

    const t = stored();
    expect(Object.keys(t).sort()).toEqual(['148177', '148190', '148213']);
    expect(t['148213']).toMatchObject({ status: 'new', priority: 'high', group: 'L2 Escalations', customer: 'Brightlane Retail GmbH',
      channel: 'email', department: 'service', created_at: '2025-03-14T08:47:12.000Z', updated_at: '2025-03-14T08:47:12.000Z',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-14T09:47:12.000Z' }] });
    expect(t['148213']!.assignee).toBeUndefined();
    expect(t['148177']).toMatchObject({ status: 'new', priority: 'normal', group: 'Billing' }); // priority null → the default
    expect(t['148190']).toMatchObject({ status: 'pending', priority: 'normal', assignee: 'Tom Becker', customer: 'Northgate Logistics AG',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-13T23:02:55.000Z' }] }); // the paused metric has no breach_at
    // 148190's metric set: first reply 4080 s after creation; the latest comment is the assignee's; pending since 09:31:06.
    expect(t['148190']!.events).toEqual([
      { at: '2025-03-13T16:10:55.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:31:06.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:31:06.000Z', kind: 'status', to: 'pending' },
    ]);
    expect(await openCount()).toBe(3); // new, new, pending
  });

  it('reads the organizations as accounts after the tickets; tickets carry the organization and the order custom field', async () => {
    const accounts = await waitFor('two accounts', () => { const a = src.records<Account>('account'); return a.size === 2 ? a : undefined; });
    expect(accounts.get('1500093311214')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', external_id: 'c-0088',
      tax_id: 'DE812345678', domain: 'brightlane.example', created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' }));
    expect(accounts.get('1500093355870')).toMatchObject({ name: 'Northgate Logistics AG', tax_id: 'DE298765432' });
    expect(accounts.get('1500093355870')).not.toHaveProperty('external_id'); // null
    expect(accounts.get('1500093355870')).not.toHaveProperty('domain'); // no domain names
    // The first export reads the whole history; the next starts at its end_time, Brightlane's 2025-03-14T08:30:00Z = 1741941000.
    expect(Object.fromEntries(organizationExports()[0]!.url.searchParams)).toEqual({ start_time: '0', per_page: '2' });
    await waitFor('an incremental organizations export', () => organizationExports().find((r) => r.url.searchParams.get('start_time') === '1741941000'));
    const t = stored();
    expect(t['148213']).toMatchObject({ account_id: '1500093311214', customer: 'Brightlane Retail GmbH', links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erp' }] });
    expect(t['148190']).toMatchObject({ account_id: '1500093355870' });
    expect(t['148190']).not.toHaveProperty('links'); // the order field is empty
    expect(t['148177']).not.toHaveProperty('account_id'); // no organization
  });

  it('keeps the configured custom fields in extra: a drop-down\'s tag, a multi-select\'s tags, a checkbox under its id', async () => {
    const t = await waitFor('three tickets', () => { const s = stored(); return Object.keys(s).length === 3 ? s : undefined; });
    // tests/support/vendors/zendesk.ts: 148213 has product line pl_checkout_api, modules [mod_payments, mod_eu], VIP checked;
    // 148190 pl_billing, no modules (an empty list is kept), VIP unchecked; 148177 null drop-down and multi-select (left out).
    expect(t['148213']!.extra).toEqual({ product_line: 'pl_checkout_api', modules: ['mod_payments', 'mod_eu'], [String(VIP_FIELD)]: true,
      zendesk_status: expect.any(String), custom_status_id: 18203447, ticket_type: 'incident', tags: ['checkout', 'enterprise', 'eu', 'p1'] });
    expect(t['148190']!.extra).toMatchObject({ product_line: 'pl_billing', modules: [], [String(VIP_FIELD)]: false });
    expect(t['148177']!.extra).not.toHaveProperty('product_line');
    expect(t['148177']!.extra).not.toHaveProperty('modules');
    expect(t['148177']!.extra).toMatchObject({ [String(VIP_FIELD)]: false });
  });

  it('second poll from the stored cursor: the changed ticket replaced, the deleted one a tombstone, the cursor kept at the end', async () => {
    src.fake.advance();
    await waitFor('the second poll stored', () => (stored()['148177']?.status === 'deleted' ? true : undefined));
    expect(exports().some((r) => r.url.searchParams.get('cursor') === C2)).toBe(true);

    const t = stored();
    expect(t['148177']).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T09:04:10.000Z', subject: 'Test ticket - please ignore' });
    expect(t['148213']).toMatchObject({ status: 'open', priority: 'urgent', assignee: 'Lena Vogt', updated_at: '2025-03-14T09:58:40.000Z',
      vendor_due: [
        { metric: 'first_reply_time', due_at: '2025-03-14T09:47:12.000Z' },
        { metric: 'next_reply_time', due_at: '2025-03-14T10:58:40.000Z' },
        { metric: 'requester_wait_time', due_at: '2025-03-14T16:47:12.000Z' }] });
    // First reply 2520 s after creation (09:29:12); the customer wrote last (09:58:40); open since 08:49:30;
    // the priority change high → urgent derived by the store between the two observations, and so is its first assignee
    // (nobody in the first poll, Lena Vogt in the second, at its update 09:58:40): this fake serves no ticket events export.
    expect(t['148213']!.events).toEqual([
      { at: '2025-03-14T08:47:12.000Z', kind: 'priority', to: 'high' },
      { at: '2025-03-14T08:49:30.000Z', kind: 'status', to: 'open' },
      { at: '2025-03-14T09:29:12.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:58:40.000Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T09:58:40.000Z', kind: 'priority', to: 'urgent' },
      { at: '2025-03-14T09:58:40.000Z', kind: 'assignee', to: 'Lena Vogt' },
    ]);
    expect(t['148190']!.status).toBe('pending');

    await waitFor('a poll from the newest cursor', () => (exports().some((r) => r.url.searchParams.get('cursor') === C3) ? true : undefined));
    expect(src.cursor()).toMatchObject({ after_cursor: C3, watermark: 1741946320 });
    expect(await openCount()).toBe(2); // the deleted ticket left the open count
  });

  it('a 429 with Retry-After: the source degrades, waits, then carries on', async () => {
    src.fake.queue.push({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'APIRateLimitExceeded', description: 'Number of allowed incremental export API requests per minute exceeded' } });
    const health = () => src.health();
    const degraded = await waitFor('the 429 reported', async () => { const h = await health(); return h.lastError ? h : undefined; });
    expect(degraded.state).toBe('degraded');
    expect(degraded.lastError).toMatch(/incremental\/.*429.*retry in 1 s/); // the tickets' or the organizations' export
    const ok = await waitFor('recovery', async () => { const h = await health(); return h.state === 'ok' ? h : undefined; });
    expect(ok.lastError).toBeUndefined();
  });
});
