import { z } from 'zod';
import type { Account, Deal, DealStage, Order, OrderStatus, RecordLink } from '../../model';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { dimensionText, moneyFields, roundMoney, stageByProbability, stageMapSchema, statusMapSchema } from './mapping';
import { laterOf, minusSeconds, naiveToUtc, utcToNaive } from '../../model';

/** Odoo CRM's default stage names → canonical stages (a tenant overrides with `stage_map`, by name or id). */
export const ODOO_DEFAULT_STAGES: Record<string, DealStage> = { New: 'lead', Qualified: 'qualified', Proposition: 'proposal', Negotiation: 'negotiation', Won: 'won' };
/** `state` or `state/delivery_status` → canonical order status (a tenant overrides with `status_map`). */
export const ODOO_DEFAULT_STATUSES: Record<string, OrderStatus> = {
  'draft': 'new', 'sent': 'new', 'sale': 'confirmed', 'sale/pending': 'confirmed', 'sale/started': 'in_fulfilment',
  'sale/partial': 'in_fulfilment', 'sale/full': 'delivered', 'done': 'delivered', 'cancel': 'cancelled',
};

/** A field's technical name (`vat`, `x_studio_erp_order`). */
const fieldName = z.string().regex(/^[A-Za-z_]\w*$/, 'a field\'s technical name such as "vat" or "x_erp_order"');

/** The keys odooDeal and odooOrder write in `extra` themselves. */
const ODOO_EXTRA = ['stage_name', 'archived', 'customer', 'probability', 'odoo_id', 'state', 'locked', 'invoice_status', 'customer_ref', 'currency_rate'];

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
  /** Read companies (`res.partner` with `is_company`) as `account` records: the names, tax ids and references the customer map matches on. */
  accounts: z.boolean().default(true),
  /** The partner fields holding a tax id (default `vat`) and an external id (default `ref`, the partner's Reference). */
  account_fields: accountFieldsSchema(fieldName),
  /** Fields of opportunities and sales orders holding the id of a linked record in another system; a model without the field goes on without it. */
  links: linkFieldsSchema(fieldName),
  /**
   * Fields of opportunities and sales orders (`source_id`, `tag_ids`, a Studio `x_studio_product_line`) asked for in `fields` and kept
   * in each deal's and order's `extra`; a model without the field goes on without it. A Many2one keeps its name, a Many2many or
   * One2many its list of ids, an empty field Odoo's `false`.
   */
  extra_fields: extraFieldsSchema(fieldName, ODOO_EXTRA),
}).strict().refine((o) => o.api === 'json2' || o.login || o.uid, { message: 'JSON-RPC needs "login" or "uid"', path: ['login'] });

export type OdooOptions = z.output<typeof odooOptionsSchema>;
interface ModelCursor { watermark?: string; anchor?: string; offset?: number }
export interface OdooCursor { phase?: number; models?: Record<string, ModelCursor> }
type Row = Record<string, unknown>;

const LEAD_FIELDS = ['name', 'type', 'active', 'stage_id', 'won_status', 'probability', 'expected_revenue', 'company_currency',
  'date_deadline', 'date_closed', 'user_id', 'team_id', 'partner_id', 'create_date', 'write_date'];
const ORDER_FIELDS = ['name', 'state', 'locked', 'date_order', 'partner_id', 'user_id', 'team_id', 'company_id', 'currency_id', 'currency_rate', 'amount_total',
  'invoice_status', 'delivery_status', 'client_order_ref', 'create_date', 'write_date'];
/** The opportunity a sales order came from: a field of the `sale_crm` module (CRM and Sales both installed), so asked for but optional. */
const ORDER_OPPORTUNITY = 'opportunity_id';
const PARTNER_FIELDS = ['name', 'is_company', 'active', 'create_date', 'write_date'];
/** A field the model does not have, as Odoo's read refuses it: `ValueError: Invalid field 'x' on model 'y'`. */
const INVALID_FIELD = /Invalid field '([\w.]+)' on model '([\w.]+)'/;

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

