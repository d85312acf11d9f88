import type { Migration } from './types';

/**
 * What the stored records' derived fields were worked out under, by name: `currency` holds the fingerprint of
 * the currency config that set every order's and deal's `amount_reporting`. A start with another fingerprint
 * works them out again (Store.rederive).
 */
export const derivations: Migration = {
  id: '2026-11-28-derivations',
  up(db) {
    db.exec(`
      CREATE TABLE record_derivations (
        name TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
