import type { Migration } from './types';

/**
 * Where each source's stored data is complete from, kept with its cursor: the instant its first backfill began
 * reading from (epoch ms) and whether that backfill finished (docs/metrics.md, Comparisons). A source that
 * already had a cursor before this migration began at an instant nobody wrote down: it counts as covered from
 * the upgrade on, which claims no more than the hub has seen since.
 */
export const coverage: Migration = {
  id: '2026-11-29-coverage',
  up(db) {
    db.exec(`
      ALTER TABLE source_cursors ADD COLUMN backfill_from INTEGER;
      ALTER TABLE source_cursors ADD COLUMN backfill_done INTEGER NOT NULL DEFAULT 0;
    `);
    db.prepare('UPDATE source_cursors SET backfill_from = ?, backfill_done = 1').run(Date.now());
  },
};
