import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupError, backupStore } from './backup';
import { runBackupCommand } from './backup-command';
import { MIGRATIONS } from './migrations';
import { createStore } from './store';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-backup-')); dirs.push(d); return d; }
function query<T>(path: string, sql: string): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try { return db.prepare(sql).get() as T; } finally { db.close(); }
}

/** An OpsWall store with a counter, its log, and some megabytes of padding so the copy takes many steps. */
function hubFile(d: string): string {
  const path = join(d, 'hub.db');
  createStore(path).close();
  const db = new Database(path);
  db.exec('CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0); CREATE TABLE log (n INTEGER PRIMARY KEY)');
  db.exec('CREATE TABLE padding (b BLOB); WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < 6000) INSERT INTO padding SELECT randomblob(3000) FROM i');
  db.close();
  return path;
}

/**
 * Another process writing like the hub does (WAL, one transaction per change): each step adds one to the counter and
 * logs the new value, so in any consistent snapshot the counter equals the log's count. It stops when told, or after 20 s.
 */
function writer(path: string): Promise<ChildProcess> {
  const code = `
    const db = new (require('better-sqlite3'))(${JSON.stringify(path)});
    db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('busy_timeout = 5000');
    const step = db.transaction(() => { db.prepare('UPDATE counter SET n = n + 1').run(); db.prepare('INSERT INTO log SELECT n FROM counter').run(); });
    const until = Date.now() + 20000; let told = false;
    process.stdin.on('data', () => { told = true; }); process.stdin.resume();
    const run = () => { for (let i = 0; i < 20; i++) step(); if (!told && Date.now() < until) setImmediate(run); else { db.close(); process.exit(0); } };
    step(); process.stdout.write('writing\\n'); run();`;
  const child = spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => { resolve(child); });
    child.once('exit', (c) => { reject(new Error(`the writer exited (${c}) before writing`)); });
  });
}
const stopped = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => { resolve(); }); child.stdin!.write('stop\n'); });
const count = (path: string) => query<{ n: number; logged: number; top: number | null }>(path,
  'SELECT (SELECT n FROM counter) AS n, (SELECT count(*) FROM log) AS logged, (SELECT max(n) FROM log) AS top');

