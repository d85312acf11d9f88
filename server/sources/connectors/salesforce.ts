import { z } from 'zod';
import type { Account, Deal, DealStage, Order, OrderStatus } from '../../model';
import { RetryLaterError } from '../scheduler';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { mapEach } from './service-desk';
import { CASE_FIELDS, caseHistorySoql, salesforceCase, salesforceCaseOptions, type SfCase, type SfCaseHistory } from './salesforce-cases';
import { collapseHistory, currencyCode, dimensionFields, dimensionText, moneyFields, roundMoney, stageByProbability, stageMapSchema, statusMapSchema, valueAt } from './mapping';
import { isoToUtc, laterOf, minusSeconds } from '../../model';

/** Salesforce's default Opportunity stage picklist → canonical stages (a tenant overrides with `stage_map`). */
export const SALESFORCE_DEFAULT_STAGES: Record<string, DealStage> = {
  'Prospecting': 'lead', 'Qualification': 'qualified', 'Needs Analysis': 'qualified',
  'Value Proposition': 'proposal', 'Id. Decision Makers': 'proposal', 'Perception Analysis': 'proposal',
  'Proposal/Price Quote': 'proposal', 'Negotiation/Review': 'negotiation', 'Closed Won': 'won', 'Closed Lost': 'lost',
};

/** The keys salesforceDeal writes in `extra` itself. */
const SALESFORCE_DEAL_EXTRA = ['stage_name', 'conversion_rate', 'probability', 'forecast_category', 'account'];

/** A field's API name on the object read (`Tax_ID__c`), or a related one (`Owner.Department`). */
const fieldName = z.string().regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'a field API name such as "Region__c" or "Owner.Department"');

export const salesforceOptionsSchema = z.object({
  /** `https://<my-domain>.my.salesforce.com` (the OAuth response's `instance_url`). */
  instance_url: z.url(),
  api_version: z.string().regex(/^\d+\.\d$/, 'a version such as "62.0"').default('62.0'),
  /** Environment variable holding an OAuth 2.0 access token (Bearer). */
  token_env: envVarName.default('SALESFORCE_ACCESS_TOKEN'),
  /** SystemModstamp (indexed, also moved by automation) or LastModifiedDate (user changes only). */
  watermark_field: z.enum(['SystemModstamp', 'LastModifiedDate']).default('SystemModstamp'),
  /** Use `queryAll` so deleted opportunities (recycle bin, ~15 days) arrive as tombstones. */
  include_deleted: z.boolean().default(true),
  /** Read stage history from OpportunityHistory (one extra query per 200 opportunities). */
  stage_history: z.boolean().default(true),
  /** StageName (API name or label) → canonical stage; wins over IsClosed/IsWon and the defaults. */
  stage_map: stageMapSchema.default({}),
  /**
   * Whether the org has multiple currencies: then each opportunity's `CurrencyIsoCode` is read, and its amount in the
   * corporate currency is worked out from CurrencyType (DatedConversionRate with advanced currency management).
   * `auto` asks the org once at start (a single-currency org refuses `CurrencyIsoCode` with INVALID_FIELD).
   */
  multi_currency: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  /** The currency of a single-currency org (its corporate currency): the currency of every amount there. */
  currency: currencyCode.optional(),
  /** Canonical field → the Opportunity field holding it: a custom field (`Region__c`) or a related one (`Owner.Department`). */
  fields: dimensionFields(['department', 'region'], fieldName),
  /** Opportunity fields holding the id of a linked record in another system (an `ERP_Order__c` holding the ERP's order number). */
  links: linkFieldsSchema(fieldName),
  /** Opportunity fields (API names: `LeadSource`, a custom `Product_Line__c`) asked for in the SOQL and kept in each deal's `extra`. */
  extra_fields: extraFieldsSchema(fieldName, SALESFORCE_DEAL_EXTRA),
  /** Read Account as `account` records: the names, tax ids and external ids the customer map matches on. */
  accounts: z.boolean().default(true),
  /** The Account fields holding a tax id (there is no standard one: a custom field such as `Tax_ID__c`) and an external id (default `AccountNumber`). */
  account_fields: accountFieldsSchema(fieldName),
  /** Read Order as `order` records, each linked to its opportunity (`OpportunityId`). */
  orders: z.boolean().default(false),
  /** Order `Status` (the org's picklist) → canonical status; wins over its category, StatusCode (Draft → new, Activated → confirmed). */
  status_map: statusMapSchema.default({}),
  ...salesforceCaseOptions(fieldName),
  /** Re-read this much before the watermark on every poll; the store keeps the newest version. */
  overlap_seconds: z.number().int().min(0).max(86_400).default(300),
  /** First run only: start from this instant instead of the beginning. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Records per page (Sforce-Query-Options batchSize, 200–2000). */
  batch_size: z.number().int().min(200).max(2000).default(2000),
  /** Wait this long after REQUEST_LIMIT_EXCEEDED (the org's rolling 24-hour allocation). */
  limit_backoff_minutes: z.number().min(1).max(1440).default(15),
}).strict();

