import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Account, Order, OrderStatus } from '../../model';
import { AuthError } from '../errors';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { collapseHistory, currencyCode, dimensionFields, dimensionText, moneyFields, statusMapSchema } from './mapping';
import { laterOf, minusSeconds, naiveToUtc, utcToNaive } from '../../model';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';

/** Sales Order `status` → canonical order status (a tenant overrides with `status_map`, by `status` or `status/delivery_status`). */
export const ERPNEXT_DEFAULT_STATUSES: Record<string, OrderStatus> = {
  'Draft': 'new', 'On Hold': 'confirmed', 'To Pay': 'confirmed', 'To Deliver and Bill': 'confirmed', 'To Deliver': 'confirmed',
  'To Bill': 'delivered', 'Completed': 'delivered', 'Closed': 'delivered', 'Cancelled': 'cancelled',
};

const ianaZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, { message: 'expected an IANA time zone name such as "Europe/Berlin"' });
/** A doctype's field name, standard (`territory`) or custom (`custom_crm_deal_id`: Frappe v15 prefixes fields made in Desk with `custom_`). */
const fieldName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a field name such as "territory" or "custom_department"');

/** The keys erpnextOrder (and a tombstone) write in `extra` themselves. */
const ERPNEXT_ORDER_EXTRA = ['erpnext_status', 'docstatus', 'company', 'conversion_rate', 'transaction_date', 'delivery_date', 'per_delivered', 'per_billed',
  'billing_status', 'delivery_status', 'amended_from', 'closed_manually', 'on_hold', 'deleted_at'];

export const erpnextOptionsSchema = z.object({
  /** The site, e.g. `https://erp.acme.example`. */
  url: z.url(),
  /** Environment variables holding the API user's key and secret (`Authorization: token key:secret`). */
  key_env: envVarName.default('ERPNEXT_API_KEY'),
  secret_env: envVarName.default('ERPNEXT_API_SECRET'),
  /** The site's System Settings time zone: `creation`/`modified` are naive wall-clock times there. Default: the hub's. */
  site_timezone: ianaZone.optional(),
  /** `status` or `status/delivery_status` (e.g. `"To Deliver and Bill/Partly Delivered"`) → canonical status. */
  status_map: statusMapSchema.default({}),
  /** Canonical field → the Sales Order field holding it: standard (`territory`) or custom (`custom_sales_channel`). */
  fields: dimensionFields(['department', 'region', 'channel'], fieldName),
  /** Sales Order fields holding a linked record's id, e.g. `custom_crm_deal_id` holding the CRM's opportunity id (a deal in another source). */
  links: linkFieldsSchema(fieldName),
  /**
   * Sales Order fields asked for in the list's `fields` and kept in each order's `extra`: standard (`territory`, `order_type`) or
   * custom (`custom_product_line`). A Link keeps the linked document's name, a Check 0 or 1; child tables are not list fields.
   */
  extra_fields: extraFieldsSchema(fieldName, ERPNEXT_ORDER_EXTRA),
  /** Read the Customer doctype as accounts (what the customer map matches on), incrementally by `modified`. */
  accounts: z.boolean().default(true),
  /** Customer fields holding a tax id (default: the standard `tax_id`) and an external id (e.g. `custom_crm_account_id`). */
  account_fields: accountFieldsSchema(fieldName),
  /** Read status history from the Version doctype (one request per page of orders). */
  history: z.boolean().default(true),
  /**
   * The company's currency (Company `default_currency`), in which `base_grand_total` is kept. Default: read from the
   * Company doctype, once per company the orders name. Set it when the API user may not read Company (every company
   * of the site must then keep its books in it).
   */
  company_currency: currencyCode.optional(),
  /** Read the Deleted Document doctype and store deleted Sales Orders as tombstones (`deleted: true`). */
  deleted: z.boolean().default(true),
  page_size: z.number().int().min(1).max(1000).default(100),
  overlap_seconds: z.number().int().min(0).max(86_400).default(300),
  since: z.iso.datetime({ offset: true }).optional(),
}).strict();

