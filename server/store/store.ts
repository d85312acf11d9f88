import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FinishedClocks, SlaInstance } from '../sla';
import { withDerivedHistory, type CanonicalRecord, type RecordChange, type RecordType, type SourcedRecord } from '../model';
import { createAlertTables, type AlertTables } from './alerts';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export interface Store {
  /**
   * Stores a source's batch and its new cursor in one transaction and returns what changed.
   * A record older than the stored one is ignored (newest wins), so overlapping polls are harmless.
   */
  applyBatch(source: string, records: CanonicalRecord[], cursor: unknown): RecordChange[];
  getCursor<T = unknown>(source: string): T | undefined;
  /** One stored record of a source, as stored (with `source`), or undefined. */
  getRecord(source: string, type: RecordType, id: string): SourcedRecord | undefined;
  /** Every stored record, for rebuilding aggregates at start. Streams rows; never loads all at once. */
  iterateRecords(type?: RecordType): IterableIterator<SourcedRecord>;
  countRecords(source?: string): number;
  /** Finished SLA instances per ticket; writes are batched into one transaction per turn of the event loop. */
  slaFinished: FinishedClocks & {
    /** Drops the kept instances of tickets last updated before `before` (ISO): no window reaches them. */
    prune(before: string): number;
  };
  /** Alerts, silences and notification groups (the alerts room's documents). */
  alerts: AlertTables;
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

  const insertNew = db.prepare('INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');

  const applyBatch = db.transaction((source: string, records: CanonicalRecord[], cursor: unknown) => {
    const changes: RecordChange[] = [];
    for (const incoming of records) {
      // A record not stored yet (most of a backfill) costs one INSERT; a known one is read and merged below.
      const fresh = { ...withDerivedHistory(incoming), source } as SourcedRecord;
      if (insertNew.run(fresh.type, source, fresh.id, fresh.updated_at, JSON.stringify(fresh)).changes === 1) {
        changes.push({ after: fresh });
        continue;
      }
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

  const finishedGet = db.prepare<[string], { updated_at: string; instances: string }>(
    'SELECT updated_at, instances FROM sla_finished WHERE ticket = ?');
  const finishedPut = db.prepare(`INSERT INTO sla_finished (ticket, updated_at, instances) VALUES (?, ?, ?)
    ON CONFLICT (ticket) DO UPDATE SET updated_at = excluded.updated_at, instances = excluded.instances`);
  const finishedPrune = db.prepare('DELETE FROM sla_finished WHERE updated_at < ?');
  const pending = new Map<string, { updatedAt: string; instances: SlaInstance[] }>();
  let flushing: NodeJS.Immediate | undefined;
  const flushFinished = db.transaction(() => {
    for (const [key, row] of pending) finishedPut.run(key, row.updatedAt, JSON.stringify(row.instances));
    pending.clear();
  });
  const flushNow = () => { if (flushing) clearImmediate(flushing); flushing = undefined; if (pending.size > 0) flushFinished(); };

  const alerts = createAlertTables(db);
  return {
    applyBatch: (source, records, cursor) => applyBatch(source, records, cursor),
    getRecord(source, type, id) {
      const row = select.get(type, source, id);
      return row ? (JSON.parse(row.data) as SourcedRecord) : undefined;
    },
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
    slaFinished: {
      get(key) {
        const queued = pending.get(key);
        if (queued) return queued;
        const row = finishedGet.get(key);
        return row ? { updatedAt: row.updated_at, instances: JSON.parse(row.instances) as SlaInstance[] } : undefined;
      },
      put(key, updatedAt, instances) {
        pending.set(key, { updatedAt, instances });
        flushing ??= setImmediate(flushNow);
      },
      prune(before) { flushNow(); return finishedPrune.run(before).changes; },
    },
    alerts,
    close: () => { flushNow(); alerts.flush(); db.close(); },
  };
}
