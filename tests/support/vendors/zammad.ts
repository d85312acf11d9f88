import { startFakeServer, type FakeServer } from './fake-http';

/**
 * Zammad as in the shared reference payloads (zammad_tickets.json with expand=true, zammad_ticket_states.json,
 * zammad_ticket_priorities.json), trimmed to the fields the connector reads, plus ticket 1050. The search
 * honours `updated_at:["…" TO *]`, sort and page/per_page. `advance()` plays a later state of the desk:
 * a new custom state "waiting for customer" (type pending action) used by 1042, 1047 closed, 1050 removed.
 * Articles per ticket at `/api/v1/ticket_articles/by_ticket/{id}`. Tickets carry `erp_order`, a ticket attribute an admin
 * added in the object manager (custom attributes are top-level keys): the ERPNext Sales Order the ticket is about; and two more
 * custom attributes (object types: admin-docs.zammad.org/en/latest/system/objects/types.html): `product_line`, a select whose
 * value is the chosen option's key, and `vip`, a boolean.
 */
export const zammadStates = [
  { id: 1, state_type_id: 1, name: 'new', ignore_escalation: false, active: true },
  { id: 2, state_type_id: 2, name: 'open', ignore_escalation: false, active: true },
  { id: 3, state_type_id: 3, name: 'pending reminder', ignore_escalation: true, active: true },
  { id: 4, state_type_id: 5, name: 'closed', ignore_escalation: true, active: true },
  { id: 5, state_type_id: 6, name: 'merged', ignore_escalation: true, active: true },
  { id: 6, state_type_id: 7, name: 'removed', ignore_escalation: true, active: false },
  { id: 7, state_type_id: 4, name: 'pending close', next_state_id: 4, ignore_escalation: true, active: true },
];
export const zammadPriorities = [{ id: 1, name: '1 low' }, { id: 2, name: '2 normal' }, { id: 3, name: '3 high' }];

export const zammadTickets = {
  1042: { id: 1042, number: '31042', title: 'Invoice INV/2025/0311 shows wrong VAT rate', group_id: 3, priority_id: 2, state_id: 3, organization_id: 12,
    owner_id: 7, customer_id: 58, first_response_at: '2025-03-13T17:35:48.911Z', first_response_escalation_at: null, close_at: null,
    close_escalation_at: null, update_escalation_at: null, last_contact_at: '2025-03-14T08:15:27.613Z', last_contact_agent_at: '2025-03-14T08:15:27.613Z',
    last_contact_customer_at: '2025-03-14T07:33:10.208Z', escalation_at: null, pending_time: '2025-03-17T08:00:00.000Z',
    created_at: '2025-03-13T16:20:11.402Z', updated_at: '2025-03-14T08:15:27.640Z', group: 'Billing', organization: 'Brightlane Retail GmbH',
    state: 'pending reminder', priority: '2 normal', owner: 'j.keller@acme.example', customer: 'm.hofmann@brightlane-retail.example', create_article_type: 'email',
    erp_order: null, product_line: 'billing', vip: false },
  1047: { id: 1047, number: '31047', title: 'Warehouse scanner sync failing since 07:30', group_id: 2, priority_id: 3, state_id: 2, organization_id: 15,
    owner_id: 9, customer_id: 64, first_response_at: '2025-03-14T08:04:41.530Z', first_response_escalation_at: null, close_at: null,
    close_escalation_at: '2025-03-14T15:52:30.000Z', update_escalation_at: '2025-03-14T11:40:02.000Z', last_contact_at: '2025-03-14T09:40:02.774Z',
    last_contact_agent_at: '2025-03-14T08:04:41.530Z', last_contact_customer_at: '2025-03-14T09:40:02.774Z', escalation_at: '2025-03-14T11:40:02.000Z',
    pending_time: null, created_at: '2025-03-14T07:52:30.118Z', updated_at: '2025-03-14T09:40:03.021Z', group: '2nd Level',
    organization: 'Northgate Logistics AG', state: 'open', priority: '3 high', owner: 's.brandt@acme.example', customer: 'it@northgate-logistics.example',
    create_article_type: 'phone', erp_order: 'SAL-ORD-2025-00842', product_line: 'scanners', vip: true },
  1050: { id: 1050, number: '31050', title: 'Spam: cheap printer toner', group_id: 1, priority_id: 1, state_id: 1, organization_id: null,
    owner_id: 1, customer_id: 70, first_response_at: null, first_response_escalation_at: '2025-03-14T10:41:12.000Z', close_at: null,
    close_escalation_at: null, update_escalation_at: null, last_contact_at: '2025-03-14T09:41:12.000Z', last_contact_agent_at: null,
    last_contact_customer_at: '2025-03-14T09:41:12.000Z', escalation_at: '2025-03-14T10:41:12.000Z', pending_time: null,
    created_at: '2025-03-14T09:41:12.000Z', updated_at: '2025-03-14T09:41:12.000Z', group: 'Users', organization: null,
    state: 'new', priority: '1 low', owner: '-', customer: 'offers@toner.example', create_article_type: 'email', erp_order: null },
};

/**
 * The tickets' organizations as `GET /api/v1/organizations/search` lists them (the Organization fields of the Zammad
 * documentation, api/organization), with `vat_id`, an attribute added in the object manager.
 */
