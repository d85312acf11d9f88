import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;
const team = [1, 'Sales'];

/**
 * odoo_crm_lead_search_read.json, plus a lost (archived) opportunity and a plain lead. Each also has `source_id` (utm.mixin's
 * Many2one to utm.source, "Source": `[id, name]`, or false when empty) and `tag_ids` (crm.lead's Many2many to crm.tag: a list of
 * ids, [] when empty), as search_read answers them (odoo/addons/crm/models/crm_lead.py, addons/utm/models/utm_mixin.py).
 */
export function odooLeads(): Row[] {
  return [
    { id: 290, name: 'Inbound web lead', type: 'lead', active: true, stage_id: [1, 'New'], won_status: 'pending', probability: 10, expected_revenue: 0,
      company_currency: [1, 'EUR'], date_deadline: false, date_closed: false, user_id: false, team_id: team, partner_id: false, source_id: false, tag_ids: [], create_date: '2025-03-13 07:00:00', write_date: '2025-03-13 07:00:00' },
    { id: 305, name: 'Harbor kiosk pilot', type: 'opportunity', active: false, stage_id: [2, 'Qualified'], won_status: 'lost', probability: 0, expected_revenue: 7000.0,
      company_currency: [1, 'EUR'], date_deadline: '2025-03-20', date_closed: '2025-03-13 15:00:00', user_id: [6, 'Dana Whitfield'], team_id: team, partner_id: false, source_id: false, tag_ids: [],
      create_date: '2025-02-01 09:00:00', write_date: '2025-03-13 15:00:00' },
    { id: 311, name: 'Brightlane Retail - POS rollout 2025', type: 'opportunity', active: true, stage_id: [3, 'Proposition'], won_status: 'pending', probability: 60.0,
      expected_revenue: 48000.0, company_currency: [1, 'EUR'], date_deadline: '2025-03-31', date_closed: false, user_id: [6, 'Dana Whitfield'], team_id: team,
      partner_id: [58, 'Brightlane Retail GmbH'], source_id: [3, 'Partner referral'], tag_ids: [2, 5], create_date: '2025-01-20 10:14:03', write_date: '2025-03-14 09:12:45' },
    // x_zendesk_ticket_id: a custom char field (Studio) holding the Zendesk ticket the deal came from.
    { id: 297, name: 'Northgate Logistics - Fleet tablets', type: 'opportunity', active: true, stage_id: [4, 'Won'], won_status: 'won', probability: 100.0,
      expected_revenue: 126500.0, company_currency: [1, 'EUR'], date_deadline: '2025-03-14', date_closed: '2025-03-14 09:40:27', user_id: [9, 'Marcus Lindqvist'],
      team_id: team, partner_id: [63, 'Northgate Logistics AG'], x_zendesk_ticket_id: '148213', source_id: [1, 'Website'], tag_ids: [5],
      create_date: '2024-11-05 13:47:21', write_date: '2025-03-14 09:40:28' },
  ];
}

/**
 * odoo_sale_order_search_read.json, plus an older quotation in USD. S00871 was placed by a contact of Brightlane (partner 61)
 * and came from opportunity 311 (`opportunity_id`, a field of the sale_crm module: addons/sale_crm/models/sale_order.py): currency_rate is the rate from the company's EUR
 * to the order's USD at date_order, 1.0869, so its 1190.00 USD are 1190 / 1.0869 = 1094.86 EUR. `x_studio_product_line` is a
 * custom char field made with Studio (Studio names its fields `x_studio_…`) on sale.order only; empty (false) but on S00871.
 */
