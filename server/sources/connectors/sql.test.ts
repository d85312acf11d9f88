import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config';
import { createSqlConnector, minusOverlap, sqlOptionsSchema, type SqlCursor } from './sql';
import { numberedWatermark } from './sql-query';

const dir = mkdtempSync(join(tmpdir(), 'opswall-sql-unit-'));
const path = join(dir, 'erp.db');
const env = { timezone: 'Asia/Shanghai' };
const log = pino({ level: 'silent' });
const QUERY = 'SELECT id, state, total, customer, created, modified, note FROM orders WHERE modified >= :watermark ORDER BY modified, id';
const options = (over: Record<string, unknown> = {}) => sqlOptionsSchema.parse({
  driver: 'sqlite', path, query: QUERY, watermark_column: 'modified', entity: 'order',
  fields: { id: 'id', status: 'state', amount: 'total', customer: 'customer', created_at: 'created', updated_at: 'modified' },
  values: { status: { draft: 'new', sale: 'confirmed', done: 'delivered', cancel: 'cancelled' } },
  defaults: { currency: 'CNY' },
  ...over,
});
const ctx = (cursor?: SqlCursor) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
const ids = (records: unknown[]) => records.map((r) => (r as { id: string }).id);

beforeAll(() => {
  const db = new Database(path);
  db.exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, state TEXT, total REAL, customer TEXT, created TEXT, modified TEXT, note TEXT);
    INSERT INTO orders VALUES
      (101, 'draft',  100.5, 'Acme',  '2025-03-14 09:00:00', '2025-03-14 09:00:00', 'call first'),
      (102, 'sale',   200,   'Bolt',  '2025-03-14 09:10:00', '2025-03-14 09:30:00', NULL),
      (103, 'sale',   300,   'Crane', '2025-03-14 09:20:00', '2025-03-14 09:30:00', NULL),
      (104, 'done',   400,   'Dune',  '2025-03-14 09:25:00', '2025-03-14 09:40:00', NULL),
      (105, 'cancel', 50,    'Echo',  '2025-03-14 09:26:00', '2025-03-14 09:45:00', NULL);
    CREATE TABLE customers (code TEXT PRIMARY KEY, name TEXT, uscc TEXT, crm_id INTEGER, created TEXT, modified TEXT);
    INSERT INTO customers VALUES ('C-7', '海港食品有限公司', '91310000MA1K8FXR2B', 4471, '2025-01-02 08:00:00', '2025-03-14 09:00:00');
    CREATE TABLE order_refs (order_id INTEGER, deal TEXT, customer_code TEXT);
    INSERT INTO order_refs VALUES (101, 'D-55', 'C-7'), (102, NULL, 'C-7');`);
  db.close();
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('sql options', () => {
  const problems = (over: Record<string, unknown>) => {
    const input = { driver: 'sqlite', path, query: QUERY, watermark_column: 'modified', entity: 'order', fields: { id: 'id', updated_at: 'modified' }, ...over };
    const r = sqlOptionsSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))); // `undefined`: leave the option out
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a SELECT or WITH … SELECT using :watermark, with a trailing semicolon and comments', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ query: `-- changed orders\nWITH o AS (SELECT * FROM orders) SELECT * FROM o WHERE modified >= :watermark /* ; */ ORDER BY modified;\n` })).toEqual([]);
  });

  it('refuses anything but one SELECT with :watermark, naming the option', () => {
    expect(problems({ query: 'DELETE FROM orders WHERE modified >= :watermark' })).toEqual(['query: query must be a single SELECT (or WITH … SELECT) statement']);
    expect(problems({ query: 'SELECT * FROM orders WHERE modified >= :watermark; DROP TABLE orders' })).toEqual(['query: query must be a single statement: no ";" inside']);
    expect(problems({ query: "SELECT * FROM orders WHERE note = ':watermark'" })).toEqual(['query: query must use the named parameter :watermark (e.g. "WHERE updated >= :watermark")']);
    expect(problems({ query: 'SELECT * FROM orders WHERE modified >= :watermark AND state = :state' })).toEqual(['query: query may use no parameter but :watermark (found :state)']);
    expect(problems({ query: 'SELECT * FROM orders WHERE modified >= :watermark AND id > ?' })).toEqual(['query: query may use no parameter but :watermark (found ?)']);
  });

  it('knows the sqlite and postgres drivers and their own options, needs id and updated_at, reads columns by name and zones by IANA name', () => {
    expect(problems({ driver: 'mysql' })).toEqual(['driver: expected "sqlite" (a SQLite file) or "postgres"']);
    expect(problems({ driver: 'postgres' })).toEqual(['url_env: Invalid input: expected string, received undefined', ': Unrecognized key: "path"']);
    expect(problems({ driver: 'postgres', path: undefined, url_env: 'ERP_PG_URL' })).toEqual([]);
    expect(problems({ driver: 'postgres', path: undefined, url_env: 'postgres://u:p@h/db' })).toEqual(['url_env: an environment variable name such as OPSWALL_TOKEN']);
    expect(problems({ driver: 'postgres', path: undefined, url_env: 'ERP_PG_URL', statement_timeout: 'forever' })).toEqual(['statement_timeout: expected a duration such as "30s" or "2m"']);
    expect(problems({ fields: { id: 'id' } })).toEqual(['fields: fields must map at least "id" and "updated_at"']);
    expect(problems({ fields: { id: 'o.id', updated_at: 'modified' } })).toEqual(['fields.id: a result column name (alias it with AS), not a path']);
    expect(problems({ timezone: 'Mars/Olympus' })).toHaveLength(1);
    expect(problems({ timezone: 'UTC' })).toEqual([]);
    expect(problems({ page_size: 0 })).toHaveLength(1);
  });

  it('may not map the hub\'s own amount_reporting', () => {
    expect(problems({ fields: { id: 'id', updated_at: 'modified', amount_reporting: 'total_cny' } }))
      .toEqual(['fields.amount_reporting: fields may not set "amount_reporting": the hub works it out at ingest from amount/currency or base_amount/base_currency']);
    expect(problems({ fields: { id: 'id', updated_at: 'modified', base_amount: 'total_cny', base_currency: 'books_currency' } })).toEqual([]);
  });

  it('a bad query in the config file is reported at its path', () => {
    const config = { sources: [{ id: 'erp-db', kind: 'sql', options: { driver: 'sqlite', path, query: 'UPDATE orders SET state = 1 WHERE modified >= :watermark',
      watermark_column: 'modified', entity: 'order', fields: { id: 'id', updated_at: 'modified' } } }] };
    expect(() => parseConfig(config)).toThrow(ConfigError);
    expect(() => parseConfig(config)).toThrow('sources[0].options.query: query must be a single SELECT (or WITH … SELECT) statement');
  });

  it('refuses at the first poll a statement SQLite says writes, a missing column, a missing file', async () => {
    await expect(createSqlConnector(options({ query: 'WITH x AS (SELECT 1) DELETE FROM orders WHERE modified >= :watermark' }), env).poll(ctx()))
      .rejects.toThrow('sql source: options.query must be a single read-only SELECT');
    await expect(createSqlConnector(options({ query: 'SELECT id, modified FROM orders WHERE modified >= :watermark' }), env).poll(ctx()))
      .rejects.toThrow('options.query returns no column "state", "total", "customer", "created" (it returns id, modified)');
    await expect(createSqlConnector(options({ path: join(dir, 'nope.db') }), env).poll(ctx())).rejects.toThrow(/cannot open .*nope\.db read-only/);
  });
});

describe('sql query checks per dialect', () => {
  const pgProblems = (query: string) => {
    const r = sqlOptionsSchema.safeParse({ driver: 'postgres', url_env: 'ERP_PG_URL', query, watermark_column: 'modified', entity: 'order', fields: { id: 'id', updated_at: 'modified' } });
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('PostgreSQL: casts, the jsonb ? operator and dollar-quoted text are fine; $1 and other named parameters are not', () => {
    expect(pgProblems("SELECT id, modified::text AS m FROM orders WHERE modified >= :watermark AND data ? 'vip' AND note <> $x$;:a$x$")).toEqual([]);
    expect(pgProblems('SELECT * FROM orders WHERE modified >= :watermark AND id > $1')).toEqual(['query may use no parameter but :watermark (found $1)']);
    expect(pgProblems('SELECT * FROM orders WHERE modified >= :watermark AND state = :state')).toEqual(['query may use no parameter but :watermark (found :state)']);
    expect(pgProblems("SELECT * FROM orders WHERE note = E'it\\'s :watermark'")).toEqual(['query must use the named parameter :watermark (e.g. "WHERE updated >= :watermark")']);
  });

  it('PostgreSQL numbers :watermark as $1 everywhere but in comments and literals', () => {
    expect(numberedWatermark("SELECT a::date, ':watermark' AS t /* :watermark */ FROM x WHERE a >= :watermark OR b = :watermark -- :watermark"))
      .toBe("SELECT a::date, ':watermark' AS t /* :watermark */ FROM x WHERE a >= $1 OR b = $1 -- :watermark");
  });
});

describe('sql mapping', () => {
  it('maps columns with http-json\'s mapping: values, defaults, numbers, naive times in the hub\'s zone, other columns in extra', async () => {
    const page = await createSqlConnector(options({ page_size: 10 }), env).poll(ctx());
    expect(page.records[0]).toEqual({ type: 'order', currency: 'CNY', id: '101', status: 'new', amount: 100.5, customer: 'Acme',
      created_at: '2025-03-14T01:00:00.000Z', updated_at: '2025-03-14T01:00:00.000Z', extra: { note: 'call first' } });
    expect(page.records[3]).toEqual({ type: 'order', currency: 'CNY', id: '104', status: 'delivered', amount: 400, customer: 'Dune',
      created_at: '2025-03-14T01:25:00.000Z', updated_at: '2025-03-14T01:40:00.000Z' }); // a NULL note: no extra
  });

  it('extra_fields: a named column kept in extra under its alias with extra: drop; a NULL one left out', async () => {
    const page = await createSqlConnector(options({ page_size: 10, extra: 'drop', extra_fields: [{ field: 'note', as: 'remark' }] }), env).poll(ctx());
    expect(page.records[0]).toMatchObject({ id: '101', extra: { remark: 'call first' } }); // 101's note
    expect(page.records[3]).not.toHaveProperty('extra'); // 104: note NULL, and every other column dropped
  });

  it('reads naive times in the zone the options name', async () => {
    const page = await createSqlConnector(options({ timezone: 'UTC', extra: 'drop' }), { timezone: 'Asia/Shanghai' }).poll(ctx());
    expect(page.records[0]).toMatchObject({ created_at: '2025-03-14T09:00:00.000Z', updated_at: '2025-03-14T09:00:00.000Z' });
    expect(page.records[0]).not.toHaveProperty('extra');
  });
});

describe('sql accounts and links', () => {
  it('maps link columns (NULL: no link) and account_id; a link column the query does not return is refused at the first poll', async () => {
    const query = `SELECT o.id, o.state, o.total, o.created, o.modified, r.deal, r.customer_code FROM orders o JOIN order_refs r ON r.order_id = o.id
      WHERE o.modified >= :watermark`;
    const opts = options({ query, extra: 'drop', fields: { id: 'id', status: 'state', amount: 'total', account_id: 'customer_code', created_at: 'created', updated_at: 'modified' },
      links: [{ field: 'deal', type: 'deal', source: 'crm' }] });
    const page = await createSqlConnector(opts, env).poll(ctx());
    expect(page.records.map((r) => { const { links, account_id } = r as { links?: unknown; account_id?: string }; return { account_id, links }; })).toEqual([
      { account_id: 'C-7', links: [{ type: 'deal', id: 'D-55', source: 'crm' }] }, { account_id: 'C-7', links: undefined }]);
    await expect(createSqlConnector(options({ links: [{ field: 'deal_id', type: 'deal' }] }), env).poll(ctx()))
      .rejects.toThrow('options.query returns no column "deal_id"');
    expect(sqlOptionsSchema.safeParse({ driver: 'sqlite', path, query: QUERY, watermark_column: 'modified', entity: 'order',
      fields: { id: 'id', updated_at: 'modified' }, links: [{ field: 'r.deal', type: 'deal' }] }).error?.issues[0]?.path).toEqual(['links', 0, 'field']);
  });

  it('reads an account entity: a number column becomes text, naive times in the hub\'s zone', async () => {
    const page = await createSqlConnector(options({ entity: 'account', query: 'SELECT * FROM customers WHERE modified >= :watermark', defaults: {},
      fields: { id: 'code', name: 'name', tax_id: 'uscc', external_id: 'crm_id', created_at: 'created', updated_at: 'modified' }, values: {} }), env).poll(ctx());
    expect(page.records).toEqual([{ type: 'account', id: 'C-7', name: '海港食品有限公司', tax_id: '91310000MA1K8FXR2B', external_id: '4471',
      created_at: '2025-01-02T00:00:00.000Z', updated_at: '2025-03-14T01:00:00.000Z' }]);
  });
});

describe('sql paging', () => {
  it('pages by (watermark, id) without losing a tie across a page boundary, then re-reads the overlap', async () => {
    const c = createSqlConnector(options({ page_size: 2, overlap_seconds: 600 }), env);
    const one = await c.poll(ctx());
    expect([ids(one.records), one.more, one.progress]).toEqual([['101', '102'], true, { done: 2, total: 5 }]);
    expect(one.cursor).toEqual({ run: { from: null, after: { watermark: '2025-03-14 09:30:00', id: 102 }, done: 2, total: 5 } });
    const two = await c.poll(ctx(one.cursor));
    expect([ids(two.records), two.more, two.progress]).toEqual([['103', '104'], true, { done: 4, total: 5 }]); // 103 ties 102 at 09:30
    const three = await c.poll(ctx(two.cursor));
    expect([ids(three.records), three.more, three.progress]).toEqual([['105'], undefined, { done: 5, total: 5 }]);
    expect(three.cursor).toEqual({ watermark: '2025-03-14 09:45:00' });
    // The next sync reads from 09:35:00 (the watermark less 600 s): 104 and 105 again, a full page, then an empty one.
    const four = await c.poll(ctx(three.cursor));
    expect([ids(four.records), four.more, four.progress]).toEqual([['104', '105'], true, undefined]);
    expect(four.cursor.run?.from).toBe('2025-03-14 09:35:00');
    const five = await c.poll(ctx(four.cursor));
    expect([ids(five.records), five.more, five.cursor]).toEqual([[], undefined, { watermark: '2025-03-14 09:45:00' }]);
  });

  it('ends a sync on an empty page with the watermark of the page before it', async () => {
    const c = createSqlConnector(options({ page_size: 5 }), env);
    const one = await c.poll(ctx());
    expect([ids(one.records).length, one.more]).toEqual([5, true]);
    const two = await c.poll(ctx(one.cursor));
    expect([two.records, two.more, two.cursor, two.progress]).toEqual([[], undefined, { watermark: '2025-03-14 09:45:00' }, { done: 5, total: 5 }]);
  });

  it('starts the first sync at `since` when given', async () => {
    const page = await createSqlConnector(options({ since: '2025-03-14 09:40:00' }), env).poll(ctx());
    expect(ids(page.records)).toEqual(['104', '105']);
    expect(page.progress).toEqual({ done: 2, total: 2 });
  });

  it('moves a watermark back in its own format', () => {
    expect(minusOverlap('2025-03-14 09:00:30', 60)).toBe('2025-03-14 08:59:30');
    expect(minusOverlap('2025-03-01T00:00:00.123456', 1)).toBe('2025-02-28T23:59:59.123456');
    expect(minusOverlap('2025-03-14T09:00:00Z', 120)).toBe('2025-03-14T08:58:00Z');
    expect(minusOverlap('2025-03-14 09:00', 60)).toBe('2025-03-14 08:59');
    expect(minusOverlap('2025-03-14', 120)).toBe('2025-03-13');
    expect(minusOverlap(1_741_939_200, 60)).toBe(1_741_939_140);
    expect(minusOverlap(1_741_939_200_000, 60)).toBe(1_741_939_140_000);
    expect(minusOverlap('v42', 60)).toBe('v42');
    expect(minusOverlap('2025-03-14 09:00:00', 0)).toBe('2025-03-14 09:00:00');
  });
});
