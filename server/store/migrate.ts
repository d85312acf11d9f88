import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';

/**
 * Applies, each in its own transaction, the migrations this database has not seen yet. A database whose
 * schema is current is only read, so a store that cannot write (a read-only file, a full disk) still opens.
 */
export function migrate(db: Database, migrations: readonly Migration[]): string[] {
  const known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const done = new Set(known ? db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[] : []);
  const todo = migrations.filter((m) => !done.has(m.id));
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