/** A many2one's id, or a plain value as it is: what a link field holds. */
const linkValue = (v: unknown) => m2o(v)?.[0] ?? v;
/**
 * What an extra field keeps: a many2one's name (`[id, name]`: a record is kept by what people call it), anything else as it is (a
 * many2many's ids: two of them, `[2, 5]`, are no many2one, whose second item is text).
 */
const extraValue = (v: unknown) => (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string' ? v[1] : v);

/**
 * An opportunity: `expected_revenue` is a monetary field in `company_currency` (the company's currency), so it is its own base.
 * `accountId`: the commercial partner (the company) of its customer, `partner_id`.
 */
export function odooDeal(row: Row, opts: Pick<OdooOptions, 'stage_map'> & Partial<Pick<OdooOptions, 'links' | 'extra_fields'>>, accountId?: number): Deal {
  const amount = typeof row.expected_revenue === 'number' ? row.expected_revenue : 0;
  const currency = m2o(row.company_currency)?.[1];
  const deal: Deal = {
    type: 'deal', id: String(row.id), stage: odooStage(row, opts.stage_map), ...moneyFields(amount, currency, { amount, currency }),
    created_at: utc(row.create_date), updated_at: utc(row.write_date),
    extra: { ...readExtra(opts.extra_fields ?? [], (f) => extraValue(row[f])), ...(m2o(row.stage_id) ? { stage_name: m2o(row.stage_id)![1] } : {}), ...(row.active === false ? { archived: true } : {}),
      ...(m2o(row.partner_id) ? { customer: m2o(row.partner_id)![1] } : {}), ...(typeof row.probability === 'number' ? { probability: row.probability } : {}) },
  };
  if (text(row.name)) deal.name = text(row.name);
  if (m2o(row.user_id)) deal.owner = m2o(row.user_id)![1];
  if (m2o(row.team_id)) deal.pipeline = m2o(row.team_id)![1];
  const close = text(row.date_closed) ?? text(row.date_deadline);
  if (close) deal.close_date = close.slice(0, 10);
  if (isArchivedAway(row)) deal.deleted = true;
  if (accountId !== undefined) deal.account_id = String(accountId);
  const links = readLinks(opts.links ?? [], (f) => linkValue(row[f]));
  if (links) deal.links = links;
  return deal;
}

/**
 * A sales order: `amount_total` in `currency_id`. In the company's currency (`companyCurrency`, the company's
 * `currency_id`) it is `amount_total / currency_rate`, as Odoo converts it: `currency_rate` is the rate from the company
 * currency to the order's at `date_order`.
 */
export function odooOrder(row: Row, opts: Pick<OdooOptions, 'status_map'> & Partial<Pick<OdooOptions, 'links' | 'extra_fields'>>, companyCurrency?: string, accountId?: number): Order {
  const amount = typeof row.amount_total === 'number' ? row.amount_total : 0;
  const currency = m2o(row.currency_id)?.[1];
  const rate = typeof row.currency_rate === 'number' && row.currency_rate > 0 ? row.currency_rate : undefined;
  const base = currency !== undefined && currency === companyCurrency ? amount : rate !== undefined ? roundMoney(amount / rate) : undefined;
  const order: Order = {
    type: 'order', id: String(row.name ?? row.id), status: odooStatus(row, opts.status_map), ...moneyFields(amount, currency, { amount: base, currency: companyCurrency }),
    created_at: utc(text(row.date_order) ?? row.create_date), updated_at: utc(row.write_date),
    extra: { ...readExtra(opts.extra_fields ?? [], (f) => extraValue(row[f])), odoo_id: row.id, state: row.state, ...(row.locked === true ? { locked: true } : {}),
      ...(text(row.invoice_status) ? { invoice_status: row.invoice_status } : {}), ...(text(row.client_order_ref) ? { customer_ref: row.client_order_ref } : {}),
      ...(rate !== undefined && rate !== 1 ? { currency_rate: rate } : {}) },
  };
  if (m2o(row.partner_id)) order.customer = m2o(row.partner_id)![1];
  if (m2o(row.user_id)) order.owner = m2o(row.user_id)![1];
  if (m2o(row.team_id)) order.department = m2o(row.team_id)![1];
  if (accountId !== undefined) order.account_id = String(accountId);
  const opportunity = m2o(row[ORDER_OPPORTUNITY]);
  const own: RecordLink[] = opportunity ? [{ type: 'deal', id: String(opportunity[0]) }] : [];
  const links = readLinks(opts.links ?? [], (f) => linkValue(row[f]), own);
  if (links) order.links = links;
  return order;
}

/**
 * A company (`res.partner`, `is_company`) → an `account` record: `name`, the tax id field (`vat`; Odoo's "/" means none),
 * the external id field (`ref`). Archived companies stay accounts (their orders still name them), marked `extra.archived`.
 */
export function odooAccount(row: Row, opts: Pick<OdooOptions, 'account_fields'>): Account {
  const field = (name: string) => dimensionText(row[name])?.trim();
  const account: Account = { type: 'account', id: String(row.id), created_at: utc(row.create_date), updated_at: utc(row.write_date),
    ...(row.active === false ? { extra: { archived: true } } : {}) };
  if (text(row.name)) account.name = text(row.name);
  const taxId = field(opts.account_fields.tax_id ?? 'vat');
  if (taxId && taxId !== '/') account.tax_id = taxId;
  const externalId = field(opts.account_fields.external_id ?? 'ref');
  if (externalId) account.external_id = externalId;
  return account;
}

/** Odoo CRM opportunities (deals), sales orders and companies (accounts) over JSON-RPC or JSON-2, incremental on `write_date`. */
export function createOdooConnector(opts: OdooOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<OdooCursor> {
  const base = opts.url.replace(/\/+$/, '');
  const models = [...(opts.deals ? ['crm.lead'] : []), ...(opts.orders ? ['sale.order'] : []), ...(opts.accounts ? ['res.partner'] : [])];
  const linkFields = [...opts.links.map((l) => l.field), ...opts.extra_fields.map((e) => e.field)];
  /** Each model's fields: those it must have, and those it may lack (a module not installed, a link or extra field of the other model). */
  const fields: Record<string, { required: string[]; optional: string[] }> = {
    'crm.lead': { required: LEAD_FIELDS, optional: linkFields },
    'sale.order': { required: ORDER_FIELDS, optional: [ORDER_OPPORTUNITY, ...linkFields] },
    'res.partner': { required: [...new Set([...PARTNER_FIELDS, opts.account_fields.tax_id ?? 'vat', opts.account_fields.external_id ?? 'ref'])], optional: [] },
  };
  /** The optional fields a model turned out not to have (read again without them). */
  const missing = new Map<string, Set<string>>();
  let uid = opts.uid;
  let serial = 0;

  async function rpc(service: string, method: string, args: unknown[], signal: AbortSignal): Promise<unknown> {
    const res = await requestJson<{ result?: unknown; error?: { message?: string; data?: { name?: string; message?: string } } }>(`${base}/jsonrpc`, {
      signal, method: 'POST', body: { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++serial } });
    // Legacy RPC reports errors with HTTP 200 and an `error` member.
    if (res.body.error) throw new Error(`Odoo ${service}.${method}: ${res.body.error.data?.name ?? ''} ${res.body.error.data?.message ?? res.body.error.message ?? ''}`.trim());
    return res.body.result;
  }

  /** A page of a model; an optional field the model lacks (Odoo refuses the read naming it) is dropped, with a warning, and the page read again. */
  async function searchRead(model: string, domain: unknown[], offset: number, signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<Row[]> {
    const lacking = missing.get(model) ?? new Set<string>();
    missing.set(model, lacking);
    for (;;) {
      const asked = [...new Set([...fields[model]!.required, ...fields[model]!.optional.filter((f) => !lacking.has(f))])];
      try {
        return await read(model, domain, { fields: asked, order: 'write_date asc, id asc', offset, limit: opts.page_size,
          context: { tz: 'UTC', ...(model !== 'sale.order' ? { active_test: false } : {}) } }, signal);
      } catch (err) {
        const refused = INVALID_FIELD.exec(`${(err as Error).message} ${err instanceof HttpError ? err.body : ''}`);
        const field = refused?.[2] === model ? refused[1]! : undefined;
        if (!field || !fields[model]!.optional.includes(field) || lacking.has(field)) throw err;
        lacking.add(field);
        log.warn({ source: sourceId, model, field }, `Odoo ${model} has no field ${field}; reading on without it`);
      }
    }
  }

  /** Partner id → its commercial partner (the company a contact belongs to, or itself); unreadable partners: empty, with a warning once. */
  let partnersReadable = true;
  async function commercialPartners(rows: Row[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<Map<number, number>> {
    const ids = [...new Set(rows.map((r) => m2o(r.partner_id)?.[0]).filter((id): id is number => id !== undefined))];
    if (!partnersReadable || ids.length === 0) return new Map();
    try {
      const partners = await read('res.partner', [['id', 'in', ids]], { fields: ['commercial_partner_id'], context: { tz: 'UTC', active_test: false } }, signal);
      return new Map(partners.map((p) => [Number(p.id), m2o(p.commercial_partner_id)?.[0] ?? Number(p.id)]));
    } catch (err) {
      if (!isAccessError(err)) throw err;
      partnersReadable = false;
      log.warn({ source: sourceId, error: (err as Error).message }, 'Odoo res.partner unreadable; records name their partner itself as the account');
      return new Map();
    }
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
    entities: [...(opts.deals ? ['deal' as const] : []), ...(opts.orders ? ['order' as const] : []), ...(opts.accounts ? ['account' as const] : [])],
    async poll({ cursor, signal, log }) {
      const phase = Math.min(cursor?.phase ?? 0, models.length - 1);
      const model = models[phase]!;
      const all = { ...cursor?.models };
      const m: ModelCursor = { ...all[model] };
      const anchor = m.offset !== undefined ? m.anchor : (m.watermark ? minusSeconds(m.watermark, opts.overlap_seconds) : opts.since);
      const offset = m.offset ?? 0;
      const scope = model === 'crm.lead' ? [['type', '=', 'opportunity']] : model === 'res.partner' ? [['is_company', '=', true]] : [];
      const domain = [...scope, ...(anchor ? [['write_date', '>=', utcToNaive(anchor, 'UTC')]] : [])];
      const rows = await searchRead(model, domain, offset, signal, log);
      if (model === 'sale.order') await learnCompanies(rows, signal, log);
      const accounts = model === 'res.partner' ? new Map<number, number>() : await commercialPartners(rows, signal, log);
      const accountOf = (row: Row) => { const partner = m2o(row.partner_id)?.[0]; return partner === undefined ? undefined : accounts.get(partner) ?? partner; };
      const records = rows.map((row) => {
        m.watermark = laterOf(m.watermark, utc(row.write_date));
        if (model === 'res.partner') return odooAccount(row, opts);
        return model === 'crm.lead' ? odooDeal(row, opts, accountOf(row))
          : odooOrder(row, opts, companyCurrencies.get(m2o(row.company_id)?.[0] ?? -1) ?? undefined, accountOf(row));
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
  kind: 'odoo', title: 'Odoo CRM opportunities (deals), Sales orders and companies (accounts) via JSON-RPC or JSON-2', options: odooOptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId }) => createOdooConnector(options, env, sourceId),
});
