import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Account, Order } from '../../server/model';
import { createErpnextConnector, erpnextOptionsSchema } from '../../server/sources/connectors/erpnext';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeErpnext } from '../support/vendors/erpnext';

const KEY_ENV = 'OPSWALL_TEST_ERPNEXT_KEY';
const SECRET_ENV = 'OPSWALL_TEST_ERPNEXT_SECRET';
const src = useConnectorHub('erpnext', async () => {
  const fake = await startFakeErpnext();
  return { fake, env: { [KEY_ENV]: 'k3y', [SECRET_ENV]: 's3cret' },
    timezone: 'Europe/Berlin', // no site_timezone: the site's naive times are read in the hub's zone
    currency: { reporting: 'EUR' }, // the company's books: its base amounts are the reporting amounts
    source: { id: 'erp', kind: 'erpnext', interval: '300ms', options: {
      url: fake.url, key_env: KEY_ENV, secret_env: SECRET_ENV, page_size: 2, overlap_seconds: 60,
      status_map: { 'To Deliver and Bill/Partly Delivered': 'shipped' },
      links: [{ field: 'custom_crm_deal_id', type: 'deal', source: 'crm' }], account_fields: { external_id: 'custom_crm_account_id' },
    } } };
});

const orders = () => src.records<Order>('order');
const orderCalls = () => src.fake.calls.filter((c) => c.doctype === 'Sales Order');
const accounts = () => src.records<Account>('account');
const customerCalls = () => src.fake.calls.filter((c) => c.doctype === 'Customer');

