import type { Logger } from 'pino';
import type { RecordType } from '../model';

export interface PollContext<C> {
  /** The cursor stored with the last page, or undefined on the first run. */
  cursor: C | undefined;
  now: number;
  /** Aborted when the poll's timeout passes; a connector hands it to every request it makes. */
  signal: AbortSignal;
  log: Logger;
}

export interface PollPage<C> {
  /** Candidate canonical records; each is validated, and a bad one is reported without losing the rest. */
  records: unknown[];
  /** Stored in the same transaction as this page's records. */
  cursor: C;
  /** More pages follow at once (paging to the end). */
  more?: boolean;
  /** Progress of a first-run backfill, for the log and `/api/sources`. */
  progress?: { done: number; total: number };
}

/** One vendor's API turned into canonical records and a cursor; the scheduler around it is shared. */
export interface Connector<C = unknown> {
  readonly kind: string;
  readonly entities: readonly RecordType[];
  poll(ctx: PollContext<C>): Promise<PollPage<C>>;
}
