import { createHash } from 'node:crypto';
import type { Order, OrderStatus } from '../../model';
import { zoneOffset } from '../../model';
import { DEMO_CUSTOMERS, RETAIL_CUSTOMER } from '../customers';
import { COMPANY, SALES_REPS } from '../names';
import { BOOKS_CURRENCY, cnyPer, currencyOf, roundTo } from './exchange-rates';
import { frappeList, FrappeQueryError, type FrappeRow } from './frappe-list';
import type { VendorReply, VendorRequest } from './http';

export interface SimulatedErpnextOptions {
  /** The API user's key and secret the simulated site accepts (`Authorization: token key:secret`). */
  key: string;
  secret: string;
  /** The site's System Settings time zone: `creation` and `modified` are naive wall-clock times there. */
  timezone: string;
  /** The CRM's id of a simulated deal, as the order desk copies it into the Sales Order (`ERPNEXT_DEAL_FIELD`). */
  crmDealId?: (dealId: string) => string;
}

/** The site's custom fields on Sales Order (Frappe prefixes custom fields with `custom_`); `territory` is standard. */
export const ERPNEXT_DEPARTMENT_FIELD = 'custom_department';
export const ERPNEXT_CHANNEL_FIELD = 'custom_sales_channel';
/** The site's custom field on Sales Order holding the CRM's opportunity id (made in Desk with the label "CRM Deal ID"). */
export const ERPNEXT_DEAL_FIELD = 'custom_crm_deal_id';

/** The Sales Order fields each simulated order status shows (ERPNext derives `status` from them). */
const STATE: Record<OrderStatus, FrappeRow> = {
  new: { docstatus: 0, status: 'Draft', per_delivered: 0, per_billed: 0, delivery_status: 'Not Delivered', billing_status: 'Not Billed' },
  confirmed: { docstatus: 1, status: 'To Deliver and Bill', per_delivered: 0, per_billed: 0, delivery_status: 'Not Delivered', billing_status: 'Not Billed' },
  in_fulfilment: { docstatus: 1, status: 'To Deliver and Bill', per_delivered: 40, per_billed: 0, delivery_status: 'Partly Delivered', billing_status: 'Not Billed' },
  // Shipped: the Delivery Note is submitted, the invoice follows once the customer has the goods.
  shipped: { docstatus: 1, status: 'To Bill', per_delivered: 100, per_billed: 0, delivery_status: 'Fully Delivered', billing_status: 'Not Billed' },
  delivered: { docstatus: 1, status: 'Completed', per_delivered: 100, per_billed: 100, delivery_status: 'Fully Delivered', billing_status: 'Fully Billed' },
  cancelled: { docstatus: 2, status: 'Cancelled' },
};
const TRACKED = ['docstatus', 'status', 'per_delivered', 'delivery_status', 'per_billed', 'billing_status'];

const ORDER_FIELDS = new Set(['name', 'naming_series', 'customer', 'customer_name', 'company', 'order_type', 'status', 'docstatus', 'transaction_date',
  'delivery_date', 'currency', 'conversion_rate', 'selling_price_list', 'price_list_currency', 'plc_conversion_rate', 'net_total', 'base_net_total',
  'grand_total', 'base_grand_total', 'rounded_total', 'base_rounded_total', 'per_delivered', 'per_billed',
  'billing_status', 'delivery_status', 'territory', 'tax_id', 'owner', 'modified_by', 'amended_from', 'creation', 'modified', 'idx',
  ERPNEXT_DEPARTMENT_FIELD, ERPNEXT_CHANNEL_FIELD, ERPNEXT_DEAL_FIELD]);
const CUSTOMER_FIELDS = new Set(['name', 'naming_series', 'customer_name', 'customer_type', 'customer_group', 'territory', 'tax_id', 'default_currency',
  'disabled', 'owner', 'modified_by', 'creation', 'modified', 'docstatus', 'idx']);
const VERSION_FIELDS = new Set(['name', 'ref_doctype', 'docname', 'owner', 'modified_by', 'creation', 'modified', 'data', 'docstatus']);
const DELETED_FIELDS = new Set(['name', 'deleted_name', 'deleted_doctype', 'owner', 'creation', 'modified', 'data', 'restored']);
/** The site's one company: its books (Company `default_currency`) in CNY. */
const COMPANIES: FrappeRow[] = [{ name: COMPANY, company_name: COMPANY, abbr: 'XH', default_currency: BOOKS_CURRENCY, country: 'China' }];
const COMPANY_FIELDS = new Set(Object.keys(COMPANIES[0]!));

const userOf = (rep: string | undefined) => `${SALES_REPS.find((r) => r.name === rep)?.login ?? 'admin'}@xinghai.example`;
const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 10);

/** Instants as Frappe writes them: naive wall-clock time in the site's zone, with microseconds (`2025-03-14 09:41:22.910000`). */
export function naiveSiteTime(zone: string): (iso: string) => string {
  return (iso) => {
    const ms = Date.parse(iso);
    return new Date(ms + zoneOffset(zone, ms) * 60_000).toISOString().replace('T', ' ').replace('Z', '000');
  };
}

