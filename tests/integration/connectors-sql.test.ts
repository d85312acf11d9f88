import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Account, Order } from '../../server/model';
import type { SqlCursor } from '../../server/sources/connectors/sql';
import { useConnectorHub } from '../support/connector-hub';
import { waitFor } from '../support/hub';

/**
 * The `sql` connector in a real hub: a vendor-like SQLite file with naive local (Asia/Shanghai) time stamps,
 * read-only, paged two rows at a time; a row changed and a row added later arrive once each.
 */
let vendorDir: string;
let vendorDb: string;
/** A write by "the vendor": its own connection, closed at once. */
function vendorWrites(sql: string) {
  const db = new Database(vendorDb);
  db.exec(sql);
  db.close();
}

const src = useConnectorHub('sql', async (dir) => {
  vendorDir = join(dir, 'vendor');
  mkdirSync(vendorDir);
  vendorDb = join(vendorDir, 'erp.db');
  vendorWrites(`
    CREATE TABLE orders (order_no TEXT PRIMARY KEY, status TEXT NOT NULL, grand_total REAL, currency TEXT,
      customer_name TEXT, sales_rep TEXT, created_at TEXT, updated_at TEXT, deleted_flag TEXT);
    INSERT INTO orders VALUES
      ('SO-1001', 'paid',    1280.00, 'CNY', '华东贸易有限公司', 'Wang Li', '2025-03-14 08:15:00', '2025-03-14 09:05:00', NULL),
      ('SO-1002', 'shipped',  356.50, 'CNY', 'Lin Foods',       'Zhao Min', '2025-03-14 08:40:12', '2025-03-14 09:20:30', NULL),
      ('SO-1003', 'pending',   99.90, 'CNY', 'Kestrel Ltd',     NULL,       '2025-03-14 09:02:00', '2025-03-14 09:20:30', NULL);`);
  return { timezone: 'Asia/Shanghai',
    source: { id: 'erp-db', kind: 'sql', interval: '200ms', options: {
      driver: 'sqlite', path: vendorDb, entity: 'order', page_size: 2, overlap_seconds: 60,
      query: `SELECT order_no, status, grand_total, currency, customer_name, sales_rep, created_at, updated_at, deleted_flag
              FROM orders WHERE updated_at >= :watermark ORDER BY updated_at, order_no`,
      watermark_column: 'updated_at',
      fields: { id: 'order_no', status: 'status', amount: 'grand_total', currency: 'currency', customer: 'customer_name',
        owner: 'sales_rep', created_at: 'created_at', updated_at: 'updated_at', deleted: 'deleted_flag' },
      values: { status: { pending: 'new', paid: 'confirmed', shipped: 'shipped', void: 'cancelled' }, deleted: { Y: 'true' } },
    } } };
});

const sha = () => createHash('sha256').update(readFileSync(vendorDb)).digest('hex');
const orders = () => src.records<Order>('order');
/** Rows of the source in the hub's store, and distinct ids among them. */
function rows() {
  const reader = new Database(src.dbPath, { readonly: true });
  try {
    return reader.prepare("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM records WHERE source = 'erp-db'").get() as { n: number; ids: number };
  } finally { reader.close(); }
}