export type ErpnextOptions = z.output<typeof erpnextOptionsSchema>;
/** One doctype's position: `watermark` (UTC) of finished runs, `after` = the last row read in a run in progress. */
interface Stream { watermark?: string; after?: { at: string; skip: number } }
export interface ErpnextCursor { phase?: number; orders?: Stream; deleted?: Stream; accounts?: Stream }
type Row = Record<string, unknown>;

const ORDER_FIELDS = ['name', 'customer', 'customer_name', 'company', 'status', 'docstatus', 'transaction_date', 'delivery_date', 'currency',
  'conversion_rate', 'grand_total', 'base_grand_total', 'per_delivered', 'per_billed', 'billing_status', 'delivery_status', 'owner', 'amended_from', 'creation', 'modified'];
/** The Customer doctype's fields read as an account (the tax id and external id fields come from `account_fields`). */
const CUSTOMER_FIELDS = ['name', 'customer_name', 'customer_type', 'customer_group', 'territory', 'disabled', 'creation', 'modified'];
const VERSION_PAGE = 500;
const VERSION_NAMES_PER_REQUEST = 40;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The status a Sales Order shows: `docstatus` 2 is cancelled and 0 a draft, whatever `status` says. */
function shownStatus(row: Row): string {
  if (row.docstatus === 2) return 'Cancelled';
  if (row.docstatus === 0) return 'Draft';
  return text(row.status) ?? 'Draft';
}

/** Canonical status of a Sales Order: the tenant's map, then the defaults (partly delivered → in fulfilment). */
export function erpnextStatus(row: Row, map: Record<string, OrderStatus>): OrderStatus {
  const status = shownStatus(row);
  const delivery = text(row.delivery_status);
  const mapped = (delivery && map[`${status}/${delivery}`]) || map[status];
  if (mapped) return mapped;
  const partly = delivery === 'Partly Delivered' || ((num(row.per_delivered) ?? 0) > 0 && (num(row.per_delivered) ?? 0) < 100);
  if ((status === 'To Deliver and Bill' || status === 'To Deliver') && partly) return 'in_fulfilment';
  return ERPNEXT_DEFAULT_STATUSES[status] ?? 'confirmed';
}

/** A Version row's `data` (a JSON string) → its changes of `field`, as [old, new]. */
export function fieldChanges(data: unknown, field: string): [string, string][] {
  let parsed: unknown;
  try { parsed = typeof data === 'string' ? JSON.parse(data) : data; } catch { return []; }
  const changed = (parsed as { changed?: unknown } | null)?.changed;
  if (!Array.isArray(changed)) return [];
  return changed.filter((c): c is [string, unknown, unknown] => Array.isArray(c) && c[0] === field)
    .map((c) => [String(c[1] ?? ''), String(c[2] ?? '')]);
}

/** A Version row's `status` changes, as [old, new]. */
export const statusChanges = (data: unknown) => fieldChanges(data, 'status');

/**
 * One Sales Order (and its Version rows, oldest first) → a canonical order. Naive site times become UTC.
 * Money: `grand_total` in the order's `currency`, and `base_grand_total`, the same total in the company's currency
 * (`companyCurrency`, the Company's `default_currency`) at the order's `conversion_rate`.
 * With versions, the history starts with the first change's old status at `creation` and ends with the current status.
 */