export type SalesforceOptions = z.output<typeof salesforceOptionsSchema>;
/** Where the reading of one object stands: its newest change stored and, mid-run, the next page. */
interface ObjectCursor { watermark?: string; next?: string; done?: number; total?: number }
/** The objects a run reads, one after the other: opportunities, then accounts, then orders, then cases. */
type SfObject = 'Opportunity' | 'Account' | 'Order' | 'Case';
/** Opportunity's place at the top level (as before accounts and orders were read); the others under `objects`, and the one being read in `phase`. */
export interface SalesforceCursor extends ObjectCursor { phase?: Exclude<SfObject, 'Opportunity'>; objects?: Partial<Record<Exclude<SfObject, 'Opportunity'>, ObjectCursor>> }

interface QueryResult<T> { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] }
/** A queried row: the typed fields below and any custom or related field the options name. */
interface SfRow { [field: string]: unknown }
export interface SfOpportunity extends SfRow {
  Id: string; Name?: string | null; AccountId?: string | null; StageName: string; Amount?: number | null; Probability?: number | null;
  CloseDate?: string | null; IsClosed?: boolean; IsWon?: boolean; IsDeleted?: boolean; ForecastCategoryName?: string | null;
  OwnerId?: string; Owner?: { Name?: string } | null; Account?: { Name?: string } | null; CurrencyIsoCode?: string;
  CreatedDate: string; LastModifiedDate?: string; SystemModstamp: string;
}
interface SfHistory { OpportunityId: string; StageName: string; CreatedDate: string }
export interface SfAccount extends SfRow {
  Id: string; Name?: string | null; AccountNumber?: string | null; Website?: string | null;
  CreatedDate: string; LastModifiedDate?: string; SystemModstamp: string; IsDeleted?: boolean;
}
export interface SfOrder extends SfRow {
  Id: string; OrderNumber?: string | null; AccountId?: string | null; Account?: { Name?: string } | null; OpportunityId?: string | null;
  Status?: string | null; StatusCode?: string | null; TotalAmount?: number | null; EffectiveDate?: string | null; ActivatedDate?: string | null;
  OwnerId?: string | null; Owner?: { Name?: string } | null; CurrencyIsoCode?: string;
  CreatedDate: string; LastModifiedDate?: string; SystemModstamp: string; IsDeleted?: boolean;
}
export interface SfCurrencyType { IsoCode: string; ConversionRate: number; IsCorporate: boolean; DecimalPlaces?: number | null }
export interface SfDatedRate { IsoCode: string; ConversionRate: number; StartDate: string; NextStartDate?: string | null }

/**
 * A multi-currency org's rates: every `ConversionRate` is units of that currency per unit of the corporate currency
 * (CurrencyType), and with advanced currency management the dated rates (DatedConversionRate, periods
 * [StartDate, NextStartDate)) that Salesforce applies to opportunities by their CloseDate.
 */
export interface SfCurrencies { corporate: string; decimals: number; rates: Map<string, number>; dated: Map<string, SfDatedRate[]> }

export function sfCurrencies(types: SfCurrencyType[], dated: SfDatedRate[] = []): SfCurrencies | undefined {
  const corporate = types.find((t) => t.IsCorporate);
  if (!corporate) return undefined;
  const byIso = new Map<string, SfDatedRate[]>();
  for (const r of [...dated].sort((a, b) => a.StartDate.localeCompare(b.StartDate))) byIso.set(r.IsoCode, [...(byIso.get(r.IsoCode) ?? []), r]);
  return { corporate: corporate.IsoCode, decimals: corporate.DecimalPlaces ?? 2, rates: new Map(types.map((t) => [t.IsoCode, t.ConversionRate])), dated: byIso };
}

