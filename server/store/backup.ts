import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface BackupOptions {
  /** Replace a file already at `dest` (default: refuse). */
  overwrite?: boolean;
}

export interface BackupResult {
  /** The copy written (`dest`). */
  file: string;
  bytes: number;
  /** The database's pages copied. */
  pages: number;
  ms: number;
}

/** A backup that could not be made; nothing was left at `dest`. */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** Pages copied per step; between steps the event loop runs (the hub's own requests, when it is the hub that backs up). */
const PAGES_PER_STEP = 1_000;

/**
 * Copies the SQLite store at `dbPath` to `dest` with SQLite's online backup API while the hub keeps reading and writing
 * it: the copy is the database as of one instant. The source is opened read-only (a missing file is an error, never a
 * new empty database); the copy is written beside `dest` under a temporary name, checked (`PRAGMA quick_check`, the
 * same schema migrations as the source), made a single file (rollback journal, no `-wal` beside it) and only then
 * given its name.
 */
export async function backupStore(dbPath: string, dest: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const started = Date.now();
  if (dbPath === ':memory:' || !existsSync(dbPath)) throw new BackupError(`no database at ${dbPath}: nothing to back up`);
  if (resolve(dest) === resolve(dbPath)) throw new BackupError(`${dest} is the database itself: name another file for the copy`);
  if (!opts.overwrite && existsSync(dest)) throw new BackupError(`${dest} already exists: choose another name, or remove it first`);
  if (!existsSync(dirname(dest))) throw new BackupError(`cannot write ${dest}: the folder ${dirname(dest)} does not exist`);
  const source = open(dbPath, `cannot open ${dbPath}`);
  const temp = join(dirname(dest), `.${basename(dest)}.${process.pid}-${Date.now()}.tmp`);
  try {
    const migrations = schemaMigrations(source, dbPath);
    let last = Infinity;
    let all = false;
    const progress = await source.backup(temp, {
      // The backup starts again when another connection writes meanwhile; once it has, the rest goes in one step.
      progress: ({ remainingPages }) => {
        if (remainingPages > last) all = true;
        last = remainingPages;
        return all ? 0x7fffffff : PAGES_PER_STEP;
      },
    }).catch((err: unknown) => { throw new BackupError(`cannot copy ${dbPath} to ${dest}: ${(err as Error).message}`, { cause: err }); });
    check(temp, dest, migrations); // SQLite syncs the copy as it finishes it and as it changes its journal mode
    place(temp, dest, opts.overwrite ?? false);
    return { file: dest, bytes: statSync(dest).size, pages: progress.totalPages, ms: Date.now() - started };
  } finally {
    source.close();
    for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  }
}

function open(file: string, what: string, readonly = true): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${what}: ${(err as Error).message}`, { cause: err });
  }
}

/** The source's migration ids: a file without them is not an OpsWall store. */
function schemaMigrations(db: Database.Database, file: string): string[] {
  try {
    return db.prepare<[], string>('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
  } catch (err) {
    throw new BackupError(`${file} is not an OpsWall database: ${(err as Error).message}`, { cause: err });
  }
}

/** The copy is sound and is the same schema as the source; it becomes one self-contained file. */
function check(temp: string, dest: string, migrations: readonly string[]): void {
  const copy = open(temp, `cannot open the copy of ${dest}`, false);
  try {
    copy.pragma('journal_mode = DELETE'); // the source's WAL mode came with its pages; a backup is one file
    const verdict = copy.pragma('quick_check', { simple: true });
    if (verdict !== 'ok') throw new BackupError(`the copy failed its check (PRAGMA quick_check: ${String(verdict)}): ${dest} was not written`);
    const copied = schemaMigrations(copy, temp);
    if (copied.join() !== migrations.join()) {
      throw new BackupError(`the copy's schema migrations (${copied.length}) differ from the source's (${migrations.length}): ${dest} was not written`);
    }
  } finally {
    copy.close();
  }
}

/** Gives the finished copy its name: never over a file that appeared meanwhile unless told to. */
function place(temp: string, dest: string, overwrite: boolean): void {
  const exists = (cause?: unknown) => new BackupError(`${dest} already exists: choose another name, or remove it first`, { cause });
  try {
    if (overwrite) renameSync(temp, dest);
    else {
      // A link fails when dest exists, where a rename would replace it; a file system without links gets the rename.
      try { linkSync(temp, dest); } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(dest)) throw exists(err);
        renameSync(temp, dest);
      }
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`cannot write ${dest}: ${(err as Error).message}`, { cause: err });
  }
  syncFolder(dirname(dest));
}

/** The new name survives a crash too; a platform that cannot sync a folder loses nothing but that. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* not supported here */ }
}
