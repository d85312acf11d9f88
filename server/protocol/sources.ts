export type SourceState = 'ok' | 'degraded' | 'down' | 'paused';

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