describe('ERPNext connector against a fake Frappe site', () => {
  it('reads Sales Orders over several pages, Berlin wall-clock times made UTC, history from Version', async () => {
    const all = await waitFor('four orders', () => (orders().size === 4 ? orders() : undefined));
    expect(all.get('SAL-ORD-2025-00871')).toMatchObject({ type: 'order', status: 'confirmed', amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR',
      customer: 'Brightlane Retail GmbH',
      owner: 'dana.whitfield@acme.example', created_at: '2025-03-14T08:41:19.482Z', updated_at: '2025-03-14T08:41:22.910Z',
      extra: { erpnext_status: 'To Deliver and Bill', docstatus: 1, company: 'Acme Devices GmbH', delivery_date: '2025-03-21' } });
    expect(all.get('SAL-ORD-2025-00842')).toMatchObject({ status: 'delivered', amount: 3570, created_at: '2025-03-03T10:04:12.007Z', updated_at: '2025-03-14T09:27:50.334Z',
      history: [{ status: 'confirmed', at: '2025-03-03T10:04:12.007Z' }, { status: 'delivered', at: '2025-03-10T16:02:41.552Z' }] });
    // Sold in USD: grand_total 2380.00 USD; base_grand_total 2189.60 in the company's EUR (Company default_currency), 2380 × 0.92.
    expect(all.get('SAL-ORD-2025-00861')).toMatchObject({ status: 'cancelled', amount: 2380, currency: 'USD', base_amount: 2189.6, base_currency: 'EUR',
      updated_at: '2025-03-13T15:30:00.000Z', extra: { docstatus: 2, conversion_rate: 0.92 } });
    // The company's currency is read once, for the company the first page names.
    expect(src.fake.calls.filter((c) => c.doctype === 'Company')).toEqual([
      { doctype: 'Company', filters: [['name', 'in', ['Acme Devices GmbH']]], start: 0, limit: 1, orderBy: 'name asc' }]);
    expect(all.get('SAL-ORD-2025-00861')).not.toHaveProperty('deleted'); // cancelled (docstatus 2) is an outcome that counts
    expect(all.get('SAL-ORD-2025-00855')).toMatchObject({ status: 'new', amount: 990, created_at: '2025-03-12T08:00:00.000Z' });
    // Keyset pages of 2: from the start, then at or after the last row read skipping the rows already read with that `modified`.
    // The third (empty) page may still be on its way when the fourth order is stored.
    await waitFor('the closing page', () => (orderCalls().length >= 3 ? true : undefined));
    expect(orderCalls().slice(0, 3)).toEqual([
      { doctype: 'Sales Order', filters: [], start: 0, limit: 2, orderBy: 'modified asc, name asc' },
      { doctype: 'Sales Order', filters: [['modified', '>=', '2025-03-13 16:30:00.000000']], start: 1, limit: 2, orderBy: 'modified asc, name asc' },
      { doctype: 'Sales Order', filters: [['modified', '>=', '2025-03-14 10:27:50.334201']], start: 1, limit: 2, orderBy: 'modified asc, name asc' },
    ]);
    expect(src.fake.calls).toContainEqual(expect.objectContaining({ doctype: 'Version',
      filters: [['ref_doctype', '=', 'Sales Order'], ['docname', 'in', ['SAL-ORD-2025-00871', 'SAL-ORD-2025-00842']]] }));
  });

  it('reads every Customer as an account on the first run; orders carry the Customer as account_id and the CRM deal as a link', async () => {
    const all = await waitFor('three accounts', () => (accounts().size === 3 ? accounts() : undefined));
    // Brightlane: creation 2025-01-08 10:15 CET = 09:15Z, modified 2025-03-14 09:12:40.118 CET = 08:12:40.118Z.
    expect(all.get('CUST-2025-00042')).toMatchObject({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: '001Hs00002Ab3CdIAJ',
      created_at: '2025-01-08T09:15:00.000Z', updated_at: '2025-03-14T08:12:40.118Z', extra: { customer_type: 'Company', territory: 'Germany' } });
    // Northgate: creation 2024-06-03 14:20 CEST (UTC+2) = 12:20Z; modified 2025-01-20 16:05:12 CET = 15:05:12Z.
    expect(all.get('CUST-2024-00017')).toMatchObject({ name: 'Northgate Logistics AG', tax_id: 'DE298765432', external_id: '001Hs00002Zq9XyIAJ',
      created_at: '2024-06-03T12:20:00.000Z', updated_at: '2025-01-20T15:05:12.000Z' });
    const harbor = all.get('CUST-2025-00051')!;
    expect(harbor).toMatchObject({ name: 'Harbor Foods', extra: { disabled: true } });
    expect(harbor).not.toHaveProperty('tax_id'); // tax_id null and no CRM account: neither key
    expect(harbor).not.toHaveProperty('external_id');
    // No `since` for accounts: the first page has no filter; pages of 2 in `modified` order (Northgate, Harbor | Brightlane).
    expect(customerCalls().slice(0, 2)).toEqual([
      { doctype: 'Customer', filters: [], start: 0, limit: 2, orderBy: 'modified asc, name asc' },
      { doctype: 'Customer', filters: [['modified', '>=', '2025-02-27 08:30:00.000000']], start: 1, limit: 2, orderBy: 'modified asc, name asc' },
    ]);
    const byName = await waitFor('the orders', () => (orders().size >= 4 ? orders() : undefined));
    expect(byName.get('SAL-ORD-2025-00871')).toMatchObject({ account_id: 'CUST-2025-00042', customer: 'Brightlane Retail GmbH',
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'crm' }] });
    expect(byName.get('SAL-ORD-2025-00842')).toMatchObject({ account_id: 'CUST-2024-00017', links: [{ type: 'deal', id: '006Hs00001Kw2RtIAJ', source: 'crm' }] });
    expect(byName.get('SAL-ORD-2025-00861')).toMatchObject({ account_id: 'CUST-2024-00017' });
    expect(byName.get('SAL-ORD-2025-00861')).not.toHaveProperty('links'); // custom_crm_deal_id "": no deal behind it
    expect(byName.get('SAL-ORD-2025-00855')).not.toHaveProperty('links'); // null
    // The next runs read Customers changed since the watermark less the overlap: 08:12:40.118Z − 60 s = 09:11:40 Berlin.
    await waitFor('an incremental Customer run', () => customerCalls().find((c) => JSON.stringify(c.filters) === JSON.stringify([['modified', '>=', '2025-03-14 09:11:40']])));
  });

  it('polls on from the watermark minus the overlap in site time, picks up changes and deletions made between polls', async () => {
    // Watermark 2025-03-14 10:27:50.334201 Berlin = 09:27:50.334Z; minus 60 s = 10:26:50 Berlin.
    await waitFor('an incremental run', () => orderCalls().find((c) => JSON.stringify(c.filters) === JSON.stringify([['modified', '>=', '2025-03-14 10:26:50']])));
    Object.assign(src.fake.orders.find((o) => o.name === 'SAL-ORD-2025-00871')!, { per_delivered: 40.0, delivery_status: 'Partly Delivered', modified: '2025-03-14 11:02:00.000000' });
    src.fake.remove('SAL-ORD-2025-00855', '2025-03-14 11:05:00.000000');
    const shipped = await waitFor('the shipped order', () => (orders().get('SAL-ORD-2025-00871')?.status === 'shipped' ? orders().get('SAL-ORD-2025-00871') : undefined));
    expect(shipped).toMatchObject({ updated_at: '2025-03-14T10:02:00.000Z', extra: { per_delivered: 40, delivery_status: 'Partly Delivered' } });
    expect(shipped.history!.map((h) => h.status)).toEqual(['confirmed', 'shipped']); // no Version row: derived by the hub
    const gone = await waitFor('the tombstone', () => (orders().get('SAL-ORD-2025-00855')?.deleted ? orders().get('SAL-ORD-2025-00855') : undefined));
    // A deleted draft: still new, flagged deleted, at the deletion time.
    expect(gone).toMatchObject({ status: 'new', deleted: true, amount: 990, customer: 'Harbor Foods', created_at: '2025-03-12T08:00:00.000Z', updated_at: '2025-03-14T10:05:00.000Z',
      extra: { deleted_at: '2025-03-14T10:05:00.000Z' } });
    // The Deleted Document stream keeps its own watermark: 11:05 Berlin minus 60 s.
    await waitFor('the deleted-documents run', () => src.fake.calls.find((c) => c.doctype === 'Deleted Document'
      && JSON.stringify(c.filters) === JSON.stringify([['deleted_doctype', '=', 'Sales Order'], ['creation', '>=', '2025-03-14 11:04:00']])));
    expect(orders().size).toBe(4);
  });

  it('today: a cancelled order still counts, a deleted one stops counting', async () => {
    const now = DateTime.now().setZone('Europe/Berlin');
    const naive = (dt: DateTime) => dt.toFormat('yyyy-MM-dd HH:mm:ss.SSS000'); // the site's naive Berlin time
    const template = src.fake.orders.find((o) => o.name === 'SAL-ORD-2025-00871')!;
    src.fake.orders.push(
      { ...template, name: 'SAL-ORD-TODAY-1', status: 'Cancelled', docstatus: 2, grand_total: 100, base_grand_total: 100, creation: naive(now.minus({ minutes: 10 })), modified: naive(now.minus({ minutes: 5 })) },
      { ...template, name: 'SAL-ORD-TODAY-2', status: 'Draft', docstatus: 0, grand_total: 40, base_grand_total: 40, creation: naive(now.minus({ minutes: 9 })), modified: naive(now.minus({ minutes: 4 })) });
    await waitFor('both counted', async () => ((await src.scalar('orders.count', { window: '24h' })) === 2 ? true : undefined));
    expect(await src.scalar('orders.count', { window: '24h', status: 'cancelled' })).toBe(1);
    expect(await src.scalar('orders.amount', { window: '24h' })).toBe(140);
    src.fake.remove('SAL-ORD-TODAY-2', naive(now.minus({ minutes: 1 })));
    await waitFor('the deleted draft to leave the count', async () => ((await src.scalar('orders.count', { window: '24h' })) === 1 ? true : undefined));
    expect(await src.scalar('orders.amount', { window: '24h' })).toBe(100); // the cancelled order's amount stays, as orders.amount says
    expect(orders().get('SAL-ORD-TODAY-2')).toMatchObject({ status: 'new', deleted: true });
  });
});

