import { describe, expect, it } from 'vitest';
import type { Account, Order } from '../../server/model';
import { createSapb1Connector, sapb1OptionsSchema } from '../../server/sources/connectors/sapb1';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeSapb1 } from '../support/vendors/sapb1';

const ENV = { OPSWALL_TEST_B1_DB: 'SBO_ACME', OPSWALL_TEST_B1_USER: 'wall', OPSWALL_TEST_B1_PASSWORD: 'b1-pass' };
const envOptions = { company_db_env: 'OPSWALL_TEST_B1_DB', user_env: 'OPSWALL_TEST_B1_USER', password_env: 'OPSWALL_TEST_B1_PASSWORD' };
const src = useConnectorHub('sapb1', async () => {
  const fake = await startFakeSapb1();
  fake.expireAtSkip = 2; // the session times out between the first and the second page of the first run
  return { fake, env: ENV, currency: { reporting: 'EUR' }, // the company's local currency
    timezone: 'Europe/Berlin', // no company_timezone: UpdateTime is read in the hub's zone
    source: { id: 'b1', kind: 'sapb1', interval: '300ms', options: {
      url: fake.url, ...envOptions, page_size: 2, overlap_seconds: 60, status_map: { bost_Close: 'shipped' },
      links: [{ field: 'U_CrmDealId', type: 'deal', source: 'crm' }], account_fields: { external_id: 'U_CrmAccountId' },
    } } };
});

const orders = () => src.records<Order>('order');
const accounts = () => src.records<Account>('account');

describe('SAP Business One connector against a fake Service Layer', () => {
  it('logs in, pages with odata.nextLink, logs in again after a 401 mid-run and loses no order', async () => {
    const all = await waitFor('four orders', () => (orders().size === 4 ? orders() : undefined));
    expect(src.fake.logins).toBe(2);
    const orderRequests = src.fake.requests.filter((r) => r.path === '/b1s/v1/Orders').map((r) => `${r.url.searchParams.get('$skip') ?? 0}`);
    expect(orderRequests.slice(0, 3)).toEqual(['0', '2', '2']); // the 401 page is asked again with the new session
    expect(all.get('10412')).toMatchObject({ type: 'order', status: 'confirmed', amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR',
      customer: 'Brightlane Retail GmbH',
      created_at: '2025-03-13T23:00:00.000Z', updated_at: '2025-03-14T08:41:22.000Z', extra: { doc_num: 2025000871, card_code: 'C20045', sales_person_code: 6 } });
    expect(all.get('10383')).toMatchObject({ status: 'shipped', amount: 3570, updated_at: '2025-03-14T09:27:50.000Z' }); // bost_Close mapped by the config
    // In USD: DocTotalFc 2380.00 in DocCurrency, DocTotal 2189.60 in the local currency (AdminInfo LocalCurrency EUR).
    expect(all.get('10401')).toMatchObject({ status: 'cancelled', amount: 2380, currency: 'USD', base_amount: 2189.6, base_currency: 'EUR',
      updated_at: '2025-03-13T15:30:00.000Z', extra: { cancelled: true, doc_rate: 0.92 } });
    expect(src.fake.requests.filter((r) => r.path === '/b1s/v1/CompanyService_GetAdminInfo')).toHaveLength(1);
    expect(all.get('10395')).toMatchObject({ status: 'confirmed', amount: 990, updated_at: '2025-03-12T08:05:00.000Z' });
    expect(src.fake.filters[0]).toBeNull(); // the first run reads everything
  });

  it('reads the customer Business Partners as accounts after the orders; orders carry CardCode and the CRM deal UDF', async () => {
    const all = await waitFor('three accounts', () => (accounts().size === 3 ? accounts() : undefined));
    expect([...all.keys()].sort()).toEqual(['C20045', 'C20077', 'C20311']); // the supplier V70001 is no customer
    // C20045: CreateDate 2025-01-08 10:15:00 Berlin (UTC+1) = 09:15Z; UpdateDate 2025-03-14 09:12:40 = 08:12:40Z.
    expect(all.get('C20045')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678',
      external_id: '001Hs00002Ab3CdIAJ', created_at: '2025-01-08T09:15:00.000Z', updated_at: '2025-03-14T08:12:40.000Z' }));
    // C20311: created 2024-06-03 14:20 CEST (UTC+2) = 12:20Z; updated 2025-01-20 16:05:12 CET = 15:05:12Z.
    expect(all.get('C20311')).toMatchObject({ tax_id: 'DE298765432', created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.000Z' });
    expect(all.get('C20077')).toMatchObject({ name: 'Harbor Foods', extra: { frozen: true } });
    expect(all.get('C20077')).not.toHaveProperty('tax_id');
    // The first accounts run reads every customer (no `since`); pages of 2 by CardCode: C20045, C20077 | C20311.
    expect(src.fake.partnerFilters[0]).toBe("CardType eq 'cCustomer'");
    expect(src.fake.requests.filter((r) => r.path === '/b1s/v1/BusinessPartners').slice(0, 2).map((r) => r.url.searchParams.get('$skip') ?? '0')).toEqual(['0', '2']);
    const byId = orders();
    expect(byId.get('10412')).toMatchObject({ account_id: 'C20045', links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'crm' }] });
    expect(byId.get('10383')).toMatchObject({ account_id: 'C20311', links: [{ type: 'deal', id: '006Hs00001Kw2RtIAJ', source: 'crm' }] });
    expect(byId.get('10395')).not.toHaveProperty('links'); // U_CrmDealId null
    // Later runs: partners changed since the company-local date of 08:12:40Z − 60 s, 14 March in Berlin.
    await waitFor('an incremental accounts run', () => src.fake.partnerFilters.find((f) => f === "CardType eq 'cCustomer' and UpdateDate ge '2025-03-14'"));
  });

  it('polls on from the company-local date of the watermark minus the overlap, and picks up changes made between polls', async () => {
    // Watermark 2025-03-14 10:27:50 Berlin (09:27:50Z) minus 60 s is still 14 March in Berlin.
    await waitFor('an incremental run', () => src.fake.filters.find((f) => f === "UpdateDate ge '2025-03-14'"));
    Object.assign(src.fake.orders.find((o) => o.DocEntry === 10395)!, { DocumentStatus: 'bost_Close', Cancelled: 'tYES', UpdateDate: '2025-03-14', UpdateTime: '11:05:00' });
    src.fake.orders.push({ DocEntry: 10420, DocNum: 2025000879, DocType: 'dDocument_Items', DocDate: '2025-03-14', DocDueDate: '2025-03-28', CardCode: 'C20045',
      CardName: 'Brightlane Retail GmbH', DocTotal: 5200.0, DocCurrency: 'EUR', DocumentStatus: 'bost_Open', Cancelled: 'tNO', SalesPersonCode: 6,
      CreationDate: '2025-03-14', UpdateDate: '2025-03-14', UpdateTime: '11:06:00' });
    const cancelled = await waitFor('the cancelled order', () => (orders().get('10395')?.status === 'cancelled' ? orders().get('10395') : undefined));
    expect(cancelled).toMatchObject({ updated_at: '2025-03-14T10:05:00.000Z', extra: { cancelled: true } });
    expect(cancelled.history!.map((h) => h.status)).toEqual(['confirmed', 'cancelled']); // snapshot-diffed by the hub
    const added = await waitFor('the new order', () => orders().get('10420'));
    expect(added).toMatchObject({ status: 'confirmed', amount: 5200, updated_at: '2025-03-14T10:06:00.000Z' });
    expect(orders().size).toBe(5);
    expect(src.fake.logins).toBe(2); // the session is kept between polls
  });
});