export function odooOrders(): Row[] {
  const base = { user_id: [6, 'Dana Whitfield'], team_id: team, company_id: [1, 'Acme Devices GmbH'], currency_id: [1, 'EUR'], currency_rate: 1.0, client_order_ref: false };
  return [
    { ...base, id: 860, name: 'S00860', state: 'draft', locked: false, date_order: '2025-03-11 12:00:00', partner_id: [58, 'Brightlane Retail GmbH'],
      currency_id: [2, 'USD'], currency_rate: 1.0869, amount_total: 1190.0, invoice_status: 'no', delivery_status: false, create_date: '2025-03-11 12:00:00', write_date: '2025-03-11 12:00:05' },
    { ...base, id: 871, name: 'S00871', state: 'sale', locked: false, date_order: '2025-03-14 08:41:19', partner_id: [61, 'Brightlane Retail GmbH, Anna Meier'],
      opportunity_id: [311, 'Brightlane Retail - POS rollout 2025'], x_studio_product_line: 'POS Terminals',
      amount_total: 14875.0, invoice_status: 'to invoice', delivery_status: 'pending', client_order_ref: 'PO-BL-55120', create_date: '2025-03-12 15:03:44', write_date: '2025-03-14 08:41:22' },
    { ...base, id: 842, name: 'S00842', state: 'sale', locked: true, date_order: '2025-03-03 10:05:00', partner_id: [63, 'Northgate Logistics AG'], user_id: [9, 'Marcus Lindqvist'],
      amount_total: 3570.0, invoice_status: 'invoiced', delivery_status: 'full', create_date: '2025-03-03 10:04:12', write_date: '2025-03-14 09:27:50' },
  ];
}

/**
 * res.partner rows as search_read returns them (fields of odoo/addons/base/models/res_partner.py: `vat` "Tax ID", `ref`
 * "Reference", `is_company`, `parent_id`, `commercial_partner_id` "Commercial Entity", stored): two companies, a contact
 * person of the first (her commercial partner is the company), a company with "/" as its VAT (Odoo's "no tax id"), and an
 * archived company.
 */
export function odooPartners(): Row[] {
  const company = (id: number, name: string, vat: string | false, ref: string | false, written: string, active = true) =>
    ({ id, name, is_company: true, active, vat, ref, parent_id: false, commercial_partner_id: [id, name], create_date: '2024-06-03 08:00:00', write_date: written });
  return [
    company(58, 'Brightlane Retail GmbH', 'DE812345678', 'C-0058', '2025-03-10 08:00:00'),
    { id: 61, name: 'Anna Meier', is_company: false, active: true, vat: false, ref: false, parent_id: [58, 'Brightlane Retail GmbH'],
      commercial_partner_id: [58, 'Brightlane Retail GmbH'], create_date: '2024-06-03 08:05:00', write_date: '2025-03-10 08:00:05' },
    company(63, 'Northgate Logistics AG', '/', false, '2025-03-11 08:00:00'),
    company(70, 'Harbor Kiosk Ltd', 'GB123456789', 'C-0070', '2025-03-12 08:00:00', false),
  ];
}

/** The database's one company, its books in EUR. */
export const ODOO_COMPANIES: Row[] = [{ id: 1, name: 'Acme Devices GmbH', currency_id: [1, 'EUR'] }];

export interface FakeOdoo extends FakeServer {
  leads: Row[]; orders: Row[]; partners: Row[]; key: string; domains(): unknown[][];
  /** Fields a model lacks here (a module not installed): reading one is Odoo's `ValueError: Invalid field 'f' on model 'm'`. */
  lacking: Map<string, Set<string>>;
  /** Models the user may not read: JSON-RPC answers an AccessError (HTTP 200), JSON-2 a 403. */
  forbidden: Set<string>;
}

