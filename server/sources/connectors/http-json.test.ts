import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../errors';
import { createHttpJsonConnector, httpJsonOptionsSchema, mapRecord, nextLink, type HttpJsonCursor } from './http-json';

const env = { timezone: 'Asia/Shanghai', env: { TOKEN: 'Bearer s3cret' }, sourceId: 'x' };
const log = pino({ level: 'silent' });
const options = (over: Record<string, unknown>) => httpJsonOptionsSchema.parse({
  url: 'http://127.0.0.1/', entity: 'deal', fields: { id: 'id', stage: 'props.stage', amount: 'props.amount', created_at: 'created', updated_at: 'modified' },
  ...over,
});

describe('http-json mapping', () => {
  it('reads fields by path, maps values, converts times and amounts, keeps unmapped fields in extra', () => {
    const opts = options({ values: { stage: { closedwon: 'won' } }, defaults: { currency: 'CNY' } });
    expect(mapRecord({ id: 42, props: { stage: 'closedwon', amount: '1200.5' }, created: '2025-03-14 09:41:19', modified: 1741939200, owner_code: 'U7' }, opts, env.timezone))
      .toEqual({ type: 'deal', currency: 'CNY', id: '42', stage: 'won', amount: 1200.5, created_at: '2025-03-14T01:41:19.000Z',
        updated_at: '2025-03-14T08:00:00.000Z', extra: { owner_code: 'U7' } });
  });

  it('extra_fields: the named fields (a path under its alias) kept as scalars with extra: drop, and beside the unmapped ones with keep', () => {
    const vendor = { id: 7, props: { stage: 'open', amount: 10 }, created: '2025-03-14 09:00:00', modified: '2025-03-14 09:00:00', owner_code: 'U7',
      lead_source: 'partner', meta: { product_line: 'POS', regions: ['north', { id: 2 }, 3] } };
    const extraFields = ['lead_source', { field: 'meta.product_line', as: 'product_line' }, { field: 'meta.regions', as: 'regions' }];
    // By hand: lead_source as it is, meta.product_line under product_line, meta.regions without its object item.
    expect(mapRecord(vendor, options({ extra: 'drop', extra_fields: extraFields }), env.timezone).extra)
      .toEqual({ lead_source: 'partner', product_line: 'POS', regions: ['north', 3] });
    // keep: what no mapping, link or extra field reads (by top-level name: meta and lead_source are read) stays raw beside them: owner_code.
    expect(mapRecord(vendor, options({ extra_fields: extraFields }), env.timezone).extra)
      .toEqual({ owner_code: 'U7', lead_source: 'partner', product_line: 'POS', regions: ['north', 3] });
    expect(httpJsonOptionsSchema.safeParse({ url: 'http://127.0.0.1/', entity: 'deal', fields: { id: 'id', updated_at: 'm' }, extra_fields: ['meta.product_line'] }).success)
      .toBe(false); // a path is no plain key: it needs an "as"
  });

  it('drops unmapped fields with extra: drop, reads naive times as UTC when told, passes unreadable values on raw', () => {
    const opts = options({ extra: 'drop', naive_times: 'utc' });
    expect(mapRecord({ id: 'a', props: {}, created: '2025-03-14 09:41:19', modified: 'soon', junk: 1 }, opts, env.timezone))
      .toEqual({ type: 'deal', id: 'a', created_at: '2025-03-14T09:41:19.000Z', updated_at: 'soon' });
  });

  it('reads a deleted flag from yes/no spellings or through a value map; anything else is passed on to be rejected', () => {
    const opts = options({ fields: { id: 'id', stage: 'stage', amount: 'amount', created_at: 'at', updated_at: 'at', deleted: 'gone' },
      values: { deleted: { archived: 'true', live: 'false' } }, extra: 'drop' });
    const read = (gone: unknown) => mapRecord({ id: 'd', stage: 'lead', amount: 1, at: '2025-03-14T09:00:00Z', gone }, opts, env.timezone).deleted;
    expect([true, 1, '1', 'Y', 'yes', 't', 'archived'].map(read)).toEqual([true, true, true, true, true, true, true]);
    expect([false, 0, '0', 'N', 'no', 'f', 'live'].map(read)).toEqual([false, false, false, false, false, false, false]);
    expect(read(null)).toBeUndefined(); // absent: a live record
    expect(read('maybe')).toBe('maybe');
  });

  it('maps the vendor\'s own company-currency amount to base_amount/base_currency; the hub\'s amount_reporting is not mappable', () => {
    // An ERP exporting an order of 1190.00 USD with its books' figure, 8544.20 CNY (at 7.18 CNY per USD).
    const opts = options({ fields: { id: 'id', stage: 'stage', amount: 'total.value', currency: 'total.currency', base_amount: 'books.value',
      base_currency: 'books.currency', created_at: 'at', updated_at: 'at' }, extra: 'drop' });
    expect(mapRecord({ id: 'd1', stage: 'won', total: { value: '1190.00', currency: 'USD' }, books: { value: '8544.20', currency: 'CNY' }, at: '2025-03-14T09:00:00Z' },
      opts, env.timezone)).toMatchObject({ amount: 1190, currency: 'USD', base_amount: 8544.2, base_currency: 'CNY' });
    const refused = httpJsonOptionsSchema.safeParse({ url: 'http://h/', entity: 'order', fields: { id: 'id', updated_at: 'u', amount_reporting: 'cny_total' },
      defaults: { amount_reporting: 1 } });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'fields.amount_reporting: fields may not set "amount_reporting": the hub works it out at ingest from amount/currency or base_amount/base_currency',
      'defaults.amount_reporting: defaults may not set "amount_reporting": the hub works it out at ingest from amount/currency or base_amount/base_currency',
    ]);
  });

  it('maps account_id and links (one field per link type, with its source); ids given as numbers become text', () => {
    // An in-house order API (docs/connectors.md, http-json): the customer's number, the CRM deal and a service ticket it came from.
    const opts = options({ entity: 'order', fields: { id: 'order_no', status: 'state', amount: 'total', account_id: 'customer.no', created_at: 'at', updated_at: 'at' },
      links: [{ field: 'crm.deal_id', type: 'deal', source: 'salesforce' }, { field: 'ticket', type: 'ticket' }], values: { status: { paid: 'confirmed' } } });
    const order = { order_no: 'SO-1001', state: 'paid', total: 990, customer: { no: 42017, name: 'Harbor Foods' }, crm: { deal_id: '006Hs00001Kx7QbIAJ' },
      ticket: 31042, at: '2025-03-14T09:00:00Z' };
    expect(mapRecord(order, opts, env.timezone)).toEqual({ type: 'order', id: 'SO-1001', status: 'confirmed', amount: 990, account_id: '42017',
      created_at: '2025-03-14T09:00:00.000Z', updated_at: '2025-03-14T09:00:00.000Z',
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'salesforce' }, { type: 'ticket', id: '31042' }] });
    // Empty link fields are no links; the fields links read are no unmapped leftovers (by top-level name: nothing left for `extra`).
    expect(mapRecord({ ...order, crm: { deal_id: null }, ticket: '' }, opts, env.timezone)).not.toHaveProperty('links');
    expect(mapRecord(order, opts, env.timezone)).not.toHaveProperty('extra');
  });

  it('maps an account entity: tax id and external id as text, whatever type the vendor gave', () => {
    const opts = options({ entity: 'account', fields: { id: 'no', name: 'name', tax_id: 'uscc', external_id: 'crm_id', domain: 'web', created_at: 'at', updated_at: 'at' },
      extra: 'drop' });
    expect(mapRecord({ no: 42017, name: '海港食品有限公司', uscc: '91310000MA1K8FXR2B', crm_id: 88, web: 'harbor-foods.example', at: '2025-03-14 09:00:00' }, opts, env.timezone))
      .toEqual({ type: 'account', id: '42017', name: '海港食品有限公司', tax_id: '91310000MA1K8FXR2B', external_id: '88', domain: 'harbor-foods.example',
        created_at: '2025-03-14T01:00:00.000Z', updated_at: '2025-03-14T01:00:00.000Z' }); // naive Shanghai time (UTC+8)
  });

  it('refuses links in fields (they take the links option) and a link type that is not linkable', () => {
    const inFields = httpJsonOptionsSchema.safeParse({ url: 'http://h/', entity: 'order', fields: { id: 'id', updated_at: 'u', links: 'refs' } });
    expect(inFields.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'fields.links: fields may not set "links": name each field holding a linked record\'s id in the "links" option']);
    expect(httpJsonOptionsSchema.safeParse({ url: 'http://h/', entity: 'order', fields: { id: 'id', updated_at: 'u' }, links: [{ field: 'x', type: 'account' }] })
      .error?.issues[0]?.path).toEqual(['links', 0, 'type']);
    expect(httpJsonOptionsSchema.safeParse({ url: 'http://h/', entity: 'customer', fields: { id: 'id', updated_at: 'u' } }).success).toBe(false);
  });

  it('requires id and updated_at in fields', () => {
    expect(httpJsonOptionsSchema.safeParse({ url: 'http://h/', entity: 'order', fields: { id: 'id' } }).success).toBe(false);
  });

  it('finds rel="next" in a Link header, relative or absolute', () => {
    expect(nextLink('<https://h/t?page=2>; rel="next", <https://h/t?page=9>; rel="last"', 'https://h/t')).toBe('https://h/t?page=2');
    expect(nextLink('</t?page=3>; rel="prev next"', 'https://h/t?page=2')).toBe('https://h/t?page=3');
    expect(nextLink('<https://h/t?page=1>; rel="prev"', 'https://h/t')).toBeUndefined();
    expect(nextLink(null, 'https://h/t')).toBeUndefined();
  });
});

