import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Account, Order, OrderStatus } from '../../model';
import { AuthError } from '../errors';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { currencyCode, dimensionText, moneyFields, statusMapSchema } from './mapping';
import { laterOf, minusSeconds, naiveToUtc } from '../../model';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';

/** `DocumentStatus` (or `Cancelled` for a cancelled document) → canonical order status (a tenant overrides with `status_map`). */
export const SAPB1_DEFAULT_STATUSES: Record<string, OrderStatus> = { bost_Open: 'confirmed', bost_Close: 'delivered', Cancelled: 'cancelled' };

const ianaZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, { message: 'expected an IANA time zone name such as "Europe/Berlin"' });
/** A Service Layer property: standard (`NumAtCard`) or a user-defined field (`U_CrmDealId`). */
const property = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Service Layer property such as "U_CrmDealId"');

/** The keys sapb1Order writes in `extra` itself. */
const SAPB1_ORDER_EXTRA = ['doc_num', 'document_status', 'cancelled', 'card_code', 'doc_date', 'due_date', 'sales_person_code', 'doc_rate'];

export const sapb1OptionsSchema = z.object({
  /** The Service Layer, e.g. `https://sap-b1.acme.local:50000` (without `/b1s/v1`). */
  url: z.url(),
  /** `v1` (OData v3: `odata.nextLink`) or `v2` (OData v4: `@odata.nextLink`). */
  version: z.enum(['v1', 'v2']).default('v1'),
  /** Environment variables holding the company database, the user name and the password sent to `POST /Login`. */
  company_db_env: envVarName.default('SAPB1_COMPANY_DB'),
  user_env: envVarName.default('SAPB1_USER'),
  password_env: envVarName.default('SAPB1_PASSWORD'),
  /** The zone of the server's local `UpdateTime` and of date-only fields. Default: the hub's. */
  company_timezone: ianaZone.optional(),
  /**
   * The company's local currency, in which `DocTotal` is kept. Default: read once from the company's AdminInfo
   * (`LocalCurrency`); set it when the user may not call CompanyService_GetAdminInfo.
   */
  local_currency: z.string().min(1).max(3).optional(),
  /** The company's currency codes (user-defined in B1, e.g. `RMB`, `US$`) → ISO 4217 codes; codes not listed are kept as they are. */
  currency_codes: z.record(z.string().min(1).max(3), currencyCode).default({}),
  /** `bost_Open`, `bost_Close` or `Cancelled` → canonical status. */
  status_map: statusMapSchema.default({}),
  /** Orders properties holding a linked record's id, e.g. a user-defined field `U_CrmDealId` holding the CRM's deal id. */
  links: linkFieldsSchema(property),
  /**
   * Orders properties asked for in `$select` and kept in each order's `extra`: standard (`Project`, `SalesPersonCode`) or user-defined
   * fields (`U_ProductLine`), as the Service Layer sends them (an enum as its name, e.g. `tYES`).
   */
  extra_fields: extraFieldsSchema(property, SAPB1_ORDER_EXTRA),
  /** Read the customer Business Partners (`CardType` cCustomer) as accounts (what the customer map matches on). */
  accounts: z.boolean().default(true),
  /** Business Partner properties holding a tax id (default: `FederalTaxID`) and an external id (e.g. a UDF `U_CrmAccountId`). */
  account_fields: accountFieldsSchema(property),
  /** Rows per page (`Prefer: odata.maxpagesize`; the Service Layer's default is 20). */
  page_size: z.number().int().min(1).max(1000).default(100),
  /** Ask for the total (`$inlinecount=allpages` / `$count=true`) to report backfill progress. */
  count: z.boolean().default(false),
  overlap_seconds: z.number().int().min(0).max(86_400).default(300),
  since: z.iso.datetime({ offset: true }).optional(),
}).strict();

export type Sapb1Options = z.output<typeof sapb1OptionsSchema>;
/** One entity's position: `run` is a run in progress (the next page's link, when it started, the newest change read and rows done). */
interface Stream { watermark?: string; run?: { next: string; started: string; max?: string; done: number } }
/** The orders' stream (at the top, as before accounts were read), and the Business Partners' while `phase` is `accounts`. */
export interface Sapb1Cursor extends Stream { phase?: 'accounts'; accounts?: Stream }
type Row = Record<string, unknown>;
interface ODataPage { 'value'?: Row[]; 'odata.nextLink'?: string; '@odata.nextLink'?: string; 'odata.count'?: number | string; '@odata.count'?: number | string }