describe('backupStore', () => {
  it('copies a store another process is writing: one consistent instant, checked, one file', async () => {
    const d = dir();
    const path = hubFile(d);
    const child = await writer(path);
    const before = count(path).n;
    const done = await backupStore(path, join(d, 'copy.db'));
    const after = count(path).n;
    await stopped(child);

    const copy = count(join(d, 'copy.db'));
    expect(after).toBeGreaterThan(before); // the writer wrote while the copy was made
    expect(copy.n).toBeGreaterThanOrEqual(before);
    expect(copy.n).toBeLessThanOrEqual(after);
    expect(copy.logged).toBe(copy.n); // every change of the counter is in the log, and no change of a later one
    expect(copy.top).toBe(copy.n);
    expect(query<{ quick_check: string }>(join(d, 'copy.db'), 'PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
    expect(query<{ n: number }>(join(d, 'copy.db'), 'SELECT count(*) AS n FROM padding').n).toBe(6000);
    expect(query<{ n: number }>(join(d, 'copy.db'), 'SELECT count(*) AS n FROM schema_migrations').n).toBe(MIGRATIONS.length);

    expect(done.file).toBe(join(d, 'copy.db'));
    expect(done.bytes).toBe(readFileSync(join(d, 'copy.db')).length);
    expect(done.bytes).toBeGreaterThan(6000 * 3000); // the padding alone
    expect(done.pages! * 4096).toBe(done.bytes);
    expect(done.ms).toBeGreaterThanOrEqual(0);
    // A single file in rollback-journal mode (header bytes 18 and 19 are 1, WAL would be 2), nothing left beside it.
    expect([...readFileSync(join(d, 'copy.db')).subarray(18, 20)]).toEqual([1, 1]);
    expect(readdirSync(d).filter((f) => f.startsWith('copy') || f.startsWith('.copy'))).toEqual(['copy.db']);
  }, 30_000);

  it('refuses a missing source and creates nothing', async () => {
    const d = dir();
    await expect(backupStore(join(d, 'nope.db'), join(d, 'copy.db'))).rejects.toThrow(new BackupError(`no database at ${join(d, 'nope.db')}: nothing to back up`));
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses a file that is not an OpsWall store and leaves no copy', async () => {
    const d = dir();
    const other = new Database(join(d, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    await expect(backupStore(join(d, 'other.db'), join(d, 'copy.db'))).rejects.toThrow(/other\.db is not an OpsWall database: no such table: schema_migrations/);
    expect(readdirSync(d)).toEqual(['other.db']);
  });

  it('never overwrites an existing file unless told to, and never the database itself', async () => {
    const d = dir();
    const path = hubFile(d);
    writeFileSync(join(d, 'copy.db'), 'yesterday');
    await expect(backupStore(path, join(d, 'copy.db'))).rejects.toThrow(`${join(d, 'copy.db')} already exists`);
    expect(readFileSync(join(d, 'copy.db'), 'utf8')).toBe('yesterday');
    await expect(backupStore(path, path, { overwrite: true })).rejects.toThrow(`${path} is the database itself`);
    await backupStore(path, join(d, 'copy.db'), { overwrite: true });
    expect(query<{ n: number }>(join(d, 'copy.db'), 'SELECT n FROM counter').n).toBe(0);
  });
});

describe('opswall backup', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, output: { out: (l: string) => { out.push(l); }, err: (l: string) => { err.push(l); } } };
  }

  it('copies the store named by OPSWALL_DB and says where, how big and how long, in one line', async () => {
    const d = dir();
    const path = hubFile(d);
    const o = io();
    expect(await runBackupCommand([join(d, 'b.db')], { OPSWALL_DB: path }, o.output)).toBe(0);
    expect(o.out).toHaveLength(1);
    const bytes = readFileSync(join(d, 'b.db')).length;
    expect(o.out[0]).toMatch(new RegExp(`^backed up ${path} to ${join(d, 'b.db')} \\(${bytes} bytes in \\d+ ms\\)$`));
    expect(o.err).toEqual([]);
  });

  it('--db names the store over OPSWALL_DB', async () => {
    const d = dir();
    const path = hubFile(d);
    const o = io();
    expect(await runBackupCommand(['--db', path, join(d, 'b.db')], { OPSWALL_DB: join(d, 'elsewhere.db') }, o.output)).toBe(0);
    expect(o.out[0]).toContain(`backed up ${path} to`);
  });

  it('exits 1 with the reason when the copy cannot be made', async () => {
    const d = dir();
    const o = io();
    expect(await runBackupCommand([join(d, 'b.db')], { OPSWALL_DB: join(d, 'missing.db') }, o.output)).toBe(1);
    expect(o.err).toEqual([`backup failed: no database at ${join(d, 'missing.db')}: nothing to back up`]);
    expect(existsSync(join(d, 'missing.db'))).toBe(false);
  });

  it('exits 2 with the usage for a command line it does not understand', async () => {
    for (const args of [[], ['a.db', 'b.db'], ['--dbs', 'x', 'a.db'], ['--db']]) {
      const o = io();
      expect(await runBackupCommand(args, {}, o.output), args.join(' ')).toBe(2);
      expect(o.err[0], args.join(' ')).toMatch(/^opswall backup: /);
      expect(o.err[1]).toMatch(/^Usage: opswall backup <file> \[--db FILE\] \[--force\]/);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const o = io();
    expect(await runBackupCommand(['--help'], {}, o.output)).toBe(0);
    expect(o.out[0]).toMatch(/^Usage: opswall backup/);
  });
});