describe('ERPNext connector errors and options', () => {
  const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
  it('a wrong key/secret is an AuthError naming the variables', async () => {
    process.env.OPSWALL_TEST_ERPNEXT_BAD = 'wrong';
    const connector = createErpnextConnector(erpnextOptionsSchema.parse({ url: src.fake.url, key_env: KEY_ENV, secret_env: 'OPSWALL_TEST_ERPNEXT_BAD' }),
      { env: process.env, sourceId: 'e2', timezone: 'UTC' });
    await expect(connector.poll(ctx)).rejects.toMatchObject({ name: 'AuthError', message: expect.stringMatching(/OPSWALL_TEST_ERPNEXT_KEY\/OPSWALL_TEST_ERPNEXT_BAD \(AuthenticationError\)/) });
    delete process.env.OPSWALL_TEST_ERPNEXT_BAD;
  });

  it('without read permission on Company the orders keep their own currency only; a configured company_currency needs no Company', async () => {
    src.fake.forbidden.add('Company');
    const warnings: string[] = [];
    const log = { warn: (_o: object, msg: string) => { warnings.push(msg); }, info() {}, debug() {}, error() {} } as unknown as typeof silent;
    const forbidden = createErpnextConnector(erpnextOptionsSchema.parse({ url: src.fake.url, key_env: KEY_ENV, secret_env: SECRET_ENV, history: false, page_size: 1 }),
      { env: process.env, sourceId: 'e4', timezone: 'UTC' });
    const page = await forbidden.poll({ ...ctx, log });
    expect(page.records).toMatchObject([{ id: 'SAL-ORD-2025-00861', amount: 2380, currency: 'USD' }]);
    expect(page.records[0]).not.toHaveProperty('base_amount');
    expect(warnings).toEqual(['ERPNext Company unreadable; orders keep their own currency only (set company_currency)']);
    const calls = src.fake.calls.length;
    const configured = createErpnextConnector(erpnextOptionsSchema.parse({ url: src.fake.url, key_env: KEY_ENV, secret_env: SECRET_ENV, history: false, page_size: 1,
      company_currency: 'EUR' }), { env: process.env, sourceId: 'e5', timezone: 'UTC' });
    expect((await configured.poll(ctx)).records).toMatchObject([{ id: 'SAL-ORD-2025-00861', base_amount: 2189.6, base_currency: 'EUR' }]);
    expect(src.fake.calls.slice(calls).map((c) => c.doctype)).toEqual(['Sales Order']);
    src.fake.forbidden.delete('Company');
  });

  it('extra_fields: asked for in the list\'s fields and kept in each order\'s extra; absent, nothing new is asked for', async () => {
    // A fresh site per run: the hub above polls src.fake meanwhile (its requests would interleave) and earlier tests change its orders.
    const poll = async (over: Record<string, unknown>) => {
      const site = await startFakeErpnext();
      try {
        const c = createErpnextConnector(erpnextOptionsSchema.parse({ url: site.url, key_env: KEY_ENV, secret_env: SECRET_ENV, history: false, deleted: false,
          accounts: false, page_size: 10, ...over }), { env: process.env, sourceId: 'e-extra', timezone: 'UTC' });
        const records = (await c.poll(ctx)).records as Order[];
        const asked = site.requests.find((r) => decodeURIComponent(r.path) === '/api/resource/Sales Order')!;
        return { byId: new Map(records.map((o) => [o.id, o])), fields: JSON.parse(asked.url.searchParams.get('fields')!) as string[] };
      } finally { await site.close(); }
    };
    const kept = await poll({ extra_fields: ['territory', { field: 'custom_product_line', as: 'product_line' }] });
    expect(kept.fields.slice(-2)).toEqual(['territory', 'custom_product_line']);
    // tests/support/vendors/erpnext.ts: 00871 Germany / POS Terminals; 00842 Switzerland / Fleet Tablets; 00861 Germany, no product line (null: left out).
    expect(kept.byId.get('SAL-ORD-2025-00871')!.extra).toMatchObject({ territory: 'Germany', product_line: 'POS Terminals', erpnext_status: 'To Deliver and Bill' });
    expect(kept.byId.get('SAL-ORD-2025-00842')!.extra).toMatchObject({ territory: 'Switzerland', product_line: 'Fleet Tablets' });
    expect(kept.byId.get('SAL-ORD-2025-00861')!.extra).toMatchObject({ territory: 'Germany' });
    expect(kept.byId.get('SAL-ORD-2025-00861')!.extra).not.toHaveProperty('product_line');
    const plain = await poll({});
    expect(plain.fields).not.toContain('territory');
    expect(plain.fields).not.toContain('custom_product_line');
    expect(plain.byId.get('SAL-ORD-2025-00871')!.extra).not.toHaveProperty('territory');
  });

  it('without read permission on Customer the orders go on without accounts, with one warning', async () => {
    src.fake.forbidden.add('Customer');
    const warnings: string[] = [];
    const log = { warn: (_o: object, msg: string) => { warnings.push(msg); }, info() {}, debug() {}, error() {} } as unknown as typeof silent;
    const connector = createErpnextConnector(erpnextOptionsSchema.parse({ url: src.fake.url, key_env: KEY_ENV, secret_env: SECRET_ENV, history: false, deleted: false,
      company_currency: 'EUR' }), { env: process.env, sourceId: 'e6', timezone: 'UTC' });
    expect(connector.entities).toEqual(['order', 'account']);
    const first = await connector.poll({ ...ctx, log }); // every order on one page: the accounts phase is next
    expect(first.records.length).toBeGreaterThan(0);
    expect(first.more).toBe(true);
    const second = await connector.poll({ ...ctx, log, cursor: first.cursor });
    expect(second).toMatchObject({ records: [], more: false, cursor: { phase: 0 } });
    expect(warnings).toEqual(['ERPNext Customer unreadable; no accounts for the customer map']);
    src.fake.forbidden.delete('Customer');
  });

  it('site_timezone wins over the hub zone, and a 429 becomes a retry-later honouring Retry-After', async () => {
    const connector = createErpnextConnector(erpnextOptionsSchema.parse({ url: src.fake.url, key_env: KEY_ENV, secret_env: SECRET_ENV, site_timezone: 'UTC', history: false, page_size: 1 }),
      { env: process.env, sourceId: 'e3', timezone: 'Europe/Berlin' });
    const page = await connector.poll(ctx);
    expect(page.records).toMatchObject([{ id: 'SAL-ORD-2025-00861', updated_at: '2025-03-13T16:30:00.000Z' }]);
    expect(page.more).toBe(true);
    src.fake.queue.push({ status: 429, headers: { 'retry-after': '1742' }, raw: 'Too Many Requests' });
    await expect(connector.poll({ ...ctx, cursor: page.cursor })).rejects.toMatchObject({ name: 'RetryLaterError', retryAfterMs: 1_742_000 });
  });
});
