import { randomUUID } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

type Row = Record<string, unknown>;

/**
 * sapb1_orders.json, plus an older open order and a cancelled one in USD: DocTotalFc 2380.00 USD at DocRate 0.92 EUR
 * per USD, so DocTotal (the local currency, EUR) 2189.60. UpdateTime is the server's local (Berlin) time. `U_CrmDealId`
 * is a user-defined field on the document header (UDFs appear as `U_…` properties) holding the CRM's opportunity id, `U_ProductLine`
 * another (alphanumeric) UDF, the product line sold; `Project` the Document's standard project code (empty on most orders).
 */
export function sapb1Orders(): Row[] {
  const base = { DocType: 'dDocument_Items', DocCurrency: 'EUR', DocTotalFc: 0.0, DocRate: 1.0, Cancelled: 'tNO', U_CrmDealId: null, U_ProductLine: null, Project: null };
  return [
    { ...base, DocEntry: 10383, DocNum: 2025000842, DocDate: '2025-03-03', DocDueDate: '2025-03-10', CardCode: 'C20311', CardName: 'Northgate Logistics AG',
      U_CrmDealId: '006Hs00001Kw2RtIAJ', U_ProductLine: 'Fleet Tablets', Project: 'NG-FLEET', DocTotal: 3570.0, DocumentStatus: 'bost_Close', SalesPersonCode: 9, CreationDate: '2025-03-03', UpdateDate: '2025-03-14', UpdateTime: '10:27:50' },
    { ...base, DocEntry: 10395, DocNum: 2025000855, DocDate: '2025-03-12', DocDueDate: '2025-03-19', CardCode: 'C20077', CardName: 'Harbor Foods',
      DocTotal: 990.0, DocumentStatus: 'bost_Open', SalesPersonCode: 6, CreationDate: '2025-03-12', UpdateDate: '2025-03-12', UpdateTime: '09:05:00' },
    { ...base, DocEntry: 10401, DocNum: 2025000861, DocDate: '2025-03-13', DocDueDate: '2025-03-20', CardCode: 'C20311', CardName: 'Northgate Logistics AG',
      DocCurrency: 'USD', DocTotal: 2189.6, DocTotalFc: 2380.0, DocRate: 0.92, DocumentStatus: 'bost_Close', Cancelled: 'tYES', SalesPersonCode: 9, CreationDate: '2025-03-13', UpdateDate: '2025-03-13', UpdateTime: '16:30:00' },
    { ...base, DocEntry: 10412, DocNum: 2025000871, DocDate: '2025-03-14', DocDueDate: '2025-03-21', CardCode: 'C20045', CardName: 'Brightlane Retail GmbH',
      U_CrmDealId: '006Hs00001Kx7QbIAJ', U_ProductLine: 'POS Terminals', DocTotal: 14875.0, DocumentStatus: 'bost_Open', SalesPersonCode: 6, CreationDate: '2025-03-14', UpdateDate: '2025-03-14', UpdateTime: '09:41:22' },
  ];
}

/**
 * Business Partners as the Service Layer's BusinessPartners lists them (properties of the BusinessPartner entity type in its
 * $metadata: CardCode, CardName, CardType, FederalTaxID, Valid, Frozen, CreateDate/CreateTime, UpdateDate/UpdateTime), plus a
 * UDF `U_CrmAccountId`: the orders' three customers and a supplier, which a customer filter leaves out. Berlin local times.
 */
export function sapb1Partners(): Row[] {
  const base = { CardType: 'cCustomer', GroupCode: 100, Valid: 'tYES', Frozen: 'tNO' };
  return [
    { ...base, CardCode: 'C20045', CardName: 'Brightlane Retail GmbH', FederalTaxID: 'DE812345678', U_CrmAccountId: '001Hs00002Ab3CdIAJ',
      CreateDate: '2025-01-08', CreateTime: '10:15:00', UpdateDate: '2025-03-14', UpdateTime: '09:12:40' },
    { ...base, CardCode: 'C20077', CardName: 'Harbor Foods', FederalTaxID: null, U_CrmAccountId: null, Frozen: 'tYES',
      CreateDate: '2025-02-27', CreateTime: '08:30:00', UpdateDate: '2025-02-27', UpdateTime: '08:30:00' },
    { ...base, CardCode: 'C20311', CardName: 'Northgate Logistics AG', FederalTaxID: 'DE298765432', U_CrmAccountId: '001Hs00002Zq9XyIAJ',
      CreateDate: '2024-06-03', CreateTime: '14:20:00', UpdateDate: '2025-01-20', UpdateTime: '16:05:12' },
    { ...base, CardCode: 'V70001', CardName: 'Lindqvist Components AB', CardType: 'cSupplier', FederalTaxID: 'SE556677889901', U_CrmAccountId: null,
      CreateDate: '2023-09-01', CreateTime: '09:00:00', UpdateDate: '2025-03-10', UpdateTime: '12:00:00' },
  ];
}

