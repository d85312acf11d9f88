import { parseSoql, runSoql, SoqlError } from '../../../server/demo/vendor-servers/soql';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fake-http';

/** The accounts of salesforce_opportunity_query.json's two 2025 opportunities. */
const BRIGHTLANE = '001Hs00002AbXyZIAU';
const NORTHGATE = '001Hs00002AcQ4mIAE';

/**
 * Opportunities as in the shared reference payloads (salesforce_opportunity_query*.json), with their AccountId. The 2025 ones
 * also carry `LeadSource` (a standard picklist of the Object Reference, Opportunity,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm)
 * and a custom picklist `Product_Line__c` (custom fields end in __c); the older ones have neither set (null).
 */
export function salesforceOpportunities(): Record<string, unknown>[] {
  const user = (id: string, name: string) => ({ attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${id}` }, Name: name });
  const account = (name: string) => ({ attributes: { type: 'Account' }, Name: name });
  return [
    { Id: '0064x00000Bq1aAAAR', StageName: 'Closed Lost', Amount: 9800.0, CloseDate: '2021-02-26', IsClosed: true, IsWon: false, CurrencyIsoCode: 'USD',
      CreatedDate: '2021-01-11T09:00:00.000+0000', LastModifiedDate: '2021-03-01T08:02:17.000+0000', SystemModstamp: '2023-10-14T02:11:40.000+0000', IsDeleted: false },
    { Id: '0064x00000Bq1bBAAR', StageName: 'Closed Won', Amount: null, CloseDate: '2021-03-04', IsClosed: true, IsWon: true, CurrencyIsoCode: 'EUR',
      CreatedDate: '2021-01-12T09:00:00.000+0000', LastModifiedDate: '2021-03-04T16:45:02.000+0000', SystemModstamp: '2023-10-14T02:11:40.000+0000', IsDeleted: false },
    { Id: '006Hs00001Kx7QbIAJ', Name: 'Brightlane Retail - POS rollout 2025', AccountId: BRIGHTLANE, Account: account('Brightlane Retail GmbH'), StageName: 'Negotiation/Review',
      Amount: 48000.0, Probability: 90.0, CloseDate: '2025-03-31', IsClosed: false, IsWon: false, ForecastCategoryName: 'Commit', CurrencyIsoCode: 'EUR', LeadSource: 'Partner Referral', Product_Line__c: 'POS',
      OwnerId: '005Hs000004TqLmIAK', Owner: user('005Hs000004TqLmIAK', 'Dana Whitfield'), CreatedDate: '2025-01-20T10:14:03.000+0000',
      LastModifiedDate: '2025-03-14T09:12:44.000+0000', SystemModstamp: '2025-03-14T09:12:44.000+0000', IsDeleted: false },
    // A custom field (ERP_Order__c) holding the number of the ERP's sales order that fulfils the won deal.
    { Id: '006Hs00001Kw2RtIAJ', Name: 'Northgate Logistics - Fleet tablets', AccountId: NORTHGATE, Account: account('Northgate Logistics AG'), ERP_Order__c: 'SAL-ORD-2025-00868', StageName: 'Closed Won',
      Amount: 126500.0, Probability: 100.0, CloseDate: '2025-03-14', IsClosed: true, IsWon: true, ForecastCategoryName: 'Closed', CurrencyIsoCode: 'EUR', LeadSource: 'Web', Product_Line__c: 'Mobile',
      OwnerId: '005Hs000004TqN2IAK', Owner: user('005Hs000004TqN2IAK', 'Marcus Lindqvist'), CreatedDate: '2024-11-05T13:47:21.000+0000',
      LastModifiedDate: '2025-03-14T09:40:27.000+0000', SystemModstamp: '2025-03-14T09:40:29.000+0000', IsDeleted: false },
  ];
}

/** OpportunityHistory rows as in salesforce_opportunity_history_query.json. */
export function salesforceHistory(): Record<string, unknown>[] {
  return [
    { OpportunityId: '006Hs00001Kx7QbIAJ', StageName: 'Qualification', CreatedDate: '2025-01-20T10:14:03.000+0000' },
    { OpportunityId: '006Hs00001Kx7QbIAJ', StageName: 'Proposal/Price Quote', CreatedDate: '2025-02-18T15:30:51.000+0000' },
    { OpportunityId: '006Hs00001Kx7QbIAJ', StageName: 'Negotiation/Review', CreatedDate: '2025-03-14T09:12:44.000+0000' },
    { OpportunityId: '006Hs00001Kw2RtIAJ', StageName: 'Closed Won', CreatedDate: '2025-03-14T09:40:27.000+0000' },
  ];
}

/**
 * Account rows in the query API's shape: standard fields from the Object Reference, Account
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm:
 * Name, AccountNumber, Website, IsDeleted, SystemModstamp), plus a custom text field Tax_ID__c (Salesforce has no
 * standard tax id; custom fields end in __c). The third was deleted (in the recycle bin: only queryAll returns it).
 */
export function salesforceAccounts(): Record<string, unknown>[] {
  const row = (id: string, fields: Record<string, unknown>) => ({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Id: id, ...fields });
  return [
    row(BRIGHTLANE, { Name: 'Brightlane Retail GmbH', AccountNumber: 'CUST-2025-00042', Website: 'https://www.brightlane.de/', Tax_ID__c: 'DE812345678',
      CreatedDate: '2024-06-03T08:00:00.000+0000', LastModifiedDate: '2025-03-10T08:00:00.000+0000', SystemModstamp: '2025-03-10T08:00:01.000+0000', IsDeleted: false }),
    row(NORTHGATE, { Name: 'Northgate Logistics AG', AccountNumber: null, Website: 'northgate-logistics.ch', Tax_ID__c: 'CHE-123.456.789',
      CreatedDate: '2024-10-01T08:00:00.000+0000', LastModifiedDate: '2025-03-11T08:00:00.000+0000', SystemModstamp: '2025-03-11T08:00:00.000+0000', IsDeleted: false }),
    row('001Hs00002AdZ9kIAE', { Name: 'Harbor Kiosk Ltd', AccountNumber: null, Website: null, Tax_ID__c: null,
      CreatedDate: '2024-12-01T08:00:00.000+0000', LastModifiedDate: '2025-03-12T08:00:00.000+0000', SystemModstamp: '2025-03-12T08:00:00.000+0000', IsDeleted: true }),
  ];
}

/**
 * Order rows: fields from the Object Reference, Order
 * (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-order.html:
 * AccountId, OpportunityId, OrderNumber, Status, StatusCode, TotalAmount, EffectiveDate, ActivatedDate), StatusCode being
 * the category of the org's Status picklist, Draft or Activated (OrderStatus,
 * https://developer.salesforce.com/docs/atlas.en-us.238.0.object_reference.meta/api/sforce_api_objects_orderstatus.htm).
 * The first fulfils Northgate's won opportunity (activated); the second is Brightlane's draft in USD, without opportunity.
 */
export function salesforceOrders(): Record<string, unknown>[] {
  const row = (id: string, fields: Record<string, unknown>) => ({ attributes: { type: 'Order', url: `/services/data/v62.0/sobjects/Order/${id}` }, Id: id, ...fields });
  const account = (name: string, id: string) => ({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Name: name });
  const owner = { attributes: { type: 'User', url: '/services/data/v62.0/sobjects/User/005Hs000004TqN2IAK' }, Name: 'Marcus Lindqvist' };
  return [
    row('801Hs00000Qa1ZxIAJ', { OrderNumber: '00000102', AccountId: NORTHGATE, Account: account('Northgate Logistics AG', NORTHGATE), OpportunityId: '006Hs00001Kw2RtIAJ',
      Status: 'Activated', StatusCode: 'Activated', TotalAmount: 126500.0, EffectiveDate: '2025-03-14', ActivatedDate: '2025-03-14T09:55:00.000+0000',
      OwnerId: '005Hs000004TqN2IAK', Owner: owner, CurrencyIsoCode: 'EUR', CreatedDate: '2025-03-14T09:45:10.000+0000',
      LastModifiedDate: '2025-03-14T09:55:00.000+0000', SystemModstamp: '2025-03-14T09:55:02.000+0000', IsDeleted: false }),
    row('801Hs00000Qa2AbIAJ', { OrderNumber: '00000103', AccountId: BRIGHTLANE, Account: account('Brightlane Retail GmbH', BRIGHTLANE), OpportunityId: null,
      Status: 'Draft', StatusCode: 'Draft', TotalAmount: 1190.0, EffectiveDate: '2025-03-12', ActivatedDate: null,
      OwnerId: '005Hs000004TqN2IAK', Owner: owner, CurrencyIsoCode: 'USD', CreatedDate: '2025-03-12T10:00:00.000+0000',
      LastModifiedDate: '2025-03-12T10:00:00.000+0000', SystemModstamp: '2025-03-12T10:00:00.000+0000', IsDeleted: false }),
  ];
}

const TIER_1 = '00GHs000003TqZzMAK';
const TIER_2 = '00GHs000003TqAbMAK';
/**
 * Case rows: fields from the Object Reference, Case
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm:
 * CaseNumber, Subject, Status, IsClosed, Priority, Origin, AccountId, OwnerId — a User or a queue, ClosedDate, IsDeleted),
 * Status and Priority from the default picklists (New/Working/Escalated/Closed, High/Medium/Low) but for one custom status
 * ("Waiting on Customer"), plus a custom text field Order_Number__c holding the ERP's sales order number, and `Type` (a standard
 * picklist: "The type of case, such as Feature Request or Question") set on the first two. Owners: two
 * queues (Groups, ids 00G…) and a user (005…). The fourth was deleted (in the recycle bin: only queryAll returns it).
 */
export function salesforceCases(): Record<string, unknown>[] {
  const row = (id: string, fields: Record<string, unknown>) => ({ attributes: { type: 'Case', url: `/services/data/v62.0/sobjects/Case/${id}` }, Id: id, ...fields });
  const account = (name: string, id: string) => ({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Name: name });
  const owner = (type: 'Group' | 'User', id: string, name: string) => ({ attributes: { type: 'Name', url: `/services/data/v62.0/sobjects/${type}/${id}` }, Name: name });
  return [
    row('500Hs00001Xy7AbIAJ', { CaseNumber: '00001026', Subject: 'POS terminals reboot after update', Status: 'Working', IsClosed: false, Priority: 'High', Origin: 'Phone',
      AccountId: BRIGHTLANE, Account: account('Brightlane Retail GmbH', BRIGHTLANE), OwnerId: TIER_2, Owner: owner('Group', TIER_2, 'Tier 2 Support'),
      Order_Number__c: 'SAL-ORD-2025-00871', Type: 'Problem', CreatedDate: '2025-03-14T08:00:00.000+0000', ClosedDate: null,
      LastModifiedDate: '2025-03-14T09:30:00.000+0000', SystemModstamp: '2025-03-14T09:30:00.000+0000', IsDeleted: false }),
    row('500Hs00001Xy7BcIAJ', { CaseNumber: '00001027', Subject: 'Invoice copy needed', Status: 'Closed', IsClosed: true, Priority: 'Low', Origin: 'Email',
      AccountId: NORTHGATE, Account: account('Northgate Logistics AG', NORTHGATE), OwnerId: '005Hs000004TqN2IAK', Owner: owner('User', '005Hs000004TqN2IAK', 'Marcus Lindqvist'),
      Order_Number__c: null, Type: 'Question', CreatedDate: '2025-03-13T15:00:00.000+0000', ClosedDate: '2025-03-14T09:50:00.000+0000',
      LastModifiedDate: '2025-03-14T09:50:00.000+0000', SystemModstamp: '2025-03-14T09:50:01.000+0000', IsDeleted: false }),
    row('500Hs00001Xy7CdIAJ', { CaseNumber: '00001028', Subject: 'Kiosk login question', Status: 'Waiting on Customer', IsClosed: false, Priority: 'Medium', Origin: 'Web',
      AccountId: null, Account: null, OwnerId: TIER_1, Owner: owner('Group', TIER_1, 'Tier 1 Support'), Order_Number__c: null,
      CreatedDate: '2025-03-14T09:40:00.000+0000', ClosedDate: null, LastModifiedDate: '2025-03-14T10:00:00.000+0000', SystemModstamp: '2025-03-14T10:00:00.000+0000', IsDeleted: false }),
    row('500Hs00001Xy7DeIAJ', { CaseNumber: '00001029', Subject: 'Duplicate of 00001026', Status: 'New', IsClosed: false, Priority: 'High', Origin: 'Phone',
      AccountId: BRIGHTLANE, Account: account('Brightlane Retail GmbH', BRIGHTLANE), OwnerId: TIER_1, Owner: owner('Group', TIER_1, 'Tier 1 Support'), Order_Number__c: null,
      CreatedDate: '2025-03-14T08:05:00.000+0000', ClosedDate: null, LastModifiedDate: '2025-03-14T08:06:00.000+0000', SystemModstamp: '2025-03-14T08:06:00.000+0000', IsDeleted: true }),
  ];
}

/**
 * CaseHistory rows of owner changes (the Object Reference, CaseHistory,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_casehistory.htm:
 * CaseId, Field, OldValue, NewValue, CreatedDate; "two rows are added … when foreign key fields change. One row contains the
 * foreign key object names … the other row contains the actual foreign key ID"). The POS case went from its creator (a user)
 * to Tier 1 at 08:20, then to Tier 2 at 09:30.
 */
export function salesforceCaseHistory(): Record<string, unknown>[] {
  const change = (at: string, from: [string, string], to: [string, string]) => [
    { CaseId: '500Hs00001Xy7AbIAJ', Field: 'Owner', OldValue: from[1], NewValue: to[1], CreatedDate: at },
    { CaseId: '500Hs00001Xy7AbIAJ', Field: 'Owner', OldValue: from[0], NewValue: to[0], CreatedDate: at },
  ];
  return [
    ...change('2025-03-14T08:20:00.000+0000', ['005Hs000004TqLmIAK', 'Dana Whitfield'], [TIER_1, 'Tier 1 Support']),
    ...change('2025-03-14T09:30:00.000+0000', [TIER_1, 'Tier 1 Support'], [TIER_2, 'Tier 2 Support']),
  ];
}

const STAGES = [
  ['Prospecting', false, false, 10], ['Qualification', false, false, 10], ['Proposal/Price Quote', false, false, 75],
  ['Negotiation/Review', false, false, 90], ['Closed Won', true, true, 100], ['Closed Lost', true, false, 0],
].map(([name, closed, won, p]) => ({ ApiName: name, MasterLabel: name, IsClosed: closed, IsWon: won, DefaultProbability: p }));

/**
 * The org's currencies: corporate EUR, every rate in units per EUR. With advanced currency management, the dated
 * USD rates: 1.20 until 2021, 1.18 in 2021, 1.08 from 2022 on.
 */
export const SALESFORCE_CURRENCIES = [
  { IsoCode: 'EUR', ConversionRate: 1, DecimalPlaces: 2, IsCorporate: true, IsActive: true },
  { IsoCode: 'USD', ConversionRate: 1.08, DecimalPlaces: 2, IsCorporate: false, IsActive: true },
];
export const SALESFORCE_DATED_RATES = [
  { IsoCode: 'EUR', ConversionRate: 1, StartDate: '0000-12-30', NextStartDate: null },
  { IsoCode: 'USD', ConversionRate: 1.2, StartDate: '0000-12-30', NextStartDate: '2021-01-01' },
  { IsoCode: 'USD', ConversionRate: 1.18, StartDate: '2021-01-01', NextStartDate: '2022-01-01' },
  { IsoCode: 'USD', ConversionRate: 1.08, StartDate: '2022-01-01', NextStartDate: null },
];

const OPPORTUNITY_FIELDS = ['Id', 'Name', 'AccountId', 'Account.Name', 'StageName', 'Amount', 'Probability', 'CloseDate', 'IsClosed', 'IsWon', 'ForecastCategoryName',
  'OwnerId', 'Owner.Name', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'ERP_Order__c', 'LeadSource', 'Product_Line__c'];
const ACCOUNT_FIELDS = ['Id', 'Name', 'AccountNumber', 'Website', 'Tax_ID__c', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'];
const CASE_FIELDS = ['Id', 'CaseNumber', 'Subject', 'Status', 'IsClosed', 'Priority', 'Origin', 'AccountId', 'Account.Name', 'OwnerId', 'Owner.Name',
  'CreatedDate', 'ClosedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'Order_Number__c', 'Type'];
const ORDER_FIELDS = ['Id', 'OrderNumber', 'AccountId', 'Account.Name', 'OpportunityId', 'Status', 'StatusCode', 'TotalAmount', 'EffectiveDate', 'ActivatedDate',
  'OwnerId', 'Owner.Name', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'];
/** The fields of each object the fake org has (a field outside them is INVALID_FIELD, an object not there INVALID_TYPE). */
function orgFields(org: { multiCurrency: boolean; datedRates: boolean; accounts: boolean; cases: boolean }): Record<string, ReadonlySet<string>> {
  const currency = org.multiCurrency ? ['CurrencyIsoCode'] : [];
  return {
    Opportunity: new Set([...OPPORTUNITY_FIELDS, ...currency]),
    ...(org.accounts ? { Account: new Set(ACCOUNT_FIELDS) } : {}),
    Order: new Set([...ORDER_FIELDS, ...currency]),
    ...(org.cases ? { Case: new Set(CASE_FIELDS), CaseHistory: new Set(['CaseId', 'Field', 'OldValue', 'NewValue', 'CreatedDate']) } : {}),
    OpportunityHistory: new Set(['OpportunityId', 'StageName', 'CreatedDate']),
    OpportunityStage: new Set(Object.keys(STAGES[0]!)),
    ...(org.multiCurrency ? { CurrencyType: new Set(Object.keys(SALESFORCE_CURRENCIES[0]!)) } : {}),
    ...(org.multiCurrency && org.datedRates ? { DatedConversionRate: new Set(Object.keys(SALESFORCE_DATED_RATES[0]!)) } : {}),
  };
}

export interface FakeSalesforce extends FakeServer {
  opportunities: Record<string, unknown>[];
  accounts: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  cases: Record<string, unknown>[];
  caseHistory: Record<string, unknown>[];
  history: Record<string, unknown>[];
  token: string;
  /** The SOQL of every query request (not the nextRecordsUrl follow-ups). */
  soql(): string[];
}

/**
 * Salesforce's REST query API over the given opportunities, accounts, orders and cases: `/query` and `/queryAll` (deleted rows only
 * in the latter; `accounts: false` is an org whose user may not see Account, `cases: false` one that may not see Case nor CaseHistory, INVALID_TYPE), the SOQL the connector sends (the demo's SOQL subset: `WHERE <field> >= <datetime>`,
 * `ORDER BY <field>, Id`, `IN (…)` on OpportunityHistory and CaseHistory), pages of `pageSize` with `nextRecordsUrl`, and
 * 401 INVALID_SESSION_ID for a wrong token.
 */
export async function startFakeSalesforce(opts: { pageSize?: number; token?: string; multiCurrency?: boolean; datedRates?: boolean; accounts?: boolean; cases?: boolean } = {}): Promise<FakeSalesforce> {
  const pageSize = opts.pageSize ?? 2;
  const fields = orgFields({ multiCurrency: opts.multiCurrency ?? true, datedRates: opts.datedRates ?? true, accounts: opts.accounts ?? true, cases: opts.cases ?? true });
  /** The objects whose deleted rows only queryAll returns. */
  const recycled: Record<string, () => Record<string, unknown>[]> = { Opportunity: () => state.opportunities, Account: () => state.accounts, Order: () => state.orders,
    Case: () => state.cases };
  const tables: Record<string, () => Record<string, unknown>[]> = {
    OpportunityHistory: () => state.history, CaseHistory: () => state.caseHistory, OpportunityStage: () => STAGES, CurrencyType: () => SALESFORCE_CURRENCIES, DatedConversionRate: () => SALESFORCE_DATED_RATES,
  };
  const locators = new Map<string, Record<string, unknown>[]>();
  let serial = 0;

  const page = (rows: Record<string, unknown>[], offset: number, locator: string): FakeReply => {
    const slice = rows.slice(offset, offset + pageSize);
    const done = offset + pageSize >= rows.length;
    return { body: { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v62.0/query/${locator}-${offset + pageSize}` }),
      records: slice.map((r) => ({ ...r, attributes: r.attributes ?? { type: 'x' } })) } };
  };

  function run(req: FakeRequest): FakeReply {
    if (req.headers.authorization !== `Bearer ${state.token}`) return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
    const follow = /\/query\/(\w+)-(\d+)$/.exec(req.path);
    if (follow) {
      const rows = locators.get(follow[1]!);
      return rows ? page(rows, Number(follow[2]), follow[1]!) : { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
    }
    const all = req.path.endsWith('/queryAll');
    const q = req.url.searchParams.get('q') ?? '';
    let rows: Record<string, unknown>[];
    try {
      const query = parseSoql(q);
      const table = !fields[query.from] ? undefined : recycled[query.from] ? recycled[query.from]!().filter((o) => all || !o.IsDeleted) : tables[query.from]?.();
      if (!table) return { status: 400, body: [{ message: `sObject type '${query.from}' is not supported.`, errorCode: 'INVALID_TYPE' }] };
      rows = runSoql(query, table, fields[query.from]!);
    } catch (err) {
      if (err instanceof SoqlError) return { status: 400, body: [{ message: err.message, errorCode: err.errorCode }] };
      throw err;
    }
    const locator = `0r8L${++serial}`;
    locators.set(locator, rows);
    return page(rows, 0, locator);
  }

  const server = await startFakeServer(run);
  // The handler reads this object, so a test changes the vendor's data (or token) between polls.
  const state = Object.assign(server, {
    opportunities: salesforceOpportunities(), accounts: salesforceAccounts(), orders: salesforceOrders(), history: salesforceHistory(),
    cases: salesforceCases(), caseHistory: salesforceCaseHistory(), token: opts.token ?? 'sf-test-token',
    soql: () => server.requests.map((r) => r.url.searchParams.get('q')).filter((q): q is string => q !== null),
  });
  return state;
}