export function erpnextOrder(row: Row, opts: Pick<ErpnextOptions, 'status_map'> & Partial<Pick<ErpnextOptions, 'fields' | 'links' | 'extra_fields'>>, zone: string, versions: Row[] = [],
  companyCurrency?: string): Order {
  const at = (v: unknown) => naiveToUtc(String(v), zone);
  const status = erpnextStatus(row, opts.status_map);
  const created = at(row.creation);
  const updated = at(row.modified);
  const order: Order = {
    type: 'order', id: String(row.name), status, ...moneyFields(num(row.grand_total) ?? 0, text(row.currency), { amount: num(row.base_grand_total), currency: companyCurrency }),
    created_at: created, updated_at: updated,
    extra: {
      ...readExtra(opts.extra_fields ?? [], (field) => row[field]),
      erpnext_status: shownStatus(row), docstatus: row.docstatus,
      ...(text(row.company) ? { company: row.company } : {}),
      ...(num(row.conversion_rate) !== undefined && row.conversion_rate !== 1 ? { conversion_rate: row.conversion_rate } : {}),
      ...(text(row.transaction_date) ? { transaction_date: row.transaction_date } : {}),
      ...(text(row.delivery_date) ? { delivery_date: row.delivery_date } : {}),
      ...(num(row.per_delivered) !== undefined ? { per_delivered: row.per_delivered } : {}),
      ...(num(row.per_billed) !== undefined ? { per_billed: row.per_billed } : {}),
      ...(text(row.billing_status) ? { billing_status: row.billing_status } : {}),
      ...(text(row.delivery_status) ? { delivery_status: row.delivery_status } : {}),
      ...(text(row.amended_from) ? { amended_from: row.amended_from } : {}),
      ...(row.status === 'Closed' ? { closed_manually: true } : {}),
      ...(row.status === 'On Hold' ? { on_hold: true } : {}),
    },
  };
  const customer = text(row.customer_name) ?? text(row.customer);
  if (customer) order.customer = customer;
  // `customer` is a Link to Customer: its value is the Customer's name, the account's id.
  if (text(row.customer)) order.account_id = text(row.customer);
  const links = readLinks(opts.links ?? [], (field) => row[field]);
  if (links) order.links = links;
  if (text(row.owner)) order.owner = text(row.owner);
  for (const [field, name] of Object.entries(opts.fields ?? {})) {
    const value = dimensionText(row[name]);
    if (value !== undefined) order[field as 'department' | 'region' | 'channel'] = value;
  }
  // Status and delivery status are replayed together, so a partial delivery (no status change) is a step too.
  const changes = versions.map((v) => ({ at: at(v.creation), status: fieldChanges(v.data, 'status').at(-1), delivery: fieldChanges(v.data, 'delivery_status').at(-1) }))
    .filter((c) => c.status || c.delivery);
  if (changes.length > 0) {
    const canon = (s: string, delivery: string | undefined) =>
      erpnextStatus({ status: s, docstatus: s === 'Draft' ? 0 : s === 'Cancelled' ? 2 : 1, delivery_status: delivery }, opts.status_map);
    // Before the first change: the first change's old value of each, else the value the order still has.
    let shown = changes.find((c) => c.status)?.status![0] ?? shownStatus(row);
    let delivery = changes.find((c) => c.delivery)?.delivery![0] ?? text(row.delivery_status);
    const entries = [{ status: canon(shown, delivery), at: created }];
    for (const c of changes) {
      shown = c.status?.[1] ?? shown;
      delivery = c.delivery?.[1] ?? delivery;
      entries.push({ status: canon(shown, delivery), at: c.at });
    }
    const history = collapseHistory(entries, 'status');
    if (history.at(-1)!.status !== status) history.push({ status, at: updated }); // e.g. a partly delivered order
    order.history = history;
  }
  return order;
}

/**
 * One Customer row → an account: its `name` (the id a Sales Order's `customer` holds), `customer_name`, the tax id
 * (`tax_id`, or the `account_fields.tax_id` field) and the `account_fields.external_id` field. Naive site times become UTC.
 */
