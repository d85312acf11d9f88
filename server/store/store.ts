import Database, { type Database as Connection } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FinishedClocks, SlaInstance } from '../protocol';
import { withDerivedHistory, type CanonicalRecord, type RecordChange, type RecordType, type SourcedRecord } from '../model';
import { createAlertTables, type AlertTables } from './alerts';
import { createAccessTables, type AccessTables } from './access';
import { createStoreFaults, isWriteFault, StoreWriteError, type StoreHealth } from './faults';
import { applyMigrations, guardSchema } from './migrate';
import { MIGRATIONS } from './migrations';
import { createOutboxTable, type OutboxTable } from './outbox';

export interface Store {
  /**
   * Stores a source's batch and its new cursor in one transaction and returns what changed.
   * A record older than the stored one is ignored (newest wins), so overlapping polls are harmless.
   * Throws StoreWriteError when the store cannot write: then neither the records nor the cursor are stored.
   */
  applyBatch(source: string, records: CanonicalRecord[], cursor: unknown, coverage?: SourceCoverage): RecordChange[];
  getCursor<T = unknown>(source: string): T | undefined;
  /** Where a source's data is complete from, as last stored with its cursor (`applyBatch`), or undefined. */
  getCoverage(source: string): SourceCoverage | undefined;
  /** One stored record of a source, as stored (with `source`), or undefined. */
  getRecord(source: string, type: RecordType, id: string): SourcedRecord | undefined;
  /** Every stored record, for rebuilding aggregates at start. Streams rows; never loads all at once. */
  iterateRecords(type?: RecordType): IterableIterator<SourcedRecord>;
  /**
   * A source's records that name one customer account (`account_id`), newest change first, at most `limit`: read by
   * the index on the account (migration 2026-12-07), never a scan. Account records themselves are not among them.
   */
  recordsOfAccount(source: string, accountId: string, limit: number): SourcedRecord[];
  /**
   * The stored tickets that are not solved, closed or deleted: the only ones that can have a live SLA clock
   * (`mayHaveLiveClocks`). SQLite picks them from the stored JSON, so a start parses only these, not a million.
   */
  iterateOpenTickets(): IterableIterator<SourcedRecord>;
  countRecords(source?: string): number;
  /**
   * A source's stored orders and deals that name a currency but have no `amount_reporting` (tombstones aside),
   * per currency as they name it: those no rate converted (the currency room's `withoutRate`, asked of SQLite).
   */
  countWithoutRate(source: string): Record<string, number>;
  /**
   * Brings stored records up to date with a setting a field of theirs is derived from (the currency config for
   * `amount_reporting`): when `fingerprint` is not the one kept under `name`, every record of `types` goes
   * through `derive` and is rewritten where it changed (one transaction per page), then the fingerprint is kept.
   * Returns the records rewritten, or null when the fingerprint was current. Throws StoreWriteError when the store
   * cannot write; the fingerprint is then not kept, so the next start does it again (`derive` must be idempotent).
   */
  rederive(name: string, fingerprint: string, types: readonly RecordType[], derive: (r: SourcedRecord) => SourcedRecord): number | null;
  /**
   * Finished SLA instances per ticket; writes are batched into one transaction per turn of the event loop,
   * or per FINISHED_BATCH tickets when a start keeps many in one turn.
   */
  slaFinished: FinishedClocks & {
    /** Drops the kept instances of tickets last updated before `before` (ISO): no window reaches them. */
    prune(before: string): number;
  };
  /** Alerts, silences and notification groups (the alerts room's documents). */
  alerts: AlertTables;
  /** Sessions, paired displays and the audit log (the access room's tables). */
  access: AccessTables;
  /** Notifications kept from before their first try until sent or finally failed. */
  outbox: OutboxTable;
  /**
   * Whether the store can write. A write refused for a full disk, a read-only file, an I/O error or a lock
   * (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_BUSY…) marks it not writable; periodic writes are
   * then held in memory and the store retries every few seconds until a retry succeeds.
   */
  health(): StoreHealth;
  /** Test hook only: the store's own SQLite connection, to inject faults (`PRAGMA max_page_count`, `PRAGMA query_only`). */
  readonly db: Connection;
  close(): void;
}

/**
 * Where a source's stored data is complete from: `from` (epoch ms) is where its first backfill began reading
 * (every record changed at or after it is read), `complete` whether that backfill has reached its end.
 */
export interface SourceCoverage { from: number; complete: boolean }

export interface StoreOptions {
  log?: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };
  /** Pragmas run on the connection before anything else (tests open a store query-only this way). */
  pragmas?: readonly string[];
  /** How often the store retries while it cannot write (default 2 s). */
  retryMs?: number;
}

/** Finished SLA instances written per transaction at most. */
const FINISHED_BATCH = 5_000;
/** Records read per query when iterating. */
const RECORD_PAGE = 1_000;

