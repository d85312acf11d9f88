import { describe, expect, it } from 'vitest';
import type { Account, Ticket } from '../../server/model';
import type { FreshdeskCursor } from '../../server/sources/connectors/freshdesk';
import { useConnectorHub } from '../support/connector-hub';
import { waitFor } from '../support/hub';
import { startFakeFreshdesk } from '../support/vendors/freshdesk';

const src = useConnectorHub('freshdesk', async () => {
  const fake = await startFakeFreshdesk();
  return { fake, env: { TEST_FRESHDESK_KEY: 'fd-secret-key' }, timezone: 'Asia/Shanghai',
    source: { id: 'fd', kind: 'freshdesk', interval: '1s',
      options: { base_url: fake.url, api_key_env: 'TEST_FRESHDESK_KEY', per_page: 2, overlap: '1m', backfill_days: 3650, status_map: { 6: 'on_hold' },
        links: [{ field: 'cf_erp_order', type: 'order', source: 'erp' }], extra_fields: [{ field: 'cf_customer_tier', as: 'tier' }], account_fields: { tax_id: 'custom_fields.tax_id' } } } };
});

const stored = (): Record<string, Ticket> => Object.fromEntries(src.records<Ticket>('ticket'));
const lists = () => src.fake.requests.filter((r) => r.path === '/api/v2/tickets');
const openCount = () => src.scalar('tickets.open');

