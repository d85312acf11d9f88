import { frappeList, FrappeQueryError } from '../../../server/demo/vendor-servers/frappe-list';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;

/**
 * erpnext_sales_order_list.json, plus an older draft and a cancelled order (docstatus 2) sold in USD by the EUR company:
 * grand_total 2380.00 USD at conversion_rate 0.92 EUR per USD → base_grand_total 2189.60 EUR. Times are naive Berlin time.
 * Customers are named by series (`CUST-.YYYY.-`, customer.json's naming_series), so `customer` holds the Customer's id,
 * not its `customer_name`. `custom_crm_deal_id` is a custom field made in Desk (label "CRM Deal ID"; Frappe v15 prefixes
 * such fields with `custom_`, frappe/frappe#21355) holding the CRM opportunity the order came from; empty on some orders.
 * `territory` is Sales Order's standard Link to the Territory tree (sales_order.json: fieldtype Link, options Territory), so its
 * value is a Territory's name; `custom_product_line` a custom Select field (its value the option's text), empty on some orders.
 */
export function erpnextOrders(): Row[] {
  const base = { company: 'Acme Devices GmbH', currency: 'EUR', conversion_rate: 1.0, amended_from: null, custom_crm_deal_id: null, territory: 'Germany',
    custom_product_line: null };
  return [
    { ...base, name: 'SAL-ORD-2025-00855', customer: 'CUST-2025-00051', customer_name: 'Harbor Foods', status: 'Draft', docstatus: 0, transaction_date: '2025-03-12',
      delivery_date: '2025-03-19', grand_total: 990.0, base_grand_total: 990.0, per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed', delivery_status: 'Not Delivered',
      owner: 'dana.whitfield@acme.example', creation: '2025-03-12 09:00:00.000000', modified: '2025-03-12 09:05:00.000000' },
    { ...base, name: 'SAL-ORD-2025-00861', customer: 'CUST-2024-00017', customer_name: 'Northgate Logistics AG', status: 'Cancelled', docstatus: 2, custom_crm_deal_id: '',
      currency: 'USD', conversion_rate: 0.92, transaction_date: '2025-03-13', delivery_date: '2025-03-20', grand_total: 2380.0, base_grand_total: 2189.6,
      per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed',
      delivery_status: 'Not Delivered', owner: 'marcus.lindqvist@acme.example', creation: '2025-03-13 10:00:00.000000', modified: '2025-03-13 16:30:00.000000' },
    { ...base, name: 'SAL-ORD-2025-00871', customer: 'CUST-2025-00042', customer_name: 'Brightlane Retail GmbH', status: 'To Deliver and Bill', docstatus: 1,
      custom_crm_deal_id: '006Hs00001Kx7QbIAJ', custom_product_line: 'POS Terminals',
      transaction_date: '2025-03-14', delivery_date: '2025-03-21', grand_total: 14875.0, base_grand_total: 14875.0, per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed',
      delivery_status: 'Not Delivered', owner: 'dana.whitfield@acme.example', creation: '2025-03-14 09:41:19.482113', modified: '2025-03-14 09:41:22.910557' },
    { ...base, name: 'SAL-ORD-2025-00842', customer: 'CUST-2024-00017', customer_name: 'Northgate Logistics AG', status: 'Completed', docstatus: 1,
      custom_crm_deal_id: '006Hs00001Kw2RtIAJ', territory: 'Switzerland', custom_product_line: 'Fleet Tablets',
      transaction_date: '2025-03-03', delivery_date: '2025-03-10', grand_total: 3570.0, base_grand_total: 3570.0, per_delivered: 100.0, per_billed: 100.0, billing_status: 'Fully Billed',
      delivery_status: 'Fully Delivered', owner: 'marcus.lindqvist@acme.example', creation: '2025-03-03 11:04:12.007731', modified: '2025-03-14 10:27:50.334201' },
  ];
}

/** erpnext_version_list.json. */
export function erpnextVersions(): Row[] {
  const data = (changed: unknown[]) => JSON.stringify({ changed, added: [], removed: [], row_changed: [], data_import: null, updater_reference: null }, null, 1);
  return [
    { name: 'b9d3c1f27a', ref_doctype: 'Sales Order', docname: 'SAL-ORD-2025-00842', owner: 'marcus.lindqvist@acme.example', creation: '2025-03-10 17:02:41.552018',
      data: data([['per_delivered', 0.0, 100.0], ['delivery_status', 'Not Delivered', 'Fully Delivered'], ['status', 'To Deliver and Bill', 'To Bill']]) },
    { name: 'c41e0a8d55', ref_doctype: 'Sales Order', docname: 'SAL-ORD-2025-00842', owner: 'accounts@acme.example', creation: '2025-03-14 10:27:50.401677',
      data: data([['per_billed', 0.0, 100.0], ['billing_status', 'Not Billed', 'Fully Billed'], ['status', 'To Bill', 'Completed']]) },
  ];
}

/**
 * The orders' Customers (fields of erpnext/selling/doctype/customer/customer.json: `customer_name`, `customer_type`,
 * `customer_group`, `territory`, `tax_id`, `disabled`), plus `custom_crm_account_id`, a custom field keeping the CRM's
 * account id. Naive Berlin times; in `modified` order: Northgate, Harbor Foods, Brightlane.
 */
