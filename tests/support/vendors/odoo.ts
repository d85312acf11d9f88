import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;
const team = [1, 'Sales'];

/** odoo_crm_lead_search_read.json, plus a lost (archived) opportunity and a plain lead. */
export function odooLeads(): Row[] {
  return [
    { id: 290, name: 'Inbound web lead', type: 'lead', active: true, stage_id: [1, 'New'], won_status: 'pending', probability: 10, expected_revenue: 0,
      company_currency: [1, 'EUR'], date_deadline: false, date_closed: false, user_id: false, team_id: team, partner_id: false, create_date: '2025-03-13 07:00:00', write_date: '2025-03-13 07:00:00' },
    { id: 305, name: 'Harbor kiosk pilot', type: 'opportunity', active: false, stage_id: [2, 'Qualified'], won_status: 'lost', probability: 0, expected_revenue: 7000.0,
      company_currency: [1, 'EUR'], date_deadline: '2025-03-20', date_closed: '2025-03-13 15:00:00', user_id: [6, 'Dana Whitfield'], team_id: team, partner_id: false,
      create_date: '2025-02-01 09:00:00', write_date: '2025-03-13 15:00:00' },
    { id: 311, name: 'Brightlane Retail - POS rollout 2025', type: 'opportunity', active: true, stage_id: [3, 'Proposition'], won_status: 'pending', probability: 60.0,
      expected_revenue: 48000.0, company_currency: [1, 'EUR'], date_deadline: '2025-03-31', date_closed: false, user_id: [6, 'Dana Whitfield'], team_id: team,
      partner_id: [58, 'Brightlane Retail GmbH'], create_date: '2025-01-20 10:14:03', write_date: '2025-03-14 09:12:45' },
    { id: 297, name: 'Northgate Logistics - Fleet tablets', type: 'opportunity', active: true, stage_id: [4, 'Won'], won_status: 'won', probability: 100.0,
      expected_revenue: 126500.0, company_currency: [1, 'EUR'], date_deadline: '2025-03-14', date_closed: '2025-03-14 09:40:27', user_id: [9, 'Marcus Lindqvist'],
      team_id: team, partner_id: [63, 'Northgate Logistics AG'], create_date: '2024-11-05 13:47:21', write_date: '2025-03-14 09:40:28' },
  ];
}

/**
 * odoo_sale_order_search_read.json, plus an older quotation in USD: currency_rate is the rate from the company's EUR
 * to the order's USD at date_order, 1.0869, so its 1190.00 USD are 1190 / 1.0869 = 1094.86 EUR.
 */
export function odooOrders(): Row[] {
  const base = { user_id: [6, 'Dana Whitfield'], team_id: team, company_id: [1, 'Acme Devices GmbH'], currency_id: [1, 'EUR'], currency_rate: 1.0, client_order_ref: false };
  return [
    { ...base, id: 860, name: 'S00860', state: 'draft', locked: false, date_order: '2025-03-11 12:00:00', partner_id: [58, 'Brightlane Retail GmbH'],
      currency_id: [2, 'USD'], currency_rate: 1.0869, amount_total: 1190.0, invoice_status: 'no', delivery_status: false, create_date: '2025-03-11 12:00:00', write_date: '2025-03-11 12:00:05' },
    { ...base, id: 871, name: 'S00871', state: 'sale', locked: false, date_order: '2025-03-14 08:41:19', partner_id: [58, 'Brightlane Retail GmbH'],
      amount_total: 14875.0, invoice_status: 'to invoice', delivery_status: 'pending', client_order_ref: 'PO-BL-55120', create_date: '2025-03-12 15:03:44', write_date: '2025-03-14 08:41:22' },
    { ...base, id: 842, name: 'S00842', state: 'sale', locked: true, date_order: '2025-03-03 10:05:00', partner_id: [63, 'Northgate Logistics AG'], user_id: [9, 'Marcus Lindqvist'],
      amount_total: 3570.0, invoice_status: 'invoiced', delivery_status: 'full', create_date: '2025-03-03 10:04:12', write_date: '2025-03-14 09:27:50' },
  ];
}