export function erpnextAccount(row: Row, opts: Partial<Pick<ErpnextOptions, 'account_fields'>>, zone: string): Account {
  const fields = opts.account_fields ?? {};
  const taxId = dimensionText(row[fields.tax_id ?? 'tax_id']);
  const externalId = fields.external_id ? dimensionText(row[fields.external_id]) : undefined;
  return {
    type: 'account', id: String(row.name), name: text(row.customer_name) ?? String(row.name),
    ...(taxId ? { tax_id: taxId.trim() } : {}),
    ...(externalId ? { external_id: externalId.trim() } : {}),
    created_at: naiveToUtc(String(row.creation), zone), updated_at: naiveToUtc(String(row.modified), zone),
    extra: {
      ...(text(row.customer_type) ? { customer_type: row.customer_type } : {}),
      ...(text(row.customer_group) ? { customer_group: row.customer_group } : {}),
      ...(text(row.territory) ? { territory: row.territory } : {}),
      ...(row.disabled === 1 ? { disabled: true } : {}),
    },
  };
}

/**
 * A `Deleted Document` row of a Sales Order → a tombstone: the order as it was when deleted (`data`: only drafts and
 * cancelled orders can be deleted, so its status stays new or cancelled), `deleted: true`, updated at the deletion.
 */
export function erpnextTombstone(row: Row, opts: Pick<ErpnextOptions, 'status_map'> & Partial<Pick<ErpnextOptions, 'links' | 'extra_fields'>>, zone: string, currencyOf: (company: string) => string | undefined = () => undefined): Order {
  const doc = deletedDoc(row);
  const deletedAt = naiveToUtc(String(row.creation), zone);
  const name = text(row.deleted_name) ?? String(doc.name);
  const order = erpnextOrder({ ...doc, name, creation: text(doc.creation) ?? row.creation, modified: row.creation }, opts, zone, [], currencyOf(String(doc.company ?? '')));
  order.updated_at = deletedAt;
  order.deleted = true;
  order.extra = { ...order.extra, deleted_at: deletedAt };
  return order;
}

/** The Sales Order a `Deleted Document` row keeps as JSON in `data` (empty when unreadable). */
function deletedDoc(row: Row): Row {
  try { return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data ?? {}) as Row; } catch { return {}; }
}

/**
 * The naive filter value for a run starting at `anchor`; two hours earlier when a DST change lies within an hour
 * of it, since the wall-clock hour repeated in autumn (or skipped in spring) breaks the order of naive times.
 */
export function naiveAnchor(anchor: string, zone: string): string {
  const at = DateTime.fromISO(anchor, { zone });
  const nearChange = at.minus({ hours: 1 }).offset !== at.plus({ hours: 1 }).offset;
  return utcToNaive((nearChange ? at.minus({ hours: 2 }) : at).toUTC().toISO()!, zone);
}

