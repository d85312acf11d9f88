import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, StoreVersionError } from './migrate';
import { MIGRATIONS } from './migrations';
import { StoreWriteError } from './faults';
import { createStore, type Store } from './store';

const dirs: string[] = [];
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-versions-')); dirs.push(d); return d; }
function logger() {
  const lines: { msg: string; o: object }[] = [];
  const at = (o: object, msg: string) => { lines.push({ msg, o }); };
  return { lines, log: { info: at, warn: at, error: at } };
}
function store(path: string, log?: ReturnType<typeof logger>['log']): Store { const s = createStore(path, log ? { log } : {}); open.push(s); return s; }
function rows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try { return db.prepare(sql).all(); } finally { db.close(); }
}
const tables = (path: string) => (rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") as { name: string }[]).map((r) => r.name);

/** A file as the version that knew only the first four migrations left it, with one order and its cursor. */
function olderFile(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, MIGRATIONS.slice(0, 4));
  db.prepare('INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?)').run('order', 'erp', 'o1', '2025-03-10T01:00:00.000Z',
    JSON.stringify({ type: 'order', id: 'o1', status: 'new', amount: 10, created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z' }));
  db.prepare('INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)').run('erp', '{"page":3}', '2025-03-10T01:00:00.000Z');
  db.close();
}
const FIRST_FOUR = ['2026-11-24-initial', '2026-11-24-sla-finished', '2026-11-25-alerts', '2026-11-26-access'];

describe('an older database', () => {
  it('is copied beside itself before it is migrated; the copy holds the old schema and rows', () => {
    const d = dir();
    const path = join(d, 'hub.db');
    olderFile(path);
    const { log, lines } = logger();
    const s = store(path, log);
    // The first migration it had not had is the fifth: the outbox.
    const copy = join(d, 'hub.db.before-2026-11-27-outbox.bak');
    expect(readdirSync(d)).toContain('hub.db.before-2026-11-27-outbox.bak');
    expect(rows(copy, 'SELECT id FROM schema_migrations ORDER BY id')).toEqual(FIRST_FOUR.map((id) => ({ id })));
    expect(tables(copy)).not.toContain('notification_outbox');
    expect(rows(copy, 'SELECT source, id FROM records')).toEqual([{ source: 'erp', id: 'o1' }]);
    // The file itself is migrated in place and keeps its rows.
    expect(tables(path)).toContain('notification_outbox');
    expect((rows(path, 'SELECT id FROM schema_migrations') as unknown[]).length).toBe(MIGRATIONS.length);
    expect(s.getRecord('erp', 'order', 'o1')?.id).toBe('o1');
    expect(s.getCursor('erp')).toEqual({ page: 3 });
    const said = lines.find((l) => l.msg.includes('copied to'));
    expect(said?.msg).toContain(copy);
    expect(said?.o).toMatchObject({ copy, migrated: MIGRATIONS.slice(4).map((m) => m.id) });
  });

  it('never overwrites an earlier copy: the next takes a numbered name', () => {
    const d = dir();
    const path = join(d, 'hub.db');
    olderFile(path);
    writeFileSync(join(d, 'hub.db.before-2026-11-27-outbox.bak'), 'an earlier copy');
    store(path);
    expect(readFileSync(join(d, 'hub.db.before-2026-11-27-outbox.bak'), 'utf8')).toBe('an earlier copy');
    expect(rows(join(d, 'hub.db.before-2026-11-27-outbox.1.bak'), 'SELECT count(*) AS n FROM schema_migrations')).toEqual([{ n: 4 }]);
  });

  it('is not migrated when the copy cannot be written: the error says so and no copy is left', () => {
    const d = dir();
    const path = join(d, 'hub.db');
    olderFile(path);
    const before = readFileSync(path);
    let thrown: unknown;
    try { createStore(path, { pragmas: ['query_only = ON'] }); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(StoreWriteError);
    expect((thrown as Error).message).toContain(`first copied to ${join(d, 'hub.db.before-2026-11-27-outbox.bak')}: nothing was migrated`);
    expect(readdirSync(d).filter((f) => f.endsWith('.bak'))).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a database that is current is neither copied nor changed', () => {
    const d = dir();
    const path = join(d, 'hub.db');
    createStore(path).close();
    store(path);
    expect(readdirSync(d).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});

describe('a new database', () => {
  it('gets its schema without a copy', () => {
    const d = dir();
    const { log, lines } = logger();
    store(join(d, 'hub.db'), log);
    expect(readdirSync(d).filter((f) => f.endsWith('.bak'))).toEqual([]);
    expect(lines.filter((l) => l.msg.includes('copied'))).toEqual([]);
    expect((rows(join(d, 'hub.db'), 'SELECT id FROM schema_migrations') as unknown[]).length).toBe(MIGRATIONS.length);
  });
});

describe('a database written by a newer OpsWall', () => {
  function newerFile(path: string): Buffer {
    createStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run('2099-01-01-from-the-future', '2099-01-01T00:00:00.000Z');
    db.close();
    return readFileSync(path);
  }

  it('is refused with a message naming the file, the migrations it does not know, the newest it knows and what to do', () => {
    const d = dir();
    const path = join(d, 'hub.db');
    const bytes = newerFile(path);
    writeFileSync(join(d, 'hub.db.before-2099-01-01-from-the-future.bak'), 'the copy the newer version made');
    const filesBefore = readdirSync(d).sort();
    let thrown: unknown;
    try { store(path); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(StoreVersionError);
    const err = thrown as StoreVersionError;
    expect(err.unknownIds).toEqual(['2099-01-01-from-the-future']);
    expect(err.message).toContain(`the database ${path} was written by a newer OpsWall`);
    expect(err.message).toContain('schema migration 2099-01-01-from-the-future, which this version does not know');
    expect(err.message).toContain(`the newest it knows is ${MIGRATIONS.at(-1)!.id}`);
    expect(err.message).toContain('Run the newer OpsWall, or restore a backup made before the upgrade');
    expect(err.message).toContain(join(d, 'hub.db.before-2099-01-01-from-the-future.bak'));
    // Nothing is written: the file is byte for byte what it was, and no copy or journal is left beside it.
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(d).sort()).toEqual(filesBefore);
  });
});
