import type { Migration } from './types';

/** Sessions, paired displays and the audit log (docs/access.md). Secrets are kept only as SHA-256 hashes. */
export const access: Migration = {
  id: '2026-11-26-access',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        principal TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        last_seen_at INTEGER,
        revoked_at INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        ip TEXT,
        detail TEXT
      );
      CREATE INDEX audit_action ON audit (action, id);
    `);
  },
};
