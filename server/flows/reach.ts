import { withDerivedHistory, type Deal, type Order, type SourcedRecord, type Ticket } from '../model';
import type { StepOn } from './config';

/** A deal's stages or an order's statuses over time, as the record holds them (in any order): values and instants. */
interface History { values: string[]; times: number[]; current: string; updated: number }

/**
 * Its history, or (a record handed over without one) the history the store derives for it, read once. It ends in
 * the current value: when the latest entry shows another, the current one holds from updated_at (not before that
 * entry). The same reading as the deal and order metrics (docs/metrics.md, Status over time).
 */
function historyOf(record: Deal | Order): History {
  const own = (record.history?.length ? record.history : (withDerivedHistory(record) as Deal | Order).history ?? []) as { stage?: string; status?: string; at: string }[];
  const values = own.map((h) => (h.stage ?? h.status)!);
  const times = own.map((h) => Date.parse(h.at));
  return { values, times, current: record.type === 'deal' ? record.stage : record.status, updated: Date.parse(record.updated_at) };
}

/** The latest entry: the last of those at the latest instant (as a stable sort by time leaves them). */
function latest(h: History): { value: string | undefined; t: number } {
  let t = -Infinity, value: string | undefined;
  for (let i = 0; i < h.times.length; i++) if (h.times[i]! >= t) { t = h.times[i]!; value = h.values[i]; }
  return { value, t };
}

/** The first arrival at `value`: its earliest entry, or the current value since updated_at when no entry shows it. */
function firstArrival(h: History, value: string): number | undefined {
  let first: number | undefined;
  for (let i = 0; i < h.times.length; i++) if (h.values[i] === value && (first === undefined || h.times[i]! < first)) first = h.times[i];
  if (first !== undefined || value !== h.current) return first;
  return Math.max(latest(h).t, h.updated);
}

/**
 * When a deal reached a stage. Won and lost are outcomes, as every deal metric reads them (won means won now):
 * reached only while the deal stands there now, at its last arrival there, so a deal won, reopened and won again
 * starts its flow at the second win, and one won and then lost has not reached won. Any other stage: at the
 * deal's first arrival at it.
 */
function dealReached(h: History, stage: Deal['stage']): number | undefined {
  if (stage !== 'won' && stage !== 'lost') return firstArrival(h, stage);
  if (h.current !== stage) return undefined;
  const end = latest(h);
  if (end.value !== stage) return Math.max(end.t, h.updated); // the history lags: won since updated_at
  // The start of the last unbroken run of the stage, in time order (a stable sort: entries at one instant keep theirs).
  const order = h.times.map((t, i) => i).sort((a, b) => h.times[a]! - h.times[b]!);
  let i = order.length - 1;
  while (i > 0 && h.values[order[i - 1]!] === stage) i--;
  return h.times[order[i]!];
}

/**
 * When a ticket reached a status, read as the SLA clocks read it: `new` at creation, then its status events in time
 * order, and a current status no event shows taken to hold since updated_at (not before creation).
 */
function ticketReached(ticket: Ticket, status: Ticket['status']): number | undefined {
  const created = Date.parse(ticket.created_at);
  if (status === 'new') return created;
  let first: number | undefined;
  let lastAt = -Infinity, lastTo: string | undefined;
  for (const e of ticket.events ?? []) {
    if (e.kind !== 'status') continue;
    const t = Date.parse(e.at);
    if (e.to === status && (first === undefined || t < first)) first = t;
    if (t >= lastAt) { lastAt = t; lastTo = e.to; }
  }
  if (first !== undefined) return Math.max(created, first);
  if (ticket.status === status && lastTo !== status) return Math.max(created, Date.parse(ticket.updated_at));
  return undefined;
}

/**
 * A reader of when `record` reached each event `on` (epoch ms; undefined: not reached, or another type of record).
 * A deal's or order's history is read once, however many steps ask.
 */
export function reachReader(record: SourcedRecord): (on: StepOn) => number | undefined {
  let history: History | undefined;
  return (on) => {
    if (record.type !== on.type) return undefined;
    switch (on.type) {
      case 'deal': return dealReached((history ??= historyOf(record as Deal)), on.stage);
      // An order's first arrival at the status, whatever came after; `new` at its creation.
      case 'order': return on.status === 'new' ? Date.parse(record.created_at) : firstArrival((history ??= historyOf(record as Order)), on.status);
      case 'ticket': return 'event' in on ? Date.parse(record.created_at) : ticketReached(record as Ticket, on.status);
    }
  };
}

/** When `record` reached the event `on` (epoch ms), or undefined: not reached, or another type of record. */
export const reachedAt = (record: SourcedRecord, on: StepOn): number | undefined => reachReader(record)(on);