/** Odoo's /jsonrpc (common.authenticate, object.execute_kw search_read; errors with HTTP 200) and JSON-2 search_read. */
export async function startFakeOdoo(): Promise<FakeOdoo> {
  const domains: unknown[][] = [];
  /** The field a model lacks among those asked, if any. */
  const lacked = (model: string, fields?: string[]) => fields?.find((f) => state.lacking.get(model)?.has(f));
  function searchRead(model: string, domain: unknown[][], kw: { offset?: number; limit?: number; fields?: string[] }): Row[] {
    if (model !== 'res.company' && !(model === 'res.partner' && domain[0]?.[0] === 'id')) domains.push(domain);
    const rows = model === 'crm.lead' ? state.leads : model === 'res.company' ? ODOO_COMPANIES : model === 'res.partner' ? state.partners : state.orders;
    const test = (r: Row, [f, op, v]: unknown[]) => (op === '=' ? r[f as string] === v : op === '>=' ? String(r[f as string]) >= String(v)
      : op === 'in' ? (v as unknown[]).includes(r[f as string]) : true);
    // search_read answers the fields asked (and id), an empty one as false.
    const pick = (r: Row) => (kw.fields ? Object.fromEntries(['id', ...kw.fields].map((f) => [f, r[f] ?? false])) : r);
    return rows.filter((r) => domain.every((term) => test(r, term)))
      .sort((a, b) => String(a.write_date).localeCompare(String(b.write_date)) || Number(a.id) - Number(b.id))
      .slice(kw.offset ?? 0, (kw.offset ?? 0) + (kw.limit ?? 80)).map(pick);
  }
  const invalidField = (model: string, field: string) => `Invalid field '${field}' on model '${model}'`;
  const rpcError = (id: unknown, name: string, message: string): FakeReply => ({ body: { jsonrpc: '2.0', id, error: { code: 200, message: 'Odoo Server Error', data: { name, message } } } });
  function run(req: FakeRequest): FakeReply {
    if (req.path === '/jsonrpc') {
      const { params, id } = JSON.parse(req.body) as { id: unknown; params: { service: string; method: string; args: unknown[] } };
      if (params.service === 'common' && params.method === 'authenticate') return { body: { jsonrpc: '2.0', id, result: params.args[2] === state.key ? 17 : false } };
      const [, uid, key, model, method, [domain], kw] = params.args as [string, number, string, string, string, [unknown[][]], { offset?: number; limit?: number; fields?: string[] }];
      if (uid !== 17 || key !== state.key) return rpcError(id, 'odoo.exceptions.AccessDenied', 'Access Denied');
      if (method !== 'search_read') return rpcError(id, 'builtins.ValueError', `unexpected ${method}`);
      if (state.forbidden.has(model)) return rpcError(id, 'odoo.exceptions.AccessError', `You are not allowed to access '${model}' records.`);
      const missing = lacked(model, kw.fields);
      if (missing) return rpcError(id, 'builtins.ValueError', invalidField(model, missing));
      return { body: { jsonrpc: '2.0', id, result: searchRead(model, domain, kw) } };
    }
    const json2 = /^\/json\/2\/([\w.]+)\/search_read$/.exec(req.path);
    if (json2) {
      if (req.headers.authorization !== `bearer ${state.key}`) return { status: 401, body: { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' } };
      const body = JSON.parse(req.body) as { domain: unknown[][]; offset?: number; limit?: number; fields?: string[] };
      if (state.forbidden.has(json2[1]!)) return { status: 403, body: { name: 'odoo.exceptions.AccessError', message: `You are not allowed to access '${json2[1]}' records.` } };
      // JSON-2 answers any other exception with HTTP 500 and the serialized exception (odoo/http.py Json2Dispatcher.handle_error).
      const missing = lacked(json2[1]!, body.fields);
      if (missing) return { status: 500, body: { name: 'builtins.ValueError', message: invalidField(json2[1]!, missing), arguments: [invalidField(json2[1]!, missing)], context: {} } };
      return { body: searchRead(json2[1]!, body.domain, body) };
    }
    return { status: 404, body: { message: `no route ${req.path}` } };
  }
  const server = await startFakeServer(run);
  const state = Object.assign(server, { leads: odooLeads(), orders: odooOrders(), partners: odooPartners(), key: 'odoo-test-key', domains: () => domains,
    forbidden: new Set<string>(), lacking: new Map<string, Set<string>>() });
  return state;
}
