import { startFakeServer, type FakeReply, type FakeServer } from './fake-http';

/**
 * Zendesk as in the shared reference payloads (zendesk_incremental_tickets_cursor.json and, for SLA state,
 * zendesk_tickets_page1.json), trimmed to the fields the connector reads. The export plays two polls:
 * the first (start_time, then cursor C1) sees three tickets as they were before; `advance()` makes the
 * second (cursor C2) deliver the reference page: ticket 148177 deleted, 148213 escalated and answered.
 */
export const C1 = 'MTc0MTk0MzAwMC4wfHwxNDgxNzd8';
export const C2 = 'MTc0MTk0MzIwMC4wfHwxNDgyMTN8';
export const C3 = 'MTc0MTk0NjMyMC4wfHwxNDgyMTN8'; // the reference payload's after_cursor

/** The ticket custom field holding the ERPNext Sales Order a ticket is about (custom_fields: [{ id, value }], Tickets API). */
export const ORDER_FIELD = 360041597112;
/**
 * Three more ticket custom fields (Tickets API, "Setting custom field values", developer.zendesk.com/api-reference/ticketing/tickets/tickets/;
 * field types: support.zendesk.com/hc/en-us/articles/203661866-About-custom-field-types): a drop-down "Product line" whose value is
 * the chosen option's tag, a multi-select "Modules" whose value is the list of chosen tags, and a checkbox "VIP" (true/false).
 */
export const PRODUCT_LINE_FIELD = 360041597113;
export const MODULES_FIELD = 360041597114;
export const VIP_FIELD = 360041597115;
const customFields = (order: string | null, productLine: string | null, modules: string[] | null, vip: boolean) => [
  { id: ORDER_FIELD, value: order }, { id: PRODUCT_LINE_FIELD, value: productLine }, { id: MODULES_FIELD, value: modules }, { id: VIP_FIELD, value: vip }];
const base = { requester_id: 20417788311, organization_id: 1500093311214, custom_status_id: 18203447, tags: [], type: 'incident',
  custom_fields: customFields(null, null, null, false) };
export const zendeskBefore = {
  // 148190 exactly as the reference (it does not change between the polls)
  148190: { ...base, id: 148190, via: { channel: 'web' }, created_at: '2025-03-13T15:02:55Z', updated_at: '2025-03-14T09:31:06Z', generated_timestamp: 1741944666,
    type: 'question', subject: "How do I export last month's invoices as CSV?", priority: 'normal', status: 'pending', custom_status_id: 18203449,
    assignee_id: 388112904071, organization_id: 1500093355870, group_id: 360001422112, tags: ['billing', 'export'],
    custom_fields: customFields(null, 'pl_billing', [], false) },
  // 148177 before it was deleted: a new, unassigned smoke-test ticket
  148177: { ...base, id: 148177, via: { channel: 'api' }, created_at: '2025-03-14T08:58:31Z', updated_at: '2025-03-14T08:58:31Z', generated_timestamp: 1741942711,
    type: null, subject: 'Test ticket - please ignore', priority: null, status: 'new', assignee_id: null, organization_id: null, group_id: 360001422112 },
  // 148213 as it arrived: new, high, nobody assigned yet
  148213: { ...base, id: 148213, via: { channel: 'email' }, created_at: '2025-03-14T08:47:12Z', updated_at: '2025-03-14T08:47:12Z', generated_timestamp: 1741942032,
    subject: 'Checkout API returning 502 for EU customers', priority: 'high', status: 'new', assignee_id: null, group_id: 360001422113,
    tags: ['checkout', 'enterprise', 'eu', 'p1'], custom_fields: customFields('SAL-ORD-2025-00871', 'pl_checkout_api', ['mod_payments', 'mod_eu'], true) },
};
export const zendeskAfter = {
  148177: { ...zendeskBefore[148177], status: 'deleted', updated_at: '2025-03-14T09:04:10Z', generated_timestamp: 1741943050 },
  148190: zendeskBefore[148190],
  148213: { ...zendeskBefore[148213], status: 'open', priority: 'urgent', assignee_id: 381204917553, updated_at: '2025-03-14T09:58:40Z', generated_timestamp: 1741946320 },
};
export const zendeskMetricSets = [
  { ticket_id: 148190, created_at: '2025-03-13T15:02:55Z', reply_time_in_seconds: { calendar: 4080 }, reply_time_in_minutes: { calendar: 68, business: 68 },
    assignee_updated_at: '2025-03-14T09:31:06Z', requester_updated_at: '2025-03-14T08:55:19Z', status_updated_at: '2025-03-14T09:31:06Z',
    latest_comment_added_at: '2025-03-14T09:31:06Z', solved_at: null },
  { ticket_id: 148213, created_at: '2025-03-14T08:47:12Z', reply_time_in_seconds: { calendar: 2520 }, reply_time_in_minutes: { calendar: 42, business: 42 },
    assignee_updated_at: '2025-03-14T09:29:12Z', requester_updated_at: '2025-03-14T09:58:40Z', status_updated_at: '2025-03-14T08:49:30Z',
    latest_comment_added_at: '2025-03-14T09:58:40Z', solved_at: null },
];
export const zendeskSlas = {
  148213: { policy_metrics: [
    { breach_at: '2025-03-14T09:47:12Z', stage: 'achieved', metric: 'first_reply_time', minutes: -18 },
    { breach_at: '2025-03-14T10:58:40Z', stage: 'active', metric: 'next_reply_time', minutes: 53 },
    { breach_at: '2025-03-14T16:47:12Z', stage: 'active', metric: 'requester_wait_time', hours: 6 }] },
  148190: { policy_metrics: [
    { breach_at: '2025-03-13T23:02:55Z', stage: 'achieved', metric: 'first_reply_time', hours: -11 },
    { breach_at: null, stage: 'paused', metric: 'requester_wait_time' }] },
};
/** Before the first reply only the first-reply target runs on 148213. */
const zendeskSlasBefore = {
  148213: { policy_metrics: [{ breach_at: '2025-03-14T09:47:12Z', stage: 'active', metric: 'first_reply_time', minutes: 12 }] },
  148190: zendeskSlas[148190],
};
const sideloads = {
  users: [{ id: 381204917553, name: 'Lena Vogt' }, { id: 388112904071, name: 'Tom Becker' }],
  groups: [{ id: 360001422112, name: 'Billing' }, { id: 360001422113, name: 'Escalations' }],
  organizations: [{ id: 1500093311214, name: 'Brightlane Retail GmbH' }, { id: 1500093355870, name: 'Northgate Logistics AG' }],
};

