import { DateTime } from 'luxon';
import type { PolledSourceConfig } from './config';

const DAY = 86_400_000;

/**
 * Where a first run begins reading, given the instant it starts: every record changed at or after the answer is
 * read (a record created, won or solved then was changed then too). 0 is the vendor's whole history; null means
 * it cannot be told, and the source then never counts as covering a span (docs/metrics.md, Comparisons).
 */
export type BackfillStart = (now: number) => number | null;

type Options = Record<string, unknown>;

/** The instant of a `since` option (ISO with offset, validated by the connector's schema); absent: everything. */
const sinceOption = (options: Options): BackfillStart => {
  const since = options.since;
  return () => (typeof since === 'string' ? Date.parse(since) : 0);
};

/** `backfill_days` (service desks) or `history_days` (the demo) before the first run. */
const daysBack = (option: string) => (options: Options): BackfillStart => {
  const days = options[option];
  return (now: number) => (typeof days === 'number' ? now - days * DAY : null);
};

/**
 * The `sql` connector's `since` is a watermark value "in the column's own format". A time (ISO, or naive in the
 * source's zone, as its rows are read) is where it starts; a number or anything else (an id, a row version)
 * says nothing about time: unknown. Absent: every row.
 */
function sqlSince(options: Options, timezone: string): BackfillStart {
  const since = options.since;
  if (since === undefined) return () => 0;
  if (typeof since !== 'string') return () => null;
  const zone = typeof options.timezone === 'string' ? options.timezone : timezone;
  const text = since.trim();
  const at = [DateTime.fromISO(text, { zone }), DateTime.fromSQL(text, { zone })].find((d) => d.isValid);
  return () => (at ? at.toMillis() : null);
}

/**
 * What each connector's first run reads, by kind, from its options (see each connector's `since`,
 * `backfill_days` or `history_days`). A kind missing here is unknown: a unit test keeps every connector listed.
 */
export const BACKFILL_STARTS: Record<string, (options: Options, timezone: string) => BackfillStart> = {
  demo: daysBack('history_days'),
  zendesk: daysBack('backfill_days'),
  freshdesk: daysBack('backfill_days'),
  zammad: daysBack('backfill_days'),
  salesforce: sinceOption,
  hubspot: sinceOption,
  odoo: sinceOption,
  erpnext: sinceOption,
  sapb1: sinceOption,
  // Its first sync sends no `updated_since`: it reads every record the API lists.
  'http-json': () => () => 0,
  sql: sqlSince,
};

/** Where a configured polled source's first run begins reading (see BackfillStart). */
export function backfillStart(source: PolledSourceConfig, timezone: string): BackfillStart {
  const rule = BACKFILL_STARTS[source.kind];
  return rule ? rule((source.options ?? {}) as Options, timezone) : () => null;
}