export const zammadOrganizations = [
  { id: 12, name: 'Brightlane Retail GmbH', shared: true, domain: 'brightlane-retail.example', domain_assignment: true, active: true, vip: true, note: '',
    member_ids: [58], secondary_member_ids: [], vat_id: 'DE812345678', created_by_id: 1, updated_by_id: 3,
    created_at: '2024-11-02T10:00:00.000Z', updated_at: '2025-03-14T08:30:00.000Z' },
  { id: 15, name: 'Northgate Logistics AG', shared: true, domain: '', domain_assignment: false, active: true, vip: false, note: '',
    member_ids: [64], secondary_member_ids: [], vat_id: 'DE298765432', created_by_id: 1, updated_by_id: 3,
    created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.118Z' },
];
export const zammadLater = {
  1042: { ...zammadTickets[1042], state_id: 8, state: 'waiting for customer', updated_at: '2025-03-14T10:03:00.000Z' },
  1047: { ...zammadTickets[1047], state_id: 4, state: 'closed', close_at: '2025-03-14T10:01:44.250Z', close_escalation_at: null,
    update_escalation_at: null, escalation_at: null, last_contact_agent_at: '2025-03-14T10:01:44.201Z', updated_at: '2025-03-14T10:01:44.260Z' },
  1050: { ...zammadTickets[1050], state_id: 6, state: 'removed', first_response_escalation_at: null, escalation_at: null, updated_at: '2025-03-14T10:02:05.117Z' },
};

const article = (id: number, created_at: string, sender: string, type: string, internal = false) => ({ id, created_at, sender, type, internal });
/**
 * Each ticket's articles, agreeing with its contact fields: the first response is the first agent article, the
 * last contacts the latest ones. 1042 also has an internal note and 1047 a system auto-reply (neither a reply).
 */
export const zammadArticles: Record<number, ReturnType<typeof article>[]> = {
  1042: [article(1, '2025-03-13T16:20:11.402Z', 'Customer', 'email'), article(2, '2025-03-13T17:35:48.911Z', 'Agent', 'email'),
    article(5, '2025-03-14T07:33:10.208Z', 'Customer', 'email'), article(6, '2025-03-14T08:10:00.000Z', 'Agent', 'note', true),
    article(7, '2025-03-14T08:15:27.613Z', 'Agent', 'email')],
  1047: [article(3, '2025-03-14T07:52:30.118Z', 'Customer', 'phone'), article(4, '2025-03-14T08:04:41.530Z', 'Agent', 'phone'),
    article(8, '2025-03-14T08:04:42.001Z', 'System', 'email'), article(9, '2025-03-14T09:40:02.774Z', 'Customer', 'web')],
  1050: [article(10, '2025-03-14T09:41:12.000Z', 'Customer', 'email')],
};
/** After `advance()`: 1047 got a reply, another customer message, and the closing reply between its two polls. */
export const zammadLaterArticles: Record<number, ReturnType<typeof article>[]> = {
  ...zammadArticles,
  1047: [...zammadArticles[1047]!, article(11, '2025-03-14T09:50:10.000Z', 'Agent', 'email'),
    article(12, '2025-03-14T09:55:20.000Z', 'Customer', 'web'), article(13, '2025-03-14T10:01:44.201Z', 'Agent', 'email')],
};

export interface FakeZammad extends FakeServer {
  advance(): void; token: string;
  /** Ticket id → an HTTP status its article list answers with instead (403, 500, …). */
  articleStatus: Map<number, number>;
}

export async function startFakeZammad(token: string): Promise<FakeZammad> {
  let advanced = false;
  const articleStatus = new Map<number, number>();
  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Token token=${token}`) return { status: 401, body: { error: 'Authentication failed', error_human: 'Authentication failed' } };
    if (req.path === '/api/v1/ticket_states') return { body: advanced ? [...zammadStates, { id: 8, state_type_id: 4, name: 'waiting for customer', active: true }] : zammadStates };
    if (req.path === '/api/v1/ticket_priorities') return { body: zammadPriorities };
    const searched = /^\/api\/v1\/(tickets|organizations)\/search$/.exec(req.path)?.[1];
    if (searched) {
      const since = /^updated_at:\["([^"]+)" TO \*\]$/.exec(req.url.searchParams.get('query') ?? '')?.[1];
      if (!since) return { status: 422, body: { error: 'unsupported query in this fake' } };
      const perPage = Number(req.url.searchParams.get('per_page') ?? 50);
      const page = Number(req.url.searchParams.get('page') ?? 1);
      const rows: { updated_at: string }[] = searched === 'organizations' ? zammadOrganizations
        : Object.values(advanced ? { ...zammadTickets, ...zammadLater } : zammadTickets);
      const all = rows.filter((t) => Date.parse(t.updated_at) >= Date.parse(since)).sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
      return { body: all.slice((page - 1) * perPage, page * perPage) };
    }
    const byTicket = /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/.exec(req.path);
    const refused = byTicket && articleStatus.get(Number(byTicket[1]));
    if (refused) return { status: refused, body: { error: 'Not authorized', error_human: 'Not authorized' } };
    const articles = byTicket && (advanced ? zammadLaterArticles : zammadArticles)[Number(byTicket[1])];
    if (articles) return { body: articles };
    return { status: 404, body: { error: 'No route matches', error_human: 'No route matches' } };
  });
  return { ...server, token, articleStatus, advance: () => { advanced = true; } };
}