describe('sql connector on a SQLite file', () => {
  // The store adds `source`, `amount_reporting` (CNY is the reporting currency: the amount itself) and a `history`:
  // a record first seen in its initial status entered it at created_at, one first seen further on at updated_at.
  it('stores the canonical orders of the first sync (two pages), naive Shanghai times made UTC, and leaves the file alone', async () => {
    const before = { sha: sha(), mtime: statSync(vendorDb).mtimeMs };
    const got = await waitFor('three orders', () => (orders().size === 3 ? orders() : undefined));
    expect(got.get('SO-1001')).toEqual({ type: 'order', source: 'erp-db', id: 'SO-1001', status: 'confirmed', history: [{ status: 'confirmed', at: '2025-03-14T01:05:00.000Z' }], amount: 1280, amount_reporting: 1280, currency: 'CNY', customer: '华东贸易有限公司',
      owner: 'Wang Li', created_at: '2025-03-14T00:15:00.000Z', updated_at: '2025-03-14T01:05:00.000Z' });
    expect(got.get('SO-1002')).toEqual({ type: 'order', source: 'erp-db', id: 'SO-1002', status: 'shipped', history: [{ status: 'shipped', at: '2025-03-14T01:20:30.000Z' }], amount: 356.5, amount_reporting: 356.5, currency: 'CNY', customer: 'Lin Foods',
      owner: 'Zhao Min', created_at: '2025-03-14T00:40:12.000Z', updated_at: '2025-03-14T01:20:30.000Z' });
    expect(got.get('SO-1003')).toEqual({ type: 'order', source: 'erp-db', id: 'SO-1003', status: 'new', history: [{ status: 'new', at: '2025-03-14T01:02:00.000Z' }], amount: 99.9, amount_reporting: 99.9, currency: 'CNY', customer: 'Kestrel Ltd',
      created_at: '2025-03-14T01:02:00.000Z', updated_at: '2025-03-14T01:20:30.000Z' }); // NULL sales_rep: no owner
    // The watermark is the newest updated_at, as the file holds it.
    await waitFor('the watermark', () => (src.cursor<SqlCursor>()?.watermark === '2025-03-14 09:20:30' ? true : undefined));
    await new Promise((r) => setTimeout(r, 600)); // a few more polls
    expect(rows()).toEqual({ n: 3, ids: 3 });
    expect({ sha: sha(), mtime: statSync(vendorDb).mtimeMs }).toEqual(before);
    expect(readdirSync(vendorDir)).toEqual(['erp.db']); // no journal or WAL file either
  });

  it('picks up a changed row and a new row, once each, still without writing to the file', async () => {
    vendorWrites(`
      UPDATE orders SET status = 'shipped', updated_at = '2025-03-14 10:00:00' WHERE order_no = 'SO-1001';
      INSERT INTO orders VALUES ('SO-1004', 'void', 42, 'CNY', 'Orchid Spa', 'Wang Li', '2025-03-14 09:58:00', '2025-03-14 09:59:59', NULL);`);
    const after = { sha: sha(), mtime: statSync(vendorDb).mtimeMs };
    const got = await waitFor('the change and the new order', () => {
      const o = orders();
      return o.get('SO-1001')?.status === 'shipped' && o.has('SO-1004') ? o : undefined;
    });
    expect(got.get('SO-1001')).toMatchObject({ status: 'shipped', created_at: '2025-03-14T00:15:00.000Z', updated_at: '2025-03-14T02:00:00.000Z',
      history: [{ status: 'confirmed', at: '2025-03-14T01:05:00.000Z' }, { status: 'shipped', at: '2025-03-14T02:00:00.000Z' }] }); // the hub's own history
    expect(got.get('SO-1004')).toEqual({ type: 'order', source: 'erp-db', id: 'SO-1004', status: 'cancelled', history: [{ status: 'cancelled', at: '2025-03-14T01:59:59.000Z' }], amount: 42, amount_reporting: 42, currency: 'CNY', customer: 'Orchid Spa',
      owner: 'Wang Li', created_at: '2025-03-14T01:58:00.000Z', updated_at: '2025-03-14T01:59:59.000Z' });
    expect(got.get('SO-1002')).toMatchObject({ status: 'shipped', updated_at: '2025-03-14T01:20:30.000Z' }); // unchanged
    await waitFor('the new watermark', () => (src.cursor<SqlCursor>()?.watermark === '2025-03-14 10:00:00' ? true : undefined));
    await new Promise((r) => setTimeout(r, 600)); // the overlap re-reads: still one row per order
    expect(rows()).toEqual({ n: 4, ids: 4 });
    expect({ sha: sha(), mtime: statSync(vendorDb).mtimeMs }).toEqual(after);
    expect(readdirSync(vendorDir)).toEqual(['erp.db']);
  });

  it('a row the vendor flags deleted stops counting and stays stored, still without writing to the file', async () => {
    const at = (minutesAgo: number) => DateTime.now().setZone('Asia/Shanghai').minus({ minutes: minutesAgo }).toFormat('yyyy-MM-dd HH:mm:ss');
    vendorWrites(`INSERT INTO orders VALUES ('SO-1005', 'paid', 500, 'CNY', 'Lin Foods', 'Zhao Min', '${at(10)}', '${at(10)}', NULL);`);
    await waitFor('today\'s order counted', async () => ((await src.scalar('orders.count', { window: '24h' })) === 1 ? true : undefined));
    vendorWrites(`UPDATE orders SET deleted_flag = 'Y', updated_at = '${at(1)}' WHERE order_no = 'SO-1005';`);
    const after = { sha: sha(), mtime: statSync(vendorDb).mtimeMs };
    await waitFor('the tombstone', () => (orders().get('SO-1005')?.deleted === true ? true : undefined));
    expect(orders().get('SO-1005')).toMatchObject({ status: 'confirmed', amount: 500, deleted: true });
    await waitFor('the count without it', async () => ((await src.scalar('orders.count', { window: '24h' })) === 0 ? true : undefined));
    expect(rows()).toEqual({ n: 5, ids: 5 });
    expect({ sha: sha(), mtime: statSync(vendorDb).mtimeMs }).toEqual(after);
    expect(readdirSync(vendorDir)).toEqual(['erp.db']);
  });
});

