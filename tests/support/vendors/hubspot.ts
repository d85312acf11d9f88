import { startFakeServer, type FakeRequest, type FakeReply, type FakeServer } from './fake-http';

export interface HsFakeDeal { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean; archivedAt?: string }

function deal(id: string, props: Record<string, string | null>): HsFakeDeal {
  return { id, properties: { hs_object_id: id, ...props }, createdAt: props.createdate!, updatedAt: props.hs_lastmodifieddate!, archived: false };
}

/**
 * The two deals of hubspot_deals_search.json and three older ones (the payload's total is 5), in an account whose
 * company currency is EUR: `amount_in_home_currency` is HubSpot's EUR figure, the amount itself for EUR deals, and for
 * the USD deal 9800.50 USD at 1.08 USD per EUR = 9074.537… → "9074.54". Two custom deal properties on the 2025 ones: `lead_source`
 * (a drop-down: its option's internal value) and `product_lines` (multiple checkboxes: the chosen values joined by ";",
 * developers.hubspot.com/docs/faq/how-do-i-set-multiple-values-for-checkbox-properties); every value a string, as HubSpot sends it.
 */
export function hubspotDeals(): HsFakeDeal[] {
  const base = { deal_currency_code: 'EUR', hs_is_closed: 'false', hs_is_closed_won: 'false' };
  const eur = (amount: string) => ({ amount, amount_in_home_currency: amount });
  return [
    deal('31500000001', { ...base, dealname: 'Kiosk refresh', ...eur(''), dealstage: 'appointmentscheduled', pipeline: 'default', hs_deal_stage_probability: '0.2',
      createdate: '2025-03-01T08:00:00.000Z', hs_lastmodifieddate: '2025-03-10T08:00:00.000Z', closedate: null, hubspot_owner_id: null }),
    deal('31500000002', { ...base, dealname: 'Depot scanners', amount: '9800.50', deal_currency_code: 'USD', amount_in_home_currency: '9074.54',
      dealstage: 'closedlost', pipeline: 'default', hs_is_closed: 'true',
      hs_deal_stage_probability: '0', createdate: '2025-02-01T08:00:00.000Z', hs_lastmodifieddate: '2025-03-12T16:30:00.000Z', closedate: '2025-03-12T16:30:00Z', hubspot_owner_id: '81229018' }),
    deal('31500000003', { ...base, dealname: 'Brightlane support renewal', ...eur('12000'), dealstage: '1098765431', pipeline: '812901547', hs_deal_stage_probability: '0.8',
      createdate: '2025-02-10T08:00:00.000Z', hs_lastmodifieddate: '2025-03-13T11:00:00.000Z', closedate: '2025-04-01T00:00:00Z', hubspot_owner_id: '81223344' }),
    deal('31577520941', { ...base, ...eur('48000'), closedate: '2025-03-31T15:00:00Z', createdate: '2025-01-20T10:14:03.512Z', dealname: 'Brightlane Retail - POS rollout 2025',
      lead_source: 'partner', product_lines: 'pos;tablets', dealstage: 'contractsent', hs_deal_stage_probability: '0.9', hs_lastmodifieddate: '2025-03-14T09:12:45.230Z', hubspot_owner_id: '81223344', pipeline: 'default' }),
    // erp_order_number: a custom deal property holding the ERP's sales order number.
    deal('31702218877', { ...base, ...eur('126500'), erp_order_number: 'SAL-ORD-2025-00868', closedate: '2025-03-14T09:40:27Z', createdate: '2024-11-05T13:47:21.088Z', dealname: 'Northgate Logistics - Fleet tablets renewal',
      lead_source: 'web', product_lines: '', dealstage: '1098765432', hs_deal_stage_probability: '1', hs_is_closed: 'true', hs_is_closed_won: 'true', hs_lastmodifieddate: '2025-03-14T09:40:31.877Z', hubspot_owner_id: '81229018', pipeline: '812901547' }),
  ];
}

/**
 * Companies as CRM search returns them (POST /crm/v3/objects/companies/search,
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/search/search-companies): every property a string;
 * `vat_number` and `erp_customer_id` are custom properties (HubSpot has no standard tax id).
 */
export function hubspotCompanies(): HsFakeDeal[] {
  return [
    deal('4320142817', { name: 'Brightlane Retail GmbH', domain: 'Brightlane.de', vat_number: 'DE812345678', erp_customer_id: 'CUST-2025-00042',
      createdate: '2024-06-03T08:00:00.000Z', hs_lastmodifieddate: '2025-03-10T08:00:00.000Z' }),
    deal('4320142806', { name: 'Northgate Logistics AG', domain: 'northgate-logistics.ch', vat_number: '', erp_customer_id: null,
      createdate: '2024-10-01T08:00:00.000Z', hs_lastmodifieddate: '2025-03-11T08:00:00.000Z' }),
  ];
}