/** ERPNext / Frappe Sales Orders over `/api/resource`, incremental on `modified` (naive site time), with Version history and deletes. */
export function createErpnextConnector(opts: ErpnextOptions, env: { env: NodeJS.ProcessEnv; sourceId: string; timezone: string }): Connector<ErpnextCursor> {
  const base = opts.url.replace(/\/+$/, '');
  const zone = opts.site_timezone ?? env.timezone;
  const phases = ['orders', ...(opts.deleted ? ['deleted'] : []), ...(opts.accounts ? ['accounts'] : [])] as const;
  let history = opts.history;
  const orderFields = [...new Set([...ORDER_FIELDS, ...Object.values(opts.fields), ...opts.links.map((l) => l.field),
    ...opts.extra_fields.map((e) => e.field)])];
  const customerFields = [...new Set([...CUSTOMER_FIELDS, opts.account_fields.tax_id ?? 'tax_id', ...(opts.account_fields.external_id ? [opts.account_fields.external_id] : [])])];
  let deleted = opts.deleted;
  let accounts = opts.accounts;
  /** Company → its `default_currency` (null: no such company, or none set), read once per company named. */
  const companyCurrencies = new Map<string, string | null>();
  let companyReadable = opts.company_currency === undefined;
  const currencyOf = (company: string) => opts.company_currency ?? companyCurrencies.get(company) ?? undefined;

  async function list(doctype: string, params: { fields: string[]; filters: unknown[]; order_by: string; start: number; limit: number }, signal: AbortSignal): Promise<Row[]> {
    const auth = `token ${secretFrom(env.env, opts.key_env, env.sourceId)}:${secretFrom(env.env, opts.secret_env, env.sourceId)}`;
    const query = new URLSearchParams({ fields: JSON.stringify(params.fields), ...(params.filters.length > 0 ? { filters: JSON.stringify(params.filters) } : {}),
      order_by: params.order_by, limit_start: String(params.start), limit_page_length: String(params.limit) });
    try {
      const res = await requestJson<{ data?: Row[] }>(`${base}/api/resource/${encodeURIComponent(doctype)}?${query}`, { signal, headers: { authorization: auth } });
      if (!Array.isArray(res.body.data)) throw new Error(`ERPNext ${doctype} list: no "data" array in the response`);
      return res.body.data;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (err.status === 401) throw new AuthError(`ERPNext refused the API key/secret in ${opts.key_env}/${opts.secret_env} (${frappeError(err.body) ?? 'HTTP 401'})`);
      const why = frappeError(err.body);
      if (why) err.message = `${why}: ${err.message}`;
      throw err;
    }
  }

  /**
   * Keyset paging on (timestamp, name): rows at or after the last one read, skipping those already read with the same timestamp.
   * A first run starts at `since` (none: every row).
   */
  async function page(doctype: string, field: 'modified' | 'creation', fields: string[], extra: unknown[], s: Stream, signal: AbortSignal, since = opts.since) {
    const anchor = s.watermark ? minusSeconds(s.watermark, opts.overlap_seconds) : since;
    const from = s.after?.at ?? (anchor ? naiveAnchor(anchor, zone) : undefined);
    const rows = await list(doctype, { fields, filters: [...extra, ...(from ? [[field, '>=', from]] : [])], order_by: `${field} asc, name asc`,
      start: s.after?.skip ?? 0, limit: opts.page_size }, signal);
    let watermark = s.watermark;
    for (const row of rows) watermark = laterOf(watermark, naiveToUtc(String(row[field]), zone));
    const last = rows.at(-1) ? String(rows.at(-1)![field]) : undefined;
    const ties = rows.filter((r) => String(r[field]) === last).length;
    const full = rows.length === opts.page_size;
    const next: Stream = { ...(watermark ? { watermark } : {}),
      ...(full && last ? { after: { at: last, skip: ties + (s.after?.at === last ? s.after.skip : 0) } } : {}) };
    return { rows, next, full };
  }

  async function versions(names: string[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<Map<string, Row[]>> {
    const byName = new Map<string, Row[]>();
    if (!history || names.length === 0) return byName;
    try {
      // The names travel in the URL: a few dozen a request keeps it well under a server's request-line limit (gunicorn: 4 KB).
      for (let from = 0; from < names.length; from += VERSION_NAMES_PER_REQUEST) {
        const chunk = names.slice(from, from + VERSION_NAMES_PER_REQUEST);
        for (let start = 0; ; start += VERSION_PAGE) {
          const rows = await list('Version', { fields: ['name', 'docname', 'creation', 'data'],
            filters: [['ref_doctype', '=', 'Sales Order'], ['docname', 'in', chunk]], order_by: 'creation asc, name asc', start, limit: VERSION_PAGE }, signal);
          for (const row of rows) byName.set(String(row.docname), [...(byName.get(String(row.docname)) ?? []), row]);
          if (rows.length < VERSION_PAGE) break;
        }
      }
      return byName;
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 403)) throw err;
      history = false; // no read permission on Version: the hub derives history from what it observes
      log.warn({ source: env.sourceId, error: err.message }, 'ERPNext Version unreadable; status history derived by the hub');
      return new Map();
    }
  }

  /** Reads the `default_currency` of the companies not seen yet; without read permission on Company, orders get no base amount. */
  async function learnCompanies(names: unknown[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<void> {
    const unknown = [...new Set(names.map((n) => text(n)).filter((n): n is string => n !== undefined && !companyCurrencies.has(n)))];
    if (!companyReadable || unknown.length === 0) return;
    try {
      const rows = await list('Company', { fields: ['name', 'default_currency'], filters: [['name', 'in', unknown]], order_by: 'name asc', start: 0, limit: unknown.length }, signal);
      for (const name of unknown) companyCurrencies.set(name, null);
      for (const row of rows) companyCurrencies.set(String(row.name), text(row.default_currency) ?? null);
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 403)) throw err;
      companyReadable = false;
      log.warn({ source: env.sourceId, error: err.message }, 'ERPNext Company unreadable; orders keep their own currency only (set company_currency)');
    }
  }

  return {
    kind: 'erpnext',
    entities: opts.accounts ? ['order', 'account'] : ['order'],
    async poll({ cursor, signal, log }) {
      const phase = Math.min(cursor?.phase ?? 0, phases.length - 1);
      const next: ErpnextCursor = { ...cursor };
      let records: unknown[] = [];
      let full = false;
      if (phases[phase] === 'orders') {
        const r = await page('Sales Order', 'modified', orderFields, [], cursor?.orders ?? {}, signal);
        const byName = await versions(r.rows.map((row) => String(row.name)), signal, log);
        await learnCompanies(r.rows.map((row) => row.company), signal, log);
        records = r.rows.map((row) => erpnextOrder(row, opts, zone, byName.get(String(row.name)), currencyOf(String(row.company ?? ''))));
        next.orders = r.next;
        full = r.full;
      } else if (phases[phase] === 'deleted' && deleted) {
        try {
          const r = await page('Deleted Document', 'creation', ['name', 'deleted_name', 'deleted_doctype', 'creation', 'data'],
            [['deleted_doctype', '=', 'Sales Order']], cursor?.deleted ?? {}, signal);
          await learnCompanies(r.rows.map((row) => deletedDoc(row).company), signal, log);
          records = r.rows.map((row) => erpnextTombstone(row, opts, zone, currencyOf));
          next.deleted = r.next;
          full = r.full;
        } catch (err) {
          if (!(err instanceof HttpError && err.status === 403)) throw err;
          deleted = false;
          log.warn({ source: env.sourceId, error: err.message }, 'ERPNext Deleted Document unreadable; deleted orders are not detected');
        }
      } else if (phases[phase] === 'accounts' && accounts) {
        try {
          // Every Customer on the first run, whatever `since` says: a recent order may name a customer last changed long ago.
          const r = await page('Customer', 'modified', customerFields, [], cursor?.accounts ?? {}, signal, undefined);
          records = r.rows.map((row) => erpnextAccount(row, opts, zone));
          next.accounts = r.next;
          full = r.full;
        } catch (err) {
          if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
          accounts = false;
          log.warn({ source: env.sourceId, error: err.message }, 'ERPNext Customer unreadable; no accounts for the customer map');
        }
      }
      const nextPhase = full ? phase : phase + 1;
      const more = nextPhase < phases.length;
      return { records, cursor: { ...next, phase: more ? nextPhase : 0 }, more };
    },
  };
}

/** Frappe errors: `_server_messages` (a JSON string of JSON strings) or `exc_type`. */
function frappeError(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { exc_type?: unknown; _server_messages?: unknown; message?: unknown };
    if (typeof parsed._server_messages === 'string') {
      const messages = (JSON.parse(parsed._server_messages) as string[]).map((m) => { try { return String((JSON.parse(m) as { message?: unknown }).message); } catch { return m; } });
      return [typeof parsed.exc_type === 'string' ? parsed.exc_type : undefined, ...messages].filter(Boolean).join(': ');
    }
    return typeof parsed.exc_type === 'string' ? parsed.exc_type : undefined;
  } catch { return undefined; }
}

export const erpnextConnector = defineConnector({
  kind: 'erpnext', title: 'ERPNext / Frappe Sales Orders and Customers via the REST resource API', options: erpnextOptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId, timezone }) => createErpnextConnector(options, { env, sourceId, timezone }),
});