describe('http-json against a server', () => {
  const seen: { url: string; auth?: string }[] = [];
  let base = '';
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    if (req.url!.startsWith('/denied')) return res.writeHead(401).end('{"error":"no"}');
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? 1);
    const rec = (id: string) => ({ id, props: { stage: 'lead', amount: 1 }, created: '2025-03-14T08:00:00Z', modified: `2025-03-14T0${7 + page}:00:00Z` });
    res.writeHead(200, { 'content-type': 'application/json', ...(page < 2 ? { link: `<${base}/deals?page=${page + 1}>; rel="next"` } : {}) })
      .end(JSON.stringify([rec(`d${page}`)]));
  });
  beforeAll(async () => { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; });
  afterAll(() => { server.close(); });

  it('follows Link paging, sends the secret header from the environment, and keeps the newest updated_at as the watermark', async () => {
    const c = createHttpJsonConnector(options({ url: `${base}/deals`, paging: { type: 'link' }, headers_env: { Authorization: 'TOKEN' },
      updated_since: { param: 'since', overlap: '1m' } }), env);
    const ctx = (cursor?: HttpJsonCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
    const one = await c.poll(ctx());
    expect(one.more).toBe(true);
    expect(one.cursor.run?.next.url).toBe(`${base}/deals?page=2`);
    const two = await c.poll(ctx(one.cursor));
    expect(two.more).toBeFalsy();
    expect(two.cursor).toEqual({ since: '2025-03-14T09:00:00.000Z' });
    await c.poll(ctx(two.cursor));
    expect(seen.map((s) => s.url)).toEqual(['/deals', '/deals?page=2', '/deals?since=2025-03-14T08%3A59%3A00.000Z']);
    expect(seen.every((s) => s.auth === 'Bearer s3cret')).toBe(true);
  });

  it('turns 401 into an AuthError and a missing secret into an error naming the variable', async () => {
    const denied = createHttpJsonConnector(options({ url: `${base}/denied` }), env);
    await expect(denied.poll({ cursor: undefined, now: Date.now(), signal: new AbortController().signal, log })).rejects.toBeInstanceOf(AuthError);
    const unset = createHttpJsonConnector(options({ url: `${base}/deals`, headers_env: { Authorization: 'NOPE' } }), env);
    await expect(unset.poll({ cursor: undefined, now: Date.now(), signal: new AbortController().signal, log })).rejects.toThrow(/NOPE is not set/);
  });
});