/** The rate Salesforce converts `iso` with for an opportunity closing on `closeDate`: the dated period holding it, else the static rate. */
export function conversionRate(c: SfCurrencies, iso: string, closeDate?: string | null): number | undefined {
  if (iso === c.corporate) return 1;
  const period = closeDate ? c.dated.get(iso)?.find((r) => r.StartDate <= closeDate && (!r.NextStartDate || closeDate < r.NextStartDate)) : undefined;
  const rate = period?.ConversionRate ?? c.rates.get(iso);
  return rate !== undefined && rate > 0 ? rate : undefined;
}
export interface SfStage { ApiName: string; MasterLabel: string; IsClosed: boolean; IsWon: boolean; DefaultProbability?: number | null }

const HISTORY_CHUNK = 200;
/** Rates are read again this often (an admin enters new ones), and at most this often when a record names an unknown currency. */
const RATES_REFRESH_MS = 60 * 60_000;
const UNKNOWN_CURRENCY_REFRESH_MS = 60_000;

/**
 * Canonical stage of a StageName: the tenant's map first, then (when known) the record's or the stage
 * metadata's IsWon/IsClosed, then Salesforce's default picklist, then the win probability.
 */
export function salesforceStage(name: string, map: Record<string, DealStage>, flags?: { isClosed?: boolean; isWon?: boolean; probability?: number | null }): DealStage {
  const mapped = map[name];
  if (mapped) return mapped;
  if (flags?.isWon) return 'won';
  if (flags?.isClosed) return 'lost';
  return SALESFORCE_DEFAULT_STAGES[name] ?? stageByProbability(flags?.probability == null ? undefined : flags.probability / 100);
}

/**
 * One Opportunity (and its OpportunityHistory rows) → a canonical deal. A deleted one (IsDeleted) is a tombstone: `deleted: true`, its stage as it was.
 * Money: `Amount` in the record's `CurrencyIsoCode` (a single-currency org: the configured `currency`) and, with the
 * org's rates, the same amount in the corporate currency: Amount ÷ the rate of its currency (on its CloseDate with
 * dated rates), rounded to the corporate currency's decimal places, as Salesforce converts it in reports.
 */
export function salesforceDeal(o: SfOpportunity, opts: Pick<SalesforceOptions, 'stage_map' | 'currency'> & Partial<Pick<SalesforceOptions, 'fields' | 'links' | 'extra_fields'>>,
  history?: SfHistory[], stages?: Map<string, SfStage>, currencies?: SfCurrencies): Deal {
  const updated = laterOf(isoToUtc(o.SystemModstamp), o.LastModifiedDate ? isoToUtc(o.LastModifiedDate) : undefined)!;
  const stage = salesforceStage(o.StageName, opts.stage_map, { isClosed: o.IsClosed, isWon: o.IsWon, probability: o.Probability });
  const entries = (history ?? []).map((h) => {
    const meta = stages?.get(h.StageName);
    return { stage: salesforceStage(h.StageName, opts.stage_map, meta && { isClosed: meta.IsClosed, isWon: meta.IsWon, probability: meta.DefaultProbability }), at: isoToUtc(h.CreatedDate) };
  });
  const amount = o.Amount ?? 0;
  const rate = o.CurrencyIsoCode && currencies ? conversionRate(currencies, o.CurrencyIsoCode, o.CloseDate) : undefined;
  const base = o.CurrencyIsoCode
    ? (rate !== undefined ? { amount: roundMoney(amount / rate, currencies!.decimals), currency: currencies!.corporate } : undefined)
    : { amount, currency: opts.currency }; // a single-currency org: its currency is the corporate one
  const deal: Deal = {
    type: 'deal', id: o.Id, stage, ...moneyFields(amount, o.CurrencyIsoCode ?? opts.currency, base),
    created_at: isoToUtc(o.CreatedDate), updated_at: updated,
    extra: {
      ...readExtra(opts.extra_fields ?? [], (path) => valueAt(o, path)),
      stage_name: o.StageName,
      ...(rate !== undefined && rate !== 1 ? { conversion_rate: rate } : {}),
      ...(o.Probability != null ? { probability: o.Probability } : {}),
      ...(o.ForecastCategoryName ? { forecast_category: o.ForecastCategoryName } : {}),
      ...(o.Account?.Name ? { account: o.Account.Name } : {}),
    },
    ...(o.IsDeleted ? { deleted: true } : {}),
  };
  if (o.Name) deal.name = o.Name;
  if (o.AccountId) deal.account_id = o.AccountId;
  const links = readLinks(opts.links ?? [], (path) => valueAt(o, path));
  if (links) deal.links = links;
  const owner = o.Owner?.Name ?? o.OwnerId;
  if (owner) deal.owner = owner;
  if (o.CloseDate) deal.close_date = o.CloseDate;
  for (const [field, path] of Object.entries(opts.fields ?? {})) {
    const value = dimensionText(valueAt(o, path));
    if (value !== undefined) deal[field as 'department' | 'region'] = value;
  }
  if (entries.length > 0) deal.history = collapseHistory(entries, 'stage');
  return deal;
}

