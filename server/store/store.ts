import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { withDerivedHistory, type CanonicalRecord, type RecordChange, type RecordType, type SourcedRecord } from '../model';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export interface Store {
  /**
   * Stores a source's batch and its new cursor in one transaction and returns what changed.
   * A record older than the stored one is ignored (newest wins), so overlapping polls are harmless.
   */
  applyBatch(source: string, records: CanonicalRecord[], cursor: unknown): RecordChange[];
  getCursor<T = unknown>(source: string): T | undefined;
  /** Every stored record, for rebuilding aggregates at start. Streams rows; never loads all at once. */
  iterateRecords(type?: RecordType): IterableIterator<SourcedRecord>;
  countRecords(source?: string): number;
  close(): void;
}

/** Opens (creating if needed) the SQLite store at `path`; `:memory:` is allowed. */
export function createStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, MIGRATIONS);

  const select = db.prepare<[string, string, string], { data: string }>(
    'SELECT data FROM records WHERE type = ? AND source = ? AND id = ?');
  const upsert = db.prepare(`INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (type, source, id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data`);
  const saveCursor = db.prepare(`INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  const readCursor = db.prepare<[string], { cursor: string }>('SELECT cursor FROM source_cursors WHERE source = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records');
  const countSource = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM records WHERE source = ?');

  const applyBatch = db.transaction((source: string, records: CanonicalRecord[], cursor: unknown) => {
    const changes: RecordChange[] = [];
    for (const incoming of records) {
      const row = select.get(incoming.type, source, incoming.id);
      const before = row ? (JSON.parse(row.data) as SourcedRecord) : undefined;
      if (before && before.updated_at > incoming.updated_at) continue;
      const after = { ...withDerivedHistory(incoming, before), source } as SourcedRecord;
      const data = JSON.stringify(after);
      if (row && row.data === data) continue; // an overlap re-delivery: nothing changed
      upsert.run(after.type, source, after.id, after.updated_at, data);
      changes.push(before ? { before, after } : { after });
    }
    saveCursor.run(source, JSON.stringify(cursor ?? null), new Date().toISOString());
    return changes;
  });

  return {
    applyBatch: (source, records, cursor) => applyBatch(source, records, cursor),
    getCursor<T>(source: string) {
      const row = readCursor.get(source);
      return row ? (JSON.parse(row.cursor) as T) : undefined;
    },
    *iterateRecords(type?: RecordType) {
      const stmt = type
        ? db.prepare<[string], { data: string }>('SELECT data FROM records WHERE type = ?')
        : db.prepare<[], { data: string }>('SELECT data FROM records');
      const rows = type ? (stmt as Database.Statement<[string], { data: string }>).iterate(type)
        : (stmt as Database.Statement<[], { data: string }>).iterate();
      for (const row of rows) yield JSON.parse(row.data) as SourcedRecord;
    },
    countRecords: (source) => (source ? countSource.get(source)!.n : countAll.get()!.n),
    close: () => db.close(),
  };
}
