import type { Migration } from './types';

/**
 * A record's customer account (`account_id` inside its JSON) indexed per source, newest first: a customer's timeline
 * (GET /api/customers/:id/timeline) reads the records of its accounts by this index, never a scan of the million.
 * Partial: records without an account (most tickets of a service desk without organizations) take no room in it.
 */
export const recordsByAccount: Migration = {
  id: '2026-12-07-records-by-account',
  up(db) {
    db.exec(`CREATE INDEX records_by_account ON records (source, json_extract(data, '$.account_id'), updated_at)
      WHERE json_extract(data, '$.account_id') IS NOT NULL`);
  },
};