/** The database's one company, its books in EUR. */
export const ODOO_COMPANIES: Row[] = [{ id: 1, name: 'Acme Devices GmbH', currency_id: [1, 'EUR'] }];

export interface FakeOdoo extends FakeServer {
  leads: Row[]; orders: Row[]; key: string; domains(): unknown[][];
  /** Models the user may not read: JSON-RPC answers an AccessError (HTTP 200), JSON-2 a 403. */
  forbidden: Set<string>;
}

/** Odoo's /jsonrpc (common.authenticate, object.execute_kw search_read; errors with HTTP 200) and JSON-2 search_read. */
export async function startFakeOdoo(): Promise<FakeOdoo> {
  const domains: unknown[][] = [];
  function searchRead(model: string, domain: unknown[][], kw: { offset?: number; limit?: number }): Row[] {
    if (model !== 'res.company') domains.push(domain);
    const rows = model === 'crm.lead' ? state.leads : model === 'res.company' ? ODOO_COMPANIES : state.orders;
    const test = (r: Row, [f, op, v]: unknown[]) => (op === '=' ? r[f as string] === v : op === '>=' ? String(r[f as string]) >= String(v)
      : op === 'in' ? (v as unknown[]).includes(r[f as string]) : true);
    return rows.filter((r) => domain.every((term) => test(r, term)))
      .sort((a, b) => String(a.write_date).localeCompare(String(b.write_date)) || Number(a.id) - Number(b.id))
      .slice(kw.offset ?? 0, (kw.offset ?? 0) + (kw.limit ?? 80));
  }
  const rpcError = (id: unknown, name: string, message: string): FakeReply => ({ body: { jsonrpc: '2.0', id, error: { code: 200, message: 'Odoo Server Error', data: { name, message } } } });
  function run(req: FakeRequest): FakeReply {
    if (req.path === '/jsonrpc') {
      const { params, id } = JSON.parse(req.body) as { id: unknown; params: { service: string; method: string; args: unknown[] } };
      if (params.service === 'common' && params.method === 'authenticate') return { body: { jsonrpc: '2.0', id, result: params.args[2] === state.key ? 17 : false } };
      const [, uid, key, model, method, [domain], kw] = params.args as [string, number, string, string, string, [unknown[][]], { offset?: number; limit?: number }];
      if (uid !== 17 || key !== state.key) return rpcError(id, 'odoo.exceptions.AccessDenied', 'Access Denied');
      if (method !== 'search_read') return rpcError(id, 'builtins.ValueError', `unexpected ${method}`);
      if (state.forbidden.has(model)) return rpcError(id, 'odoo.exceptions.AccessError', `You are not allowed to access '${model}' records.`);
      return { body: { jsonrpc: '2.0', id, result: searchRead(model, domain, kw) } };
    }
    const json2 = /^\/json\/2\/([\w.]+)\/search_read$/.exec(req.path);
    if (json2) {
      if (req.headers.authorization !== `bearer ${state.key}`) return { status: 401, body: { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' } };
      const body = JSON.parse(req.body) as { domain: unknown[][]; offset?: number; limit?: number };
      if (state.forbidden.has(json2[1]!)) return { status: 403, body: { name: 'odoo.exceptions.AccessError', message: `You are not allowed to access '${json2[1]}' records.` } };
      return { body: searchRead(json2[1]!, body.domain, body) };
    }
    return { status: 404, body: { message: `no route ${req.path}` } };
  }
  const server = await startFakeServer(run);
  const state = Object.assign(server, { leads: odooLeads(), orders: odooOrders(), key: 'odoo-test-key', domains: () => domains, forbidden: new Set<string>() });
  return state;
}