/**
 * The site's Customers: each of the company's customers under the ERP's short spelling, named by the naming series
 * `CUST-.YYYY.-` in the order they were entered (the year they were entered there), and the online shop's retail
 * customer (an Individual without a tax id). Entered after the CRM knew them, last edited weeks before the history.
 */
function customerRows(historyStart: number, naive: (iso: string) => string): { rows: FrappeRow[]; nameOf: Map<string, string> } {
  const all = [...DEMO_CUSTOMERS.map((c) => ({ key: c.key, since: c.since, customer: c })), { key: RETAIL_CUSTOMER.key, since: RETAIL_CUSTOMER.since, customer: undefined }]
    .sort((a, b) => b.since - a.since);
  const nameOf = new Map<string, string>();
  const rows = all.map(({ key, since, customer }, i) => {
    const created = new Date(historyStart - Math.round(since * 0.8) * 86_400_000 - 60_000 * (since % 480)).toISOString();
    const modified = new Date(historyStart - (((since * 5) % 47) + 1) * 86_400_000 + 60_000 * (since % 540)).toISOString();
    const name = `CUST-${naive(created).slice(0, 4)}-${String(i + 1).padStart(5, '0')}`;
    nameOf.set(key, name);
    return {
      name, naming_series: 'CUST-.YYYY.-', customer_name: customer?.names.erpnext ?? RETAIL_CUSTOMER.erpnext,
      customer_type: customer ? 'Company' : 'Individual', customer_group: customer ? 'Commercial' : 'Individual',
      territory: customer?.region ?? 'All Territories', tax_id: customer?.taxId ?? null, default_currency: customer?.currency ?? BOOKS_CURRENCY,
      disabled: 0, owner: 'Administrator', modified_by: 'Administrator', creation: naive(created), modified: naive(modified), docstatus: 0, idx: 0,
    };
  });
  return { rows, nameOf };
}

/** A simulated order's Sales Order name, from its naming series `SAL-ORD-.YYYY.-` (the year it was created there). */
export function salesOrderName(o: Order, naive: (iso: string) => string): string {
  return `SAL-ORD-${naive(o.created_at).slice(0, 4)}-${String(Number(o.id.replace(/\D/g, '')) - 99_999).padStart(5, '0')}`;
}

/**
 * A Sales Order's totals. The company's CNY amount is the simulated order's; a customer abroad is billed in its own
 * currency at the day's `conversion_rate` (CNY per unit), and ERPNext keeps each total in both: `grand_total` in the
 * order currency, `base_grand_total` = grand_total × conversion_rate in the company's.
 */
function totals(o: Order, day: string): FrappeRow {
  const currency = o.currency === undefined || o.currency === BOOKS_CURRENCY ? currencyOf(o.account_id) : o.currency;
  const rate = cnyPer(currency, day);
  const grand = currency === BOOKS_CURRENCY ? o.amount : roundTo(o.amount / rate, 2);
  const net = roundTo(grand / 1.13, 2); // 13 % VAT
  return {
    currency, conversion_rate: rate, price_list_currency: BOOKS_CURRENCY, plc_conversion_rate: 1,
    net_total: net, base_net_total: roundTo(net * rate, 2), grand_total: grand, base_grand_total: roundTo(grand * rate, 2),
    rounded_total: Math.round(grand), base_rounded_total: roundTo(Math.round(grand) * rate, 2),
  };
}

/** Where a Sales Order's customer and deal come from: the site's Customers, the CRM's deal ids. */
interface OrderContext { naive: (iso: string) => string; customers: Map<string, FrappeRow>; crmDealId: (dealId: string) => string }

/**
 * A simulated order as a Sales Order row and its Version rows (one per saved change of status or delivery). Its
 * `customer` links to the Customer (its name), `customer_name` and `tax_id` are fetched from it, and an order that came
 * from a deal has the CRM's opportunity id in `ERPNEXT_DEAL_FIELD`.
 */
