import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;

/**
 * An in-house ERP's JSON API as the http-json connector reads one (docs/connectors.md, http-json: `records_path`, cursor
 * paging, `updated_since`): orders name their customer by its number and keep the CRM deal they came from and the service
 * ticket they were raised from; customers keep their 统一社会信用代码 and the CRM's account id. Times are ISO with an offset.
 */
export function inhouseOrders(): Row[] {
  return [
    { order_no: 'SO-1001', state: 'paid', total: { value: '1280.00', currency: 'CNY' }, customer: { no: 42017, name: '华东贸易有限公司' },
      crm_deal_id: '006Hs00001Kx7QbIAJ', service_ticket: null, created: '2025-03-14T08:15:00+08:00', modified: '2025-03-14T09:05:00+08:00' },
    { order_no: 'SO-1002', state: 'shipped', total: { value: '356.50', currency: 'CNY' }, customer: { no: 42033, name: 'Lin Foods' },
      crm_deal_id: '', service_ticket: 148213, created: '2025-03-14T08:40:12+08:00', modified: '2025-03-14T09:20:30+08:00' },
    { order_no: 'SO-1003', state: 'pending', total: { value: '99.90', currency: 'CNY' }, customer: null,
      crm_deal_id: null, service_ticket: null, created: '2025-03-14T09:02:00+08:00', modified: '2025-03-14T09:21:00+08:00' },
  ];
}

export function inhouseCustomers(): Row[] {
  return [
    { no: 42017, name: '华东贸易有限公司', uscc: '91310000MA1K8FXR2B', crm_account_id: '001Hs00002Ab3CdIAJ', website: 'huadong-trade.example',
      created: '2024-05-06T10:00:00+08:00', modified: '2025-03-10T16:30:00+08:00' },
    { no: 42033, name: 'Lin Foods', uscc: null, crm_account_id: null, website: null, created: '2025-01-08T09:00:00+08:00', modified: '2025-01-08T09:00:00+08:00' },
  ];
}

export interface FakeInhouse extends FakeServer { orders: Row[]; customers: Row[] }

/** `GET /api/orders` and `/api/customers`: `{ data, next_cursor }`, two a page, `updated_since` (ISO) on `modified`. */
export async function startFakeInhouse(): Promise<FakeInhouse> {
  function list(rows: Row[], req: FakeRequest): FakeReply {
    const since = req.url.searchParams.get('updated_since');
    const from = Number(req.url.searchParams.get('cursor') ?? 0);
    const matching = rows.filter((r) => !since || Date.parse(String(r.modified)) >= Date.parse(since))
      .sort((a, b) => Date.parse(String(a.modified)) - Date.parse(String(b.modified)));
    const page = matching.slice(from, from + 2);
    return { body: { data: page, next_cursor: from + 2 < matching.length ? String(from + 2) : null } };
  }
  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== 'Bearer erp-token') return { status: 401, body: { error: 'unauthorized' } };
    if (req.path === '/api/orders') return list(state.orders, req);
    if (req.path === '/api/customers') return list(state.customers, req);
    return { status: 404, body: { error: 'not found' } };
  });
  const state: FakeInhouse = Object.assign(server, { orders: inhouseOrders(), customers: inhouseCustomers() });
  return state;
}
