import { z } from 'zod';
import type { Deal, DealStage, Order, OrderStatus } from '../../model';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { moneyFields, roundMoney, stageByProbability, stageMapSchema, statusMapSchema } from './mapping';
import { laterOf, minusSeconds, naiveToUtc, utcToNaive } from '../../model';

/** Odoo CRM's default stage names → canonical stages (a tenant overrides with `stage_map`, by name or id). */
export const ODOO_DEFAULT_STAGES: Record<string, DealStage> = { New: 'lead', Qualified: 'qualified', Proposition: 'proposal', Negotiation: 'negotiation', Won: 'won' };
/** `state` or `state/delivery_status` → canonical order status (a tenant overrides with `status_map`). */
export const ODOO_DEFAULT_STATUSES: Record<string, OrderStatus> = {
  'draft': 'new', 'sent': 'new', 'sale': 'confirmed', 'sale/pending': 'confirmed', 'sale/started': 'in_fulfilment',
  'sale/partial': 'in_fulfilment', 'sale/full': 'delivered', 'done': 'delivered', 'cancel': 'cancelled',
};

export const odooOptionsSchema = z.object({
  url: z.url(),
  database: z.string().min(1),
  /** `jsonrpc` (Odoo ≤ 18; deprecated in 19) or `json2` (Odoo 19+, bearer API key). */
  api: z.enum(['jsonrpc', 'json2']).default('jsonrpc'),
  /** JSON-RPC: the user's login (its uid is looked up once) or `uid` directly. */
  login: z.string().optional(),
  uid: z.number().int().positive().optional(),
  /** Environment variable holding the user's API key. */
  key_env: envVarName.default('ODOO_API_KEY'),
  /** Read crm.lead opportunities as deals, sale.order as orders. */
  deals: z.boolean().default(true),
  orders: z.boolean().default(true),
  stage_map: stageMapSchema.default({}),
  status_map: statusMapSchema.default({}),
  page_size: z.number().int().min(1).max(5000).default(200),
  overlap_seconds: z.number().int().min(0).max(86_400).default(120),
  since: z.iso.datetime({ offset: true }).optional(),
}).strict().refine((o) => o.api === 'json2' || o.login || o.uid, { message: 'JSON-RPC needs "login" or "uid"', path: ['login'] });

export type OdooOptions = z.output<typeof odooOptionsSchema>;
interface ModelCursor { watermark?: string; anchor?: string; offset?: number }
export interface OdooCursor { phase?: number; models?: Record<string, ModelCursor> }
type Row = Record<string, unknown>;

const LEAD_FIELDS = ['name', 'type', 'active', 'stage_id', 'won_status', 'probability', 'expected_revenue', 'company_currency',
  'date_deadline', 'date_closed', 'user_id', 'team_id', 'partner_id', 'create_date', 'write_date'];
const ORDER_FIELDS = ['name', 'state', 'locked', 'date_order', 'partner_id', 'user_id', 'team_id', 'company_id', 'currency_id', 'currency_rate', 'amount_total',
  'invoice_status', 'delivery_status', 'client_order_ref', 'create_date', 'write_date'];

