import type { Migration } from './types';

/** Canonical records (with their history inside `data`) and one cursor per source. */
export const initial: Migration = {
  id: '2026-11-24-initial',
  up(db) {
    db.exec(`
      CREATE TABLE records (
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (type, source, id)
      ) WITHOUT ROWID;
      CREATE TABLE source_cursors (
        source TEXT PRIMARY KEY,
        cursor TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
