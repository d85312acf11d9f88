/** What the `sql` connector asks of a database driver (SQLite, PostgreSQL) during one poll. */

/** A value the watermark or id column holds (blobs and NULLs cannot be one). */
export type SqlKey = string | number;
export type SqlRow = Record<string, unknown>;

/** The options every driver reads: the tenant's query, its watermark column, the mapped columns (`id` among them) and link columns. */
export interface SqlSource {
  query: string;
  watermark_column: string;
  fields: Record<string, string>;
  /** Columns holding the ids of linked records. */
  links?: readonly { field: string }[];
}

/** One open, read-only connection for one poll. */
export interface SqlSession {
  /**
   * One keyset page, ordered by (watermark, id): rows whose watermark is at least `from` (null: from the
   * very first row), after the (watermark, id) pair `after` when given. Values as the database holds them.
   */
  page(from: SqlKey | null, after: { watermark: SqlKey; id: SqlKey } | undefined, limit: number): Promise<SqlRow[]>;
  /** How many rows the sync from `from` will read (backfill progress). */
  count(from: SqlKey | null): Promise<number>;
  /** The database's own order of two keys of one column. */
  compare(a: SqlKey, b: SqlKey): number;
  /** A row as the field mapping reads it (e.g. zoned time stamps made ISO); the keys are read from the raw row. */
  forMapping?(row: SqlRow): SqlRow;
  close(): Promise<void>;
}