export interface HsFakeAssociation { toObjectId: string | number; associationTypes: { category: string; typeId: number; label: string | null }[] }

/**
 * Deal associations as the v4 batch read answers them (`to[]` of `{ toObjectId, associationTypes[] }`,
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations).
 * The POS rollout has Northgate unlabeled (341), listed first, and Brightlane as its primary company (HUBSPOT_DEFINED 5,
 * "Deal with Primary Company"); the fleet renewal only Northgate, unlabeled; the support renewal three tickets (type id illustrative).
 */
export function hubspotAssociations(): Record<'companies' | 'tickets', Record<string, HsFakeAssociation[]>> {
  const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: 341, label: null };
  const ticket = (id: string) => ({ toObjectId: id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 27, label: null }] });
  return {
    companies: {
      '31577520941': [{ toObjectId: '4320142806', associationTypes: [unlabeled] },
        { toObjectId: '4320142817', associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }, unlabeled] }],
      '31702218877': [{ toObjectId: '4320142806', associationTypes: [unlabeled] }],
    },
    tickets: { '31500000003': [ticket('183534428'), ticket('183534429'), ticket('183534430')] },
  };
}

const stage = (id: string, label: string, displayOrder: number, isClosed: boolean, probability: string) =>
  ({ id, label, displayOrder, metadata: { isClosed: String(isClosed), probability }, archived: false });
/** hubspot_deal_pipelines.json */
export const HUBSPOT_PIPELINES = { results: [
  { id: 'default', label: 'Sales Pipeline', displayOrder: 0, stages: [
    stage('appointmentscheduled', 'Appointment Scheduled', 0, false, '0.2'), stage('qualifiedtobuy', 'Qualified To Buy', 1, false, '0.4'),
    stage('presentationscheduled', 'Presentation Scheduled', 2, false, '0.6'), stage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, false, '0.8'),
    stage('contractsent', 'Contract Sent', 4, false, '0.9'), stage('closedwon', 'Closed Won', 5, true, '1.0'), stage('closedlost', 'Closed Lost', 6, true, '0.0')] },
  { id: '812901547', label: 'Renewals', displayOrder: 1, stages: [
    stage('1098765430', 'Renewal due', 0, false, '0.5'), stage('1098765431', 'Quote sent', 1, false, '0.8'),
    stage('1098765432', 'Renewed', 2, true, '1.0'), stage('1098765433', 'Churned', 3, true, '0.0')] },
] };

/**
 * Tickets as CRM search returns them (POST /crm/v3/objects/tickets/search; the object's shape as in the tickets guide,
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/tickets/guide: every property a string, `hs_pipeline`,
 * `hs_pipeline_stage` the stage id, `hs_ticket_priority` LOW/MEDIUM/HIGH, `source_type` EMAIL/CHAT/PHONE/FORM; `closed_date`,
 * `first_agent_reply_date`, `hubspot_team_id`, `hs_ticket_category` (an enumeration: PRODUCT_ISSUE, BILLING_ISSUE…) default ticket
 * properties; `erp_order_number` a custom property).
 * The first three are the support renewal deal's tickets (hubspotAssociations()).
 */
export function hubspotTickets(): HsFakeDeal[] {
  return [
    deal('183534428', { subject: 'Product Installation Issue', hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'MEDIUM', hubspot_owner_id: '50103167',
      hubspot_team_id: null, source_type: 'EMAIL', createdate: '2025-03-13T11:05:00.000Z', first_agent_reply_date: '2025-03-13T11:40:00.000Z', closed_date: null,
      erp_order_number: null, hs_ticket_category: 'PRODUCT_ISSUE', hs_lastmodifieddate: '2025-03-13T12:00:00.000Z' }),
    deal('183534429', { subject: 'Scanner firmware rollback', hs_pipeline: '0', hs_pipeline_stage: '4', hs_ticket_priority: 'HIGH', hubspot_owner_id: '50103168',
      hubspot_team_id: '5012345', source_type: 'PHONE', createdate: '2025-03-13T14:00:00.000Z', first_agent_reply_date: null, closed_date: '2025-03-14T08:30:00.000Z',
      erp_order_number: 'SAL-ORD-2025-00868', hs_lastmodifieddate: '2025-03-14T08:30:02.000Z' }),
    deal('183534430', { subject: 'Training for new staff', hs_pipeline: '812723471', hs_pipeline_stage: '1234912', hs_ticket_priority: '', hubspot_owner_id: null,
      hubspot_team_id: null, source_type: 'FORM', createdate: '2025-03-14T09:00:00.000Z', first_agent_reply_date: null, closed_date: null,
      erp_order_number: '', hs_lastmodifieddate: '2025-03-14T09:05:00.000Z' }),
    deal('183534431', { subject: 'Refund request', hs_pipeline: '0', hs_pipeline_stage: '2', hs_ticket_priority: 'URGENT', hubspot_owner_id: '50103167',
      hubspot_team_id: null, source_type: 'CHAT', createdate: '2025-03-14T09:10:00.000Z', first_agent_reply_date: '2025-03-14T09:12:00.000Z', closed_date: null,
      erp_order_number: null, hs_ticket_category: 'BILLING_ISSUE', hs_lastmodifieddate: '2025-03-14T09:20:00.000Z' }),
  ];
}