/** A second vendor file: orders naming their customer by code and the CRM deal they came from, and the customers themselves. */
function customerDb(dir: string): string {
  const path = join(dir, 'crm-erp.db');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE customers (code TEXT PRIMARY KEY, name TEXT, uscc TEXT, crm_id INTEGER, created_at TEXT, updated_at TEXT);
    INSERT INTO customers VALUES
      ('C-0042', '华东贸易有限公司', '91310000MA1K8FXR2B', 4471, '2024-05-06 10:00:00', '2025-03-10 16:30:00'),
      ('C-0077', 'Lin Foods', NULL, NULL, '2025-01-08 09:00:00', '2025-01-08 09:00:00');
    CREATE TABLE orders (order_no TEXT PRIMARY KEY, status TEXT, total REAL, customer_code TEXT, crm_deal TEXT, updated_at TEXT);
    INSERT INTO orders VALUES
      ('SO-2001', 'paid', 1280, 'C-0042', '006Hs00001Kx7QbIAJ', '2025-03-14 09:05:00'),
      ('SO-2002', 'paid', 356.5, 'C-0077', NULL, '2025-03-14 09:20:30');`);
  db.close();
  return path;
}

describe('sql accounts and links on a SQLite file', () => {
  const accounts = useConnectorHub('sql-accounts', async (dir) => ({ timezone: 'Asia/Shanghai',
    source: { id: 'erp-customers', kind: 'sql', interval: '200ms', options: {
      driver: 'sqlite', path: customerDb(dir), entity: 'account', watermark_column: 'updated_at', extra: 'drop',
      query: 'SELECT code, name, uscc, crm_id, created_at, updated_at FROM customers WHERE updated_at >= :watermark',
      fields: { id: 'code', name: 'name', tax_id: 'uscc', external_id: 'crm_id', created_at: 'created_at', updated_at: 'updated_at' } } } }));
  const orders = useConnectorHub('sql-links', async (dir) => ({ timezone: 'Asia/Shanghai',
    source: { id: 'erp-orders', kind: 'sql', interval: '200ms', options: {
      driver: 'sqlite', path: customerDb(dir), entity: 'order', watermark_column: 'updated_at', extra: 'drop', defaults: { currency: 'CNY' },
      query: 'SELECT order_no, status, total, customer_code, crm_deal, updated_at FROM orders WHERE updated_at >= :watermark',
      fields: { id: 'order_no', status: 'status', amount: 'total', account_id: 'customer_code', created_at: 'updated_at', updated_at: 'updated_at' },
      values: { status: { paid: 'confirmed' } }, links: [{ field: 'crm_deal', type: 'deal', source: 'crm' }] } } }));

  it('reads the customers table as accounts: a number column as text, NULL keys absent, naive Shanghai times made UTC', async () => {
    const got = await waitFor('two accounts', () => { const a = accounts.records<Account>('account'); return a.size === 2 ? a : undefined; });
    // 2024-05-06 10:00 Shanghai (UTC+8) = 02:00Z; 2025-03-10 16:30 = 08:30Z.
    expect(got.get('C-0042')).toEqual({ type: 'account', source: 'erp-customers', id: 'C-0042', name: '华东贸易有限公司', tax_id: '91310000MA1K8FXR2B',
      external_id: '4471', created_at: '2024-05-06T02:00:00.000Z', updated_at: '2025-03-10T08:30:00.000Z' });
    expect(got.get('C-0077')).toEqual({ type: 'account', source: 'erp-customers', id: 'C-0077', name: 'Lin Foods',
      created_at: '2025-01-08T01:00:00.000Z', updated_at: '2025-01-08T01:00:00.000Z' });
  });

  it('gives each order its customer code as account_id and the CRM deal column as a link (NULL: none)', async () => {
    const got = await waitFor('two orders', () => { const o = orders.records<Order>('order'); return o.size === 2 ? o : undefined; });
    expect(got.get('SO-2001')).toMatchObject({ account_id: 'C-0042', links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'crm' }] });
    expect(got.get('SO-2002')).toMatchObject({ account_id: 'C-0077' });
    expect(got.get('SO-2002')).not.toHaveProperty('links');
  });
});