/** A website as a bare host name: `https://www.Brightlane.de/shop` → `brightlane.de`; nothing host-like → undefined. */
export function websiteDomain(website: string | null | undefined): string | undefined {
  const host = website?.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0]?.toLowerCase().replace(/^www\./, '');
  return host && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

/**
 * One Account → an `account` record: `Name`; the tax id from the configured field (Salesforce has no standard one); the
 * external id from the configured field, else `AccountNumber` (the number another system gave the account); `Website`'s
 * host as the domain. A deleted account (IsDeleted, read with queryAll) is a tombstone.
 */
export function salesforceAccount(a: SfAccount, opts: Pick<SalesforceOptions, 'account_fields'>): Account {
  const text = (path: string | undefined) => (path ? dimensionText(valueAt(a, path))?.trim() : undefined);
  const account: Account = {
    type: 'account', id: a.Id, created_at: isoToUtc(a.CreatedDate),
    updated_at: laterOf(isoToUtc(a.SystemModstamp), a.LastModifiedDate ? isoToUtc(a.LastModifiedDate) : undefined)!,
    ...(a.IsDeleted ? { deleted: true } : {}),
  };
  if (a.Name) account.name = a.Name;
  const taxId = text(opts.account_fields.tax_id);
  if (taxId) account.tax_id = taxId;
  const externalId = text(opts.account_fields.external_id ?? 'AccountNumber');
  if (externalId) account.external_id = externalId;
  const domain = websiteDomain(a.Website);
  if (domain) account.domain = domain;
  return account;
}

/**
 * An Order's canonical status: the tenant's `status_map` by `Status` (the org's picklist), else its category
 * (`StatusCode`, Draft or Activated: OrderStatus in the Object Reference): a draft is new, an activated order confirmed.
 */
export function salesforceOrderStatus(o: Pick<SfOrder, 'Status' | 'StatusCode'>, map: Record<string, OrderStatus>): OrderStatus {
  const mapped = o.Status ? map[o.Status] : undefined;
  if (mapped) return mapped;
  return (o.StatusCode ?? o.Status) === 'Draft' ? 'new' : 'confirmed';
}

/**
 * One Order → a canonical order, its `AccountId` the account and its `OpportunityId` a link to the deal it came from.
 * Money: `TotalAmount` (the sum of its products) in `CurrencyIsoCode` and ÷ its currency's static rate in the corporate
 * currency (dated rates apply to opportunities only). An order activated as it is now has its history from the vendor:
 * new at `CreatedDate`, confirmed at `ActivatedDate`; otherwise the hub derives it from the changes it sees.
 */
