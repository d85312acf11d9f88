import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../model';
import type { SlaInstance } from '../sla';
import { isWriteFault, StoreWriteError } from './faults';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createStore, type Store, type StoreOptions } from './store';

/**
 * Faults are injected at the SQLite layer on the store's own connection, as the hub's tests do:
 * `PRAGMA max_page_count` plays a full disk, `PRAGMA query_only` a read-only database.
 */

const order = (id: string, note = ''): Order => ({
  type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z',
  ...(note ? { customer: note } : {}),
} as Order);
/** Enough orders (with padding) to need many new pages. */
const bulk = (prefix: string, n = 200) => Array.from({ length: n }, (_, i) => order(`${prefix}${i}`, 'x'.repeat(400)));
const stopped: SlaInstance = { metric: 'resolution', cycle: 1, clock: 'stopped', in_hours: true, health: 'ok', outcome: 'met',
  due_at: '2025-03-10T02:00:00.000Z', warn_at: '2025-03-10T01:45:00.000Z', business_elapsed_s: 600, business_remaining_s: 3000,
  wall_until_due_s: null, fulfilled_at: '2025-03-10T01:10:00.000Z', ever_breached: false };

const dirs: string[] = [];
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-faults-')); dirs.push(d); return join(d, 'hub.db'); }
function logger() {
  const lines: { level: string; msg: string; o: object }[] = [];
  const at = (level: string) => (o: object, msg: string) => { lines.push({ level, msg, o }); };
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}
function store(path: string, o: StoreOptions = {}): Store { const s = createStore(path, { retryMs: 20, ...o }); open.push(s); return s; }
const until = async (what: string, ok: () => boolean, ms = 3_000) => {
  for (const end = Date.now() + ms; !ok();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const fill = (s: Store) => s.db.pragma(`max_page_count = ${s.db.pragma('page_count', { simple: true }) as number}`);
const lift = (s: Store) => s.db.pragma('max_page_count = 4294967294');
const rows = (path: string, sql: string) => { const db = new Database(path, { readonly: true }); try { return db.prepare(sql).all(); } finally { db.close(); } };

describe('isWriteFault', () => {
  it('knows the codes of a write that cannot be done now, extended codes included, and nothing else', () => {
    const e = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_LOCKED']) {
      expect(isWriteFault(e(code))).toBe(true);
    }
    for (const code of ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_ERROR', 'SQLITE_FULLX', 'ERR_SOMETHING']) expect(isWriteFault(e(code))).toBe(false);
    expect(isWriteFault({ code: 'SQLITE_FULL' })).toBe(false); // not an Error
  });
});

describe('a full disk (PRAGMA max_page_count)', () => {
  it('refuses a batch whole (records and cursor), says why, holds periodic writes, and writes them all once there is room', async () => {
    const path = file();
    const { log, lines } = logger();
    const s = store(path, { log });
    s.applyBatch('erp', [order('a')], { page: 1 });
    expect(s.health()).toEqual({ writable: true });
    fill(s);

    let thrown: unknown;
    try { s.applyBatch('erp', bulk('b'), { page: 2 }); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(StoreWriteError);
    expect(thrown).toMatchObject({ code: 'store_unavailable', sqliteCode: 'SQLITE_FULL', retryAfterS: 5 });
    const health = s.health();
    expect(health).toMatchObject({ writable: false, reason: 'database or disk is full (SQLITE_FULL)' });
    expect(Date.now() - Date.parse(health.since!)).toBeLessThan(5_000);
    expect(s.countRecords()).toBe(1); // nothing of the batch
    expect(s.getCursor('erp')).toEqual({ page: 1 }); // and the cursor did not move
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['the store cannot write: serving from memory and retrying']);

    // Periodic writes do not throw; they are held, and the reads answer them.
    const alert = { alert: { alert_key: 'k1', state: 'firing' }, pad: 'p'.repeat(20_000) };
    s.alerts.saveAlerts([{ key: 'k1', state: 'firing', data: alert }], []);
    s.alerts.put('routing', { groups: ['g'], pad: 'p'.repeat(20_000) });
    s.alerts.saveSilence('s1', { id: 's1', pad: 'p'.repeat(20_000) });
    s.slaFinished.put('zd/ticket/1', '2025-03-10T01:10:00.000Z', Array.from({ length: 200 }, () => stopped));
    expect(() => s.alerts.flush()).toThrow(StoreWriteError); // what an acknowledgement calls before it answers
    await new Promise((r) => setTimeout(r, 60)); // turns and retries go by: still full
    expect(s.health().writable).toBe(false);
    expect(s.alerts.alerts()).toEqual([alert]);
    expect(s.alerts.get('routing')).toMatchObject({ groups: ['g'] });
    expect(s.alerts.silences()).toHaveLength(1);
    expect(s.slaFinished.get('zd/ticket/1')?.instances).toHaveLength(200);
    expect(s.slaFinished.prune('2000-01-01T00:00:00.000Z')).toBe(0); // a prune is skipped, not thrown
    expect(s.access.pruneSessions(0, 0)).toBe(0);

    lift(s);
    await until('the store to write again', () => s.health().writable);
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'the store can write again' });
    expect(rows(path, 'SELECT alert_key FROM alerts')).toEqual([{ alert_key: 'k1' }]);
    expect(rows(path, "SELECT name FROM alert_state WHERE name = 'routing'")).toHaveLength(1);
    expect(rows(path, 'SELECT id FROM silences')).toEqual([{ id: 's1' }]);
    expect(rows(path, 'SELECT ticket FROM sla_finished')).toEqual([{ ticket: 'zd/ticket/1' }]);
    s.applyBatch('erp', bulk('b'), { page: 2 }); // the refused batch, sent again, is stored
    expect(s.countRecords()).toBe(201);
  });

  it('one small write that still fits does not mark the store writable: only a retry that finds room does', async () => {
    const s = store(file(), { retryMs: 60_000 });
    fill(s);
    expect(() => s.applyBatch('erp', bulk('b'), 1)).toThrow(StoreWriteError);
    s.applyBatch('erp', [order('tiny')], 2); // fits in the last page
    expect(s.health().writable).toBe(false);
  });
});