describe('SAP Business One connector errors and options', () => {
  const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
  it('a refused login is an AuthError naming the variables', async () => {
    process.env.OPSWALL_TEST_B1_BAD = 'wrong';
    const connector = createSapb1Connector(sapb1OptionsSchema.parse({ url: src.fake.url, ...envOptions, password_env: 'OPSWALL_TEST_B1_BAD' }),
      { env: process.env, sourceId: 's2', timezone: 'UTC' });
    await expect(connector.poll(ctx)).rejects.toMatchObject({ name: 'AuthError', message: expect.stringMatching(/OPSWALL_TEST_B1_USER to OPSWALL_TEST_B1_DB \(-304 Fail to get DB Credentials/) });
    delete process.env.OPSWALL_TEST_B1_BAD;
  });

  it('company_timezone wins over the hub zone, the inline count gives progress, and a 429 honours Retry-After', async () => {
    const connector = createSapb1Connector(sapb1OptionsSchema.parse({ url: src.fake.url, ...envOptions, company_timezone: 'UTC', page_size: 2, count: true }),
      { env: process.env, sourceId: 's3', timezone: 'Europe/Berlin' });
    const page = await connector.poll(ctx);
    expect(page.records).toMatchObject([{ id: '10383', updated_at: '2025-03-14T10:27:50.000Z' }, { id: '10395' }]);
    expect(page).toMatchObject({ more: true, progress: { done: 2, total: 5 } });
    src.fake.queue.push({ status: 429, headers: { 'retry-after': '7' }, body: { error: { code: -1, message: { value: 'busy' } } } });
    await expect(connector.poll({ ...ctx, cursor: page.cursor })).rejects.toMatchObject({ name: 'RetryLaterError', retryAfterMs: 7000 });
    const rest = await connector.poll({ ...ctx, cursor: page.cursor });
    expect(rest.records.map((r) => (r as Order).id)).toEqual(['10401', '10412']);
  });

  it('without read access to Business Partners the orders go on without accounts, with one warning', async () => {
    src.fake.partnersStatus = 403;
    const warnings: string[] = [];
    const log = { warn: (_o: object, msg: string) => { warnings.push(msg); }, info() {}, debug() {}, error() {} } as unknown as typeof silent;
    const connector = createSapb1Connector(sapb1OptionsSchema.parse({ url: src.fake.url, ...envOptions, page_size: 10, local_currency: 'EUR' }),
      { env: process.env, sourceId: 's5', timezone: 'UTC' });
    const first = await connector.poll({ ...ctx, log });
    expect(first).toMatchObject({ more: true, cursor: { phase: 'accounts' } }); // every order on one page: the accounts are next
    const second = await connector.poll({ ...ctx, log, cursor: first.cursor });
    expect(second.records).toEqual([]);
    expect(second.more).toBeUndefined();
    expect(second.cursor).not.toHaveProperty('phase');
    expect(warnings).toEqual(['SAP B1 BusinessPartners unreadable; no accounts for the customer map']);
    delete src.fake.partnersStatus;
  });

  it('extra_fields: asked for in $select and kept in each order\'s extra; absent, nothing new is asked for', async () => {
    // A fresh Service Layer per run: the hub above polls src.fake meanwhile (its requests would interleave) and earlier tests change its orders.
    const poll = async (over: Record<string, unknown>) => {
      const b1 = await startFakeSapb1();
      try {
        const c = createSapb1Connector(sapb1OptionsSchema.parse({ url: b1.url, ...envOptions, page_size: 10, local_currency: 'EUR', accounts: false, ...over }),
          { env: process.env, sourceId: 's-extra', timezone: 'Europe/Berlin' });
        const records = (await c.poll(ctx)).records as Order[];
        const asked = b1.requests.find((r) => r.path === '/b1s/v1/Orders')!;
        return { byId: new Map(records.map((o) => [o.id, o])), select: asked.url.searchParams.get('$select')!.split(',') };
      } finally { await b1.close(); }
    };
    const kept = await poll({ extra_fields: [{ field: 'U_ProductLine', as: 'product_line' }, 'Project'] });
    expect(kept.select.slice(-2)).toEqual(['U_ProductLine', 'Project']);
    // tests/support/vendors/sapb1.ts: 10383 Fleet Tablets / NG-FLEET; 10412 POS Terminals, no project (null: left out); 10395 neither.
    expect(kept.byId.get('10383')!.extra).toMatchObject({ product_line: 'Fleet Tablets', Project: 'NG-FLEET', doc_num: 2025000842 });
    expect(kept.byId.get('10412')!.extra).toMatchObject({ product_line: 'POS Terminals' });
    expect(kept.byId.get('10412')!.extra).not.toHaveProperty('Project');
    expect(kept.byId.get('10395')!.extra).not.toHaveProperty('product_line');
    const plain = await poll({});
    expect(plain.select).not.toContain('U_ProductLine');
    expect(plain.byId.get('10383')!.extra).not.toHaveProperty('product_line');
  });

  it('without AdminInfo, a foreign-currency order keeps its own currency only; a configured local_currency needs no AdminInfo', async () => {
    src.fake.adminInfo = 403;
    const make = (over: Record<string, unknown> = {}) => createSapb1Connector(sapb1OptionsSchema.parse({ url: src.fake.url, ...envOptions, page_size: 10, ...over }),
      { env: process.env, sourceId: 's4', timezone: 'Europe/Berlin' });
    const unread = (await make().poll(ctx)).records as Order[];
    expect(unread.find((o) => o.id === '10401')).toEqual(expect.objectContaining({ amount: 2380, currency: 'USD' }));
    expect(unread.find((o) => o.id === '10401')).not.toHaveProperty('base_amount');
    // A local-currency order tells its currency itself: no foreign total, so DocCurrency is the local one.
    expect(unread.find((o) => o.id === '10412')).toMatchObject({ amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR' });
    const calls = src.fake.requests.length;
    const configured = (await make({ local_currency: 'EUR' }).poll(ctx)).records as Order[];
    expect(configured.find((o) => o.id === '10401')).toMatchObject({ base_amount: 2189.6, base_currency: 'EUR' });
    expect(src.fake.requests.slice(calls).map((r) => r.path)).toEqual(['/b1s/v1/Login', '/b1s/v1/Orders']);
    src.fake.adminInfo = { LocalCurrency: 'EUR', SystemCurrency: 'EUR' };
  });
});