export function salesforceOrder(o: SfOrder, opts: Pick<SalesforceOptions, 'status_map' | 'currency'>, currencies?: SfCurrencies): Order {
  const status = salesforceOrderStatus(o, opts.status_map);
  const amount = o.TotalAmount ?? 0;
  const rate = o.CurrencyIsoCode && currencies ? conversionRate(currencies, o.CurrencyIsoCode) : undefined;
  const base = o.CurrencyIsoCode
    ? (rate !== undefined ? { amount: roundMoney(amount / rate, currencies!.decimals), currency: currencies!.corporate } : undefined)
    : { amount, currency: opts.currency };
  const order: Order = {
    type: 'order', id: o.Id, status, ...moneyFields(amount, o.CurrencyIsoCode ?? opts.currency, base),
    created_at: isoToUtc(o.CreatedDate), updated_at: laterOf(isoToUtc(o.SystemModstamp), o.LastModifiedDate ? isoToUtc(o.LastModifiedDate) : undefined)!,
    extra: {
      ...(o.OrderNumber ? { order_number: o.OrderNumber } : {}), ...(o.Status ? { status_name: o.Status } : {}),
      ...(o.EffectiveDate ? { effective_date: o.EffectiveDate } : {}), ...(rate !== undefined && rate !== 1 ? { conversion_rate: rate } : {}),
    },
    ...(o.IsDeleted ? { deleted: true } : {}),
  };
  if (o.AccountId) order.account_id = o.AccountId;
  if (o.OpportunityId) order.links = [{ type: 'deal', id: o.OpportunityId }];
  if (o.Account?.Name) order.customer = o.Account.Name;
  const owner = o.Owner?.Name ?? o.OwnerId;
  if (owner) order.owner = owner;
  const activated = status === 'confirmed' && !(o.Status && opts.status_map[o.Status]) && o.ActivatedDate ? isoToUtc(o.ActivatedDate) : undefined;
  if (activated) order.history = [{ status: 'new', at: order.created_at }, { status: 'confirmed', at: laterOf(order.created_at, activated)! }];
  return order;
}

/** The SOQL of one incremental run over an object: everything changed at or after `from`, oldest first, ties by Id. */
function incrementalSoql(object: SfObject, fields: string[], opts: Pick<SalesforceOptions, 'watermark_field'>, from: string | undefined): string {
  const where = from ? ` WHERE ${opts.watermark_field} >= ${from.replace(/\.\d{3}Z$/, 'Z')}` : '';
  return `SELECT ${[...new Set(fields)].join(', ')} FROM ${object}${where} ORDER BY ${opts.watermark_field}, Id`;
}

/** Opportunities changed at or after `from`, with the fields the options name (dimensions, links, extra fields). */
export function opportunitySoql(opts: SalesforceOptions, from: string | undefined, multiCurrency = opts.multi_currency === true): string {
  return incrementalSoql('Opportunity', ['Id', 'Name', 'AccountId', 'Account.Name', 'StageName', 'Amount', 'Probability', 'CloseDate', 'IsClosed', 'IsWon',
    'ForecastCategoryName', 'OwnerId', 'Owner.Name', ...(multiCurrency ? ['CurrencyIsoCode'] : []),
    'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', ...Object.values(opts.fields), ...opts.links.map((l) => l.field),
    ...opts.extra_fields.map((e) => e.field)], opts, from);
}

/** Accounts changed at or after `from`, with the configured tax id and external id fields. */
export function accountSoql(opts: SalesforceOptions, from: string | undefined): string {
  const { tax_id, external_id } = opts.account_fields;
  return incrementalSoql('Account', ['Id', 'Name', 'AccountNumber', 'Website', ...(tax_id ? [tax_id] : []), ...(external_id ? [external_id] : []),
    'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'], opts, from);
}

/** Cases changed at or after `from`, with the fields `case_links` and `case_extra_fields` name. */
export function caseSoql(opts: SalesforceOptions, from: string | undefined): string {
  return incrementalSoql('Case', [...CASE_FIELDS, ...opts.case_links.map((l) => l.field), ...opts.case_extra_fields.map((e) => e.field)], opts, from);
}