/**
 * Ticket associations as the v4 batch read answers them (POST /crm/v4/associations/tickets/{companies,deals}/batch/read,
 * the same `to[]` shape as the deals'): the installation issue's primary company (HUBSPOT_DEFINED 26, "Ticket with Primary
 * Company") is Brightlane; the rollback has Brightlane unlabeled (339) listed first and Northgate as primary, and two deals.
 */
export function hubspotTicketAssociations(): Record<'companies' | 'deals', Record<string, HsFakeAssociation[]>> {
  const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: 339, label: null };
  const primary = { category: 'HUBSPOT_DEFINED', typeId: 26, label: 'Primary' };
  const deal = (id: string) => ({ toObjectId: id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 28, label: null }] });
  return {
    companies: {
      '183534428': [{ toObjectId: '4320142817', associationTypes: [primary, unlabeled] }],
      '183534429': [{ toObjectId: '4320142817', associationTypes: [unlabeled] }, { toObjectId: 4320142806, associationTypes: [primary, unlabeled] }],
    },
    deals: { '183534428': [deal('31500000003')], '183534429': [deal('31500000003'), deal('31702218877')] },
  };
}

const ticketStage = (id: string, label: string, displayOrder: number, ticketState: 'OPEN' | 'CLOSED') =>
  ({ id, label, displayOrder, metadata: { ticketState }, archived: false, createdAt: '2019-10-30T03:30:17.883Z', updatedAt: '2019-12-07T16:50:06.678Z' });
/**
 * GET /crm/v3/pipelines/tickets: each stage's `metadata.ticketState` OPEN or CLOSED
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/pipelines/get-pipeline). The default support pipeline "0"
 * (New, Waiting on contact, Waiting on us, Closed) and the doc's own example pipeline 812723471.
 */
export const HUBSPOT_TICKET_PIPELINES = { results: [
  { id: '0', label: 'Support Pipeline', displayOrder: 0, archived: false, stages: [ticketStage('1', 'New', 0, 'OPEN'), ticketStage('2', 'Waiting on contact', 1, 'OPEN'),
    ticketStage('3', 'Waiting on us', 2, 'OPEN'), ticketStage('4', 'Closed', 3, 'CLOSED')] },
  { id: '812723471', label: 'My ticket pipeline', displayOrder: 1, archived: false, stages: [ticketStage('1234912', 'In Progress', 0, 'OPEN'), ticketStage('1234914', 'Done', 0, 'CLOSED')] },
] };

export interface FakeHubspot extends FakeServer {
  deals: HsFakeDeal[]; companies: HsFakeDeal[]; tickets: HsFakeDeal[]; associations: ReturnType<typeof hubspotAssociations>;
  ticketAssociations: ReturnType<typeof hubspotTicketAssociations>; token: string;
  /** The searches of one object type (default deals): their filter's lower bound and `after`. */
  searches(object?: string): { filterMs?: number; after?: string }[];
  /** What the token may not read (`companies`, `tickets`, or `tickets/<to>` for a ticket association): 403 MISSING_SCOPES on that search or association read. */
  forbidden: Set<string>;
  /** The account details (`GET /account-info/v3/details`); a number answers that HTTP status instead. */
  account: Record<string, unknown> | number;
}

/**
 * HubSpot CRM v3: deals, companies and tickets search (GTE filter on hs_lastmodifieddate in epoch ms, ascending, `after` offsets,
 * 400 past `cap` results), the archived list, the pipelines; v4 deal association batch reads (`associationPage` per
 * record, paged on with `after`); 401 for a wrong token.
 */
