import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Order, OrderStatus } from '../../model';
import { AuthError } from '../errors';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { currencyCode, moneyFields, statusMapSchema } from './mapping';
import { laterOf, minusSeconds, naiveToUtc } from '../../model';

/** `DocumentStatus` (or `Cancelled` for a cancelled document) → canonical order status (a tenant overrides with `status_map`). */
export const SAPB1_DEFAULT_STATUSES: Record<string, OrderStatus> = { bost_Open: 'confirmed', bost_Close: 'delivered', Cancelled: 'cancelled' };

const ianaZone = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, { message: 'expected an IANA time zone name such as "Europe/Berlin"' });

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
  /** Rows per page (`Prefer: odata.maxpagesize`; the Service Layer's default is 20). */
  page_size: z.number().int().min(1).max(1000).default(100),
  /** Ask for the total (`$inlinecount=allpages` / `$count=true`) to report backfill progress. */
  count: z.boolean().default(false),
  overlap_seconds: z.number().int().min(0).max(86_400).default(300),
  since: z.iso.datetime({ offset: true }).optional(),
}).strict();

export type Sapb1Options = z.output<typeof sapb1OptionsSchema>;
/** `run` is a run in progress: the next page's link, when it started, the newest change read and rows done. */
export interface Sapb1Cursor { watermark?: string; run?: { next: string; started: string; max?: string; done: number } }
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
export function sapb1Order(row: Row, opts: Pick<Sapb1Options, 'status_map'> & Partial<Pick<Sapb1Options, 'currency_codes'>>, zone: string, local?: string): Order {
  const money = sapb1Money(row, local, opts.currency_codes);
  const order: Order = {
    type: 'order', id: String(row.DocEntry), status: sapb1Status(row, opts.status_map), ...money,
    created_at: sapInstant(row.CreationDate ?? row.DocDate, undefined, zone), updated_at: sapInstant(row.UpdateDate, row.UpdateTime, zone),
    extra: {
      doc_num: row.DocNum, document_status: row.DocumentStatus, ...(row.Cancelled === 'tYES' ? { cancelled: true } : {}),
      ...(text(row.CardCode) ? { card_code: row.CardCode } : {}), ...(text(row.DocDate) ? { doc_date: String(row.DocDate).slice(0, 10) } : {}),
      ...(text(row.DocDueDate) ? { due_date: String(row.DocDueDate).slice(0, 10) } : {}),
      ...(typeof row.SalesPersonCode === 'number' && row.SalesPersonCode >= 0 ? { sales_person_code: row.SalesPersonCode } : {}),
      ...(money.currency !== money.base_currency && typeof row.DocRate === 'number' ? { doc_rate: row.DocRate } : {}),
    },
  };
  const customer = text(row.CardName) ?? text(row.CardCode);
  if (customer) order.customer = customer;
  return order;
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

  function firstUrl(from: string | undefined): string {
    const params = [`$select=${SELECT.join(',')}`, ...(from ? [`$filter=UpdateDate ge '${DateTime.fromISO(from, { zone }).toISODate()!}'`] : []),
      '$orderby=DocEntry', ...(opts.count ? [opts.version === 'v1' ? '$inlinecount=allpages' : '$count=true'] : [])];
    return `${root}Orders?${params.map((p) => p.replace(/ /g, '%20')).join('&')}`;
  }

  return {
    kind: 'sapb1',
    entities: ['order'],
    async poll({ cursor, signal, now, log }) {
      if (local === undefined) await learnLocalCurrency(signal, log);
      const run = cursor?.run ?? { next: firstUrl(cursor?.watermark ? minusSeconds(cursor.watermark, opts.overlap_seconds) : opts.since),
        started: new Date(now).toISOString(), done: 0 };
      const page = await get(new URL(run.next, root).toString(), signal);
      const rows = Array.isArray(page.value) ? page.value : [];
      let max = run.max;
      const records = rows.map((row) => {
        const order = sapb1Order(row, opts, zone, local ?? undefined);
        max = laterOf(max, order.updated_at);
        return order;
      });
      const done = run.done + rows.length;
      const total = Number(page['odata.count'] ?? page['@odata.count']);
      const progress = Number.isFinite(total) && total > rows.length ? { progress: { done, total } } : {};
      const next = page['@odata.nextLink'] ?? page['odata.nextLink'];
      if (next && rows.length > 0) {
        return { records, cursor: { ...(cursor?.watermark ? { watermark: cursor.watermark } : {}), run: { next, started: run.started, ...(max ? { max } : {}), done } }, more: true, ...progress };
      }
      // Orders changed while the run paged may sit behind its position: the next run starts no later than this one did.
      const watermark = laterOf(cursor?.watermark, max && Date.parse(max) > Date.parse(run.started) ? run.started : max);
      return { records, cursor: watermark ? { watermark } : {}, ...progress };
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
  kind: 'sapb1', title: 'SAP Business One Sales Orders via the Service Layer (OData)', options: sapb1OptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId, timezone }) => createSapb1Connector(options, { env, sourceId, timezone }),
});