const SELECT = ['DocEntry', 'DocNum', 'DocDate', 'DocDueDate', 'CardCode', 'CardName', 'DocTotal', 'DocTotalFc', 'DocCurrency', 'DocRate', 'DocumentStatus', 'Cancelled',
  'SalesPersonCode', 'CreationDate', 'UpdateDate', 'UpdateTime'];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `UpdateTime` as `HH:MM:SS`: sent as `"09:41:22"`, by some versions as `"094122"`/`"0941"` or the number 941. */
export function sapTime(v: unknown): string {
  if (v === undefined || v === null || v === '') return '00:00:00';
  const s = String(v).trim();
  const colons = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (colons) return `${colons[1]!.padStart(2, '0')}:${colons[2]}:${colons[3] ?? '00'}`;
  if (/^\d{1,6}$/.test(s)) {
    const d = s.length <= 4 ? s.padStart(4, '0') + '00' : s.padStart(6, '0');
    return `${d.slice(0, 2)}:${d.slice(2, 4)}:${d.slice(4, 6)}`;
  }
  throw new Error(`not a Service Layer time: ${JSON.stringify(v)}`);
}

/** A date-only field (`"2025-03-14"`, or `"2025-03-14T00:00:00Z"` in v2) plus an optional local time, in `zone`, as UTC. */
export function sapInstant(date: unknown, time: unknown, zone: string): string {
  const day = String(date).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a Service Layer date: ${JSON.stringify(date)}`);
  return naiveToUtc(`${day} ${sapTime(time)}`, zone);
}

export function sapb1Status(row: Row, map: Record<string, OrderStatus>): OrderStatus {
  const key = row.Cancelled === 'tYES' ? 'Cancelled' : String(row.DocumentStatus);
  return map[key] ?? SAPB1_DEFAULT_STATUSES[key] ?? 'confirmed';
}

const amountOf = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

/**
 * An Orders row's money. `DocTotal` is in the company's local currency; a document in a foreign `DocCurrency` keeps its
 * own total in `DocTotalFc` (at `DocRate` local units per unit). So the amount is `DocTotalFc` in `DocCurrency` for a
 * foreign-currency document, `DocTotal` otherwise, and `DocTotal` is the base. Without the local currency known, a
 * document with no foreign total is taken to be in local currency (its DocCurrency then is the local one).
 */
export function sapb1Money(row: Row, local: string | undefined, codes: Record<string, string> = {}) {
  const iso = (code: string | undefined) => (code === undefined ? undefined : codes[code] ?? code);
  const docCurrency = text(row.DocCurrency);
  const total = amountOf(row.DocTotal);
  const foreign = local !== undefined ? docCurrency !== undefined && docCurrency !== local : amountOf(row.DocTotalFc) !== 0;
  if (!foreign) return moneyFields(total, iso(docCurrency ?? local), { amount: total, currency: iso(local ?? docCurrency) });
  return moneyFields(amountOf(row.DocTotalFc), iso(docCurrency), { amount: total, currency: iso(local) });
}

/** One Orders row → a canonical order; `DocEntry` (the key) is the id, `DocNum` kept in `extra`. */
export function sapb1Order(row: Row, opts: Pick<Sapb1Options, 'status_map'> & Partial<Pick<Sapb1Options, 'currency_codes' | 'links' | 'extra_fields'>>, zone: string, local?: string): Order {
  const money = sapb1Money(row, local, opts.currency_codes);
  const order: Order = {
    type: 'order', id: String(row.DocEntry), status: sapb1Status(row, opts.status_map), ...money,
    created_at: sapInstant(row.CreationDate ?? row.DocDate, undefined, zone), updated_at: sapInstant(row.UpdateDate, row.UpdateTime, zone),
    extra: {
      ...readExtra(opts.extra_fields ?? [], (field) => row[field]),
      doc_num: row.DocNum, document_status: row.DocumentStatus, ...(row.Cancelled === 'tYES' ? { cancelled: true } : {}),
      ...(text(row.CardCode) ? { card_code: row.CardCode } : {}), ...(text(row.DocDate) ? { doc_date: String(row.DocDate).slice(0, 10) } : {}),
      ...(text(row.DocDueDate) ? { due_date: String(row.DocDueDate).slice(0, 10) } : {}),
      ...(typeof row.SalesPersonCode === 'number' && row.SalesPersonCode >= 0 ? { sales_person_code: row.SalesPersonCode } : {}),
      ...(money.currency !== money.base_currency && typeof row.DocRate === 'number' ? { doc_rate: row.DocRate } : {}),
    },
  };
  const customer = text(row.CardName) ?? text(row.CardCode);
  if (customer) order.customer = customer;
  if (text(row.CardCode)) order.account_id = text(row.CardCode); // the Business Partner's key
  const links = readLinks(opts.links ?? [], (field) => row[field]);
  if (links) order.links = links;
  return order;
}

/** The Business Partner properties read as an account (the tax id and external id properties come from `account_fields`). */
const BP_SELECT = ['CardCode', 'CardName', 'CardType', 'FederalTaxID', 'Valid', 'Frozen', 'CreateDate', 'CreateTime', 'UpdateDate', 'UpdateTime'];

/**
 * One BusinessPartners row → an account: `CardCode` (what an order's `CardCode` holds) as id, `CardName`, `FederalTaxID`
 * (or the `account_fields.tax_id` property) as tax id, the `account_fields.external_id` property, created at `CreateDate` +
 * `CreateTime` and updated at `UpdateDate` + `UpdateTime` in the company's zone.
 */
export function sapb1Account(row: Row, opts: Partial<Pick<Sapb1Options, 'account_fields'>>, zone: string): Account {
  const fields = opts.account_fields ?? {};
  const taxId = dimensionText(row[fields.tax_id ?? 'FederalTaxID']);
  const externalId = fields.external_id ? dimensionText(row[fields.external_id]) : undefined;
  const created = sapInstant(row.CreateDate ?? row.UpdateDate, row.CreateDate ? row.CreateTime : row.UpdateTime, zone);
  return {
    type: 'account', id: String(row.CardCode), name: text(row.CardName) ?? String(row.CardCode),
    ...(taxId ? { tax_id: taxId.trim() } : {}),
    ...(externalId ? { external_id: externalId.trim() } : {}),
    created_at: created, updated_at: row.UpdateDate ? sapInstant(row.UpdateDate, row.UpdateTime, zone) : created,
    extra: {
      ...(text(row.CardType) ? { card_type: row.CardType } : {}),
      ...(row.Valid === 'tNO' ? { inactive: true } : {}),
      ...(row.Frozen === 'tYES' ? { frozen: true } : {}),
    },
  };
}

/** `B1SESSION` and `ROUTEID` from a Login response's Set-Cookie headers (SessionId from the body as a fallback). */
export function sessionCookie(headers: Headers, body: { SessionId?: unknown }): string | undefined {
  const jar = new Map<string, string>();
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  if (!jar.has('B1SESSION') && typeof body.SessionId === 'string') jar.set('B1SESSION', body.SessionId);
  if (!jar.has('B1SESSION')) return undefined;
  return ['B1SESSION', 'ROUTEID'].filter((k) => jar.has(k)).map((k) => `${k}=${jar.get(k)}`).join('; ');
}

/** SAP Business One Service Layer Orders, incremental on UpdateDate (+ UpdateTime), with a session that is renewed on 401. */
export function createSapb1Connector(opts: Sapb1Options, env: { env: NodeJS.ProcessEnv; sourceId: string; timezone: string }): Connector<Sapb1Cursor> {
  const root = `${opts.url.replace(/\/+$/, '')}/b1s/${opts.version}/`;
  const zone = opts.company_timezone ?? env.timezone;
  let cookie: string | undefined;
  /** The local currency: configured, or read from AdminInfo once (null: unreadable). */
  let local: string | null | undefined = opts.local_currency;

  async function login(signal: AbortSignal): Promise<string> {
    const body = { CompanyDB: secretFrom(env.env, opts.company_db_env, env.sourceId), UserName: secretFrom(env.env, opts.user_env, env.sourceId),
      Password: secretFrom(env.env, opts.password_env, env.sourceId) };
    try {
      const res = await requestJson<{ SessionId?: unknown }>(`${root}Login`, { signal, method: 'POST', body });
      const found = sessionCookie(res.headers, res.body);
      if (!found) throw new Error('SAP B1 Login answered without a B1SESSION cookie');
      return (cookie = found);
    } catch (err) {
      if (err instanceof HttpError && (err.status === 401 || err.status === 400)) {
        throw new AuthError(`SAP B1 refused the login of ${opts.user_env} to ${opts.company_db_env} (${slError(err.body) ?? `HTTP ${err.status}`})`);
      }
      throw err;
    }
  }

  /** A GET with the session; on 401 (session timed out, default 30 min idle) logs in again once and retries. */
  async function get(url: string, signal: AbortSignal): Promise<ODataPage> {
    const headers = () => ({ cookie: cookie!, prefer: `odata.maxpagesize=${opts.page_size}` });
    if (!cookie) await login(signal);
    try {
      return (await requestJson<ODataPage>(url, { signal, headers: headers() })).body;
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 401)) throw annotate(err);
      cookie = undefined;
      await login(signal);
      try {
        return (await requestJson<ODataPage>(url, { signal, headers: headers() })).body;
      } catch (again) {
        if (again instanceof HttpError && again.status === 401) throw new AuthError(`SAP B1 refused a fresh session: ${again.message}`);
        throw annotate(again);
      }
    }
  }

  /** AdminInfo's `LocalCurrency` (`POST CompanyService_GetAdminInfo`); refused or missing, the orders carry no base where it cannot be told. */
  async function learnLocalCurrency(signal: AbortSignal, log: { warn(obj: object, msg: string): void }) {
    if (!cookie) await login(signal);
    const call = () => requestJson<{ LocalCurrency?: unknown }>(`${root}CompanyService_GetAdminInfo`, { signal, method: 'POST', body: {}, headers: { cookie: cookie! } });
    try {
      let res;
      try { res = await call(); } catch (err) {
        if (!(err instanceof HttpError && err.status === 401)) throw err;
        await login(signal); // the session timed out
        res = await call();
      }
      local = typeof res.body.LocalCurrency === 'string' && res.body.LocalCurrency !== '' ? res.body.LocalCurrency : null;
    } catch (err) {
      if (!(err instanceof HttpError && err.status !== 401)) throw annotate(err);
      local = null;
      log.warn({ source: env.sourceId, error: (annotate(err) as Error).message }, 'SAP B1 AdminInfo unreadable; foreign-currency orders carry no local amount (set local_currency)');
    }
  }

  const orderSelect = [...new Set([...SELECT, ...opts.links.map((l) => l.field), ...opts.extra_fields.map((e) => e.field)])];
  const bpSelect = [...new Set([...BP_SELECT, ...[opts.account_fields.tax_id, opts.account_fields.external_id].filter((f): f is string => f !== undefined)])];
  let accounts = opts.accounts;

  /** The first page's URL of a run: the entity's properties, changed on or after the company-local date of `from`, in key order. */
  function firstUrl(entity: 'Orders' | 'BusinessPartners', from: string | undefined): string {
    const since = from ? `UpdateDate ge '${DateTime.fromISO(from, { zone }).toISODate()!}'` : undefined;
    const filter = entity === 'Orders' ? since : ["CardType eq 'cCustomer'", ...(since ? [since] : [])].join(' and ');
    const params = [`$select=${(entity === 'Orders' ? orderSelect : bpSelect).join(',')}`, ...(filter ? [`$filter=${filter}`] : []),
      `$orderby=${entity === 'Orders' ? 'DocEntry' : 'CardCode'}`, ...(opts.count && entity === 'Orders' ? [opts.version === 'v1' ? '$inlinecount=allpages' : '$count=true'] : [])];
    return `${root}${entity}?${params.map((p) => p.replace(/ /g, '%20')).join('&')}`;
  }

  /**
   * One page of a run over `entity`, keyed by a property changes never move (DocEntry, CardCode): a run starts at the
   * watermark less the overlap (a first run at `since`, none: everything) and pages by `nextLink`. Its watermark (the newest
   * `UpdateDate`+`UpdateTime` read) is never set past the run's own start, so a row changed behind its position is read next run.
   */
  async function step<R extends { updated_at: string }>(entity: 'Orders' | 'BusinessPartners', s: Stream, since: string | undefined, map: (row: Row) => R,
    now: number, signal: AbortSignal) {
    const run = s.run ?? { next: firstUrl(entity, s.watermark ? minusSeconds(s.watermark, opts.overlap_seconds) : since), started: new Date(now).toISOString(), done: 0 };
    const page = await get(new URL(run.next, root).toString(), signal);
    const rows = Array.isArray(page.value) ? page.value : [];
    let max = run.max;
    const records = rows.map((row) => {
      const record = map(row);
      max = laterOf(max, record.updated_at);
      return record;
    });
    const done = run.done + rows.length;
    const total = Number(page['odata.count'] ?? page['@odata.count']);
    const progress = Number.isFinite(total) && total > rows.length ? { progress: { done, total } } : {};
    const next = page['@odata.nextLink'] ?? page['odata.nextLink'];
    if (next && rows.length > 0) {
      return { records, stream: { ...(s.watermark ? { watermark: s.watermark } : {}), run: { next, started: run.started, ...(max ? { max } : {}), done } } as Stream, more: true, progress };
    }
    const watermark = laterOf(s.watermark, max && Date.parse(max) > Date.parse(run.started) ? run.started : max);
    return { records, stream: (watermark ? { watermark } : {}) as Stream, more: false, progress };
  }

  return {
    kind: 'sapb1',
    entities: opts.accounts ? ['order', 'account'] : ['order'],
    async poll({ cursor, signal, now, log }) {
      if (local === undefined) await learnLocalCurrency(signal, log);
      const orders: Stream = { ...(cursor?.watermark ? { watermark: cursor.watermark } : {}), ...(cursor?.run ? { run: cursor.run } : {}) };
      const kept = cursor?.accounts ? { accounts: cursor.accounts } : {};
      if (cursor?.phase === 'accounts' && accounts) {
        try {
          // Every customer on the first run, whatever `since` says: a recent order may name a partner last changed long ago.
          const r = await step('BusinessPartners', cursor.accounts ?? {}, undefined, (row) => sapb1Account(row, opts, zone), now, signal);
          return { records: r.records, cursor: { ...orders, ...(r.more ? { phase: 'accounts' as const } : {}), accounts: r.stream }, more: r.more };
        } catch (err) {
          if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
          accounts = false;
          log.warn({ source: env.sourceId, error: err.message }, 'SAP B1 BusinessPartners unreadable; no accounts for the customer map');
          return { records: [], cursor: { ...orders, ...kept } };
        }
      }
      const r = await step('Orders', orders, opts.since, (row) => sapb1Order(row, opts, zone, local ?? undefined), now, signal);
      // A finished orders run hands over to the accounts'.
      const toAccounts = !r.more && accounts;
      return { records: r.records, cursor: { ...r.stream, ...(toAccounts ? { phase: 'accounts' as const } : {}), ...kept },
        ...(r.more || toAccounts ? { more: true } : {}), ...r.progress };
    },
  };
}

/** Service Layer errors: `{"error":{"code":…,"message":{"lang":…,"value":…}}}` (v2: `message` is a string). */
function slError(body: string): string | undefined {
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: { value?: unknown } | string } }).error;
    if (!e) return undefined;
    const message = typeof e.message === 'string' ? e.message : e.message?.value;
    return `${String(e.code ?? '')} ${String(message ?? '')}`.trim();
  } catch { return undefined; }
}

function annotate(err: unknown): unknown {
  if (err instanceof HttpError) {
    const why = slError(err.body);
    if (why) err.message = `SAP B1 ${why}: ${err.message}`;
  }
  return err;
}

export const sapb1Connector = defineConnector({
  kind: 'sapb1', title: 'SAP Business One Sales Orders and customer Business Partners via the Service Layer (OData)', options: sapb1OptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId, timezone }) => createSapb1Connector(options, { env, sourceId, timezone }),
});