/** Many2one values are `[id, name]`, empty values `false`. */
const m2o = (v: unknown): [number, string] | undefined => (Array.isArray(v) && v.length === 2 ? (v as [number, string]) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const utc = (v: unknown) => naiveToUtc(String(v), 'UTC');

/**
 * Lost, as Odoo computes `won_status` (17+): archived with probability 0. Odoo ≤ 16 has no `won_status`;
 * the same rule is applied to `active` and `probability`.
 */
const isLost = (row: Row) => row.won_status === 'lost' || (!text(row.won_status) && row.active === false && row.probability === 0);
/** Archived but not lost: hidden from Odoo's pipeline and reports, Odoo's soft delete of an opportunity. */
const isArchivedAway = (row: Row) => row.active === false && !isLost(row);

export function odooStage(row: Row, map: Record<string, DealStage>): DealStage {
  const stage = m2o(row.stage_id);
  const mapped = stage && (map[String(stage[0])] ?? map[stage[1]]);
  if (mapped) return mapped;
  if (row.won_status === 'won') return 'won';
  if (isLost(row)) return 'lost';
  return (stage && ODOO_DEFAULT_STAGES[stage[1]]) ?? stageByProbability(typeof row.probability === 'number' ? row.probability / 100 : undefined);
}

export function odooStatus(row: Row, map: Record<string, OrderStatus>): OrderStatus {
  const state = String(row.state);
  const delivery = text(row.delivery_status);
  const key = delivery ? `${state}/${delivery}` : state;
  const mapped = map[key] ?? map[state];
  if (mapped) return mapped;
  if (state === 'sale' && row.locked === true && !delivery) return 'delivered'; // locked (the old `done`), no sale_stock
  return ODOO_DEFAULT_STATUSES[key] ?? ODOO_DEFAULT_STATUSES[state] ?? 'confirmed';
}

/** An opportunity: `expected_revenue` is a monetary field in `company_currency` (the company's currency), so it is its own base. */
export function odooDeal(row: Row, opts: Pick<OdooOptions, 'stage_map'>): Deal {
  const amount = typeof row.expected_revenue === 'number' ? row.expected_revenue : 0;
  const currency = m2o(row.company_currency)?.[1];
  const deal: Deal = {
    type: 'deal', id: String(row.id), stage: odooStage(row, opts.stage_map), ...moneyFields(amount, currency, { amount, currency }),
    created_at: utc(row.create_date), updated_at: utc(row.write_date),
    extra: { ...(m2o(row.stage_id) ? { stage_name: m2o(row.stage_id)![1] } : {}), ...(row.active === false ? { archived: true } : {}),
      ...(m2o(row.partner_id) ? { customer: m2o(row.partner_id)![1] } : {}), ...(typeof row.probability === 'number' ? { probability: row.probability } : {}) },
  };
  if (text(row.name)) deal.name = text(row.name);
  if (m2o(row.user_id)) deal.owner = m2o(row.user_id)![1];
  if (m2o(row.team_id)) deal.pipeline = m2o(row.team_id)![1];
  const close = text(row.date_closed) ?? text(row.date_deadline);
  if (close) deal.close_date = close.slice(0, 10);
  if (isArchivedAway(row)) deal.deleted = true;
  return deal;
}

/**
 * A sales order: `amount_total` in `currency_id`. In the company's currency (`companyCurrency`, the company's
 * `currency_id`) it is `amount_total / currency_rate`, as Odoo converts it: `currency_rate` is the rate from the company
 * currency to the order's at `date_order`.
 */
export function odooOrder(row: Row, opts: Pick<OdooOptions, 'status_map'>, companyCurrency?: string): Order {
  const amount = typeof row.amount_total === 'number' ? row.amount_total : 0;
  const currency = m2o(row.currency_id)?.[1];
  const rate = typeof row.currency_rate === 'number' && row.currency_rate > 0 ? row.currency_rate : undefined;
  const base = currency !== undefined && currency === companyCurrency ? amount : rate !== undefined ? roundMoney(amount / rate) : undefined;
  const order: Order = {
    type: 'order', id: String(row.name ?? row.id), status: odooStatus(row, opts.status_map), ...moneyFields(amount, currency, { amount: base, currency: companyCurrency }),
    created_at: utc(text(row.date_order) ?? row.create_date), updated_at: utc(row.write_date),
    extra: { odoo_id: row.id, state: row.state, ...(row.locked === true ? { locked: true } : {}),
      ...(text(row.invoice_status) ? { invoice_status: row.invoice_status } : {}), ...(text(row.client_order_ref) ? { customer_ref: row.client_order_ref } : {}),
      ...(rate !== undefined && rate !== 1 ? { currency_rate: rate } : {}) },
  };
  if (m2o(row.partner_id)) order.customer = m2o(row.partner_id)![1];
  if (m2o(row.user_id)) order.owner = m2o(row.user_id)![1];
  if (m2o(row.team_id)) order.department = m2o(row.team_id)![1];
  return order;
}

/** Odoo CRM opportunities (deals) and sales orders over JSON-RPC or JSON-2, incremental on `write_date`. */
export function createOdooConnector(opts: OdooOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<OdooCursor> {
  const base = opts.url.replace(/\/+$/, '');
  const models = [...(opts.deals ? ['crm.lead'] : []), ...(opts.orders ? ['sale.order'] : [])];
  let uid = opts.uid;
  let serial = 0;

  async function rpc(service: string, method: string, args: unknown[], signal: AbortSignal): Promise<unknown> {
    const res = await requestJson<{ result?: unknown; error?: { message?: string; data?: { name?: string; message?: string } } }>(`${base}/jsonrpc`, {
      signal, method: 'POST', body: { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++serial } });
    // Legacy RPC reports errors with HTTP 200 and an `error` member.
    if (res.body.error) throw new Error(`Odoo ${service}.${method}: ${res.body.error.data?.name ?? ''} ${res.body.error.data?.message ?? res.body.error.message ?? ''}`.trim());
    return res.body.result;
  }

  async function searchRead(model: string, domain: unknown[], offset: number, signal: AbortSignal): Promise<Row[]> {
    return read(model, domain, { fields: model === 'crm.lead' ? LEAD_FIELDS : ORDER_FIELDS, order: 'write_date asc, id asc', offset, limit: opts.page_size,
      context: { tz: 'UTC', ...(model === 'crm.lead' ? { active_test: false } : {}) } }, signal);
  }

  async function read(model: string, domain: unknown[], kwargs: Record<string, unknown>, signal: AbortSignal): Promise<Row[]> {
    const key = secretFrom(env, opts.key_env, sourceId);
    if (opts.api === 'json2') {
      const res = await requestJson<Row[]>(`${base}/json/2/${model}/search_read`, {
        signal, method: 'POST', body: { domain, ...kwargs }, headers: { authorization: `bearer ${key}`, 'x-odoo-database': opts.database } });
      return res.body;
    }
    if (uid === undefined) {
      const found = await rpc('common', 'authenticate', [opts.database, opts.login, key, {}], signal);
      if (typeof found !== 'number') throw new Error(`Odoo refused login "${opts.login}" on database "${opts.database}" (check ${opts.key_env})`);
      uid = found;
    }
    return (await rpc('object', 'execute_kw', [opts.database, uid, key, model, 'search_read', [domain], kwargs], signal)) as Row[];
  }

  /** Company id → its currency's name (null: unreadable or none), read once per company the orders name. */
  const companyCurrencies = new Map<number, string | null>();
  let companiesReadable = true;
  async function learnCompanies(rows: Row[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<void> {
    const ids = [...new Set(rows.map((r) => m2o(r.company_id)?.[0]).filter((id): id is number => id !== undefined && !companyCurrencies.has(id)))];
    if (!companiesReadable || ids.length === 0) return;
    try {
      const companies = await read('res.company', [['id', 'in', ids]], { fields: ['currency_id'], context: { tz: 'UTC' } }, signal);
      for (const id of ids) companyCurrencies.set(id, null);
      for (const c of companies) companyCurrencies.set(Number(c.id), m2o(c.currency_id)?.[1] ?? null);
    } catch (err) {
      if (!isAccessError(err)) throw err;
      companiesReadable = false;
      log.warn({ source: sourceId, error: (err as Error).message }, 'Odoo res.company unreadable; sales orders keep their own currency only');
    }
  }

  return {
    kind: 'odoo',
    entities: [...(opts.deals ? ['deal' as const] : []), ...(opts.orders ? ['order' as const] : [])],
    async poll({ cursor, signal, log }) {
      const phase = Math.min(cursor?.phase ?? 0, models.length - 1);
      const model = models[phase]!;
      const all = { ...cursor?.models };
      const m: ModelCursor = { ...all[model] };
      const anchor = m.offset !== undefined ? m.anchor : (m.watermark ? minusSeconds(m.watermark, opts.overlap_seconds) : opts.since);
      const offset = m.offset ?? 0;
      const domain = [...(model === 'crm.lead' ? [['type', '=', 'opportunity']] : []), ...(anchor ? [['write_date', '>=', utcToNaive(anchor, 'UTC')]] : [])];
      const rows = await searchRead(model, domain, offset, signal);
      if (model === 'sale.order') await learnCompanies(rows, signal, log);
      const records = rows.map((row) => {
        m.watermark = laterOf(m.watermark, utc(row.write_date));
        return model === 'crm.lead' ? odooDeal(row, opts) : odooOrder(row, opts, companyCurrencies.get(m2o(row.company_id)?.[0] ?? -1) ?? undefined);
      });
      const pageFull = rows.length === opts.page_size;
      all[model] = pageFull ? { ...m, ...(anchor ? { anchor } : {}), offset: offset + rows.length } : { ...(m.watermark ? { watermark: m.watermark } : {}) };
      const nextPhase = pageFull ? phase : phase + 1;
      const more = nextPhase < models.length;
      return { records, cursor: { phase: more ? nextPhase : 0, models: all }, more };
    },
  };
}

/** Access refused: JSON-RPC's AccessError (sent with HTTP 200), or JSON-2's 403. */
function isAccessError(err: unknown): boolean {
  return (err instanceof HttpError && err.status === 403) || (err instanceof Error && /AccessError/.test(err.message));
}

export const odooConnector = defineConnector({
  kind: 'odoo', title: 'Odoo CRM opportunities (deals) and Sales orders via JSON-RPC or JSON-2', options: odooOptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId }) => createOdooConnector(options, env, sourceId),
});
