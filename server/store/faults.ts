import type { Database } from 'better-sqlite3';

/**
 * SQLite result codes (and their extended forms, `SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`…) that mean
 * "this write cannot be done now": a full disk or database size limit, a read-only file or connection, an I/O
 * error, a lock held too long. The hub keeps serving from memory and tries again; it never crashes on them.
 */
const WRITE_FAULTS = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL', 'SQLITE_NOLFS', 'SQLITE_PERM', 'SQLITE_CORRUPT', 'SQLITE_NOTADB'];

/** Whether an error is SQLite refusing a write for a reason outside the hub (see WRITE_FAULTS). */
export function isWriteFault(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && WRITE_FAULTS.some((c) => code === c || code.startsWith(`${c}_`));
}

/** How long a client is asked to wait (Retry-After) while the store cannot write. */
export const STORE_RETRY_AFTER_S = 5;

/** A write the store could not do now (disk full, read-only…): nothing of it was stored. */
export class StoreWriteError extends Error {
  readonly code = 'store_unavailable';
  readonly status = 503;
  readonly retryAfterS = STORE_RETRY_AFTER_S;
  constructor(readonly what: string, readonly reason: string, readonly sqliteCode: string, options?: { cause?: unknown }) {
    super(`the store cannot write (${what}): ${reason}`, options);
    this.name = 'StoreWriteError';
  }
}

/** Whether the store can write now, and if not, why and since when (`GET /api/health`). */
export interface StoreHealth {
  writable: boolean;
  /** SQLite's message and code, e.g. "database or disk is full (SQLITE_FULL)". */
  reason?: string;
  /** ISO instant of the first failed write of this fault. */
  since?: string;
}

type Log = { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };

export interface StoreFaults {
  health(): StoreHealth;
  readonly writable: boolean;
  /** Runs a write; a write fault marks the store not writable and is thrown as a StoreWriteError. */
  write<T>(what: string, fn: () => T): T;
  /** A best-effort write (a last-seen time, a prune): a write fault marks the store and is swallowed (undefined). */
  tryWrite<T>(what: string, fn: () => T): T | undefined;
  /**
   * Writes held in memory while the store cannot write: `flush` is called by each retry (it throws
   * StoreWriteError while it still cannot), `held` says how many wait (logged when the store closes).
   */
  hold(holder: { flush(): void; held(): number }): void;
  /** Checks now that the store can write (at start; in each retry). Returns whether it can. */
  probe(): boolean;
  /** Tries to write what is held, then probes: the retry the timer runs while the store cannot write. */
  retry(): boolean;
  /** Writes held that could not be stored. */
  held(): number;
  close(): void;
}

/** Free pages under `max_page_count` below which the database counts as full (a size limit reached). */
const HEADROOM_PAGES = 16;

/**
 * The store's write state. A write that fails with a write fault marks the store not writable (reason, since)
 * and starts a retry timer; each retry writes what the rooms hold in memory and then proves the store can
 * write again with a header write. Only a retry that succeeds marks it writable, so one small write that
 * happens to fit does not flap the state.
 */
export function createStoreFaults(db: Database, o: { log?: Log; retryMs: number; now?: () => number }): StoreFaults {
  const now = o.now ?? Date.now;
  const holders: { flush(): void; held(): number }[] = [];
  let fault: { reason: string; code: string; since: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function mark(what: string, err: Error & { code: string }): StoreWriteError {
    const reason = `${err.message} (${err.code})`;
    if (!fault) {
      fault = { reason, code: err.code, since: now() };
      o.log?.error({ what, code: err.code, reason: err.message }, 'the store cannot write: serving from memory and retrying');
      if (!closed) { timer = setInterval(() => { retry(); }, o.retryMs); timer.unref(); }
    } else fault.reason = reason;
    return new StoreWriteError(what, reason, err.code, { cause: err });
  }

  function write<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreWriteError) throw err; // a nested write: already marked
      if (isWriteFault(err)) throw mark(what, err);
      throw err;
    }
  }

  /** A size limit (`PRAGMA max_page_count`) with too few pages left counts as full, as SQLite would answer soon. */
  function atPageLimit(): boolean {
    const max = db.pragma('max_page_count', { simple: true }) as number;
    const used = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    return max - used + free < HEADROOM_PAGES;
  }

  function probe(): boolean {
    try {
      if (db.memory) return true;
      if (atPageLimit()) {
        if (!fault) mark('probe', Object.assign(new Error('database or disk is full: at its page limit (max_page_count)'), { code: 'SQLITE_FULL' }));
        return false;
      }
      // Rewrites the header: a real write, refused by a read-only file or connection and by a full disk.
      const version = db.pragma('user_version', { simple: true }) as number;
      write('probe', () => db.pragma(`user_version = ${version}`));
      return true;
    } catch (err) {
      if (err instanceof StoreWriteError) return false;
      throw err;
    }
  }

  function retry(): boolean {
    if (!fault) return true;
    try {
      if (!probe()) return false;
      for (const h of holders) h.flush();
    } catch (err) {
      if (err instanceof StoreWriteError || isWriteFault(err)) return false;
      o.log?.error({ err }, 'the store could not retry its held writes');
      return false;
    }
    o.log?.info({ since: new Date(fault.since).toISOString(), reason: fault.reason }, 'the store can write again');
    fault = undefined;
    clearInterval(timer);
    timer = undefined;
    return true;
  }

  return {
    health: () => (fault ? { writable: false, reason: fault.reason, since: new Date(fault.since).toISOString() } : { writable: true }),
    get writable() { return !fault; },
    write,
    tryWrite<T>(what: string, fn: () => T): T | undefined {
      try { return write(what, fn); } catch (err) { if (err instanceof StoreWriteError) return undefined; throw err; }
    },
    hold: (holder) => { holders.push(holder); },
    probe,
    retry,
    held: () => holders.reduce((n, h) => n + h.held(), 0),
    close: () => { closed = true; clearInterval(timer); timer = undefined; },
  };
}