describe('a read-only database (PRAGMA query_only)', () => {
  it('opens when its schema is current, reports it at once, serves reads, fails asked-for writes, skips bookkeeping, and recovers', async () => {
    const path = file();
    const first = createStore(path);
    first.applyBatch('erp', [order('a')], { page: 1 });
    first.alerts.saveAlerts([{ key: 'k0', state: 'firing', data: { k: 0 } }], []);
    first.access.putSession({ idHash: 'h', principal: { username: 'u' }, createdAt: 1, lastSeenAt: 1 });
    first.close();

    const { log, lines } = logger();
    const s = store(path, { log, pragmas: ['query_only = ON'] });
    expect(s.health()).toMatchObject({ writable: false, reason: 'attempt to write a readonly database (SQLITE_READONLY)' });
    expect(lines[0]).toMatchObject({ level: 'error', o: { what: 'probe', code: 'SQLITE_READONLY' } });
    expect(s.countRecords()).toBe(1);
    expect(s.alerts.alerts()).toEqual([{ k: 0 }]);
    expect(s.access.session('h')?.principal).toEqual({ username: 'u' });

    expect(() => s.applyBatch('erp', [order('b')], { page: 2 })).toThrow(StoreWriteError);
    expect(() => s.access.putSession({ idHash: 'h2', principal: {}, createdAt: 2, lastSeenAt: 2 })).toThrow(StoreWriteError);
    expect(() => s.access.audit({ at: 't', actor: 'a', action: 'login', outcome: 'ok' })).toThrow(StoreWriteError);
    s.access.touchSession('h', 99); // bookkeeping: skipped
    s.alerts.saveAlerts([{ key: 'k1', state: 'firing', data: { k: 1 } }], ['k0']);
    s.slaFinished.put('t', '2025-03-10T01:10:00.000Z', [stopped]);
    expect(s.alerts.alerts()).toEqual([{ k: 1 }]);
    // The outbox refuses to keep a batch (delivery then sends it from memory only).
    expect(() => s.outbox.add({ channel: 'c', groupKey: 'g', payload: {}, nextAttemptAt: 1, createdAt: 1 })).toThrow(StoreWriteError);
    expect(s.outbox.pending()).toEqual([]);

    s.db.pragma('query_only = OFF');
    await until('the store to write again', () => s.health().writable);
    expect(rows(path, 'SELECT alert_key FROM alerts')).toEqual([{ alert_key: 'k1' }]);
    expect(rows(path, 'SELECT ticket FROM sla_finished')).toEqual([{ ticket: 't' }]);
  });

  it('a database that needs a migration cannot open without writing: the error says so', () => {
    const path = file();
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.close();
    let thrown: unknown;
    try { createStore(path, { pragmas: ['query_only = ON'] }); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(StoreWriteError);
    expect((thrown as Error).message).toMatch(/schema migration.*readonly database.*needs its schema migrated/);
  });

  it('close logs the writes it could not store', () => {
    const { log, lines } = logger();
    const path = file();
    createStore(path).close();
    const s = createStore(path, { log, pragmas: ['query_only = ON'], retryMs: 60_000 });
    s.alerts.saveAlerts([{ key: 'k', state: 'firing', data: {} }], []);
    s.close();
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'the store closes with writes it could not store', o: { writes: 1, writable: false } });
  });
});