export interface FakeSapb1 extends FakeServer {
  orders: Row[];
  partners: Row[];
  /** The `$filter` of every BusinessPartners request. */
  partnerFilters: (string | null)[];
  /** What BusinessPartners answers instead of rows (e.g. 403: the user may not read Business Partners). */
  partnersStatus?: number;
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

/**
 * Service Layer v1: POST /b1s/v1/Login (B1SESSION + ROUTEID cookies), GET /b1s/v1/Orders and /b1s/v1/BusinessPartners ($filter
 * UpdateDate ge, for partners after CardType eq 'cCustomer'; $select, $orderby, $skip, odata.nextLink).
 */
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
    const entity = /^\/b1s\/v1\/(Orders|BusinessPartners)$/.exec(req.path)?.[1];
    if (req.method === 'GET' && entity) {
      const session = /B1SESSION=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!/ROUTEID=\.node1/.test(req.headers.cookie ?? '')) return { status: 400, body: { error: { code: -1, message: { value: 'no ROUTEID' } } } };
      const q = req.url.searchParams;
      const skip = Number(q.get('$skip') ?? 0);
      if (entity === 'Orders' && state.expireAtSkip !== undefined && skip === state.expireAtSkip) { sessions.clear(); state.expireAtSkip = undefined; }
      if (!session || !sessions.has(session)) return { status: 401, body: TIMEOUT };
      const orders = entity === 'Orders';
      if (!orders && state.partnersStatus) return { status: state.partnersStatus, body: { error: { code: -5006, message: { lang: 'en-us', value: 'No permission' } } } };
      const filter = q.get('$filter');
      (orders ? state.filters : state.partnerFilters).push(filter);
      const pattern = orders ? /^UpdateDate ge '(\d{4}-\d{2}-\d{2})'$/ : /^CardType eq 'cCustomer'(?: and UpdateDate ge '(\d{4}-\d{2}-\d{2})')?$/;
      const match = filter ? pattern.exec(filter) : null;
      if ((filter || !orders) && !match) return { status: 400, body: { error: { code: -1, message: { value: `unexpected $filter ${filter}` } } } };
      const since = match?.[1];
      const key = orders ? 'DocEntry' : 'CardCode';
      if (q.get('$orderby') !== key) return { status: 400, body: { error: { code: -1, message: { value: `expected $orderby=${key}` } } } };
      const select = (q.get('$select') ?? '').split(',');
      const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 20);
      const rows = (orders ? state.orders : state.partners.filter((p) => p.CardType === 'cCustomer'))
        .filter((o) => !since || String(o.UpdateDate) >= since)
        .sort((a, b) => (orders ? Number(a.DocEntry) - Number(b.DocEntry) : String(a.CardCode).localeCompare(String(b.CardCode))));
      const page = rows.slice(skip, skip + size).map((o) => Object.fromEntries(select.map((f) => [f, o[f] ?? null])));
      const next = new URLSearchParams(q);
      next.set('$skip', String(skip + size));
      return { body: { 'odata.metadata': `${state.url}/b1s/v1/$metadata#${entity}`, 'value': page,
        ...(q.get('$inlinecount') === 'allpages' ? { 'odata.count': String(rows.length) } : {}),
        ...(skip + size < rows.length ? { 'odata.nextLink': `${entity}?${next.toString().replace(/\+/g, '%20')}` } : {}) } };
    }
    return { status: 404, body: { error: { code: -1, message: { value: `no route ${req.method} ${req.path}` } } } };
  }
  const server = await startFakeServer(run);
  const state: FakeSapb1 = Object.assign(server, {
    orders: sapb1Orders(), partners: sapb1Partners(), partnerFilters: [] as (string | null)[], credentials: { CompanyDB: 'SBO_ACME', UserName: 'wall', Password: 'b1-pass' }, logins: 0, filters: [] as (string | null)[],
    adminInfo: { CompanyName: 'Acme Devices GmbH', LocalCurrency: 'EUR', SystemCurrency: 'EUR', Country: 'DE' } as FakeSapb1['adminInfo'],
  });
  return state;
}
