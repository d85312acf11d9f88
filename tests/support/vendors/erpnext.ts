import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;

/** erpnext_sales_order_list.json, plus an older draft and a cancelled order (docstatus 2). Times are naive Berlin time. */
export function erpnextOrders(): Row[] {
  const base = { company: 'Acme Devices GmbH', currency: 'EUR', amended_from: null };
  return [
    { ...base, name: 'SAL-ORD-2025-00855', customer: 'Harbor Foods', customer_name: 'Harbor Foods', status: 'Draft', docstatus: 0, transaction_date: '2025-03-12',
      delivery_date: '2025-03-19', grand_total: 990.0, per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed', delivery_status: 'Not Delivered',
      owner: 'dana.whitfield@acme.example', creation: '2025-03-12 09:00:00.000000', modified: '2025-03-12 09:05:00.000000' },
    { ...base, name: 'SAL-ORD-2025-00861', customer: 'Northgate Logistics AG', customer_name: 'Northgate Logistics AG', status: 'Cancelled', docstatus: 2,
      transaction_date: '2025-03-13', delivery_date: '2025-03-20', grand_total: 2380.0, per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed',
      delivery_status: 'Not Delivered', owner: 'marcus.lindqvist@acme.example', creation: '2025-03-13 10:00:00.000000', modified: '2025-03-13 16:30:00.000000' },
    { ...base, name: 'SAL-ORD-2025-00871', customer: 'Brightlane Retail GmbH', customer_name: 'Brightlane Retail GmbH', status: 'To Deliver and Bill', docstatus: 1,
      transaction_date: '2025-03-14', delivery_date: '2025-03-21', grand_total: 14875.0, per_delivered: 0.0, per_billed: 0.0, billing_status: 'Not Billed',
      delivery_status: 'Not Delivered', owner: 'dana.whitfield@acme.example', creation: '2025-03-14 09:41:19.482113', modified: '2025-03-14 09:41:22.910557' },
    { ...base, name: 'SAL-ORD-2025-00842', customer: 'Northgate Logistics AG', customer_name: 'Northgate Logistics AG', status: 'Completed', docstatus: 1,
      transaction_date: '2025-03-03', delivery_date: '2025-03-10', grand_total: 3570.0, per_delivered: 100.0, per_billed: 100.0, billing_status: 'Fully Billed',
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

export interface ListCall { doctype: string; filters: unknown[][]; start: number; limit: number; orderBy: string }
export interface FakeErpnext extends FakeServer {
  orders: Row[]; versions: Row[]; deleted: Row[]; auth: string; calls: ListCall[];
  /** Deletes a Sales Order as ERPNext does: the row goes, a Deleted Document keeps its JSON. */
  remove(name: string, at: string): void;
}

function matches(row: Row, [field, op, value]: unknown[]): boolean {
  const v = row[field as string];
  if (op === '=') return v === value;
  if (op === 'in') return Array.isArray(value) && value.includes(v);
  if (op === '>=') return String(v) >= String(value);
  if (op === '>') return String(v) > String(value);
  throw new Error(`fake ERPNext: unsupported operator ${String(op)}`);
}

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
    const rows = doctype === 'Sales Order' ? state.orders : doctype === 'Version' ? state.versions : doctype === 'Deleted Document' ? state.deleted : undefined;
    if (!rows) return { status: 404, body: { exc_type: 'DoesNotExistError' } };
    const q = req.url.searchParams;
    const filters = JSON.parse(q.get('filters') ?? '[]') as unknown[][];
    const fields = JSON.parse(q.get('fields') ?? '["name"]') as string[];
    const orderBy = q.get('order_by') ?? 'modified desc';
    const start = Number(q.get('limit_start') ?? 0);
    const limit = Number(q.get('limit_page_length') ?? 20);
    calls.push({ doctype, filters, start, limit, orderBy });
    const keys = orderBy.split(',').map((part) => part.trim().split(/\s+/) as [string, string?]);
    const sorted = rows.filter((r) => filters.every((f) => matches(r, f))).sort((a, b) => {
      for (const [field, dir] of keys) {
        const c = String(a[field]).localeCompare(String(b[field]));
        if (c !== 0) return dir === 'desc' ? -c : c;
      }
      return 0;
    });
    const page = limit === 0 ? sorted.slice(start) : sorted.slice(start, start + limit);
    return { body: { data: page.map((r) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null]))) } };
  }
  const server = await startFakeServer(run);
  const state: FakeErpnext = Object.assign(server, {
    orders: erpnextOrders(), versions: erpnextVersions(), deleted: [] as Row[], auth: 'token k3y:s3cret', calls,
    remove(name: string, at: string) {
      const i = state.orders.findIndex((o) => o.name === name);
      const [doc] = state.orders.splice(i, 1);
      state.deleted.push({ name: `dd-${name}`, deleted_name: name, deleted_doctype: 'Sales Order', creation: at, modified: at, data: JSON.stringify(doc) });
    },
  });
  return state;
}
