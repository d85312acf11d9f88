import type { Database } from 'better-sqlite3';
import { chmodSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isWriteFault, StoreWriteError } from './faults';
import type { Migration } from './migrations';

/**
 * Applies, each in its own transaction, the migrations this database has not seen yet. A database whose
 * schema is current is only read, so a store that cannot write (a read-only file, a full disk) still opens.
 */
export function migrate(db: Database, migrations: readonly Migration[]): string[] {
  return applyMigrations(db, schemaState(db, migrations).pending);
}

/** Applies migrations already known to be pending (`guardSchema` says which), each in its own transaction. */
export function applyMigrations(db: Database, todo: readonly Migration[]): string[] {
  if (todo.length === 0) return [];
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of todo) {
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
    })();
  }
  return todo.map((m) => m.id);
}

/** What a database holds against the migrations this version knows. Only reads. */
export interface SchemaState {
  /** Migrations this version knows and the database has not had, in order. */
  pending: Migration[];
  /** Migration ids the database has had that this version does not know: a newer OpsWall wrote it. */
  unknown: string[];
  /** Nothing in it yet (a new file): no copy is needed before the first migration. */
  empty: boolean;
}

export function schemaState(db: Database, migrations: readonly Migration[]): SchemaState {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  const applied = tables.includes('schema_migrations') ? db.prepare<[], string>('SELECT id FROM schema_migrations ORDER BY id').pluck().all() : [];
  const known = new Set(migrations.map((m) => m.id));
  const done = new Set(applied);
  return {
    pending: migrations.filter((m) => !done.has(m.id)),
    unknown: applied.filter((id) => !known.has(id)),
    empty: tables.length === 0, // a file without a table holds nothing of OpsWall's
  };
}

/**
 * A database written by a newer OpsWall: its schema holds migrations this version does not know, so this version
 * cannot tell what its tables mean. The file is left as it was.
 */
export class StoreVersionError extends Error {
  constructor(readonly file: string, readonly unknownIds: readonly string[], readonly newestKnown: string, readonly backups: readonly string[]) {
    const copies = backups.length > 0 ? ` (copies made before migrations, beside it: ${backups.join(', ')})` : '';
    super(`the database ${file} was written by a newer OpsWall: it has schema migration${unknownIds.length > 1 ? 's' : ''} `
      + `${unknownIds.join(', ')}, which this version does not know (the newest it knows is ${newestKnown}). `
      + `Run the newer OpsWall, or restore a backup made before the upgrade${copies}. The file was not changed.`);
    this.name = 'StoreVersionError';
  }
}

/**
 * Checks a file's schema before it is migrated: refuses one written by a newer version (StoreVersionError) and copies
 * one with pending migrations to `<file>.before-<first pending id>.bak` (VACUUM INTO: a consistent copy made by a
 * read). Returns the pending migrations and the copy's path; a new, empty file needs no copy.
 */
export function guardSchema(db: Database, file: string, migrations: readonly Migration[]): { pending: Migration[]; copy?: string } {
  const state = schemaState(db, migrations);
  if (state.unknown.length > 0) throw new StoreVersionError(file, state.unknown, migrations.at(-1)?.id ?? '(none)', copiesOf(file));
  const { pending } = state;
  if (pending.length === 0 || state.empty || file === ':memory:' || file === '') return { pending };
  const copy = freeName(`${file}.before-${pending[0]!.id}`);
  try {
    db.prepare('VACUUM INTO ?').run(copy);
    chmodSync(copy, statSync(file).mode & 0o777); // the copy holds what the file holds: readable by the same people only
  } catch (err) {
    if (existsSync(copy) && statSync(copy).size === 0) rmSync(copy); // SQLite creates the file before it fails to write it
    if (!isWriteFault(err)) throw err;
    throw new StoreWriteError('copy before schema migration', `${err.message} (${err.code}); the database at ${file} needs its schema `
      + `migrated and is first copied to ${copy}: nothing was migrated`, err.code, { cause: err });
  }
  return { pending, copy };
}

/** `<base>.bak`, or `<base>.1.bak`, `<base>.2.bak`… when taken: a copy never overwrites another. */
function freeName(base: string): string {
  for (let n = 0; ; n++) {
    const name = n === 0 ? `${base}.bak` : `${base}.${n}.bak`;
    if (!existsSync(name)) return name;
  }
}

/** The copies made before migrations that sit beside `file`, for the message that refuses it. */
function copiesOf(file: string): string[] {
  const prefix = `${basename(file)}.before-`;
  try { return readdirSync(dirname(file)).filter((f) => f.startsWith(prefix) && f.endsWith('.bak')).sort().map((f) => join(dirname(file), f)); } catch { return []; }
}
