import { describe, expect, it } from 'vitest';
import type { Account, Deal, Order } from '../../server/model';
import { RetryLaterError } from '../../server/sources/scheduler';
import { createSalesforceConnector, salesforceOptionsSchema, type SalesforceCursor } from '../../server/sources/connectors/salesforce';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeSalesforce } from '../support/vendors/salesforce';

const TOKEN_ENV = 'OPSWALL_TEST_SF_TOKEN';
const src = useConnectorHub('sf', async () => {
  const fake = await startFakeSalesforce({ pageSize: 2 });
  return { fake, env: { [TOKEN_ENV]: fake.token }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' }, // the org's corporate currency
    source: { id: 'sf', kind: 'salesforce', interval: '300ms', options: { instance_url: fake.url, token_env: TOKEN_ENV, multi_currency: true, overlap_seconds: 60,
      orders: true, account_fields: { tax_id: 'Tax_ID__c' }, links: [{ field: 'ERP_Order__c', type: 'order', source: 'erp' }] } } };
});
const deals = () => src.records<Deal>('deal');
const accounts = () => src.records<Account>('account');
const orders = () => src.records<Order>('order');

describe('Salesforce connector against a fake REST API', () => {
  it('backfills every opportunity over several pages into canonical deals with stage history', async () => {
    const stored = await waitFor('four deals', () => (deals().size === 4 ? deals() : undefined));
    expect(stored.get('006Hs00001Kx7QbIAJ')).toMatchObject({
      type: 'deal', name: 'Brightlane Retail - POS rollout 2025', stage: 'negotiation', amount: 48000, currency: 'EUR', base_amount: 48000, base_currency: 'EUR',
      owner: 'Dana Whitfield', close_date: '2025-03-31', created_at: '2025-01-20T10:14:03.000Z', updated_at: '2025-03-14T09:12:44.000Z',
      history: [
        { stage: 'qualified', at: '2025-01-20T10:14:03.000Z' },
        { stage: 'proposal', at: '2025-02-18T15:30:51.000Z' },
        { stage: 'negotiation', at: '2025-03-14T09:12:44.000Z' },
      ],
      extra: { stage_name: 'Negotiation/Review', probability: 90, forecast_category: 'Commit', account: 'Brightlane Retail GmbH' },
    });
    // SystemModstamp (09:40:29) is later than LastModifiedDate (09:40:27): the newer one is updated_at.
    expect(stored.get('006Hs00001Kw2RtIAJ')).toMatchObject({ stage: 'won', amount: 126500, owner: 'Marcus Lindqvist',
      updated_at: '2025-03-14T09:40:29.000Z', history: [{ stage: 'won', at: '2025-03-14T09:40:27.000Z' }] });
    expect(stored.get('0064x00000Bq1bBAAR')).toMatchObject({ stage: 'won', amount: 0, updated_at: '2023-10-14T02:11:40.000Z' });
    // 9800 USD closing 2021-02-26: the dated USD rate of 2021 is 1.18 USD per EUR → 9800 / 1.18 = 8305.0847… → 8305.08 EUR.
    expect(stored.get('0064x00000Bq1aAAAR')).toMatchObject({ stage: 'lost', amount: 9800, currency: 'USD', base_amount: 8305.08, base_currency: 'EUR',
      extra: { conversion_rate: 1.18 } });
    // The rates: CurrencyType for the corporate currency, DatedConversionRate (advanced currency management) for opportunities.
    expect(src.fake.soql()).toEqual(expect.arrayContaining(['SELECT IsoCode, ConversionRate, DecimalPlaces, IsCorporate FROM CurrencyType',
      'SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate ORDER BY IsoCode, StartDate']));
    expect(src.fake.soql().filter((q) => q.includes('FROM CurrencyType'))).toHaveLength(1); // read once, not every poll
    // First run: no WHERE, every later page through nextRecordsUrl, queryAll for tombstones.
    const first = src.fake.requests.find((r) => r.url.searchParams.get('q')?.includes('FROM Opportunity '))!;
    expect(first.path).toBe('/services/data/v62.0/queryAll');
    expect(first.url.searchParams.get('q')).not.toContain('WHERE');
    expect(src.fake.requests.some((r) => /\/query\/0r8L\d+-2$/.test(r.path))).toBe(true);
  });

  it('reads the accounts (tax id, external id, domain) and the orders, each deal and order naming its account and links', async () => {
    const stored = await waitFor('three accounts and two orders', () => (accounts().size === 3 && orders().size === 2 ? accounts() : undefined));
    // tests/support/vendors/salesforce.ts salesforceAccounts(): Tax_ID__c configured as the tax id, AccountNumber the external id, Website's host.
    expect(stored.get('001Hs00002AbXyZIAU')).toMatchObject({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: 'CUST-2025-00042',
      domain: 'brightlane.de', created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:01.000Z' });
    expect(stored.get('001Hs00002AcQ4mIAE')).toMatchObject({ name: 'Northgate Logistics AG', tax_id: 'CHE-123.456.789', domain: 'northgate-logistics.ch' });
    expect(stored.get('001Hs00002AcQ4mIAE')).not.toHaveProperty('external_id'); // AccountNumber null
    expect(stored.get('001Hs00002AdZ9kIAE')).toMatchObject({ name: 'Harbor Kiosk Ltd', deleted: true }); // in the recycle bin: queryAll
    // Deals: AccountId, and the won one's ERP_Order__c as a link to the order in the source "erp".
    expect(deals().get('006Hs00001Kx7QbIAJ')).toMatchObject({ account_id: '001Hs00002AbXyZIAU' });
    expect(deals().get('006Hs00001Kx7QbIAJ')).not.toHaveProperty('links'); // ERP_Order__c empty
    expect(deals().get('006Hs00001Kw2RtIAJ')).toMatchObject({ account_id: '001Hs00002AcQ4mIAE', links: [{ type: 'order', id: 'SAL-ORD-2025-00868', source: 'erp' }] });
    expect(deals().get('0064x00000Bq1aAAAR')).not.toHaveProperty('account_id'); // the 2021 rows have no AccountId
    // Orders: Northgate's activated order links to its opportunity (OpportunityId, same source), new → confirmed at ActivatedDate.
    expect(orders().get('801Hs00000Qa1ZxIAJ')).toMatchObject({ type: 'order', status: 'confirmed', account_id: '001Hs00002AcQ4mIAE', links: [{ type: 'deal', id: '006Hs00001Kw2RtIAJ' }],
      amount: 126500, currency: 'EUR', base_amount: 126500, base_currency: 'EUR', customer: 'Northgate Logistics AG', owner: 'Marcus Lindqvist',
      history: [{ status: 'new', at: '2025-03-14T09:45:10.000Z' }, { status: 'confirmed', at: '2025-03-14T09:55:00.000Z' }] });
    // Brightlane's USD draft: 1190 USD ÷ the static CurrencyType rate 1.08 USD per EUR = 1101.851… → 1101.85 EUR.
    expect(orders().get('801Hs00000Qa2AbIAJ')).toMatchObject({ status: 'new', account_id: '001Hs00002AbXyZIAU', amount: 1190, currency: 'USD', base_amount: 1101.85 });
    expect(orders().get('801Hs00000Qa2AbIAJ')).not.toHaveProperty('links');
    expect((await src.health()).entities).toEqual(['deal', 'account', 'order']);
  });

  it('polls on from each object\'s watermark with the overlap, and keeps the cursor in the store', async () => {
    await waitFor('incremental queries', () => src.fake.soql().find((q) => q.includes('FROM Order WHERE SystemModstamp >=')));
    expect(src.fake.soql()).toContain(
      'SELECT Id, Name, AccountId, Account.Name, StageName, Amount, Probability, CloseDate, IsClosed, IsWon, ForecastCategoryName, OwnerId, Owner.Name, '
      + 'CurrencyIsoCode, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted, ERP_Order__c FROM Opportunity WHERE SystemModstamp >= 2025-03-14T09:39:29Z ORDER BY SystemModstamp, Id');
    // Accounts: the newest SystemModstamp read is the deleted one's, 2025-03-12T08:00:00; minus 60 s.
    expect(src.fake.soql()).toContain('SELECT Id, Name, AccountNumber, Website, Tax_ID__c, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted '
      + 'FROM Account WHERE SystemModstamp >= 2025-03-12T07:59:00Z ORDER BY SystemModstamp, Id');
    // Orders: the newest is 2025-03-14T09:55:02; minus 60 s.
    expect(src.fake.soql().some((q) => q.endsWith('FROM Order WHERE SystemModstamp >= 2025-03-14T09:54:02Z ORDER BY SystemModstamp, Id'))).toBe(true);
    // Between two runs (mid-run the cursor also names the object being read, `phase`).
    const between = await waitFor('a run to end', () => { const c = src.cursor<SalesforceCursor>(); return c && !c.phase ? c : undefined; });
    expect(between).toEqual({ watermark: '2025-03-14T09:40:29.000Z',
      objects: { Account: { watermark: '2025-03-12T08:00:00.000Z' }, Order: { watermark: '2025-03-14T09:55:02.000Z' } } });
  });

  it('picks up an account\'s new tax id and a new order for the other opportunity between two polls', async () => {
    Object.assign(src.fake.accounts.find((a) => a.Id === '001Hs00002AcQ4mIAE')!, { Tax_ID__c: 'CHE-987.654.321', AccountNumber: 'C20000', SystemModstamp: '2025-03-14T09:58:00.000+0000' });
    src.fake.orders.push({ ...src.fake.orders[0]!, Id: '801Hs00000Qa3CdIAJ', OrderNumber: '00000104', AccountId: '001Hs00002AbXyZIAU', OpportunityId: '006Hs00001Kx7QbIAJ',
      Status: 'Draft', StatusCode: 'Draft', ActivatedDate: null, TotalAmount: 48000, CreatedDate: '2025-03-14T09:59:00.000+0000',
      LastModifiedDate: '2025-03-14T09:59:00.000+0000', SystemModstamp: '2025-03-14T09:59:00.000+0000' });
    await waitFor('the changed account and the new order', () => (accounts().get('001Hs00002AcQ4mIAE')?.tax_id === 'CHE-987.654.321' && orders().size === 3 ? true : undefined));
    expect(accounts().get('001Hs00002AcQ4mIAE')).toMatchObject({ external_id: 'C20000', updated_at: '2025-03-14T09:58:00.000Z' });
    expect(orders().get('801Hs00000Qa3CdIAJ')).toMatchObject({ status: 'new', account_id: '001Hs00002AbXyZIAU', links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ' }] });
  });

  it('picks up a stage change, a new opportunity and a deletion made between two polls', async () => {
    const opp = src.fake.opportunities.find((o) => o.Id === '006Hs00001Kx7QbIAJ')!;
    Object.assign(opp, { StageName: 'Closed Won', IsClosed: true, IsWon: true, Probability: 100, CloseDate: '2025-03-14',
      LastModifiedDate: '2025-03-14T10:01:00.000+0000', SystemModstamp: '2025-03-14T10:01:00.000+0000' });
    src.fake.history.push({ OpportunityId: '006Hs00001Kx7QbIAJ', StageName: 'Closed Won', CreatedDate: '2025-03-14T10:01:00.000+0000' });
    Object.assign(src.fake.opportunities.find((o) => o.Id === '0064x00000Bq1aAAAR')!, { IsDeleted: true, SystemModstamp: '2025-03-14T10:02:00.000+0000' });
    src.fake.opportunities.push({ Id: '006Hs00001Lz9XyIAJ', Name: 'Acme Kiosk pilot', StageName: 'Prospecting', Amount: 5000, Probability: 10,
      CloseDate: '2025-06-30', IsClosed: false, IsWon: false, CurrencyIsoCode: 'EUR', OwnerId: '005Hs000004TqLmIAK',
      CreatedDate: '2025-03-14T10:03:00.000+0000', LastModifiedDate: '2025-03-14T10:03:00.000+0000', SystemModstamp: '2025-03-14T10:03:00.000+0000', IsDeleted: false });

    const stored = await waitFor('the changes', () => { const d = deals(); return d.size === 5 && d.get('006Hs00001Kx7QbIAJ')!.stage === 'won' && d.get('0064x00000Bq1aAAAR')!.deleted ? d : undefined; });
    expect(stored.get('006Hs00001Kx7QbIAJ')).toMatchObject({ stage: 'won', close_date: '2025-03-14', updated_at: '2025-03-14T10:01:00.000Z' });
    expect(stored.get('006Hs00001Kx7QbIAJ')!.history!.map((h) => h.stage)).toEqual(['qualified', 'proposal', 'negotiation', 'won']);
    // Deleted (queryAll's IsDeleted): a tombstone that keeps its stage, Closed Lost.
    expect(stored.get('0064x00000Bq1aAAAR')).toMatchObject({ stage: 'lost', deleted: true, updated_at: '2025-03-14T10:02:00.000Z' });
    expect(stored.get('006Hs00001Lz9XyIAJ')).toMatchObject({ stage: 'lead', amount: 5000, owner: '005Hs000004TqLmIAK', created_at: '2025-03-14T10:03:00.000Z' });
    await waitFor('the watermark to move', () => (src.cursor<SalesforceCursor>()?.watermark === '2025-03-14T10:03:00.000Z' ? true : undefined));
  });

  it('an open opportunity deleted between polls leaves the pipeline value', async () => {
    // Open now: only the Acme Kiosk pilot (lead, 5000); the others are won or lost.
    expect(await src.scalar('deals.pipeline_value')).toBe(5000);
    Object.assign(src.fake.opportunities.find((o) => o.Id === '006Hs00001Lz9XyIAJ')!, { IsDeleted: true, SystemModstamp: '2025-03-14T10:04:00.000+0000' });
    await waitFor('the pipeline to empty', async () => ((await src.scalar('deals.pipeline_value')) === 0 ? true : undefined));
    expect(deals().get('006Hs00001Lz9XyIAJ')).toMatchObject({ stage: 'lead', amount: 5000, deleted: true, updated_at: '2025-03-14T10:04:00.000Z' });
    expect(deals().size).toBe(5); // stored, not removed
  });
});

describe('Salesforce currencies', () => {
  const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
  const connector = (url: string, over: Record<string, unknown> = {}) => createSalesforceConnector(
    salesforceOptionsSchema.parse({ instance_url: url, token_env: TOKEN_ENV, stage_history: false, ...over }), process.env, 'sf-currency');

  it('auto: a single-currency org refuses CurrencyIsoCode, so every amount is in the configured org currency', async () => {
    const single = await startFakeSalesforce({ pageSize: 10, multiCurrency: false, token: src.fake.token });
    try {
      const page = await connector(single.url, { currency: 'EUR' }).poll(ctx);
      expect(single.soql()[0]).toBe('SELECT CurrencyIsoCode FROM Opportunity LIMIT 1');
      expect(single.soql()[1]).not.toContain('CurrencyIsoCode');
      expect(single.soql().some((q) => q.includes('CurrencyType'))).toBe(false);
      expect(page.records).toContainEqual(expect.objectContaining({ id: '0064x00000Bq1aAAAR', amount: 9800, currency: 'EUR', base_amount: 9800, base_currency: 'EUR' }));
    } finally { await single.close(); }
  });

  it('auto: a multi-currency org without advanced currency management converts with the CurrencyType rate', async () => {
    const plain = await startFakeSalesforce({ pageSize: 10, datedRates: false, token: src.fake.token });
    try {
      const page = await connector(plain.url).poll(ctx);
      expect(plain.soql()[1]).toContain('CurrencyIsoCode');
      // 9800 USD at the static 1.08 USD per EUR = 9074.074… → 9074.07 EUR.
      expect(page.records).toContainEqual(expect.objectContaining({ id: '0064x00000Bq1aAAAR', amount: 9800, currency: 'USD', base_amount: 9074.07, base_currency: 'EUR' }));
    } finally { await plain.close(); }
  });
});

describe('Salesforce without Account access', () => {
  it('an org that refuses Account (INVALID_TYPE) still gives its deals and orders, each with its AccountId', async () => {
    const org = await startFakeSalesforce({ pageSize: 10, accounts: false, token: src.fake.token });
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    try {
      const connector = createSalesforceConnector(salesforceOptionsSchema.parse({ instance_url: org.url, token_env: TOKEN_ENV, stage_history: false, orders: true }), process.env, 'sf-noacc');
      let cursor: SalesforceCursor | undefined;
      const records: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await connector.poll({ cursor, now: Date.now(), signal: new AbortController().signal, log });
        records.push(...page.records);
        cursor = page.cursor;
        if (!page.more) break;
      }
      // Opportunity page, the refused Account query (no records), then the Order page: the run ends there.
      expect(org.soql().filter((q) => q.includes('FROM Account'))).toHaveLength(1);
      expect(warned).toEqual(['Salesforce Account unreadable; deals and orders keep their AccountId without account records']);
      expect(records.filter((r) => (r as { type: string }).type === 'account')).toEqual([]);
      expect(records).toContainEqual(expect.objectContaining({ type: 'order', id: '801Hs00000Qa1ZxIAJ', account_id: '001Hs00002AcQ4mIAE' }));
      expect(records).toContainEqual(expect.objectContaining({ type: 'deal', id: '006Hs00001Kw2RtIAJ', account_id: '001Hs00002AcQ4mIAE' }));
      expect(cursor).not.toHaveProperty('phase');
      await connector.poll({ cursor, now: Date.now(), signal: new AbortController().signal, log });
      expect(org.soql().filter((q) => q.includes('FROM Account'))).toHaveLength(1); // not asked again
    } finally { await org.close(); }
  });
});

describe('Salesforce connector errors', () => {
  const ctx = (cursor?: SalesforceCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log: silent });
  const make = (over: Record<string, unknown> = {}) => createSalesforceConnector(
    salesforceOptionsSchema.parse({ instance_url: src.fake.url, token_env: TOKEN_ENV, ...over }), process.env, 'sf-unit');

  it('403 REQUEST_LIMIT_EXCEEDED is a RetryLaterError after the configured wait', async () => {
    src.fake.queue.push({ status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
    const err = await make({ limit_backoff_minutes: 20 }).poll(ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(20 * 60_000);
  });

  it('an expired query locator restarts the run from the watermark', async () => {
    const page = await make({ stage_history: false }).poll(ctx({ watermark: '2025-03-14T10:00:00.000Z', next: '/services/data/v62.0/query/0r8Lgone-2', done: 2, total: 9 }));
    expect(page.records.map((r) => (r as Deal).id)).toEqual(['006Hs00001Kx7QbIAJ', '0064x00000Bq1aAAAR']);
    expect(page.more).toBe(true);
  });

  it('a rejected token names the environment variable', async () => {
    process.env.OPSWALL_TEST_SF_BAD = 'nope';
    await expect(make({ token_env: 'OPSWALL_TEST_SF_BAD' }).poll(ctx())).rejects.toThrow(/OPSWALL_TEST_SF_BAD.*INVALID_SESSION_ID/);
    await expect(make({ token_env: 'OPSWALL_TEST_SF_UNSET' }).poll(ctx())).rejects.toThrow(/OPSWALL_TEST_SF_UNSET is not set/);
    delete process.env.OPSWALL_TEST_SF_BAD;
  });
});

describe('Salesforce extra_fields', () => {
  const ctx = (cursor?: SalesforceCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log: silent });
  /** The deals and the Opportunity SOQL of a run against a fresh org (the hub above polls src.fake meanwhile, and moves its stages). */
  async function dealsWith(over: Record<string, unknown>): Promise<{ deals: Map<string, Deal>; soql: string }> {
    const org = await startFakeSalesforce({ pageSize: 10, token: src.fake.token });
    try {
      const connector = createSalesforceConnector(salesforceOptionsSchema.parse({ instance_url: org.url, token_env: TOKEN_ENV, stage_history: false,
        accounts: false, multi_currency: true, ...over }), process.env, 'sf-extra');
      const deals = new Map<string, Deal>();
      let cursor: SalesforceCursor | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await connector.poll(ctx(cursor));
        for (const r of page.records as Deal[]) deals.set(r.id, r);
        cursor = page.cursor;
        if (!page.more) break;
      }
      return { deals, soql: org.soql().find((q) => q.includes('FROM Opportunity '))! };
    } finally { await org.close(); }
  }

  it('asks for the named Opportunity fields in the SOQL select list and keeps their values in extra, under an alias where given', async () => {
    const { deals, soql } = await dealsWith({ extra_fields: ['LeadSource', { field: 'Product_Line__c', as: 'product_line' }] });
    // The select list ends with the configured fields, after the standard ones (the fake org projects only what is asked for).
    expect(soql).toContain('IsDeleted, LeadSource, Product_Line__c FROM Opportunity');
    // tests/support/vendors/salesforce.ts: Brightlane's LeadSource 'Partner Referral', Product_Line__c 'POS'; Northgate's 'Web', 'Mobile'.
    expect(deals.get('006Hs00001Kx7QbIAJ')!.extra).toEqual({ LeadSource: 'Partner Referral', product_line: 'POS',
      stage_name: 'Negotiation/Review', probability: 90, forecast_category: 'Commit', account: 'Brightlane Retail GmbH' });
    expect(deals.get('006Hs00001Kw2RtIAJ')!.extra).toMatchObject({ LeadSource: 'Web', product_line: 'Mobile' });
    // The 2021 ones have both fields null: no key at all.
    expect(deals.get('0064x00000Bq1aAAAR')!.extra).not.toHaveProperty('LeadSource');
    expect(deals.get('0064x00000Bq1aAAAR')!.extra).not.toHaveProperty('product_line');
  });

  it('without the option nothing new is asked for nor kept', async () => {
    const { deals, soql } = await dealsWith({});
    expect(soql).not.toContain('LeadSource');
    expect(deals.get('006Hs00001Kx7QbIAJ')!.extra).toEqual({ stage_name: 'Negotiation/Review', probability: 90, forecast_category: 'Commit', account: 'Brightlane Retail GmbH' });
  });

  it('refuses a key the connector writes itself, and a related field without an alias', () => {
    const bad = salesforceOptionsSchema.safeParse({ instance_url: src.fake.url, extra_fields: [{ field: 'StageName', as: 'stage_name' }, 'Owner.Department'] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['extra_fields.0', expect.stringContaining('"stage_name" is a key this connector already writes in extra')],
      ['extra_fields.1', expect.stringContaining('"Owner.Department" is not a plain key')],
    ]);
  });
});
