import { randomUUID } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;

/**
 * sapb1_orders.json, plus an older open order and a cancelled one in USD: DocTotalFc 2380.00 USD at DocRate 0.92 EUR
 * per USD, so DocTotal (the local currency, EUR) 2189.60. UpdateTime is the server's local (Berlin) time.
 */
export function sapb1Orders(): Row[] {
  const base = { DocType: 'dDocument_Items', DocCurrency: 'EUR', DocTotalFc: 0.0, DocRate: 1.0, Cancelled: 'tNO' };
  return [
    { ...base, DocEntry: 10383, DocNum: 2025000842, DocDate: '2025-03-03', DocDueDate: '2025-03-10', CardCode: 'C20311', CardName: 'Northgate Logistics AG',
      DocTotal: 3570.0, DocumentStatus: 'bost_Close', SalesPersonCode: 9, CreationDate: '2025-03-03', UpdateDate: '2025-03-14', UpdateTime: '10:27:50' },
    { ...base, DocEntry: 10395, DocNum: 2025000855, DocDate: '2025-03-12', DocDueDate: '2025-03-19', CardCode: 'C20077', CardName: 'Harbor Foods',
      DocTotal: 990.0, DocumentStatus: 'bost_Open', SalesPersonCode: 6, CreationDate: '2025-03-12', UpdateDate: '2025-03-12', UpdateTime: '09:05:00' },
    { ...base, DocEntry: 10401, DocNum: 2025000861, DocDate: '2025-03-13', DocDueDate: '2025-03-20', CardCode: 'C20311', CardName: 'Northgate Logistics AG',
      DocCurrency: 'USD', DocTotal: 2189.6, DocTotalFc: 2380.0, DocRate: 0.92, DocumentStatus: 'bost_Close', Cancelled: 'tYES', SalesPersonCode: 9, CreationDate: '2025-03-13', UpdateDate: '2025-03-13', UpdateTime: '16:30:00' },
    { ...base, DocEntry: 10412, DocNum: 2025000871, DocDate: '2025-03-14', DocDueDate: '2025-03-21', CardCode: 'C20045', CardName: 'Brightlane Retail GmbH',
      DocTotal: 14875.0, DocumentStatus: 'bost_Open', SalesPersonCode: 6, CreationDate: '2025-03-14', UpdateDate: '2025-03-14', UpdateTime: '09:41:22' },
  ];
}

export interface FakeSapb1 extends FakeServer {
  orders: Row[];
  credentials: { CompanyDB: string; UserName: string; Password: string };
  /** Successful logins so far. */
  logins: number;
  /** The `$filter` of every Orders request. */
  filters: (string | null)[];
  /** Sessions end (as after the idle timeout) when an Orders request with this `$skip` arrives: it gets a 401. */
  expireAtSkip?: number;
  /** What CompanyService_GetAdminInfo answers: the company's AdminInfo, or an HTTP status. */
  adminInfo: Row | number;
}

const TIMEOUT = { error: { code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } } };

/** Service Layer v1: POST /b1s/v1/Login (B1SESSION + ROUTEID cookies), GET /b1s/v1/Orders ($filter UpdateDate ge, $select, $orderby, $skip, odata.nextLink). */
export async function startFakeSapb1(): Promise<FakeSapb1> {
  const sessions = new Set<string>();
  function run(req: FakeRequest): FakeReply {
    if (req.method === 'POST' && req.path === '/b1s/v1/Login') {
      const body = JSON.parse(req.body) as Record<string, unknown>;
      const c = state.credentials;
      if (body.CompanyDB !== c.CompanyDB || body.UserName !== c.UserName || body.Password !== c.Password) {
        return { status: 401, body: { error: { code: -304, message: { lang: 'en-us', value: 'Fail to get DB Credentials from SLD' } } } };
      }
      const id = randomUUID();
      sessions.add(id);
      state.logins++;
      return { headers: { 'set-cookie': [`B1SESSION=${id}; path=/b1s; HttpOnly`, 'ROUTEID=.node1; path=/b1s'] },
        body: { 'odata.metadata': `${state.url}/b1s/v1/$metadata#B1Sessions/@Element`, 'SessionId': id, 'Version': '1000190', 'SessionTimeout': 30 } };
    }
    if (req.method === 'POST' && req.path === '/b1s/v1/CompanyService_GetAdminInfo') {
      const session = /B1SESSION=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!session || !sessions.has(session)) return { status: 401, body: TIMEOUT };
      if (typeof state.adminInfo === 'number') return { status: state.adminInfo, body: { error: { code: -5006, message: { lang: 'en-us', value: 'No permission' } } } };
      return { body: { 'odata.metadata': `${state.url}/b1s/v1/$metadata#SAPB1.AdminInfo`, ...state.adminInfo } };
    }
    if (req.method === 'GET' && req.path === '/b1s/v1/Orders') {
      const session = /B1SESSION=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!/ROUTEID=\.node1/.test(req.headers.cookie ?? '')) return { status: 400, body: { error: { code: -1, message: { value: 'no ROUTEID' } } } };
      const q = req.url.searchParams;
      const skip = Number(q.get('$skip') ?? 0);
      if (state.expireAtSkip !== undefined && skip === state.expireAtSkip) { sessions.clear(); state.expireAtSkip = undefined; }
      if (!session || !sessions.has(session)) return { status: 401, body: TIMEOUT };
      const filter = q.get('$filter');
      state.filters.push(filter);
      const since = filter ? /^UpdateDate ge '(\d{4}-\d{2}-\d{2})'$/.exec(filter)?.[1] : undefined;
      if (filter && !since) return { status: 400, body: { error: { code: -1, message: { value: `unexpected $filter ${filter}` } } } };
      if (q.get('$orderby') !== 'DocEntry') return { status: 400, body: { error: { code: -1, message: { value: 'expected $orderby=DocEntry' } } } };
      const select = (q.get('$select') ?? '').split(',');
      const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 20);
      const rows = state.orders.filter((o) => !since || String(o.UpdateDate) >= since).sort((a, b) => Number(a.DocEntry) - Number(b.DocEntry));
      const page = rows.slice(skip, skip + size).map((o) => Object.fromEntries(select.map((f) => [f, o[f] ?? null])));
      const next = new URLSearchParams(q);
      next.set('$skip', String(skip + size));
      return { body: { 'odata.metadata': `${state.url}/b1s/v1/$metadata#Orders`, 'value': page,
        ...(q.get('$inlinecount') === 'allpages' ? { 'odata.count': String(rows.length) } : {}),
        ...(skip + size < rows.length ? { 'odata.nextLink': `Orders?${next.toString().replace(/\+/g, '%20')}` } : {}) } };
    }
    return { status: 404, body: { error: { code: -1, message: { value: `no route ${req.method} ${req.path}` } } } };
  }
  const server = await startFakeServer(run);
  const state: FakeSapb1 = Object.assign(server, {
    orders: sapb1Orders(), credentials: { CompanyDB: 'SBO_ACME', UserName: 'wall', Password: 'b1-pass' }, logins: 0, filters: [] as (string | null)[],
    adminInfo: { CompanyName: 'Acme Devices GmbH', LocalCurrency: 'EUR', SystemCurrency: 'EUR', Country: 'DE' } as FakeSapb1['adminInfo'],
  });
  return state;
}
