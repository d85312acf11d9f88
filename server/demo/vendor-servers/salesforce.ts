import type { Deal, DealStage } from '../../model';
import { DEMO_CUSTOMERS, customerOf, type DemoCustomer } from '../customers';
import { leadSourceOf, repsOf, SALES_REPS } from '../names';
import { BOOKS_CURRENCY, CENTRE_RATES, cnyPer, currencyOf, FOREIGN_CURRENCIES } from './exchange-rates';
import type { VendorReply, VendorRequest } from './http';
import { parseSoql, runSoql, SoqlError, type SoqlQuery, type SoqlRow, type SoqlValue } from './soql';

export interface SimulatedSalesforceOptions {
  /** The OAuth access token the simulated org accepts (Bearer). */
  token: string;
}

/** The org's Opportunity stage picklist (Salesforce's default one) and each stage's metadata. */
const STAGES: Record<DealStage, { name: string; probability: number; forecast: string; closed: boolean; won: boolean }> = {
  lead: { name: 'Prospecting', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  qualified: { name: 'Qualification', probability: 20, forecast: 'Pipeline', closed: false, won: false },
  proposal: { name: 'Proposal/Price Quote', probability: 75, forecast: 'Pipeline', closed: false, won: false },
  negotiation: { name: 'Negotiation/Review', probability: 90, forecast: 'Commit', closed: false, won: false },
  won: { name: 'Closed Won', probability: 100, forecast: 'Closed', closed: true, won: true },
  lost: { name: 'Closed Lost', probability: 0, forecast: 'Omitted', closed: true, won: false },
};
/** The org's custom fields on Opportunity. */
export const SALESFORCE_REGION_FIELD = 'Region__c';
export const SALESFORCE_DEPARTMENT_FIELD = 'Department__c';
/** The org's custom field on Account holding the customer's tax id (统一社会信用代码): Salesforce has no standard one. */
export const SALESFORCE_TAX_ID_FIELD = 'Tax_ID__c';

const OPPORTUNITY_FIELDS = new Set(['Id', 'IsDeleted', 'AccountId', 'Account.Name', 'Name', 'StageName', 'Amount', 'Probability', 'CloseDate',
  'Type', 'LeadSource', 'IsClosed', 'IsWon', 'ForecastCategory', 'ForecastCategoryName', 'OwnerId', 'Owner.Name', 'CurrencyIsoCode', 'CreatedDate', 'CreatedById',
  'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'LastStageChangeDate', SALESFORCE_REGION_FIELD, SALESFORCE_DEPARTMENT_FIELD]);
const HISTORY_FIELDS = new Set(['Id', 'OpportunityId', 'StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategory', 'CurrencyIsoCode', 'CreatedDate',
  'CreatedById', 'IsDeleted', 'SystemModstamp']);
const ACCOUNT_FIELDS = new Set(['Id', 'IsDeleted', 'Name', 'AccountNumber', 'Type', 'Industry', 'BillingCity', 'BillingCountry', 'Website',
  'OwnerId', 'Owner.Name', 'CurrencyIsoCode', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', SALESFORCE_TAX_ID_FIELD]);
const CURRENCY_FIELDS = new Set(['Id', 'IsoCode', 'ConversionRate', 'DecimalPlaces', 'IsActive', 'IsCorporate']);
const DATED_RATE_FIELDS = new Set(['Id', 'IsoCode', 'ConversionRate', 'StartDate', 'NextStartDate']);
const STAGE_FIELDS = new Set(['Id', 'ApiName', 'MasterLabel', 'IsActive', 'IsClosed', 'IsWon', 'DefaultProbability', 'ForecastCategory',
  'ForecastCategoryName', 'SortOrder']);
const API = '/services/data/v62.0';
const BATCH = { min: 200, max: 2000 };
/** Query locators kept for `nextRecordsUrl`; Salesforce expires idle ones too. */
const LOCATORS_KEPT = 50;

/**
 * A Salesforce record id: 15 case-sensitive characters (key prefix, then the number) and the 3-character
 * suffix that encodes where the upper-case letters are, so the 18-character form is what the API returns.
 */
export function salesforceId(prefix: string, n: number): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (let v = n; body.length < 7; v = Math.floor(v / 62)) body = digits[v % 62]! + body;
  const id = `${prefix}5j000${body}`;
  const suffix = [0, 5, 10].map((at) => {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id[at + i]!)) bits |= 1 << i;
    return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[bits]!;
  }).join('');
  return id + suffix;
}

const sfTime = (iso: string) => new Date(Date.parse(iso)).toISOString().replace('Z', '+0000');
const related = (type: string, id: string, name: string) => ({ attributes: { type, url: `${API}/sobjects/${type}/${id}` }, Name: name });
const userId = (name: string | undefined) => salesforceId('005', SALES_REPS.findIndex((r) => r.name === name) + 1);
const DAY = 86_400_000;
/** Salesforce keeps conversion rates to 6 decimals: units of a currency per unit of the corporate one (CNY). */
const perCny = (cny: number) => Math.round(1_000_000 / cny) / 1_000_000;
const FOREIGN = FOREIGN_CURRENCIES;

/** CurrencyType: CNY the corporate currency, each foreign currency at its centre rate (the static rate). */
const CURRENCY_ROWS: SoqlRow[] = [BOOKS_CURRENCY, ...FOREIGN].map((iso, i) => ({
  attributes: { type: 'CurrencyType', url: `${API}/sobjects/CurrencyType/${salesforceId('02a', i + 1)}` }, Id: salesforceId('02a', i + 1),
  IsoCode: iso, ConversionRate: iso === BOOKS_CURRENCY ? 1 : perCny(CENTRE_RATES[iso]!), DecimalPlaces: 2, IsActive: true, IsCorporate: iso === BOOKS_CURRENCY,
}));

/**
 * DatedConversionRate (advanced currency management, which converts opportunities by CloseDate): a rate per foreign
 * currency for each month from 2020 to the month of `now`, the last one open-ended; before 2020, the static rate (the
 * first period of each currency starts at 0000-12-30, as Salesforce records it).
 */
function datedRates(now: number): SoqlRow[] {
  const months: string[] = [];
  for (let m = Date.UTC(2020, 0, 1); m <= now; m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)) months.push(new Date(m).toISOString().slice(0, 10));
  let serial = 0;
  const row = (iso: string, rate: number, start: string, next: string | null) => ({
    attributes: { type: 'DatedConversionRate', url: `${API}/sobjects/DatedConversionRate/${salesforceId('04w', ++serial)}` }, Id: salesforceId('04w', serial),
    IsoCode: iso, ConversionRate: rate, StartDate: start, NextStartDate: next,
  });
  return [row(BOOKS_CURRENCY, 1, '0000-12-30', null), ...FOREIGN.flatMap((iso) => [
    row(iso, CURRENCY_ROWS.find((c) => c.IsoCode === iso)!.ConversionRate as number, '0000-12-30', months[0] ?? null),
    ...months.map((start, i) => row(iso, perCny(cnyPer(iso, start)), start, months[i + 1] ?? null)),
  ])];
}

/** The Opportunity Id of a simulated deal (`D-5012`): its serial after the Opportunity key prefix. */
export const opportunityId = (dealId: string): string => salesforceId('006', Number(dealId.replace(/\D/g, '')));
/** The Account Id of a customer (customers.ts), by its place in the list. */
export const accountId = (customer: DemoCustomer): string => salesforceId('001', DEMO_CUSTOMERS.indexOf(customer) + 1);

/**
 * A customer as the org's Account: its legal name, the tax id in the org's custom field, the rep of its region as
 * owner. Opened `since` days before the history, last edited (an address, a phone number) up to two months before it.
 * No AccountNumber and no Website: nothing another system also holds, only the tax id.
 */
function accountRow(c: DemoCustomer, historyStart: number): SoqlRow {
  const id = accountId(c);
  const owner = SALES_REPS.indexOf(repsOf(c.region)[0]!) + 1;
  const created = historyStart - c.since * DAY - 3_600_000 * (c.since % 9);
  const modified = historyStart - ((c.since * 7) % 61) * DAY - 60_000 * (c.since % 600);
  return {
    attributes: { type: 'Account', url: `${API}/sobjects/Account/${id}` },
    Id: id, IsDeleted: false, Name: c.names.salesforce, AccountNumber: null, Type: 'Customer', Industry: c.industry,
    BillingCity: c.city, BillingCountry: c.country, Website: null, OwnerId: salesforceId('005', owner),
    Owner: related('User', salesforceId('005', owner), SALES_REPS[owner - 1]!.name), CurrencyIsoCode: c.currency,
    CreatedDate: sfTime(new Date(created).toISOString()), CreatedById: salesforceId('005', owner),
    LastModifiedDate: sfTime(new Date(modified).toISOString()), LastModifiedById: salesforceId('005', owner),
    SystemModstamp: sfTime(new Date(modified).toISOString()), [SALESFORCE_TAX_ID_FIELD]: c.taxId,
  };
}

/** A simulated deal as an Opportunity row, with its OpportunityHistory rows (one per stage entered). */
function opportunityRows(d: Deal): { opportunity: SoqlRow; history: SoqlRow[] } {
  const serial = Number(d.id.replace(/\D/g, ''));
  const id = opportunityId(d.id);
  const stage = STAGES[d.stage];
  const customer = customerOf(d.account_id);
  const account = customer ? { id: accountId(customer), name: customer.names.salesforce } : undefined;
  const owner = userId(d.owner);
  // An account abroad is quoted in its currency, at the day's rate when the deal was opened.
  const currency = d.currency === undefined || d.currency === BOOKS_CURRENCY ? currencyOf(d.account_id) : d.currency;
  const amount = currency === BOOKS_CURRENCY ? d.amount : Math.round(d.amount / cnyPer(currency, d.created_at));
  // An open opportunity has an expected close date (a required field); a closed one the day it closed.
  const closeDate = d.close_date ?? new Date(Date.parse(d.created_at) + 30 * DAY).toISOString().slice(0, 10);
  const history = (d.history ?? []).map((h, i) => ({
    attributes: { type: 'OpportunityHistory', url: `${API}/sobjects/OpportunityHistory/${salesforceId('008', serial * 16 + i)}` },
    Id: salesforceId('008', serial * 16 + i), OpportunityId: id, StageName: STAGES[h.stage].name, Amount: amount, CloseDate: closeDate,
    Probability: STAGES[h.stage].probability, ForecastCategory: STAGES[h.stage].forecast, CurrencyIsoCode: currency, CreatedDate: sfTime(h.at), CreatedById: owner,
    IsDeleted: false, SystemModstamp: sfTime(h.at),
  }));
  const stageChanged = d.history?.at(-1)?.at ?? d.created_at;
  return {
    history,
    opportunity: {
      attributes: { type: 'Opportunity', url: `${API}/sobjects/Opportunity/${id}` },
      Id: id, IsDeleted: false, AccountId: account?.id ?? null, Account: account ? related('Account', account.id, account.name) : null, Name: d.name ?? null,
      StageName: stage.name, Amount: amount, Probability: stage.probability, CloseDate: closeDate, Type: 'New Customer', LeadSource: leadSourceOf(d.id),
      IsClosed: stage.closed, IsWon: stage.won, ForecastCategory: stage.forecast, ForecastCategoryName: stage.forecast,
      OwnerId: owner, Owner: related('User', owner, d.owner ?? ''), CurrencyIsoCode: currency, CreatedDate: sfTime(d.created_at), CreatedById: owner,
      LastModifiedDate: sfTime(d.updated_at), LastModifiedById: owner, SystemModstamp: sfTime(d.updated_at), LastStageChangeDate: sfTime(stageChanged),
      [SALESFORCE_REGION_FIELD]: d.region ?? null, [SALESFORCE_DEPARTMENT_FIELD]: d.department ?? null,
    },
  };
}

const STAGE_ROWS: SoqlRow[] = Object.values(STAGES).map((s, i) => ({
  attributes: { type: 'OpportunityStage', url: `${API}/sobjects/OpportunityStage/${salesforceId('01J', i + 1)}` },
  Id: salesforceId('01J', i + 1), ApiName: s.name, MasterLabel: s.name, IsActive: true, IsClosed: s.closed, IsWon: s.won,
  DefaultProbability: s.probability, ForecastCategory: s.forecast, ForecastCategoryName: s.forecast, SortOrder: i + 1,
}));

/**
 * Salesforce's REST query API as the Salesforce connector reads it: `query` and `queryAll` with a SOQL
 * subset over Account, Opportunity, OpportunityHistory and OpportunityStage, and (a multi-currency org with advanced
 * currency management, corporate currency CNY) CurrencyType and DatedConversionRate, pages of `batchSize`
 * (`Sforce-Query-Options`) followed through `nextRecordsUrl`, behind a Bearer token. It holds the simulated
 * company's customers (`openAccounts`) and deals (fed by `apply`).
 */
export function createSimulatedSalesforce(opts: SimulatedSalesforceOptions) {
  let accounts: SoqlRow[] = [];
  const opportunities = new Map<string, SoqlRow>();
  const histories = new Map<string, SoqlRow[]>();
  const locators = new Map<string, SoqlRow[]>();
  let serial = 0;
  let calls = 0;

  const error = (status: number, errorCode: string, message: string): VendorReply => ({ status, body: [{ message, errorCode }] });
  /** A history query naming its opportunities reads only theirs, as the org's index on OpportunityId would. */
  const historiesOf = (q: SoqlQuery): SoqlRow[] => {
    const byId = q.where.find((c) => c.field === 'OpportunityId' && c.op === 'IN');
    return byId ? (byId.value as SoqlValue[]).flatMap((id) => histories.get(String(id)) ?? []) : [...histories.values()].flat();
  };

  function page(rows: SoqlRow[], offset: number, size: number, locator: string, version: string): VendorReply {
    const done = offset + size >= rows.length;
    if (done) locators.delete(locator);
    return {
      headers: { 'sforce-limit-info': `api-usage=${calls}/100000` },
      body: { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${offset + size}` }),
        records: rows.slice(offset, offset + size) },
    };
  }

  function query(soql: string, all: boolean, size: number, version: string, now: number): VendorReply {
    let rows: SoqlRow[];
    try {
      const q = parseSoql(soql);
      if (q.from === 'Account') rows = runSoql(q, accounts, ACCOUNT_FIELDS);
      else if (q.from === 'Opportunity') rows = runSoql(q, [...opportunities.values()].filter((o) => all || !o.IsDeleted), OPPORTUNITY_FIELDS);
      else if (q.from === 'OpportunityHistory') rows = runSoql(q, historiesOf(q), HISTORY_FIELDS);
      else if (q.from === 'OpportunityStage') rows = runSoql(q, STAGE_ROWS, STAGE_FIELDS);
      else if (q.from === 'CurrencyType') rows = runSoql(q, CURRENCY_ROWS, CURRENCY_FIELDS);
      else if (q.from === 'DatedConversionRate') rows = runSoql(q, datedRates(now), DATED_RATE_FIELDS);
      else return error(400, 'INVALID_TYPE', `sObject type '${q.from}' is not supported.`);
    } catch (err) {
      if (err instanceof SoqlError) return error(400, err.errorCode, err.message);
      throw err;
    }
    const locator = `01g5j00000${String(++serial).padStart(8, '0')}`;
    locators.set(locator, rows);
    if (locators.size > LOCATORS_KEPT) locators.delete(locators.keys().next().value!);
    return page(rows, 0, size, locator, version);
  }

  return {
    /** Opens the org's Accounts: the company's customers, entered before its history (which starts at `historyStart`). */
    openAccounts(historyStart: number): void {
      accounts = DEMO_CUSTOMERS.map((c) => accountRow(c, historyStart));
    },
    /** Takes the simulated company's changed deals. */
    apply(changed: Deal[]): void {
      for (const d of changed) {
        const { opportunity, history } = opportunityRows(d);
        opportunities.set(opportunity.Id as string, opportunity);
        histories.set(opportunity.Id as string, history);
      }
    },
    handle(req: VendorRequest, now: number): VendorReply {
      if (req.headers.authorization !== `Bearer ${opts.token}`) return error(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      calls++;
      const option = /batchSize=(\d+)/.exec(String(req.headers['sforce-query-options'] ?? ''));
      const size = Math.min(BATCH.max, Math.max(BATCH.min, option ? Number(option[1]) : BATCH.max));
      const m = /^\/services\/data\/v(\d+\.\d)\/(query|queryAll)(?:\/([\w]+)-(\d+))?$/.exec(req.path);
      if (req.method !== 'GET' || !m) return error(404, 'NOT_FOUND', 'The requested resource does not exist');
      const [, version, resource, locator, offset] = m as unknown as [string, string, string, string?, string?];
      if (locator !== undefined) {
        const rows = locators.get(locator);
        return rows ? page(rows, Number(offset), size, locator, version) : error(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      }
      const soql = req.url.searchParams.get('q');
      if (!soql) return error(400, 'MALFORMED_QUERY', 'A query string (q) is required');
      return query(soql, resource === 'queryAll', size, version, now);
    },
  };
}