export function erpnextCustomers(): Row[] {
  const base = { customer_type: 'Company', customer_group: 'Commercial', territory: 'Germany', disabled: 0 };
  return [
    { ...base, name: 'CUST-2025-00042', customer_name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', custom_crm_account_id: '001Hs00002Ab3CdIAJ',
      creation: '2025-01-08 10:15:00.000000', modified: '2025-03-14 09:12:40.118000' },
    { ...base, name: 'CUST-2024-00017', customer_name: 'Northgate Logistics AG', tax_id: 'DE298765432', custom_crm_account_id: '001Hs00002Zq9XyIAJ',
      creation: '2024-06-03 14:20:00.000000', modified: '2025-01-20 16:05:12.000000' },
    { ...base, name: 'CUST-2025-00051', customer_name: 'Harbor Foods', tax_id: null, custom_crm_account_id: null, disabled: 1,
      creation: '2025-02-27 08:30:00.000000', modified: '2025-02-27 08:30:00.000000' },
  ];
}

/** The site's one company: its books in EUR (Company `default_currency`). */
export function erpnextCompanies(): Row[] {
  return [{ name: 'Acme Devices GmbH', company_name: 'Acme Devices GmbH', abbr: 'ADG', default_currency: 'EUR', country: 'Germany' }];
}

export interface ListCall { doctype: string; filters: unknown[][]; start: number; limit: number; orderBy: string }
export interface FakeErpnext extends FakeServer {
  orders: Row[]; versions: Row[]; deleted: Row[]; companies: Row[]; customers: Row[]; auth: string; calls: ListCall[];
  /** Doctypes the API user may not read: listing them answers 403 PermissionError. */
  forbidden: Set<string>;
  /** Deletes a Sales Order as ERPNext does: the row goes, a Deleted Document keeps its JSON. */
  remove(name: string, at: string): void;
}

/** The fields of each doctype the fake site has (a field outside them is refused, as Frappe refuses it). */
const FIELDS: Record<string, ReadonlySet<string>> = {
  'Sales Order': new Set(Object.keys(erpnextOrders()[0]!)),
  'Version': new Set(Object.keys(erpnextVersions()[0]!)),
  'Deleted Document': new Set(['name', 'deleted_name', 'deleted_doctype', 'creation', 'modified', 'data']),
  'Company': new Set(Object.keys(erpnextCompanies()[0]!)),
  'Customer': new Set(Object.keys(erpnextCustomers()[0]!)),
};

/** Frappe's `/api/resource/<doctype>` list (fields, filters, order_by, limit_start, limit_page_length with its default 20) with token auth. */
export async function startFakeErpnext(): Promise<FakeErpnext> {
  const calls: ListCall[] = [];
  function run(req: FakeRequest): FakeReply {
    if (req.headers.authorization !== state.auth) {
      return { status: 401, body: { session_expired: 1, exception: 'frappe.exceptions.AuthenticationError', exc_type: 'AuthenticationError' } };
    }
    const m = /^\/api\/resource\/([^/]+)$/.exec(req.path);
    if (!m) return { status: 404, body: { exc_type: 'DoesNotExistError' } };
    const doctype = decodeURIComponent(m[1]!);
    const rows = doctype === 'Sales Order' ? state.orders : doctype === 'Version' ? state.versions : doctype === 'Deleted Document' ? state.deleted
      : doctype === 'Company' ? state.companies : doctype === 'Customer' ? state.customers : undefined;
    if (!rows) return { status: 404, body: { exc_type: 'DoesNotExistError' } };
    if (state.forbidden.has(doctype)) {
      return { status: 403, body: { exc_type: 'PermissionError', _server_messages: JSON.stringify([JSON.stringify({ message: `No permission for ${doctype}` })]) } };
    }
    const q = req.url.searchParams;
    calls.push({ doctype, filters: JSON.parse(q.get('filters') ?? '[]') as unknown[][], start: Number(q.get('limit_start') ?? 0),
      limit: Number(q.get('limit_page_length') ?? 20), orderBy: q.get('order_by') ?? 'modified desc' });
    try {
      return { body: { data: frappeList(rows, q, FIELDS[doctype]!) } };
    } catch (err) {
      if (err instanceof FrappeQueryError) return { status: 417, body: { exc_type: err.excType, exception: err.message } };
      throw err;
    }
  }
  const server = await startFakeServer(run);
  const state: FakeErpnext = Object.assign(server, {
    orders: erpnextOrders(), versions: erpnextVersions(), deleted: [] as Row[], companies: erpnextCompanies(), customers: erpnextCustomers(), forbidden: new Set<string>(), auth: 'token k3y:s3cret', calls,
    remove(name: string, at: string) {
      const i = state.orders.findIndex((o) => o.name === name);
      const [doc] = state.orders.splice(i, 1);
      state.deleted.push({ name: `dd-${name}`, deleted_name: name, deleted_doctype: 'Sales Order', creation: at, modified: at, data: JSON.stringify(doc) });
    },
  });
  return state;
}
