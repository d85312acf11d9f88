import type { Migration } from './types';

/** Finished SLA instances per ticket, kept so that history is never recomputed (docs/sla.md). */
export const slaFinished: Migration = {
  id: '2026-11-24-sla-finished',
  up(db) {
    db.exec(`
      CREATE TABLE sla_finished (
        ticket TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        instances TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sla_finished_updated ON sla_finished (updated_at);
    `);
  },
};