/**
 * Opens (creating if needed) the SQLite store at `path`; `:memory:` is allowed. A database that cannot be
 * written opens (not writable, see `health`) when its schema is current; when it needs a migration, opening
 * throws a StoreWriteError naming the reason. A database written by a newer OpsWall is refused (StoreVersionError)
 * before anything is written to it; an older one is copied beside itself (`guardSchema`), then migrated in place.
 */
export function createStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  for (const pragma of options.pragmas ?? []) db.pragma(pragma);
  const faults = createStoreFaults(db, { log: options.log, retryMs: options.retryMs ?? 2_000 });
  try {
    const { pending, copy } = guardSchema(db, path, MIGRATIONS); // before journal_mode: a refused file is never written
    faults.tryWrite('open', () => db.pragma('journal_mode = WAL')); // a no-op on a database already in WAL
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, pending); // writes only when the schema is not current
    if (copy) options.log?.info({ copy, migrated: pending.map((m) => m.id) }, `the database schema was older than this version's: copied to ${copy}, then migrated`);
  } catch (err) {
    faults.close();
    db.close();
    if (isWriteFault(err)) {
      throw new StoreWriteError('schema migration', `${err.message} (${err.code}); the database at ${path} needs its schema migrated, which needs one write`, err.code, { cause: err });
    }
    throw err;
  }

  const select = db.prepare<[string, string, string], { data: string }>(
    'SELECT data FROM records WHERE type = ? AND source = ? AND id = ?');
  const upsert = db.prepare(`INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (type, source, id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data`);
  const saveCursor = db.prepare(`INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  const readCursor = db.prepare<[string], { cursor: string }>('SELECT cursor FROM source_cursors WHERE source = ?');
  const saveCoverage = db.prepare('UPDATE source_cursors SET backfill_from = ?, backfill_done = ? WHERE source = ?');
  const readCoverage = db.prepare<[string], { from: number | null; done: number }>(
    'SELECT backfill_from AS "from", backfill_done AS done FROM source_cursors WHERE source = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records');
  const countSource = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM records WHERE source = ?');

  type KeyedRow = { type: string; source: string; id: string; data: string };
  const pageOfAll = {
    first: db.prepare<[number], KeyedRow>('SELECT type, source, id, data FROM records ORDER BY type, source, id LIMIT ?'),
    after: db.prepare<[string, string, string, number], KeyedRow>(
      'SELECT type, source, id, data FROM records WHERE (type, source, id) > (?, ?, ?) ORDER BY type, source, id LIMIT ?'),
  };
  const pageOfType = {
    first: db.prepare<[string, number], KeyedRow>('SELECT type, source, id, data FROM records WHERE type = ? ORDER BY source, id LIMIT ?'),
    after: db.prepare<[string, string, string, number], KeyedRow>(
      'SELECT type, source, id, data FROM records WHERE type = ? AND (source, id) > (?, ?) ORDER BY source, id LIMIT ?'),
  };
  const OPEN_TICKET = `type = 'ticket' AND coalesce(json_extract(data, '$.status'), '') NOT IN ('solved', 'closed', 'deleted')`;
  const pageOfOpenTickets = {
    first: db.prepare<[number], KeyedRow>(`SELECT type, source, id, data FROM records WHERE ${OPEN_TICKET} ORDER BY source, id LIMIT ?`),
    after: db.prepare<[string, string, number], KeyedRow>(
      `SELECT type, source, id, data FROM records WHERE ${OPEN_TICKET} AND (source, id) > (?, ?) ORDER BY source, id LIMIT ?`),
  };
  // In pages by primary key, not through one open query: between rows the connection is free, so the finished
  // SLA instances a start keeps are written as it goes (better-sqlite3 refuses writes while a query iterates).
  function* paged(first: () => KeyedRow[], after: (last: KeyedRow) => KeyedRow[]): Generator<SourcedRecord> {
    for (let rows = first(); ;) {
      for (const row of rows) yield JSON.parse(row.data) as SourcedRecord;
      const last = rows[rows.length - 1];
      if (!last || rows.length < RECORD_PAGE) return;
      rows = after(last);
    }
  }

  // The same expression as the index records_by_account, so SQLite reads the index (store.test.ts checks the plan).
  const ofAccount = db.prepare<[string, string, number], { data: string }>(`SELECT data FROM records
    WHERE source = ? AND json_extract(data, '$.account_id') = ? ORDER BY updated_at DESC LIMIT ?`);

  const insertNew = db.prepare('INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');

  // Orders and deals of one source by the primary key (type, source, …); the same test as the currency room's `withoutRate`.
  const withoutRate = db.prepare<[string], { currency: string; n: number }>(`SELECT json_extract(data, '$.currency') AS currency, count(*) AS n
    FROM records WHERE type IN ('order', 'deal') AND source = ? AND json_type(data, '$.currency') = 'text'
      AND json_type(data, '$.amount_reporting') IS NULL AND coalesce(json_extract(data, '$.deleted'), 0) = 0
    GROUP BY 1`);
  const readDerivation = db.prepare<[string], { fingerprint: string }>('SELECT fingerprint FROM record_derivations WHERE name = ?');
  const keepDerivation = db.prepare(`INSERT INTO record_derivations (name, fingerprint, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`);
  const rewrite = db.prepare('UPDATE records SET data = ? WHERE type = ? AND source = ? AND id = ?');
  const rewritePage = db.transaction((page: SourcedRecord[]) => {
    for (const r of page) rewrite.run(JSON.stringify(r), r.type, r.source, r.id);
  });
  function rederive(name: string, fingerprint: string, types: readonly RecordType[], derive: (r: SourcedRecord) => SourcedRecord): number | null {
    if (readDerivation.get(name)?.fingerprint === fingerprint) return null;
    let rewritten = 0;
    let page: SourcedRecord[] = [];
    const flush = () => { faults.write(`records (${name})`, () => rewritePage(page)); rewritten += page.length; page = []; };
    for (const type of types) {
      // Pages are read whole (paged), so the connection is free for the writes between them.
      for (const record of paged(() => pageOfType.first.all(type, RECORD_PAGE), (last) => pageOfType.after.all(type, last.source, last.id, RECORD_PAGE))) {
        const derived = derive(record);
        if (derived !== record) page.push(derived);
        if (page.length >= RECORD_PAGE) flush();
      }
    }
    if (page.length > 0) flush();
    faults.write(`records (${name})`, () => keepDerivation.run(name, fingerprint, new Date().toISOString()));
    return rewritten;
  }

  const applyBatch = db.transaction((source: string, records: CanonicalRecord[], cursor: unknown, coverage?: SourceCoverage) => {
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
    if (coverage) saveCoverage.run(coverage.from, coverage.complete ? 1 : 0, source);
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
  // While the store cannot write, what is queued stays (reads answer it) and the store's retry writes it.
  const writeFinished = () => { if (pending.size > 0) faults.write('finished SLA instances', () => flushFinished()); };
  const flushNow = () => {
    if (flushing) clearImmediate(flushing);
    flushing = undefined;
    if (faults.writable) faults.tryWrite('finished SLA instances', writeFinished);
  };
  faults.hold({ flush: writeFinished, held: () => pending.size });

  const alerts = createAlertTables(db, faults);
  faults.hold(alerts);
  const outbox = createOutboxTable(db, faults);
  faults.hold(outbox);
  faults.probe(); // a database that cannot be written is known at once, not at the first write
  return {
    applyBatch: (source, records, cursor, coverage) => faults.write('records', () => applyBatch(source, records, cursor, coverage)),
    getRecord(source, type, id) {
      const row = select.get(type, source, id);
      return row ? (JSON.parse(row.data) as SourcedRecord) : undefined;
    },
    getCoverage(source) {
      const row = readCoverage.get(source);
      return row?.from == null ? undefined : { from: row.from, complete: row.done === 1 };
    },
    getCursor<T>(source: string) {
      const row = readCursor.get(source);
      return row ? (JSON.parse(row.cursor) as T) : undefined;
    },
    iterateRecords: (type) => (type
      ? paged(() => pageOfType.first.all(type, RECORD_PAGE), (last) => pageOfType.after.all(type, last.source, last.id, RECORD_PAGE))
      : paged(() => pageOfAll.first.all(RECORD_PAGE), (last) => pageOfAll.after.all(last.type, last.source, last.id, RECORD_PAGE))),
    recordsOfAccount: (source, accountId, limit) => ofAccount.all(source, accountId, limit).map((row) => JSON.parse(row.data) as SourcedRecord),
    iterateOpenTickets: () => paged(() => pageOfOpenTickets.first.all(RECORD_PAGE),
      (last) => pageOfOpenTickets.after.all(last.source, last.id, RECORD_PAGE)),
    countRecords: (source) => (source ? countSource.get(source)!.n : countAll.get()!.n),
    countWithoutRate: (source) => Object.fromEntries(withoutRate.all(source).map((row) => [row.currency, row.n])),
    rederive,
    slaFinished: {
      get(key) {
        const queued = pending.get(key);
        if (queued) return queued;
        const row = finishedGet.get(key);
        return row ? { updatedAt: row.updated_at, instances: JSON.parse(row.instances) as SlaInstance[] } : undefined;
      },
      put(key, updatedAt, instances) {
        pending.set(key, { updatedAt, instances });
        // A start that keeps a million tickets' instances in one turn writes them as it goes, not all held till the end.
        if (pending.size >= FINISHED_BATCH) flushNow();
        else flushing ??= setImmediate(flushNow);
      },
      prune(before) { flushNow(); return faults.tryWrite('finished SLA instances', () => finishedPrune.run(before).changes) ?? 0; },
    },
    alerts,
    access: createAccessTables(db, faults),
    outbox,
    health: () => faults.health(),
    db,
    close: () => {
      faults.close();
      for (const write of [writeFinished, alerts.flush, outbox.flush]) {
        try { write(); } catch (err) { if (!(err instanceof StoreWriteError) && !isWriteFault(err)) throw err; }
      }
      const lost = faults.held();
      if (lost > 0) options.log?.error({ writes: lost, ...faults.health() }, 'the store closes with writes it could not store');
      db.close();
    },
  };
}
