import type { Migration } from './types';

/** Alerts, silences and notification groups, so a restart neither loses an alert nor notifies it again (§2.5). */
export const alerts: Migration = {
  id: '2026-11-25-alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        alert_key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE alert_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
