import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Deal } from '../../server/model';
import { RetryLaterError } from '../../server/sources/scheduler';
import { createSalesforceConnector, salesforceOptionsSchema, type SalesforceCursor } from '../../server/sources/connectors/salesforce';
import { createStore, type Store } from '../../server/store';
import { silent, startTestHub, waitFor } from '../support/hub';
import { startFakeSalesforce, type FakeSalesforce } from '../support/vendors/salesforce';

const TOKEN_ENV = 'OPSWALL_TEST_SF_TOKEN';
let fake: FakeSalesforce;
let hub: Hub;
let dir: string;
let store: Store;

beforeAll(async () => {
  fake = await startFakeSalesforce({ pageSize: 2 });
  process.env[TOKEN_ENV] = fake.token;
  dir = mkdtempSync(join(tmpdir(), 'opswall-sf-'));
  hub = await startTestHub({ dbPath: join(dir, 'hub.db'), config: {
    timezone: 'Europe/Berlin',
    sources: [{ id: 'sf', kind: 'salesforce', interval: '300ms',
      options: { instance_url: fake.url, token_env: TOKEN_ENV, multi_currency: true, overlap_seconds: 60 } }],
  } });
  store = createStore(join(dir, 'hub.db')); // a second reader of the hub's file
});
afterAll(async () => {
  store?.close();
  await hub?.close();
  await fake?.close();
  delete process.env[TOKEN_ENV];
  rmSync(dir, { recursive: true, force: true });
});

const deals = () => new Map([...store.iterateRecords('deal')].map((d) => [d.id, d as Deal]));

describe('Salesforce connector against a fake REST API', () => {
  it('backfills every opportunity over several pages into canonical deals with stage history', async () => {
    const stored = await waitFor('four deals', () => (deals().size === 4 ? deals() : undefined));
    expect(stored.get('006Hs00001Kx7QbIAJ')).toMatchObject({
      type: 'deal', name: 'Brightlane Retail - POS rollout 2025', stage: 'negotiation', amount: 48000, currency: 'EUR',
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
    expect(stored.get('0064x00000Bq1aAAAR')).toMatchObject({ stage: 'lost', amount: 9800 });
    // First run: no WHERE, every later page through nextRecordsUrl, queryAll for tombstones.
    const first = fake.requests.find((r) => r.url.searchParams.get('q')?.includes('FROM Opportunity '))!;
    expect(first.path).toBe('/services/data/v62.0/queryAll');
    expect(first.url.searchParams.get('q')).not.toContain('WHERE');
    expect(fake.requests.some((r) => /\/query\/0r8L\d+-2$/.test(r.path))).toBe(true);
  });

  it('polls on from the watermark with the overlap, and keeps the cursor in the store', async () => {
    await waitFor('an incremental query', () => fake.soql().find((q) => q.includes('WHERE SystemModstamp >=')));
    expect(fake.soql()).toContain(
      'SELECT Id, Name, Account.Name, StageName, Amount, Probability, CloseDate, IsClosed, IsWon, ForecastCategoryName, OwnerId, Owner.Name, '
      + 'CurrencyIsoCode, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted FROM Opportunity WHERE SystemModstamp >= 2025-03-14T09:39:29Z ORDER BY SystemModstamp, Id');
    expect(store.getCursor<SalesforceCursor>('sf')).toEqual({ watermark: '2025-03-14T09:40:29.000Z' });
  });

  it('picks up a stage change, a new opportunity and a deletion made between two polls', async () => {
    const opp = fake.opportunities.find((o) => o.Id === '006Hs00001Kx7QbIAJ')!;
    Object.assign(opp, { StageName: 'Closed Won', IsClosed: true, IsWon: true, Probability: 100, CloseDate: '2025-03-14',
      LastModifiedDate: '2025-03-14T10:01:00.000+0000', SystemModstamp: '2025-03-14T10:01:00.000+0000' });
    fake.history.push({ OpportunityId: '006Hs00001Kx7QbIAJ', StageName: 'Closed Won', CreatedDate: '2025-03-14T10:01:00.000+0000' });
    Object.assign(fake.opportunities.find((o) => o.Id === '0064x00000Bq1aAAAR')!, { IsDeleted: true, SystemModstamp: '2025-03-14T10:02:00.000+0000' });
    fake.opportunities.push({ Id: '006Hs00001Lz9XyIAJ', Name: 'Acme Kiosk pilot', StageName: 'Prospecting', Amount: 5000, Probability: 10,
      CloseDate: '2025-06-30', IsClosed: false, IsWon: false, CurrencyIsoCode: 'EUR', OwnerId: '005Hs000004TqLmIAK',
      CreatedDate: '2025-03-14T10:03:00.000+0000', LastModifiedDate: '2025-03-14T10:03:00.000+0000', SystemModstamp: '2025-03-14T10:03:00.000+0000', IsDeleted: false });

    const stored = await waitFor('the changes', () => { const d = deals(); return d.size === 5 && d.get('006Hs00001Kx7QbIAJ')!.stage === 'won' && d.get('0064x00000Bq1aAAAR')!.extra?.deleted ? d : undefined; });
    expect(stored.get('006Hs00001Kx7QbIAJ')).toMatchObject({ stage: 'won', close_date: '2025-03-14', updated_at: '2025-03-14T10:01:00.000Z' });
    expect(stored.get('006Hs00001Kx7QbIAJ')!.history!.map((h) => h.stage)).toEqual(['qualified', 'proposal', 'negotiation', 'won']);
    expect(stored.get('0064x00000Bq1aAAAR')).toMatchObject({ stage: 'lost', updated_at: '2025-03-14T10:02:00.000Z', extra: { deleted: true } });
    expect(stored.get('006Hs00001Lz9XyIAJ')).toMatchObject({ stage: 'lead', amount: 5000, owner: '005Hs000004TqLmIAK', created_at: '2025-03-14T10:03:00.000Z' });
    await waitFor('the watermark to move', () => (store.getCursor<SalesforceCursor>('sf')?.watermark === '2025-03-14T10:03:00.000Z' ? true : undefined));
  });
});

describe('Salesforce connector errors', () => {
  const ctx = (cursor?: SalesforceCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log: silent });
  const make = (over: Record<string, unknown> = {}) => createSalesforceConnector(
    salesforceOptionsSchema.parse({ instance_url: fake.url, token_env: TOKEN_ENV, ...over }), process.env, 'sf-unit');

  it('403 REQUEST_LIMIT_EXCEEDED is a RetryLaterError after the configured wait', async () => {
    fake.queue.push({ status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
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
