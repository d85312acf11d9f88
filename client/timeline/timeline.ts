import type { TimelineEntry, TimelineInstance, TimelineInstanceStep } from '../../server/protocol';

/** Pure parts of the customer timeline page: ordering, day groups, the step strip's states and time labels. */

/** Oldest first by `at`; entries at the same instant keep the hub's order (Array.prototype.sort is stable). */
export function inTimeOrder<E extends { at: string }>(entries: readonly E[]): E[] {
  const keyed = entries.map((e) => ({ e, t: Date.parse(e.at) }));
  // An unreadable time sorts last rather than scrambling the rest (NaN comparisons are not an order).
  keyed.sort((a, b) => (Number.isNaN(a.t) ? 1 : 0) - (Number.isNaN(b.t) ? 1 : 0) || (a.t - b.t) || 0);
  return keyed.map((k) => k.e);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const id = timeZone ?? '';
  let f = dayFormats.get(id);
  if (!f) {
    // en-CA writes the ISO calendar date (2026-12-07), whatever the wall's language.
    f = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) });
    dayFormats.set(id, f);
  }
  return f;
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone (the browser's when none is given). */
export function dayOf(at: string, timeZone?: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? '' : dayFormat(timeZone).format(t);
}

export interface DayGroup<E> { day: string; entries: E[] }

/** Entries in time order, cut into runs of one calendar day each. */
export function groupByDay<E extends { at: string }>(entries: readonly E[], timeZone?: string): DayGroup<E>[] {
  const groups: DayGroup<E>[] = [];
  for (const e of inTimeOrder(entries)) {
    const day = dayOf(e.at, timeZone);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.entries.push(e);
    else groups.push({ day, entries: [e] });
  }
  return groups;
}

/** What one cell of a step strip shows. */
export type StepState = 'done' | 'late' | 'stuck' | 'waiting' | 'pending';

export function stepState(step: TimelineInstanceStep): StepState {
  if (step.reached_at !== null) return step.late === true ? 'late' : 'done';
  if (step.stuck) return 'stuck';
  if (step.waiting) return 'waiting';
  return 'pending';
}

export interface StripCell extends TimelineInstanceStep {
  state: StepState;
  /** Business time of the hand-off into this step (seconds), from the step's timeline entry; absent when unknown. */
  handoff_s?: number;
  /** While waiting or stuck: since when (the latest step reached before this one), or null when none was. */
  since: string | null;
}

/**
 * The step strip of one instance: each step with its state, its hand-off time (the hub measures hand-offs in business
 * time, so it is taken from the step's entry, never recomputed from wall-clock times) and, for the step it waits at,
 * since when it waits.
 */
export function stripOf(instance: TimelineInstance, entries: readonly TimelineEntry[]): StripCell[] {
  const handoffs = new Map<string, number>();
  for (const e of entries) {
    if (e.kind === 'step' && e.flow === instance.flow && e.instance === instance.id && e.handoff_s !== undefined) handoffs.set(e.step, e.handoff_s);
  }
  let lastReached: string | null = null;
  let lastReachedAt = -Infinity;
  return instance.steps.map((step) => {
    const state = stepState(step);
    const cell: StripCell = { ...step, state, since: state === 'waiting' || state === 'stuck' ? lastReached : null };
    const handoff = handoffs.get(step.step);
    if (handoff !== undefined) cell.handoff_s = handoff;
    const t = step.reached_at === null ? NaN : Date.parse(step.reached_at);
    if (!Number.isNaN(t) && t >= lastReachedAt) { lastReached = step.reached_at; lastReachedAt = t; }
    return cell;
  });
}

/**
 * The strips' order: the highlighted instance (the one a click on the stuck queue opened the page for), then those stuck
 * somewhere, then those waiting, then the rest; within each, the most recently started first.
 */
export function instancesInOrder(instances: readonly TimelineInstance[], highlight: { flow: string; instance: string } | null = null): TimelineInstance[] {
  const open = (i: TimelineInstance) => (isHighlighted(highlight, i.flow, i.id) ? -1 : i.steps.some((s) => s.stuck) ? 0 : i.steps.some((s) => s.waiting) ? 1 : 2);
  const start = (i: TimelineInstance) => {
    const times = i.steps.map((s) => (s.reached_at === null ? NaN : Date.parse(s.reached_at))).filter((t) => !Number.isNaN(t));
    return times.length > 0 ? Math.min(...times) : -Infinity;
  };
  return [...instances].sort((a, b) => open(a) - open(b) || start(b) - start(a));
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
/** A short local time for the page: "12-07 14:05" (month-day hour:minute, 24 h), the same in both languages. */
export function formatWhen(at: string, timeZone?: string): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return '—';
  const id = timeZone ?? '';
  let f = clockFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    clockFormats.set(id, f);
  }
  const parts = Object.fromEntries(f.formatToParts(t).map((p) => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The `?flow=&instance=` of the page's URL, when both are given as single strings. */
export function highlightOf(query: Record<string, unknown>): { flow: string; instance: string } | null {
  const { flow, instance } = query;
  return typeof flow === 'string' && flow !== '' && typeof instance === 'string' && instance !== '' ? { flow, instance } : null;
}

export const isHighlighted = (h: { flow: string; instance: string } | null, flow: string, instance: string): boolean =>
  h !== null && h.flow === flow && h.instance === instance;
