import type { Migration } from './types';

/**
 * Notifications not yet delivered, kept from before their first try until they are sent or finally fail, so a
 * notification waiting for a retry survives a kill (docs/alert-channels.md). `payload` is the whole batch.
 */
export const outbox: Migration = {
  id: '2026-11-27-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE notification_outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        group_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
    `);
  },
};