/**
 * The tickets' organizations as the Incremental Organization Export lists them (developer.zendesk.com/api-reference/ticketing/
 * ticket-management/incremental_exports/#incremental-organization-export): a tax number in a custom organization field.
 */
export const zendeskOrganizations = [
  { id: 1500093355870, name: 'Northgate Logistics AG', external_id: null, domain_names: [], group_id: null, tags: [], details: '', notes: '',
    organization_fields: { tax_number: 'DE298765432' }, shared_tickets: false, shared_comments: false,
    created_at: '2024-06-03T12:20:00Z', updated_at: '2025-01-20T15:05:12Z' },
  { id: 1500093311214, name: 'Brightlane Retail GmbH', external_id: 'c-0088', domain_names: ['brightlane.example'], group_id: null, tags: ['key_account'],
    details: '', notes: '', organization_fields: { tax_number: 'DE812345678' }, shared_tickets: false, shared_comments: false,
    created_at: '2024-11-02T10:00:00Z', updated_at: '2025-03-14T08:30:00Z' },
];
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export interface FakeZendesk extends FakeServer {
  /** From now on the export's cursor C2 delivers the second poll's changes. */
  advance(): void;
}

export async function startFakeZendesk(): Promise<FakeZendesk> {
  let advanced = false;
  const page = (tickets: object[], after: string, end: boolean, metrics: object[] = []): FakeReply => ({
    headers: { 'x-rate-limit-remaining': '699' },
    body: { tickets, metric_sets: metrics, ...sideloads, after_url: null, after_cursor: after, before_url: null, before_cursor: null, end_of_stream: end },
  });
  const server = await startFakeServer((req) => {
    if (req.path === '/api/v2/incremental/tickets/cursor.json') {
      const cursor = req.url.searchParams.get('cursor');
      if (!cursor) return page([zendeskBefore[148190], zendeskBefore[148177]], C1, false, [zendeskMetricSets[0]!]);
      if (cursor === C1) return page([zendeskBefore[148213]], C2, true);
      if (cursor === C2 && advanced) return page([zendeskAfter[148177], zendeskAfter[148190], zendeskAfter[148213]], C3, true, zendeskMetricSets);
      return page([], cursor, true);
    }
    if (req.path === '/api/v2/incremental/organizations.json') {
      // Time-based: changed at or after start_time, oldest first; end_time is the page's newest change, the next start_time.
      const start = Number(req.url.searchParams.get('start_time'));
      const size = Number(req.url.searchParams.get('per_page') ?? 1000);
      const rows = zendeskOrganizations.filter((o) => unix(o.updated_at) >= start).sort((a, b) => unix(a.updated_at) - unix(b.updated_at));
      const page = rows.slice(0, size);
      const end = page.length > 0 ? unix(page.at(-1)!.updated_at) : start;
      return { body: { organizations: page, count: page.length, end_time: end, end_of_stream: rows.length <= size,
        next_page: `${req.url.origin}/api/v2/incremental/organizations.json?start_time=${end}` } };
    }
    if (req.path === '/api/v2/tickets/show_many.json') {
      const ids = (req.url.searchParams.get('ids') ?? '').split(',').map(Number);
      const slas = advanced ? zendeskSlas : zendeskSlasBefore;
      return { body: { tickets: ids.map((id) => ({ id, slas: slas[id as keyof typeof slas] ?? { policy_metrics: [] } })) } };
    }
    return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
  });
  return { ...server, advance: () => { advanced = true; } };
}
