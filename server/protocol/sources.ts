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
}
