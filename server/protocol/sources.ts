/** `syncing`: its first sync since it had no data is running, with no fault (its `backfill` says how far): not a fault. */
export type SourceState = 'ok' | 'syncing' | 'degraded' | 'down' | 'paused';

/** One source's health as REST and the socket report it (docs/api.md, REST). */
export interface SourceHealth {
  id: string;
  kind: string;
  state: SourceState;
  lastSuccessAt: string | null;
  lastError?: string;
  nextPollAt?: string;
  records: number;
  /** Seconds since the last successful poll. */
  lagSeconds?: number;
  /** While a backfill runs (a poll of many pages): records stored so far of the total the vendor announced. */
  backfill?: { done: number; total: number; pct: number };
  /** The record types this source feeds (order, ticket, deal): whose data age its polls refresh. */
  entities?: string[];
  /**
   * From which instant (UTC ISO) the store holds every record of this source: where its first backfill began
   * reading, once that backfill finished (`1970-01-01T00:00:00.000Z`: the vendor's whole history); for a push
   * source, its first batch. Absent while the first backfill runs, before anything was stored, or when it cannot
   * be told. A value's `previous` needs every source of its entity to cover the previous span (docs/metrics.md).
   */
  coveredFrom?: string;
  /**
   * Its stored orders and deals (tombstones aside) in a currency no configured rate converts to the reporting
   * currency: left out of money metrics until a rate covers them (docs/metrics.md § Money).
   */
  amountsWithoutRate?: AmountsWithoutRate;
}

/** Records without a rate to the reporting currency: how many, and how many per currency as the records name it. */
export interface AmountsWithoutRate { records: number; byCurrency: Record<string, number> }

/**
 * The hub's phase (docs/api.md, Health): `starting` before its sources are polled, `syncing` while a source is in its
 * first sync, `ready` after; `restarting` is sent to every socket as the hub stops (SIGTERM, SIGINT). `rebuilding` (the
 * store re-deriving records at start) is the phase the restart work adds; this version does not enter it yet.
 */
export type HubPhaseState = 'starting' | 'syncing' | 'rebuilding' | 'restarting' | 'ready';

/** One source's first sync: records stored so far, and of how many where the vendor says (`total`, `pct`). */
export interface SyncProgress { id: string; records: number; total: number | null; pct: number | null }

export interface HubPhase { state: HubPhaseState; syncing: SyncProgress[] }

/** The phase the sources' health tells: syncing while any is in its first sync, with each one's progress; else ready. */
export function phaseOf(sources: readonly SourceHealth[]): HubPhase {
  const syncing = sources.filter((s) => s.state === 'syncing').map((s) => ({
    id: s.id, records: s.backfill?.done ?? s.records, total: s.backfill?.total ?? null, pct: s.backfill?.pct ?? null,
  }));
  return { state: syncing.length > 0 ? 'syncing' : 'ready', syncing };
}
