import { describe, expect, it } from 'vitest';
import type { Account, Deal, Order } from '../../server/model';
import { createOdooConnector, odooOptionsSchema, type OdooCursor } from '../../server/sources/connectors/odoo';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeOdoo } from '../support/vendors/odoo';

const KEY_ENV = 'OPSWALL_TEST_ODOO_KEY';
const src = useConnectorHub('odoo', async () => {
  const fake = await startFakeOdoo();
  fake.lacking.set('sale.order', new Set(['x_zendesk_ticket_id'])); // the link field exists on opportunities only
  return { fake, env: { [KEY_ENV]: fake.key }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' }, // the company's currency
    source: { id: 'odoo', kind: 'odoo', interval: '300ms', options: {
      url: fake.url, database: 'acme-prod', login: 'wall@acme.example', key_env: KEY_ENV, page_size: 2, overlap_seconds: 60,
      status_map: { 'sale/partial': 'shipped' }, links: [{ field: 'x_zendesk_ticket_id', type: 'ticket', source: 'zendesk' }],
    } } };
});
const byId = <T extends Deal | Order | Account>(type: T['type']) => src.records<T>(type);

describe('Odoo connector against a fake JSON-RPC server', () => {
  it('reads opportunities and sales orders over several pages, naive UTC times made UTC', async () => {
    const deals = await waitFor('three deals', () => (byId<Deal>('deal').size === 3 ? byId<Deal>('deal') : undefined));
    const orders = await waitFor('three orders', () => (byId<Order>('order').size === 3 ? byId<Order>('order') : undefined));
    expect(deals.get('311')).toMatchObject({ type: 'deal', name: 'Brightlane Retail - POS rollout 2025', stage: 'proposal', amount: 48000, currency: 'EUR',
      base_amount: 48000, base_currency: 'EUR',
      owner: 'Dana Whitfield', pipeline: 'Sales', close_date: '2025-03-31', created_at: '2025-01-20T10:14:03.000Z', updated_at: '2025-03-14T09:12:45.000Z',
      extra: { stage_name: 'Proposition', customer: 'Brightlane Retail GmbH', probability: 60 } });
    expect(deals.get('297')).toMatchObject({ stage: 'won', amount: 126500, close_date: '2025-03-14', updated_at: '2025-03-14T09:40:28.000Z' });
    expect(deals.get('305')).toMatchObject({ stage: 'lost', extra: { archived: true } }); // archived lost opportunity, read with active_test false
    expect(deals.get('305')).not.toHaveProperty('deleted'); // lost (probability 0) is an outcome that counts, not a deletion
    expect(deals.has('290')).toBe(false); // a lead, not an opportunity
    expect(orders.get('S00871')).toMatchObject({ type: 'order', status: 'confirmed', amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR',
      customer: 'Brightlane Retail GmbH, Anna Meier', // partner_id's display name: a contact of the company
      owner: 'Dana Whitfield', department: 'Sales', created_at: '2025-03-14T08:41:19.000Z', updated_at: '2025-03-14T08:41:22.000Z', extra: { odoo_id: 871, customer_ref: 'PO-BL-55120' } });
    expect(orders.get('S00842')).toMatchObject({ status: 'delivered', amount: 3570, owner: 'Marcus Lindqvist', extra: { locked: true } });
    // In USD: 1190.00 / currency_rate 1.0869 = 1094.86 in the company's EUR (res.company currency_id, read once).
    expect(orders.get('S00860')).toMatchObject({ status: 'new', amount: 1190, currency: 'USD', base_amount: 1094.86, base_currency: 'EUR', extra: { currency_rate: 1.0869 } });
    const companyReads = src.fake.requests.filter((r) => r.body.includes('"res.company"'));
    expect(companyReads).toHaveLength(1);
    expect(JSON.parse(companyReads[0]!.body).params.args.slice(3)).toEqual(['res.company', 'search_read', [[['id', 'in', [1]]]], { fields: ['currency_id'], context: { tz: 'UTC' } }]);
  });

  it('reads the companies as accounts, and each deal\'s and order\'s commercial partner and links', async () => {
    const accounts = await waitFor('three companies', () => (byId<Account>('account').size === 3 ? byId<Account>('account') : undefined));
    // tests/support/vendors/odoo.ts odooPartners(): vat → tax_id, ref → external_id; "/" is no tax id; Anna Meier is a person, not read.
    expect(accounts.get('58')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: 'C-0058',
      created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:00.000Z' }));
    expect(accounts.get('63')).toMatchObject({ name: 'Northgate Logistics AG' });
    expect(accounts.get('63')).not.toHaveProperty('tax_id');
    expect(accounts.get('70')).toMatchObject({ name: 'Harbor Kiosk Ltd', tax_id: 'GB123456789', extra: { archived: true } });
    expect(accounts.get('70')).not.toHaveProperty('deleted');
    expect(accounts.has('61')).toBe(false);
    const deals = byId<Deal>('deal');
    const orders = byId<Order>('order');
    expect(deals.get('311')).toMatchObject({ account_id: '58' });
    expect(deals.get('297')).toMatchObject({ account_id: '63', links: [{ type: 'ticket', id: '148213', source: 'zendesk' }] });
    expect(deals.get('305')).not.toHaveProperty('account_id'); // no partner
    // S00871 was placed by Anna Meier (61), whose commercial partner is Brightlane (58); it came from opportunity 311.
    expect(orders.get('S00871')).toMatchObject({ account_id: '58', customer: 'Brightlane Retail GmbH, Anna Meier', links: [{ type: 'deal', id: '311' }] });
    expect(orders.get('S00842')).toMatchObject({ account_id: '63' });
    expect(orders.get('S00842')).not.toHaveProperty('links'); // opportunity_id false
    expect((await src.health()).entities).toEqual(['deal', 'order', 'account']);
    // Companies only, archived ones too; the incremental read from the newest write_date, 2025-03-12 08:00:00 − 60 s.
    expect(src.fake.domains()).toContainEqual([['is_company', '=', true]]);
    await waitFor('incremental company domain', () => src.fake.domains().find((d) => JSON.stringify(d) === JSON.stringify([['is_company', '=', true], ['write_date', '>=', '2025-03-12 07:59:00']])));
  });

  it('polls on from each model\'s watermark minus the overlap, and picks up changes made between polls', async () => {
    await waitFor('incremental domains', () => src.fake.domains().find((d) => JSON.stringify(d) === JSON.stringify([['type', '=', 'opportunity'], ['write_date', '>=', '2025-03-14 09:39:28']])));
    // Each model polls on from its own watermark; the orders' incremental read may come a poll later.
    await waitFor('incremental order domain', () => src.fake.domains().find((d) => JSON.stringify(d) === JSON.stringify([['write_date', '>=', '2025-03-14 09:26:50']])));
    Object.assign(src.fake.leads.find((l) => l.id === 311)!, { stage_id: [4, 'Won'], won_status: 'won', probability: 100, date_closed: '2025-03-14 10:01:00', write_date: '2025-03-14 10:01:00' });
    Object.assign(src.fake.orders.find((o) => o.id === 871)!, { delivery_status: 'partial', write_date: '2025-03-14 10:02:00' });
    const deal = await waitFor('the won deal', () => (byId<Deal>('deal').get('311')?.stage === 'won' ? byId<Deal>('deal').get('311') : undefined));
    expect(deal).toMatchObject({ close_date: '2025-03-14', updated_at: '2025-03-14T10:01:00.000Z' });
    expect(deal.history!.map((h) => h.stage)).toEqual(['proposal', 'won']);
    const order = await waitFor('the shipped order', () => (byId<Order>('order').get('S00871')?.status === 'shipped' ? byId<Order>('order').get('S00871') : undefined));
    expect(order).toMatchObject({ updated_at: '2025-03-14T10:02:00.000Z' }); // "sale/partial" mapped to shipped by the config
  });

  it('an opportunity archived without being lost is a tombstone and leaves the pipeline value', async () => {
    const base = src.fake.leads.find((l) => l.id === 311)!;
    src.fake.leads.push({ ...base, id: 320, name: 'Kiosk pilot', stage_id: [3, 'Proposition'], won_status: 'pending', probability: 60, expected_revenue: 20000,
      date_closed: false, create_date: '2025-03-14 10:03:00', write_date: '2025-03-14 10:03:00' });
    await waitFor('the new opportunity counted', async () => ((await src.scalar('deals.pipeline_value')) === 20000 ? true : undefined)); // the only open one
    Object.assign(src.fake.leads.find((l) => l.id === 320)!, { active: false, write_date: '2025-03-14 10:04:00' }); // Archive, not Lost
    await waitFor('the pipeline to empty', async () => ((await src.scalar('deals.pipeline_value')) === 0 ? true : undefined));
    expect(byId<Deal>('deal').get('320')).toMatchObject({ stage: 'proposal', amount: 20000, deleted: true, updated_at: '2025-03-14T10:04:00.000Z', extra: { archived: true } });
  });
});

describe('Odoo connector transports', () => {
  const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
  it('JSON-2 (Odoo 19+) posts to /json/2/<model>/search_read with a bearer key', async () => {
    const connector = createOdooConnector(odooOptionsSchema.parse({ url: src.fake.url, database: 'acme-prod', api: 'json2', key_env: KEY_ENV, page_size: 2, orders: false }), process.env, 'o2');
    const page = await connector.poll(ctx);
    expect(page.records.map((r) => (r as Deal).id)).toEqual(['305', '297']); // 311 changed last, in the test above
    expect(page.more).toBe(true);
    expect(src.fake.requests.at(-1)!.headers['x-odoo-database']).toBe('acme-prod');
  });

  it('without access to res.company, sales orders keep their own currency only', async () => {
    src.fake.forbidden.add('res.company');
    const connector = createOdooConnector(odooOptionsSchema.parse({ url: src.fake.url, database: 'acme-prod', api: 'json2', key_env: KEY_ENV, page_size: 2, deals: false }), process.env, 'o4');
    const page = await connector.poll(ctx);
    expect(page.records[0]).toMatchObject({ id: 'S00860', amount: 1190, currency: 'USD' }); // the oldest change
    expect(page.records[0]).not.toHaveProperty('base_amount');
    src.fake.forbidden.delete('res.company');
  });

  it('without the sale_crm module (no opportunity_id on sale.order), orders are read without it, with a warning, over either API', async () => {
    src.fake.lacking.set('sale.order', new Set(['opportunity_id']));
    try {
      for (const api of ['json2', 'jsonrpc'] as const) {
        const warned: string[] = [];
        const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
        const connector = createOdooConnector(odooOptionsSchema.parse({ url: src.fake.url, database: 'acme-prod', api, uid: 17, key_env: KEY_ENV, page_size: 10,
          deals: false, accounts: false }), process.env, `o-${api}`);
        const page = await connector.poll({ ...ctx, log });
        expect(page.records.map((r) => (r as Order).id)).toEqual(['S00860', 'S00842', 'S00871']); // by write_date (S00871 changed in a test above)
        expect(page.records.find((r) => (r as Order).id === 'S00871')).toMatchObject({ account_id: '58' });
        expect(page.records.find((r) => (r as Order).id === 'S00871')).not.toHaveProperty('links');
        expect(warned).toEqual(['Odoo sale.order has no field opportunity_id; reading on without it']);
        await connector.poll({ ...ctx, log });
        expect(warned).toHaveLength(1); // not asked again
      }
    } finally { src.fake.lacking.delete('sale.order'); }
  });

  it('extra_fields: asked for on both models, kept in extra (a Many2one by name, a Many2many as ids); a model without the field goes on without it', async () => {
    // A fresh server: the hub above polls src.fake meanwhile (its requests would interleave with this connector's).
    const odoo = await startFakeOdoo();
    odoo.lacking.set('crm.lead', new Set(['x_studio_product_line'])); // a Studio field made on sale.order only
    try {
      const connector = createOdooConnector(odooOptionsSchema.parse({ url: odoo.url, database: 'acme-prod', uid: 17, key_env: KEY_ENV, page_size: 10, accounts: false,
        extra_fields: ['source_id', 'tag_ids', { field: 'x_studio_product_line', as: 'product_line' }] }), process.env, 'o-extra');
      const records: (Deal | Order)[] = [];
      let cursor: OdooCursor | undefined;
      for (let i = 0; i < 6; i++) {
        const page = await connector.poll({ ...ctx, cursor });
        records.push(...page.records as (Deal | Order)[]);
        cursor = page.cursor;
        if (!page.more) break;
      }
      const asked = odoo.requests.map((r) => JSON.parse(r.body) as { params: { args: unknown[] } })
        .map((b) => ({ model: b.params.args[3], fields: (b.params.args[6] as { fields?: string[] }).fields ?? [] }));
      expect(asked.find((a) => a.model === 'sale.order')!.fields).toEqual(expect.arrayContaining(['source_id', 'tag_ids', 'x_studio_product_line']));
      const deal = (id: string) => records.find((r) => r.type === 'deal' && r.id === id)!;
      const order = (id: string) => records.find((r) => r.type === 'order' && r.id === id)!;
      // tests/support/vendors/odoo.ts: 311 source [3, 'Partner referral'] → its name, tags [2, 5] → the ids; 297 [1, 'Website'], [5];
      // 305 no source (false: kept as Odoo sends it), no tags ([]); the deals have no product line (crm.lead lacks the field: asked again without it).
      expect(deal('311').extra).toMatchObject({ source_id: 'Partner referral', tag_ids: [2, 5] });
      expect(deal('297').extra).toMatchObject({ source_id: 'Website', tag_ids: [5] });
      expect(deal('305').extra).toMatchObject({ source_id: false, tag_ids: [] });
      expect(deal('311').extra).not.toHaveProperty('product_line');
      // The orders have none of source_id and tag_ids in the fixture (false, as the fake answers a field a row lacks); S00871 its product line.
      expect(order('S00871').extra).toMatchObject({ product_line: 'POS Terminals', odoo_id: 871 });
      expect(order('S00860').extra).toMatchObject({ product_line: false });
    } finally { await odoo.close(); }
  });

  it('without read access to res.partner, records name their partner itself as the account', async () => {
    src.fake.forbidden.add('res.partner');
    try {
      const connector = createOdooConnector(odooOptionsSchema.parse({ url: src.fake.url, database: 'acme-prod', api: 'json2', key_env: KEY_ENV, page_size: 10,
        deals: false, accounts: false }), process.env, 'o5');
      const page = await connector.poll(ctx);
      expect(page.records.find((r) => (r as Order).id === 'S00871')).toMatchObject({ account_id: '61', links: [{ type: 'deal', id: '311' }] });
    } finally { src.fake.forbidden.delete('res.partner'); }
  });

  it('an error returned with HTTP 200 (legacy RPC) is an error', async () => {
    process.env.OPSWALL_TEST_ODOO_BAD = 'wrong';
    const connector = createOdooConnector(odooOptionsSchema.parse({ url: src.fake.url, database: 'acme-prod', uid: 17, key_env: 'OPSWALL_TEST_ODOO_BAD' }), process.env, 'o3');
    await expect(connector.poll(ctx)).rejects.toThrow(/odoo\.exceptions\.AccessDenied Access Denied/);
    delete process.env.OPSWALL_TEST_ODOO_BAD;
  });
});