/** Orders changed at or after `from`. */
export function orderSoql(opts: SalesforceOptions, from: string | undefined, multiCurrency = opts.multi_currency === true): string {
  return incrementalSoql('Order', ['Id', 'OrderNumber', 'AccountId', 'Account.Name', 'OpportunityId', 'Status', 'StatusCode', 'TotalAmount', 'EffectiveDate',
    'ActivatedDate', 'OwnerId', 'Owner.Name', ...(multiCurrency ? ['CurrencyIsoCode'] : []), 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'], opts, from);
}

/**
 * Deals from Salesforce Opportunities (and accounts from Account, orders from Order, tickets from Case): SOQL with `nextRecordsUrl` paging,
 * each object incremental on its own watermark with overlap, read one after the other in every run.
 */
export function createSalesforceConnector(opts: SalesforceOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<SalesforceCursor> {
  const base = opts.instance_url.replace(/\/+$/, '');
  const dataPath = `/services/data/v${opts.api_version}`;
  let stages: Map<string, SfStage> | undefined;
  let multiCurrency = opts.multi_currency === 'auto' ? undefined : opts.multi_currency;
  /** The org's rates; null when unreadable (deals then keep their own currency only). */
  let currencies: SfCurrencies | null | undefined;
  let currenciesAt = 0;

  async function get<T>(pathAndQuery: string, signal: AbortSignal): Promise<T> {
    const token = secretFrom(env, opts.token_env, sourceId);
    try {
      const res = await requestJson<T>(base + pathAndQuery, {
        signal, headers: { authorization: `Bearer ${token}`, 'sforce-query-options': `batchSize=${opts.batch_size}` },
      });
      return res.body;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const code = errorCode(err.body);
      if (code === 'REQUEST_LIMIT_EXCEEDED') throw new RetryLaterError(`Salesforce API limit reached (REQUEST_LIMIT_EXCEEDED): ${err.message}`, opts.limit_backoff_minutes * 60_000);
      if (err.status === 401) throw new Error(`Salesforce rejected the access token in ${opts.token_env} (${code ?? 'HTTP 401'}); set a fresh token`, { cause: err });
      if (code) err.message = `${code}: ${err.message}`;
      throw err;
    }
  }

  const query = <T>(soql: string, signal: AbortSignal) =>
    get<QueryResult<T>>(`${dataPath}/${opts.include_deleted ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`, signal);

  async function allRecords<T>(soql: string, signal: AbortSignal): Promise<T[]> {
    let page = await query<T>(soql, signal);
    const out = [...page.records];
    while (!page.done && page.nextRecordsUrl) { page = await get<QueryResult<T>>(page.nextRecordsUrl, signal); out.push(...page.records); }
    return out;
  }

  async function loadStages(signal: AbortSignal, log: { warn(obj: object, msg: string): void }) {
    try {
      const rows = await allRecords<SfStage>('SELECT ApiName, MasterLabel, IsClosed, IsWon, DefaultProbability FROM OpportunityStage', signal);
      stages = new Map(rows.flatMap((s) => [[s.ApiName, s], [s.MasterLabel, s]] as [string, SfStage][]));
    } catch (err) {
      if (err instanceof RetryLaterError) throw err;
      stages = new Map(); // no metadata (permissions): history falls back to the names alone
      log.warn({ source: sourceId, error: (err as Error).message }, 'Salesforce OpportunityStage unreadable; mapping history by name');
    }
  }

  /** A single-currency org has no CurrencyIsoCode field and refuses it (INVALID_FIELD). */
  async function isMultiCurrency(signal: AbortSignal): Promise<boolean> {
    try {
      await query('SELECT CurrencyIsoCode FROM Opportunity LIMIT 1', signal);
      return true;
    } catch (err) {
      if (err instanceof HttpError && errorCode(err.body) === 'INVALID_FIELD') return false;
      throw err;
    }
  }

  /**
   * Reads CurrencyType (every currency's rate and the corporate one) and, with advanced currency management,
   * DatedConversionRate (an org without it refuses the object: INVALID_TYPE). Not converting Amount with SOQL's
   * convertCurrency(): that converts into the querying user's currency, not the corporate one.
   */
  async function loadCurrencies(signal: AbortSignal, log: { warn(obj: object, msg: string): void }, now: number) {
    currenciesAt = now;
    try {
      const types = await allRecords<SfCurrencyType>('SELECT IsoCode, ConversionRate, DecimalPlaces, IsCorporate FROM CurrencyType', signal);
      let dated: SfDatedRate[] = [];
      try {
        dated = await allRecords<SfDatedRate>('SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate ORDER BY IsoCode, StartDate', signal);
      } catch (err) {
        if (!(err instanceof HttpError && errorCode(err.body) === 'INVALID_TYPE')) throw err;
      }
      currencies = sfCurrencies(types, dated) ?? null;
      if (!currencies) log.warn({ source: sourceId }, 'Salesforce CurrencyType has no corporate currency; deals keep their own currency only');
    } catch (err) {
      if (!(err instanceof HttpError)) throw err; // the API limit (RetryLaterError), the network: try again next poll
      currencies = null;
      log.warn({ source: sourceId, error: err.message }, 'Salesforce CurrencyType unreadable; deals keep their own currency only');
    }
  }

  async function histories(ids: string[], signal: AbortSignal): Promise<Map<string, SfHistory[]>> {
    const byId = new Map<string, SfHistory[]>();
    for (let i = 0; i < ids.length; i += HISTORY_CHUNK) {
      const list = ids.slice(i, i + HISTORY_CHUNK).map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(',');
      const rows = await allRecords<SfHistory>(`SELECT OpportunityId, StageName, CreatedDate FROM OpportunityHistory WHERE OpportunityId IN (${list}) ORDER BY CreatedDate`, signal);
      for (const row of rows) byId.set(row.OpportunityId, [...(byId.get(row.OpportunityId) ?? []), row]);
    }
    return byId;
  }

  /** Loads the org's rates at first, hourly, and sooner (at most once a minute) when a record names a currency not seen. */
  async function refreshCurrencies(rows: { CurrencyIsoCode?: string }[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }, now: number) {
    const unknown = currencies && rows.some((o) => o.CurrencyIsoCode && !currencies!.rates.has(o.CurrencyIsoCode));
    if (currencies === undefined || now - currenciesAt >= RATES_REFRESH_MS || (unknown && now - currenciesAt >= UNKNOWN_CURRENCY_REFRESH_MS)) {
      await loadCurrencies(signal, log, now);
    }
  }

  /** The page after `at` (the run's next page, or its first from the watermark); an expired query locator (~15 min idle) starts the run again. */
  async function readPage<T>(at: ObjectCursor | undefined, soql: () => string, signal: AbortSignal): Promise<{ page: QueryResult<T>; done: number }> {
    try {
      return { page: at?.next ? await get<QueryResult<T>>(at.next, signal) : await query<T>(soql(), signal), done: at?.next ? at.done ?? 0 : 0 };
    } catch (err) {
      if (!(at?.next && err instanceof HttpError && errorCode(err.body) === 'INVALID_QUERY_LOCATOR')) throw err;
      return { page: await query<T>(soql(), signal), done: 0 };
    }
  }

  /** Account is read unless the integration user may not see it (INVALID_TYPE): then deals and orders go on without accounts. */
  let accountsReadable = true;
  /** Case likewise: a user who may not see it gets one warning and the other objects go on. */
  let casesReadable = true;
  const objects = (): SfObject[] => ['Opportunity', ...(opts.accounts && accountsReadable ? ['Account' as const] : []), ...(opts.orders ? ['Order' as const] : []),
    ...(opts.cases && casesReadable ? ['Case' as const] : [])];

  /** The owner changes of some cases from CaseHistory, by case; a user who may not read it (INVALID_TYPE) gets one warning and cases without them. */
  let caseHistoryReadable = true;
  async function caseHistories(ids: string[], signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<Map<string, SfCaseHistory[]>> {
    const byId = new Map<string, SfCaseHistory[]>();
    if (!opts.case_history || !caseHistoryReadable) return byId;
    try {
      for (let i = 0; i < ids.length; i += HISTORY_CHUNK) {
        for (const row of await allRecords<SfCaseHistory>(caseHistorySoql(ids.slice(i, i + HISTORY_CHUNK)), signal)) {
          byId.set(row.CaseId, [...(byId.get(row.CaseId) ?? []), row]);
        }
      }
    } catch (err) {
      if (!(err instanceof HttpError && errorCode(err.body) === 'INVALID_TYPE')) throw err;
      caseHistoryReadable = false;
      log.warn({ source: sourceId, error: err.message }, 'Salesforce CaseHistory unreadable; cases go on without owner changes');
      return new Map();
    }
    return byId;
  }

  /** The cursor after a page of `object`: its own place moved to `at`, and the object read next (none: the run is over). */
  function advance(cursor: SalesforceCursor | undefined, object: SfObject, at: ObjectCursor, next: SfObject | undefined): SalesforceCursor {
    const { watermark, next: page, done, total, objects: others } = cursor ?? {};
    const opportunity: ObjectCursor = object === 'Opportunity' ? at : { ...(watermark ? { watermark } : {}), ...(page ? { next: page, done, total } : {}) };
    const rest = object === 'Opportunity' ? others : { ...others, [object]: at };
    return { ...opportunity, ...(rest ? { objects: rest } : {}), ...(next && next !== 'Opportunity' ? { phase: next } : {}) };
  }

  return {
    kind: 'salesforce',
    entities: ['deal', ...(opts.accounts ? ['account' as const] : []), ...(opts.orders ? ['order' as const] : []), ...(opts.cases ? ['ticket' as const] : [])],
    async poll({ cursor, signal, log, now }) {
      const order = objects();
      const object: SfObject = cursor?.phase && order.includes(cursor.phase) ? cursor.phase : 'Opportunity';
      const at: ObjectCursor | undefined = object === 'Opportunity' ? cursor : cursor?.objects?.[object];
      const from = at?.watermark ? minusSeconds(at.watermark, opts.overlap_seconds) : opts.since;
      multiCurrency ??= await isMultiCurrency(signal);
      let read: { page: QueryResult<SfRow & { Id: string; SystemModstamp: string }>; done: number };
      try {
        read = await readPage(at, () => (object === 'Opportunity' ? opportunitySoql(opts, from, multiCurrency)
          : object === 'Account' ? accountSoql(opts, from) : object === 'Case' ? caseSoql(opts, from) : orderSoql(opts, from, multiCurrency)), signal);
      } catch (err) {
        if (!((object === 'Account' || object === 'Case') && err instanceof HttpError && errorCode(err.body) === 'INVALID_TYPE')) throw err;
        if (object === 'Account') {
          accountsReadable = false;
          log.warn({ source: sourceId, error: err.message }, 'Salesforce Account unreadable; deals and orders keep their AccountId without account records');
        } else {
          casesReadable = false;
          log.warn({ source: sourceId, error: err.message }, 'Salesforce Case unreadable; the source goes on without ticket records');
        }
        const next = order[order.indexOf(object) + 1];
        return { records: [], cursor: advance(cursor, object, at ?? {}, next), more: next !== undefined };
      }
      const { page } = read;
      let records: unknown[];
      if (object === 'Opportunity') {
        const rows = page.records as SfOpportunity[];
        if (multiCurrency) await refreshCurrencies(rows, signal, log, now);
        if (opts.stage_history && !stages) await loadStages(signal, log);
        const history = opts.stage_history && rows.length > 0 ? await histories(rows.map((o) => o.Id), signal) : undefined;
        records = rows.map((o) => salesforceDeal(o, opts, history?.get(o.Id), stages, currencies ?? undefined));
      } else if (object === 'Order') {
        const rows = page.records as SfOrder[];
        if (multiCurrency) await refreshCurrencies(rows, signal, log, now);
        records = rows.map((o) => salesforceOrder(o, opts, currencies ?? undefined));
      } else if (object === 'Case') {
        const rows = page.records as unknown as SfCase[];
        const history = rows.length > 0 ? await caseHistories(rows.map((c) => c.Id), signal, log) : undefined;
        // A case that cannot be mapped (an unreadable date) is logged and left out, not the whole page.
        records = mapEach(rows.map((c) => ({ id: c.Id, c })), ({ c }) => salesforceCase(c, opts, history?.get(c.Id)), log, sourceId);
      } else {
        records = (page.records as SfAccount[]).map((a) => salesforceAccount(a, opts));
      }
      let watermark = at?.watermark;
      for (const r of page.records) watermark = laterOf(watermark, isoToUtc(String(r[opts.watermark_field] ?? r.SystemModstamp)));
      const done = read.done + page.records.length;
      const more = !page.done && Boolean(page.nextRecordsUrl);
      const place: ObjectCursor = { ...(watermark ? { watermark } : {}), ...(more ? { next: page.nextRecordsUrl, done, total: page.totalSize } : {}) };
      const next = more ? object : order[order.indexOf(object) + 1];
      return { records, cursor: advance(cursor, object, place, next), more: next !== undefined,
        ...(page.totalSize > page.records.length ? { progress: { done, total: page.totalSize } } : {}) };
    },
  };
}

/** Salesforce errors are a JSON array of `{ message, errorCode }`. */
function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    const first = Array.isArray(parsed) ? (parsed[0] as { errorCode?: unknown } | undefined) : undefined;
    return typeof first?.errorCode === 'string' ? first.errorCode : undefined;
  } catch { return undefined; }
}

export const salesforceConnector = defineConnector({
  kind: 'salesforce', title: 'Salesforce Opportunities (deals), Accounts, Orders and Cases (tickets) via the REST query API', options: salesforceOptionsSchema, defaultInterval: '60s',
  create: (options, { env, sourceId }) => createSalesforceConnector(options, env, sourceId),
});
