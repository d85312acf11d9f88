export { isoSeconds } from '../../model';
import { isoToUtc, naiveToUtc } from '../../model';
import type { Logger } from 'pino';
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES, toUtcIso, type TicketEvent, type TicketStatus } from '../../model';
import { parseDuration } from '../../protocol';

/** What the service-desk connectors (Zendesk, Freshdesk, Zammad) share: option pieces, instants, events. */

const duration = z.string().transform((text, ctx) => {
  try { return parseDuration(text); } catch { ctx.addIssue({ code: 'custom', message: 'expected a duration such as "90s", "2m" or "1h"' }); return z.NEVER; }
});

/**
 * `accounts_interval`: the account objects (organizations, companies) change far less often than tickets, and their reads share
 * the tickets' request budget, so they are read at most this often (a duration; `fallback` in ms).
 */
export const accountsInterval = (fallback: number) => duration.default(fallback);

/** Options every service-desk connector takes, each with its default. */
export const serviceDeskOptions = {
  /** Vendor status (name or id, as text) → canonical status; merged over the connector's defaults. */
  status_map: z.record(z.string(), z.enum(TICKET_STATUSES)).default({}),
  /** Vendor priority (name or id, as text) → canonical priority; merged over the connector's defaults. */
  priority_map: z.record(z.string(), z.enum(TICKET_PRIORITIES)).default({}),
  /** Vendor group id (or name) → the group name shown on screens; unmapped groups keep the vendor's name. */
  group_map: z.record(z.string(), z.string()).default({}),
  /** Put on every ticket of this source, for the `department` filter. */
  department: z.string().min(1).max(100).optional(),
  /** How far back the first poll reads. */
  backfill_days: z.number().int().min(0).max(3650).default(30),
  /** Each poll re-reads this much before the newest change it has seen: search indexes lag and boundaries are inclusive. */
  overlap: duration.default(120_000),
};

/**
 * A vendor instant as UTC ISO. These vendors send UTC (`…Z`); a string without a zone is read as UTC
 * too, never as the hub's local time. Unix numbers are seconds unless `unit` says otherwise.
 */
export function utcInstant(value: string | number, unit: 's' | 'ms' = 's'): string {
  if (typeof value === 'number') return toUtcIso(unit === 's' ? value * 1000 : value);
  try {
    return /(Z|[+-]\d\d:?\d\d)$/i.test(value.trim()) ? isoToUtc(value) : naiveToUtc(value, 'UTC');
  } catch (err) {
    throw new Error(`not a time: ${JSON.stringify(value)}`, { cause: err });
  }
}

/** `utcInstant` for optional vendor fields: null, undefined and "" give undefined. */
export function maybeUtc(value: string | number | null | undefined, unit: 's' | 'ms' = 's'): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : utcInstant(value, unit);
}

type Candidate = { at: string | undefined } & (
  | { kind: 'comment'; by: 'customer' | 'agent'; public: boolean }
  | { kind: 'status'; to: TicketStatus });

/**
 * The events a vendor's timestamps allow, in time order: undated ones dropped, a status repeated in a row
 * kept once, and the current status last (at `statusAt`) when the timestamps did not already end in it.
 */
export function ticketEvents(candidates: Candidate[], current: TicketStatus, statusAt: string | undefined): TicketEvent[] {
  const dated = candidates.filter((e): e is Candidate & { at: string } => e.at !== undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const events: TicketEvent[] = [];
  const seen = new Set<string>();
  let last: { at: string; to: TicketStatus } | undefined;
  for (const e of dated) {
    if (e.kind === 'status') {
      if (e.to === last?.to) continue;
      last = { at: e.at, to: e.to };
    }
    const key = JSON.stringify(e);
    if (seen.has(key)) continue; // e.g. Freshdesk's first and last agent reply being one reply
    seen.add(key);
    events.push(e as TicketEvent);
  }
  // The current status is known to hold since `statusAt`, unless the timestamps already said so later.
  if (last?.to !== current && statusAt && (!last || Date.parse(statusAt) >= Date.parse(last.at))) {
    events.push({ at: statusAt, kind: 'status', to: current });
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
  return events;
}

/** Looks a vendor value up in the config's map first, then in the connector's defaults. */
export function mapped<T>(value: string | number | null | undefined, overrides: Record<string, T>, defaults: Record<string, T>): T | undefined {
  if (value === null || value === undefined) return undefined;
  const key = String(value);
  return overrides[key] ?? defaults[key];
}

/** The time-based progress of a first-run backfill: seconds of the window read so far, of all. */
export function backfillProgress(backfill: { from: number; to: number } | undefined, reached: number | undefined) {
  if (!backfill) return {};
  const total = Math.max(1, Math.round((backfill.to - backfill.from) / 1000));
  const done = Math.min(total, Math.max(0, Math.round(((reached ?? backfill.from) - backfill.from) / 1000)));
  return { progress: { done, total } };
}

/**
 * Maps each vendor item; one that cannot be mapped (an unreadable timestamp, say) is logged and left out,
 * so a single bad ticket never stalls the cursor for the rest.
 */
export function mapEach<T extends { id?: unknown }, R>(items: T[], map: (item: T) => R, log: Logger, source: string): R[] {
  return items.flatMap((item) => {
    try { return [map(item)]; } catch (err) {
      log.warn({ source, id: item.id, error: err instanceof Error ? err.message : String(err) }, 'vendor record skipped: cannot map it');
      return [];
    }
  });
}

