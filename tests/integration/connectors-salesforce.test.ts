import { describe, expect, it } from 'vitest';
import type { Deal } from '../../server/model';
import { RetryLaterError } from '../../server/sources/scheduler';
import { createSalesforceConnector, salesforceOptionsSchema, type SalesforceCursor } from '../../server/sources/connectors/salesforce';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeSalesforce } from '../support/vendors/salesforce';

const TOKEN_ENV = 'OPSWALL_TEST_SF_TOKEN';
const src = useConnectorHub('sf', async () => {
  const fake = await startFakeSalesforce({ pageSize: 2 });
  return { fake, env: { [TOKEN_ENV]: fake.token }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' }, // the org's corporate currency
    source: { id: 'sf', kind: 'salesforce', interval: '300ms', options: { instance_url: fake.url, token_env: TOKEN_ENV, multi_currency: true, overlap_seconds: 60 } } };
});
const deals = () => src.records<Deal>('deal');

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

  it('polls on from the watermark with the overlap, and keeps the cursor in the store', async () => {
    await waitFor('an incremental query', () => src.fake.soql().find((q) => q.includes('WHERE SystemModstamp >=')));
    expect(src.fake.soql()).toContain(
      'SELECT Id, Name, Account.Name, StageName, Amount, Probability, CloseDate, IsClosed, IsWon, ForecastCategoryName, OwnerId, Owner.Name, '
      + 'CurrencyIsoCode, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted FROM Opportunity WHERE SystemModstamp >= 2025-03-14T09:39:29Z ORDER BY SystemModstamp, Id');
    expect(src.cursor<SalesforceCursor>()).toEqual({ watermark: '2025-03-14T09:40:29.000Z' });
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