export async function startFakeHubspot(opts: { cap?: number; associationPage?: number } = {}): Promise<FakeHubspot> {
  const cap = opts.cap ?? 10_000;
  const associationPage = opts.associationPage ?? 2;
  const unauthorized: FakeReply = { status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } };
  const missingScopes: FakeReply = { status: 403, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', category: 'MISSING_SCOPES' } };

  function run(req: FakeRequest): FakeReply {
    if (req.headers.authorization !== `Bearer ${state.token}`) return unauthorized;
    if (req.path === '/crm/v3/pipelines/deals') return { body: HUBSPOT_PIPELINES };
    if (req.path === '/crm/v3/pipelines/tickets') return { body: HUBSPOT_TICKET_PIPELINES };
    if (req.method === 'GET' && req.path === '/account-info/v3/details') {
      return typeof state.account === 'number' ? { status: state.account, body: { status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', category: 'MISSING_SCOPES' } }
        : { body: state.account };
    }
    const search = /^\/crm\/v3\/objects\/(deals|companies|tickets)\/search$/.exec(req.path);
    if (req.method === 'POST' && search) {
      if (state.forbidden.has(search[1]!)) return missingScopes;
      const body = JSON.parse(req.body) as { filterGroups: { filters: { value: string }[] }[]; limit: number; after?: string };
      const from = body.filterGroups[0]?.filters[0]?.value;
      const offset = Number(body.after ?? 0);
      if (offset + body.limit > cap) return { status: 400, body: { status: 'error', message: 'There was a problem with the request.', category: 'VALIDATION_ERROR' } };
      const rows = (search[1] === 'deals' ? state.deals : search[1] === 'tickets' ? state.tickets : state.companies).filter((d) => !d.archived && (!from || Date.parse(d.properties.hs_lastmodifieddate!) >= Number(from)))
        .sort((a, b) => Date.parse(a.properties.hs_lastmodifieddate!) - Date.parse(b.properties.hs_lastmodifieddate!) || a.id.localeCompare(b.id));
      const results = rows.slice(offset, offset + body.limit).map(({ archivedAt: _a, ...d }) => d);
      const more = offset + body.limit < rows.length;
      return { body: { total: rows.length, results, ...(more ? { paging: { next: { after: String(offset + body.limit) } } } : {}) } };
    }
    const assoc = /^\/crm\/v4\/associations\/(deals|tickets)\/(companies|tickets|deals)\/batch\/read$/.exec(req.path);
    if (req.method === 'POST' && assoc) {
      const fromTickets = assoc[1] === 'tickets';
      const to = assoc[2]!;
      if (state.forbidden.has(fromTickets ? `tickets/${to}` : to)) return missingScopes;
      const table = (fromTickets ? (state.ticketAssociations as Record<string, Record<string, HsFakeAssociation[]>>)[to]
        : (state.associations as Record<string, Record<string, HsFakeAssociation[]>>)[to]) ?? {};
      const { inputs } = JSON.parse(req.body) as { inputs: { id: string; after?: string }[] };
      if (inputs.length > 1000) return { status: 400, body: { status: 'error', message: 'Batch input limit of 1000 exceeded', category: 'VALIDATION_ERROR' } };
      const results = inputs.filter((i) => table[i.id]).map((i) => {
        const all = table[i.id]!;
        const offset = Number(i.after ?? 0);
        const more = offset + associationPage < all.length;
        return { from: { id: i.id }, to: all.slice(offset, offset + associationPage), ...(more ? { paging: { next: { after: String(offset + associationPage) } } } : {}) };
      });
      return { body: { status: 'COMPLETE', results, startedAt: '2025-03-14T10:05:00.101Z', completedAt: '2025-03-14T10:05:00.142Z' } };
    }
    const archivedList = /^\/crm\/v3\/objects\/(deals|tickets)$/.exec(req.path);
    if (req.method === 'GET' && archivedList && req.url.searchParams.get('archived') === 'true') {
      const limit = Number(req.url.searchParams.get('limit') ?? 10);
      const offset = Number(req.url.searchParams.get('after') ?? 0);
      const rows = (archivedList[1] === 'deals' ? state.deals : state.tickets).filter((d) => d.archived);
      const more = offset + limit < rows.length;
      return { body: { results: rows.slice(offset, offset + limit), ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}) } };
    }
    return { status: 404, body: { status: 'error', message: `no route ${req.method} ${req.path}` } };
  }

  const server = await startFakeServer(run);
  // The handler reads this object, so a test changes the vendor's data (or token) between polls.
  const state = Object.assign(server, {
    deals: hubspotDeals(), companies: hubspotCompanies(), tickets: hubspotTickets(), associations: hubspotAssociations(),
    ticketAssociations: hubspotTicketAssociations(), forbidden: new Set<string>(), token: 'hs-test-token',
    account: { portalId: 2519445, accountType: 'STANDARD', timeZone: 'Europe/Berlin', companyCurrency: 'EUR', additionalCurrencies: ['USD'],
      utcOffset: '+01:00', utcOffsetMilliseconds: 3600000, uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' } as FakeHubspot['account'],
    searches: (object = 'deals') => server.requests.filter((r) => r.path === `/crm/v3/objects/${object}/search`).map((r) => {
      const b = JSON.parse(r.body) as { filterGroups: { filters: { value: string }[] }[]; after?: string };
      const v = b.filterGroups[0]?.filters[0]?.value;
      return { ...(v ? { filterMs: Number(v) } : {}), ...(b.after ? { after: b.after } : {}) };
    }),
  });
  return state;
}
