import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../server/model';
import { AuthError } from '../../server/sources/errors';
import { createSqlConnector, sqlOptionsSchema, type SqlCursor } from '../../server/sources/connectors/sql';
import { useConnectorHub } from '../support/connector-hub';
import { waitFor } from '../support/hub';
import { testPgUrl, vendorSchema } from '../support/postgres';

/**
 * The `sql` connector on a real PostgreSQL (OPSWALL_TEST_PG_URL; .ci/run starts one on 127.0.0.1). A vendor
 * schema with naive local (Asia/Shanghai) `timestamp(6)` change times, a `timestamptz`, numeric amounts,
 * bigint ids, a jsonb column and a boolean delete flag. Without a server these tests fail, saying how to get one.
 */
const URL_ENV = 'OPSWALL_TEST_SQL_PG_URL';
const log = pino({ level: 'silent' });
const ctx = (cursor?: SqlCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
const ids = (records: unknown[]) => records.map((r) => (r as { id: string }).id);

describe('sql connector on PostgreSQL', () => {
  let vendor: Awaited<ReturnType<typeof vendorSchema>>;
  const env = () => ({ timezone: 'Asia/Shanghai', env: { [URL_ENV]: testPgUrl() }, sourceId: 'pg-unit' });
  const options = (over: Record<string, unknown> = {}) => sqlOptionsSchema.parse({
    driver: 'postgres', url_env: URL_ENV, entity: 'order', watermark_column: 'updated_at', overlap_seconds: 60,
    query: `SELECT order_no, status, grand_total, currency, customer_name, placed_at, updated_at, is_deleted, meta, rev
            FROM ${vendor.name}.orders WHERE updated_at >= :watermark ORDER BY updated_at, order_no`,
    fields: { id: 'order_no', status: 'status', amount: 'grand_total', currency: 'currency', customer: 'customer_name',
      created_at: 'placed_at', updated_at: 'updated_at', deleted: 'is_deleted' },
    values: { status: { pending: 'new', paid: 'confirmed', shipped: 'shipped' } },
    ...over,
  });

  let failure: unknown; // no server: every test fails with the reason, none is skipped
  beforeEach(() => { if (failure) throw failure; });
  beforeAll(async () => {
    try { vendor = await vendorSchema('opswall_sql'); } catch (err) { failure = err; return; }
    await vendor.exec(`
      CREATE TABLE ${vendor.name}.orders (order_no bigint PRIMARY KEY, status text NOT NULL, grand_total numeric(12,2), currency text,
        customer_name text, placed_at timestamptz, updated_at timestamp(6) NOT NULL, is_deleted boolean NOT NULL DEFAULT false, meta jsonb, rev bigint);
      INSERT INTO ${vendor.name}.orders VALUES
        (1001, 'paid',    1280.00, 'CNY', '华东贸易有限公司', '2025-03-14 00:15:00+00',   '2025-03-14 09:05:00.000001', false, '{"channel": "web"}', 5),
        (1002, 'shipped',  356.50, 'CNY', 'Lin Foods',       '2025-03-14 08:40:12.5+08', '2025-03-14 09:20:30.123456', true,  NULL, 9007199254740993),
        (1003, 'pending',   99.90, 'CNY', 'Kestrel Ltd',     '2025-03-14 01:02:00+00',   '2025-03-14 09:20:30.123456', false, NULL, 9007199254740992);
      CREATE TABLE ${vendor.name}.log (n int);
      CREATE FUNCTION ${vendor.name}.sneaky() RETURNS int LANGUAGE sql AS 'INSERT INTO ${vendor.name}.log VALUES (1) RETURNING n';`);
  });
  afterAll(async () => { await vendor?.close(); });

  it('maps rows: naive times in the zone, timestamptz as the instant, numeric amounts, bigint ids, the delete flag, jsonb in extra', async () => {
    const page = await createSqlConnector(options({ page_size: 10 }), env()).poll(ctx());
    expect(page.records).toEqual([
      { type: 'order', id: '1001', status: 'confirmed', amount: 1280, currency: 'CNY', customer: '华东贸易有限公司', deleted: false,
        created_at: '2025-03-14T00:15:00.000Z', updated_at: '2025-03-14T01:05:00.000Z', extra: { meta: { channel: 'web' }, rev: 5 } },
      { type: 'order', id: '1002', status: 'shipped', amount: 356.5, currency: 'CNY', customer: 'Lin Foods', deleted: true, // 08:40:12.5+08 = 00:40:12.5Z
        created_at: '2025-03-14T00:40:12.500Z', updated_at: '2025-03-14T01:20:30.123Z', extra: { rev: '9007199254740993' } },
      { type: 'order', id: '1003', status: 'new', amount: 99.9, currency: 'CNY', customer: 'Kestrel Ltd', deleted: false,
        created_at: '2025-03-14T01:02:00.000Z', updated_at: '2025-03-14T01:20:30.123Z', extra: { rev: '9007199254740992' } }, // 2^53: no longer exact as a number
    ]);
  });

  it('maps account_id and link columns: a bigint account id exact as text, a NULL link column no link', async () => {
    const page = await createSqlConnector(options({ page_size: 10, extra: 'drop',
      query: `SELECT order_no, status, grand_total, placed_at, updated_at, rev AS customer_no, meta->>'channel' AS deal_ref
              FROM ${vendor.name}.orders WHERE updated_at >= :watermark`,
      fields: { id: 'order_no', status: 'status', amount: 'grand_total', account_id: 'customer_no', created_at: 'placed_at', updated_at: 'updated_at' },
      links: [{ field: 'deal_ref', type: 'deal', source: 'crm' }] }), env()).poll(ctx());
    expect(page.records.map((r) => { const { id, account_id, links } = r as { id: string; account_id?: string; links?: unknown }; return { id, account_id, links }; }))
      .toEqual([
        { id: '1001', account_id: '5', links: [{ type: 'deal', id: 'web', source: 'crm' }] },
        { id: '1002', account_id: '9007199254740993', links: undefined }, // 2^53 + 1: exact, as PostgreSQL's text
        { id: '1003', account_id: '9007199254740992', links: undefined },
      ]);
  });

  it('pages by (watermark, id) with the microseconds kept, so a tie across a page boundary is read once', async () => {
    const c = createSqlConnector(options({ page_size: 2 }), env());
    const one = await c.poll(ctx());
    expect([ids(one.records), one.more, one.progress]).toEqual([['1001', '1002'], true, { done: 2, total: 3 }]);
    expect(one.cursor).toEqual({ run: { from: null, after: { watermark: '2025-03-14 09:20:30.123456', id: 1002 }, done: 2, total: 3 } });
    const two = await c.poll(ctx(one.cursor));
    expect([ids(two.records), two.more, two.cursor]).toEqual([['1003'], undefined, { watermark: '2025-03-14 09:20:30.123456' }]);
    // The next sync binds the watermark less 60 s, as text PostgreSQL reads exactly: 1002 and 1003 again (a full page), then none.
    const three = await c.poll(ctx(two.cursor));
    expect([ids(three.records), three.more, three.cursor.run?.from]).toEqual([['1002', '1003'], true, '2025-03-14 09:19:30.123456']);
    const four = await c.poll(ctx(three.cursor));
    expect([ids(four.records), four.more, four.cursor]).toEqual([[], undefined, { watermark: '2025-03-14 09:20:30.123456' }]);
  });

  it('a bigint change counter as the watermark: compared as a number even past 2^53, starting below every bigint', async () => {
    const c = createSqlConnector(options({ page_size: 2, overlap_seconds: 0, watermark_column: 'rev',
      query: `SELECT order_no, status, grand_total, placed_at, updated_at, rev FROM ${vendor.name}.orders WHERE rev >= :watermark`,
      fields: { id: 'order_no', status: 'status', amount: 'grand_total', created_at: 'placed_at', updated_at: 'updated_at' } }), env());
    const one = await c.poll(ctx());
    expect([ids(one.records), one.more]).toEqual([['1001', '1003'], true]); // rev 5, 2^53
    expect(one.cursor.run?.after).toEqual({ watermark: '9007199254740992', id: 1003 });
    const two = await c.poll(ctx(one.cursor));
    expect([ids(two.records), two.cursor]).toEqual([['1002'], { watermark: '9007199254740993' }]); // 2^53 + 1
    // Rounded to a double, 2^53 + 1 would be 2^53 and 1003 would be read again.
    const three = await c.poll(ctx(two.cursor));
    expect([ids(three.records), three.cursor]).toEqual([['1002'], { watermark: '9007199254740993' }]);
  });

  it('reads in a read-only transaction: a SELECT calling a function that writes is refused and writes nothing', async () => {
    const sneaky = options({ query: `SELECT o.*, ${vendor.name}.sneaky() AS x FROM ${vendor.name}.orders o WHERE updated_at >= :watermark` });
    await expect(createSqlConnector(sneaky, env()).poll(ctx())).rejects.toThrow(/options\.query failed on PostgreSQL: cannot execute INSERT in a read-only transaction/);
    const cte = options({ query: `WITH gone AS (DELETE FROM ${vendor.name}.orders RETURNING *) SELECT * FROM gone WHERE updated_at >= :watermark` });
    await expect(createSqlConnector(cte, env()).poll(ctx())).rejects.toThrow(/options\.query failed on PostgreSQL/);
    expect(await vendor.exec(`SELECT (SELECT count(*) FROM ${vendor.name}.log)::int AS log, (SELECT count(*) FROM ${vendor.name}.orders)::int AS orders`))
      .toEqual([{ log: 0, orders: 3 }]);
  });

  it('binds the watermark as a parameter: a `since` holding SQL is a bad time stamp, not SQL', async () => {
    const injected = options({ since: "2025-03-14' OR '1'='1" });
    await expect(createSqlConnector(injected, env()).poll(ctx())).rejects.toThrow(/invalid input syntax for type timestamp/);
  });

  it('cancels a statement at statement_timeout', async () => {
    const slow = options({ statement_timeout: '300ms', query: `SELECT o.*, pg_sleep(2) AS slept FROM ${vendor.name}.orders o WHERE updated_at >= :watermark` });
    const started = Date.now();
    await expect(createSqlConnector(slow, env()).poll(ctx())).rejects.toThrow(/canceling statement due to statement timeout/);
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('an aborted poll (the scheduler\'s timeout, a pause) ends at once and cancels its statement on the server', async () => {
    const controller = new AbortController();
    const slow = options({ query: `SELECT o.*, pg_sleep(5) AS slept FROM ${vendor.name}.orders o WHERE updated_at >= :watermark` });
    const polling = createSqlConnector(slow, { ...env(), sourceId: 'pg-abort' }).poll({ ...ctx(), signal: controller.signal });
    const backends = async () => Number((await vendor.exec("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'opswall:pg-abort'"))[0]!.n);
    await waitFor('the statement running', async () => ((await backends()) === 1 ? true : undefined), 5_000, 20);
    const started = Date.now();
    controller.abort(new Error('timed out'));
    await expect(polling).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    // Three rows of pg_sleep(5) would hold the server 15 s (statement_timeout 30 s): cancelled, the backend goes at once.
    await waitFor('the backend gone', async () => ((await backends()) === 0 ? true : undefined), 3_000, 50);
  });

  it('refused credentials are an AuthError naming the variable, never the password; a missing column or variable is named', async () => {
    const wrong = new URL(testPgUrl());
    wrong.password = 'not-the-password-42';
    const refused = await createSqlConnector(options(), { ...env(), env: { [URL_ENV]: wrong.toString() } }).poll(ctx()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as Error).message).toMatch(/PostgreSQL refused the credentials in OPSWALL_TEST_SQL_PG_URL: password authentication failed/);
    expect((refused as Error).message).not.toContain('not-the-password-42');
    await expect(createSqlConnector(options({ query: `SELECT order_no, updated_at FROM ${vendor.name}.orders WHERE updated_at >= :watermark` }), env()).poll(ctx()))
      .rejects.toThrow('options.query returns no column "status", "grand_total", "currency", "customer_name", "placed_at", "is_deleted" (it returns order_no, updated_at)');
    await expect(createSqlConnector(options(), { ...env(), env: {} }).poll(ctx())).rejects.toThrow(/OPSWALL_TEST_SQL_PG_URL is not set/);
  });
});

describe('sql connector on PostgreSQL in a real hub', () => {
  const HUB_URL_ENV = 'OPSWALL_TEST_SQL_PG_HUB_URL';
  const src = useConnectorHub('sql-pg', async () => {
    const fake = await vendorSchema('opswall_hub');
    // Change times are naive Shanghai wall-clock times, as the vendor's application writes them.
    await fake.exec(`
      CREATE TABLE ${fake.name}.orders (order_no bigint PRIMARY KEY, status text NOT NULL, grand_total numeric(12,2), placed_at timestamptz NOT NULL,
        updated_at timestamp(6) NOT NULL, is_deleted boolean NOT NULL DEFAULT false);
      INSERT INTO ${fake.name}.orders VALUES
        (1, 'paid', 1280.00, now() - interval '2 hours', now() AT TIME ZONE 'Asia/Shanghai' - interval '1 hour', false),
        (2, 'shipped', 356.50, now() - interval '1 hour', now() AT TIME ZONE 'Asia/Shanghai' - interval '50 minutes', false),
        (3, 'pending', 99.90, now() - interval '30 minutes', now() AT TIME ZONE 'Asia/Shanghai' - interval '50 minutes', false);`);
    return { fake, env: { [HUB_URL_ENV]: testPgUrl() }, timezone: 'Asia/Shanghai',
      source: { id: 'erp-pg', kind: 'sql', interval: '200ms', options: {
        driver: 'postgres', url_env: HUB_URL_ENV, entity: 'order', watermark_column: 'updated_at', page_size: 2, overlap_seconds: 60,
        query: `SELECT order_no, status, grand_total, placed_at, updated_at, is_deleted FROM ${fake.name}.orders WHERE updated_at >= :watermark`,
        fields: { id: 'order_no', status: 'status', amount: 'grand_total', created_at: 'placed_at', updated_at: 'updated_at', deleted: 'is_deleted' },
        values: { status: { pending: 'new', paid: 'confirmed', shipped: 'shipped' } } } } };
  });
  const orders = () => src.records<Order>('order');

  it('stores the first sync and counts it', async () => {
    await waitFor('three orders', () => (orders().size === 3 ? true : undefined));
    expect(orders().get('2')).toMatchObject({ status: 'shipped', amount: 356.5, deleted: false });
    await waitFor('the count', async () => ((await src.scalar('orders.count', { window: '24h' })) === 3 ? true : undefined));
    expect(await src.scalar('orders.amount', { window: '24h' })).toBe(1736.4); // 1280 + 356.5 + 99.9
    expect((await src.health()).records).toBe(3);
  });

  it('picks up a status change, and a row flagged deleted leaves the counts but stays stored', async () => {
    await src.fake.exec(`UPDATE ${src.fake.name}.orders SET status = 'shipped', updated_at = now() AT TIME ZONE 'Asia/Shanghai' WHERE order_no = 1`);
    await src.fake.exec(`UPDATE ${src.fake.name}.orders SET is_deleted = true, updated_at = now() AT TIME ZONE 'Asia/Shanghai' WHERE order_no = 3`);
    await waitFor('the tombstone', () => (orders().get('3')?.deleted === true && orders().get('1')?.status === 'shipped' ? true : undefined));
    expect(orders().get('3')).toMatchObject({ status: 'new', amount: 99.9, deleted: true });
    await waitFor('the count without it', async () => ((await src.scalar('orders.count', { window: '24h' })) === 2 ? true : undefined));
    expect(await src.scalar('orders.amount', { window: '24h' })).toBe(1636.5); // 1280 + 356.5
    expect(await src.scalar('orders.count', { window: '24h', status: 'shipped' })).toBe(2);
    expect(orders().size).toBe(3);
  });
});