describe('freshdesk connector against a fake Freshdesk', () => {
  it('first poll: pages by Link rel=next with stats, then the tombstone filters; names resolved; Basic key:X', async () => {
    await waitFor('the first pass stored', () => (Object.keys(stored()).length === 3 && src.cursor<FreshdeskCursor>()?.phase === 0 ? true : undefined));
    const [p1, p2, del, spam] = lists();
    expect(p1!.url.searchParams.get('page')).toBe('1');
    expect(p1!.url.searchParams.get('include')).toBe('stats');
    expect(p1!.url.searchParams.get('order_by')).toBe('updated_at');
    expect(p1!.url.searchParams.get('order_type')).toBe('asc');
    expect(p1!.url.searchParams.get('updated_since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(p2!.url.searchParams.get('page')).toBe('2');
    expect(del!.url.searchParams.get('filter')).toBe('deleted');
    expect(spam!.url.searchParams.get('filter')).toBe('spam');
    expect(p1!.headers.authorization).toBe(`Basic ${Buffer.from('fd-secret-key:X').toString('base64')}`);

    const t = stored();
    expect(t['10219']).toMatchObject({ status: 'solved', priority: 'normal', group: 'Billing', assignee: 'Tom Becker', channel: 'portal',
      created_at: '2025-03-13T14:12:40.000Z', updated_at: '2025-03-14T08:58:12.000Z',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-13T22:12:40.000Z' }, { metric: 'resolution', due_at: '2025-03-15T14:12:40.000Z' }] });
    expect(t['10219']!.events).toEqual([
      { at: '2025-03-13T15:01:09.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T08:31:44.000Z', kind: 'comment', by: 'customer', public: true },
      { at: '2025-03-14T08:58:12.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T08:58:12.000Z', kind: 'status', to: 'solved' },
    ]);
    expect(t['10231']).toMatchObject({ status: 'open', priority: 'urgent', group: 'Escalations', assignee: 'Lena Vogt', channel: 'email',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-14T09:51:03.000Z' }, { metric: 'next_reply_time', due_at: '2025-03-14T10:35:02.000Z' },
        { metric: 'resolution', due_at: '2025-03-14T12:51:03.000Z' }] });
    expect(t['10231']!.events).toEqual([
      { at: '2025-03-14T08:51:03.000Z', kind: 'status', to: 'open' },
      { at: '2025-03-14T09:20:47.000Z', kind: 'comment', by: 'agent', public: true }, // first and last agent reply: one reply
      { at: '2025-03-14T09:35:02.000Z', kind: 'comment', by: 'customer', public: true },
    ]);
    expect(t['10245']).toMatchObject({ status: 'open', priority: 'low', channel: 'phone' });
    // The next pass starts at the newest updated_at seen (10245, 09:50:00) less the 1 min overlap.
    expect(src.cursor<FreshdeskCursor>()).toMatchObject({ since: '2025-03-14T09:49:00Z', pass_since: '2025-03-14T09:49:00Z', phase: 0, page: 1 });
    expect(await openCount()).toBe(2);
  });

  it('sweeps the companies as accounts after the first pass; tickets carry company_id and the order custom field', async () => {
    const accounts = await waitFor('three accounts', () => { const a = src.records<Account>('account'); return a.size === 3 ? a : undefined; });
    expect(accounts.get('43000455901')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678',
      domain: 'brightlane.example', created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' }));
    expect(accounts.get('43000455917')).toMatchObject({ name: 'Northgate Logistics AG', tax_id: 'DE298765432', domain: 'northgate-logistics.example' });
    expect(accounts.get('43000455930')).not.toHaveProperty('tax_id'); // custom field empty
    const sweeps = src.fake.requests.filter((r) => r.path === '/api/v2/companies');
    expect(Object.fromEntries(sweeps[0]!.url.searchParams)).toEqual({ per_page: '100', page: '1' });
    expect(sweeps).toHaveLength(1); // once an hour (accounts_interval), not every poll
    const t = stored();
    expect(t['10231']).toMatchObject({ account_id: '43000455901', links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erp' }] });
    expect(t['10219']).toMatchObject({ account_id: '43000455917' });
    expect(t['10219']).not.toHaveProperty('links'); // cf_erp_order null
    expect(t['10245']).not.toHaveProperty('account_id'); // no company
  });

  it('keeps the configured ticket custom field in extra under its alias', async () => {
    const t = await waitFor('three tickets', () => { const s = stored(); return Object.keys(s).length === 3 ? s : undefined; });
    // tests/support/vendors/freshdesk.ts: cf_customer_tier "enterprise" on 10231, "standard" on 10219; 10245 has no custom_fields at all.
    expect(t['10231']!.extra).toMatchObject({ tier: 'enterprise', ticket_type: 'Incident' });
    expect(t['10219']!.extra).toMatchObject({ tier: 'standard' });
    expect(t['10245']!.extra).not.toHaveProperty('tier');
    expect(t['10231']!.extra).not.toHaveProperty('cf_customer_tier'); // kept under the alias only
  });

  it('a later poll: the changed ticket replaced (custom status mapped), the deleted one a tombstone', async () => {
    src.fake.advance();
    await waitFor('the changes stored', () => (stored()['10245']?.status === 'deleted' && stored()['10231']?.status === 'on_hold' ? true : undefined));
    const later = lists().filter((r) => r.url.searchParams.get('updated_since') === '2025-03-14T09:49:00Z');
    expect(later.length).toBeGreaterThan(0);

    const t = stored();
    expect(t['10231']).toMatchObject({ status: 'on_hold', updated_at: '2025-03-14T10:02:31.000Z',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-14T09:51:03.000Z' }, { metric: 'resolution', due_at: '2025-03-14T12:51:03.000Z' }] });
    expect(t['10231']!.events!.filter((e) => e.kind === 'status').at(-1)).toEqual({ at: '2025-03-14T10:02:31.000Z', kind: 'status', to: 'on_hold' });
    // Freshdesk gives only the current group: the store derives the move it saw between the polls, Escalations (stored, put
    // at the ticket's creation 08:51:03) → Billing at the update that showed it (10:02:31). One pass for tickets.reassignments.
    expect(t['10231']).toMatchObject({ group: 'Billing' });
    expect(t['10231']!.events!.filter((e) => e.kind === 'group')).toEqual([
      { at: '2025-03-14T08:51:03.000Z', kind: 'group', to: 'Escalations' },
      { at: '2025-03-14T10:02:31.000Z', kind: 'group', to: 'Billing' }]);
    expect(t['10245']).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T10:01:00.000Z', extra: { tombstone: 'deleted' } });
    expect(t['10219']!.status).toBe('solved');
    await waitFor('the window moved on', () => (src.cursor<FreshdeskCursor>()?.since === '2025-03-14T10:01:31Z' ? true : undefined));
    expect(await openCount()).toBe(1); // 10231 on hold; 10245 deleted
  });
});