function salesOrderRows(o: Order, { naive, customers, crmDealId }: OrderContext): { order: FrappeRow; versions: FrappeRow[] } {
  const day = naive(o.created_at).slice(0, 10);
  const name = salesOrderName(o, naive);
  const customer = o.account_id === undefined ? undefined : customers.get(o.account_id);
  const deal = o.links?.find((l) => l.type === 'deal');
  const user = userOf(o.owner);
  // Each status's fields; a cancellation keeps the amounts delivered and billed before it.
  const states = (o.history ?? [{ status: o.status, at: o.created_at }]).reduce<FrappeRow[]>((acc, h) =>
    [...acc, { ...acc.at(-1), ...STATE[h.status] }], []);
  const versions = states.slice(1).map((state, i) => {
    const before = states[i]!;
    const changed = TRACKED.filter((f) => before[f] !== state[f]).map((f) => [f, before[f], state[f]]);
    const at = naive(o.history![i + 1]!.at);
    return { name: hash(`${name}/${i + 1}`), ref_doctype: 'Sales Order', docname: name, owner: user, modified_by: user, creation: at, modified: at, docstatus: 0,
      data: JSON.stringify({ changed, added: [], removed: [], row_changed: [], data_import: null, updater_reference: null }, null, 1) };
  });
  return {
    versions,
    order: {
      name, naming_series: 'SAL-ORD-.YYYY.-', customer: customer?.name ?? null, customer_name: customer?.customer_name ?? null,
      tax_id: customer?.tax_id ?? null, company: COMPANY, order_type: 'Sales',
      ...states.at(-1), transaction_date: day, delivery_date: new Date(Date.parse(`${day}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10),
      selling_price_list: 'Standard Selling', ...totals(o, day),
      territory: o.region ?? 'All Territories', [ERPNEXT_DEPARTMENT_FIELD]: o.department ?? null, [ERPNEXT_CHANNEL_FIELD]: o.channel ?? null,
      [ERPNEXT_DEAL_FIELD]: deal ? crmDealId(deal.id) : null,
      owner: user, modified_by: user, amended_from: null, creation: naive(o.created_at), modified: naive(o.updated_at), idx: 0,
    },
  };
}

/**
 * ERPNext (Frappe) as the ERPNext connector reads it: `GET /api/resource/<doctype>` lists of Sales Order, Customer,
 * Version, Deleted Document (none: the simulated company deletes nothing) and Company, behind token auth, with
 * naive site-time `creation`/`modified`. It holds the simulated company's customers (`openCustomers`) and orders
 * (fed by `apply`).
 */
export function createSimulatedErpnext(opts: SimulatedErpnextOptions) {
  const orders = new Map<string, FrappeRow>();
  const versions = new Map<string, FrappeRow[]>();
  /** The simulated order id → its Sales Order name, for the service desk's order-number field. */
  const orderNames = new Map<string, string>();
  const naive = naiveSiteTime(opts.timezone);
  let customerList: FrappeRow[] = [];
  const context: OrderContext = { naive, customers: new Map(), crmDealId: opts.crmDealId ?? ((id) => id) };
  /** A Version query naming its documents reads only theirs, as the database's index on `docname` would. */
  const versionsOf = (query: URLSearchParams) => {
    let filters: unknown;
    try { filters = JSON.parse(query.get('filters') ?? '[]'); } catch { /* frappeList says what is wrong with it */ }
    const byName = Array.isArray(filters) ? filters.find((f): f is unknown[] => Array.isArray(f) && f[0] === 'docname' && f[1] === 'in') : undefined;
    return Array.isArray(byName?.[2]) ? byName[2].flatMap((n) => versions.get(String(n)) ?? []) : [...versions.values()].flat();
  };
  const doctypes: Record<string, { rows: (query: URLSearchParams) => Iterable<FrappeRow>; fields: ReadonlySet<string> }> = {
    'Sales Order': { rows: () => orders.values(), fields: ORDER_FIELDS },
    'Customer': { rows: () => customerList, fields: CUSTOMER_FIELDS },
    'Version': { rows: versionsOf, fields: VERSION_FIELDS },
    'Deleted Document': { rows: () => [], fields: DELETED_FIELDS },
    'Company': { rows: () => COMPANIES, fields: COMPANY_FIELDS },
  };
  const frappeError = (status: number, excType: string, message: string): VendorReply => ({ status, body: {
    exc_type: excType, exception: `frappe.exceptions.${excType}: ${message}`,
    _server_messages: JSON.stringify([JSON.stringify({ message, title: 'Message', indicator: 'red' })]) } });

  return {
    /** Opens the site's Customers: the company's customers, entered before its history (which starts at `historyStart`). */
    openCustomers(historyStart: number): void {
      const { rows, nameOf } = customerRows(historyStart, naive);
      customerList = rows;
      context.customers = new Map([...nameOf].map(([key, name]) => [key, rows.find((r) => r.name === name)!]));
    },
    /** Takes the simulated company's changed orders. */
    apply(changed: Order[]): void {
      for (const o of changed) {
        const rows = salesOrderRows(o, context);
        orders.set(rows.order.name as string, rows.order);
        versions.set(rows.order.name as string, rows.versions);
        orderNames.set(o.id, rows.order.name as string);
      }
    },
    /** The Sales Order name of a simulated order the site holds. */
    salesOrderNameOf: (orderId: string): string | undefined => orderNames.get(orderId),
    handle(req: VendorRequest): VendorReply {
      if (req.headers.authorization !== `token ${opts.key}:${opts.secret}`) {
        return { status: 401, body: { session_expired: 1, exception: 'frappe.exceptions.AuthenticationError', exc_type: 'AuthenticationError' } };
      }
      const m = /^\/api\/resource\/([^/]+)$/.exec(req.path);
      const doctype = m ? doctypes[decodeURIComponent(m[1]!)] : undefined;
      if (req.method !== 'GET' || !doctype) return frappeError(404, 'DoesNotExistError', `DocType ${m ? decodeURIComponent(m[1]!) : req.path} not found`);
      try {
        return { body: { data: frappeList(doctype.rows(req.url.searchParams), req.url.searchParams, doctype.fields) } };
      } catch (err) {
        if (err instanceof FrappeQueryError) return frappeError(417, err.excType, err.message);
        throw err;
      }
    },
  };
}
