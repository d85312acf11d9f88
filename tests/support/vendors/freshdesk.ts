import { startFakeServer, type FakeReply, type FakeServer } from './fake-http';

/**
 * Freshdesk as in the shared reference payload freshdesk_tickets.json (two tickets, `include=stats`),
 * trimmed to the fields the connector reads, plus a third ticket. The list answers bare arrays and
 * signals a next page only by `Link: <…>; rel="next"`. `advance()` plays the changes seen by a later
 * poll: 10231 answered, on hold (custom status 6) and passed from Escalations to Billing (`group_id`; Freshdesk gives only the
 * current group, so the hub derives the move between the polls), 10245 deleted (only under `filter=deleted`). Tickets carry their custom fields
 * (`custom_fields`, a map of `cf_…` names to values): `cf_erp_order` holds the ERPNext Sales Order a ticket is about, and
 * `cf_customer_tier` (a dropdown, as in freshdesk_tickets.json) the customer's support tier.
 */
export const freshdeskTickets = {
  10219: { id: 10219, status: 4, priority: 2, source: 2, group_id: 43000612345, responder_id: 43008811235, company_id: 43000455917,
    subject: "How do I export last month's invoices as CSV?", type: 'Question', tags: ['billing', 'export'], spam: false, custom_fields: { cf_erp_order: null, cf_customer_tier: 'standard' },
    due_by: '2025-03-15T14:12:40Z', fr_due_by: '2025-03-13T22:12:40Z', nr_due_by: null,
    created_at: '2025-03-13T14:12:40Z', updated_at: '2025-03-14T08:58:12Z',
    stats: { agent_responded_at: '2025-03-14T08:58:12Z', requester_responded_at: '2025-03-14T08:31:44Z', first_responded_at: '2025-03-13T15:01:09Z',
      status_updated_at: '2025-03-14T08:58:12Z', reopened_at: null, resolved_at: '2025-03-14T08:58:12Z', closed_at: null, pending_since: null } },
  10231: { id: 10231, status: 2, priority: 4, source: 1, group_id: 43000612346, responder_id: 43008811234, company_id: 43000455901,
    subject: 'Checkout API returning 502 for EU customers', type: 'Incident', tags: ['checkout', 'eu', 'p1'], spam: false,
    custom_fields: { cf_erp_order: 'SAL-ORD-2025-00871', cf_customer_tier: 'enterprise' },
    due_by: '2025-03-14T12:51:03Z', fr_due_by: '2025-03-14T09:51:03Z', nr_due_by: '2025-03-14T10:35:02Z',
    created_at: '2025-03-14T08:51:03Z', updated_at: '2025-03-14T09:44:18Z',
    stats: { agent_responded_at: '2025-03-14T09:20:47Z', requester_responded_at: '2025-03-14T09:35:02Z', first_responded_at: '2025-03-14T09:20:47Z',
      status_updated_at: '2025-03-14T08:51:03Z', reopened_at: null, resolved_at: null, closed_at: null, pending_since: null } },
  10245: { id: 10245, status: 2, priority: 1, source: 3, group_id: 43000612345, responder_id: null, company_id: null,
    subject: 'Duplicate of 10231', type: null, tags: [], spam: false, due_by: '2025-03-15T09:50:00Z', fr_due_by: '2025-03-14T13:50:00Z', nr_due_by: null,
    created_at: '2025-03-14T09:50:00Z', updated_at: '2025-03-14T09:50:00Z',
    stats: { agent_responded_at: null, requester_responded_at: null, first_responded_at: null, status_updated_at: '2025-03-14T09:50:00Z',
      reopened_at: null, resolved_at: null, closed_at: null, pending_since: null } },
};
export const freshdeskLater = {
  10231: { ...freshdeskTickets[10231], status: 6, group_id: 43000612345, updated_at: '2025-03-14T10:02:31Z', nr_due_by: null,
    stats: { ...freshdeskTickets[10231].stats, agent_responded_at: '2025-03-14T10:02:31Z', status_updated_at: '2025-03-14T10:02:31Z' } },
  10245: { ...freshdeskTickets[10245], deleted: true, updated_at: '2025-03-14T10:01:00Z' },
};

/**
 * The account's companies as `GET /api/v2/companies` lists them (developers.freshdesk.com/api/#companies): the tickets'
 * two, and one no ticket names; a tax id in the company custom field `tax_id`.
 */
export const freshdeskCompanies = [
  { id: 43000455901, name: 'Brightlane Retail GmbH', description: null, note: null, domains: ['brightlane.example'], custom_fields: { tax_id: 'DE812345678' },
    health_score: null, account_tier: 'Premium', renewal_date: null, industry: 'Retail', created_at: '2024-11-02T10:00:00Z', updated_at: '2025-03-14T08:30:00Z' },
  { id: 43000455917, name: 'Northgate Logistics AG', description: null, note: null, domains: ['northgate-logistics.example'], custom_fields: { tax_id: 'DE298765432' },
    health_score: null, account_tier: 'Basic', renewal_date: null, industry: 'Logistics', created_at: '2024-06-03T12:20:00Z', updated_at: '2025-01-20T15:05:12Z' },
  { id: 43000455930, name: 'Harbor Foods', description: null, note: null, domains: [], custom_fields: { tax_id: null },
    health_score: null, account_tier: null, renewal_date: null, industry: null, created_at: '2025-02-27T07:30:00Z', updated_at: '2025-02-27T07:30:00Z' },
];

export interface FakeFreshdesk extends FakeServer { advance(): void }

export async function startFakeFreshdesk(): Promise<FakeFreshdesk> {
  let advanced = false;
  const limits = { 'X-RateLimit-Total': '700', 'X-RateLimit-Remaining': '688', 'X-RateLimit-Used-CurrentRequest': '3' };
  /** One page of a list ordered by updated_at, with Link: rel="next" while more follow. */
  const paged = (items: { updated_at: string }[], url: URL): FakeReply => {
    const since = Date.parse(url.searchParams.get('updated_since') ?? '1970-01-01T00:00:00Z');
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const matching = items.filter((t) => Date.parse(t.updated_at) >= since).sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
    const body = matching.slice((page - 1) * perPage, page * perPage);
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    return { headers: { ...limits, ...(matching.length > page * perPage ? { Link: `<${next}>; rel="next"` } : {}) }, body };
  };
  const server = await startFakeServer((req) => {
    if (req.path === '/api/v2/tickets') {
      const filter = req.url.searchParams.get('filter');
      const live = advanced ? [freshdeskTickets[10219], freshdeskLater[10231]] : Object.values(freshdeskTickets);
      const withStats = req.url.searchParams.get('include') === 'stats';
      if (filter === 'deleted') return paged(advanced ? [freshdeskLater[10245]] : [], req.url);
      if (filter === 'spam') return paged([], req.url);
      return paged(live.map((t) => (withStats ? t : { ...t, stats: undefined })), req.url);
    }
    if (req.path === '/api/v2/companies') return paged(freshdeskCompanies, req.url);
    if (req.path === '/api/v2/groups') return { body: [{ id: 43000612345, name: 'Billing' }, { id: 43000612346, name: 'Escalations' }] };
    if (req.path === '/api/v2/agents') return { body: [{ id: 43008811234, contact: { name: 'Lena Vogt' } }, { id: 43008811235, contact: { name: 'Tom Becker' } }] };
    return { status: 404, body: { code: 'not_found', message: 'not found' } };
  });
  return { ...server, advance: () => { advanced = true; } };
}
