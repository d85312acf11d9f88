import { BeyondHorizonError, HORIZON_MS } from './horizon';
import { isoInstant as iso } from './iso';
import type { TimeBase } from './time-base';
import type { ClockInput, SlaInstance } from './types';

/** Counted seconds from the start to `at`, pauses taken out (rule T2). */
export function elapsedAt(input: ClockInput, base: TimeBase, at: number): number {
  let total = base.elapsed(input.startedAt, Math.max(input.startedAt, at));
  for (const pause of input.pauses) {
    const from = Math.max(pause.start, input.startedAt);
    const to = Math.min(pause.end ?? at, at);
    if (to > from) total -= base.elapsed(from, to);
  }
  return Math.max(0, total);
}

/**
 * The instant at which `seconds` counted seconds have passed, walking around the pauses (rule T3);
 * null when the clock is paused, with no end known, before it gets there (rule T6).
 */
export function instantAfter(input: ClockInput, base: TimeBase, seconds: number): number | null {
  return instantAfterPauses(input.startedAt, input.pauses, base, seconds);
}

/**
 * The due instant of `seconds` from `startedAt` around the pauses. A due time past the horizon (from where the
 * clock last resumes) is a BeyondHorizonError of the whole clock: its start, its target, and the most that fits.
 */
function instantAfterPauses(startedAt: number, pauses: ClockInput['pauses'], base: TimeBase, seconds: number): number | null {
  try {
    return walkPauses(startedAt, pauses, base, seconds);
  } catch (err) {
    if (!(err instanceof BeyondHorizonError)) throw err;
    throw new BeyondHorizonError(startedAt, seconds, seconds - err.seconds + err.allowedSeconds, err.calendarId);
  }
}

function walkPauses(startedAt: number, pauses: ClockInput['pauses'], base: TimeBase, seconds: number): number | null {
  let cursor = startedAt;
  let remaining = seconds;
  for (const pause of pauses) {
    if ((pause.end ?? Infinity) <= cursor) continue;
    const upTo = Math.max(cursor, pause.start);
    const available = base.elapsed(cursor, upTo);
    if (available >= remaining) return base.add(cursor, remaining);
    remaining -= available;
    if (pause.end === undefined) return null;
    cursor = pause.end;
  }
  return base.add(cursor, remaining);
}

/** The pauses that began by `t`: later ones have not happened as far as an instant up to `t` is concerned. */
const pausesBy = (pauses: ClockInput['pauses'], t: number) => (pauses.every((p) => p.start <= t) ? pauses : pauses.filter((p) => p.start <= t));

/** Counted seconds into the clock at which it is at risk: the earliest of the percentages and `before` (T7). */
function warnSecondsOf(input: ClockInput): number {
  let warn = input.targetSeconds;
  for (const pct of input.warnPcts) warn = Math.min(warn, (input.targetSeconds * pct) / 100);
  if (input.warnBeforeSeconds !== undefined) warn = Math.min(warn, input.targetSeconds - input.warnBeforeSeconds);
  return Math.max(0, warn);
}

/**
 * Evaluates one clock at `now` (the state machine of docs/sla.md, one cycle). Each outcome is
 * one object literal with its keys in a fixed order: this runs for every clock of a million tickets at start.
 */
export function evaluateClock(input: ClockInput, base: TimeBase, now: number): SlaInstance {
  const cancelAt = input.cancelledAt !== undefined && input.cancelledAt <= now ? input.cancelledAt : undefined;
  const stopAt = input.fulfilledAt !== undefined && input.fulfilledAt <= now && (cancelAt === undefined || input.fulfilledAt <= cancelAt)
    ? input.fulfilledAt : undefined;
  const measuredTo = stopAt ?? cancelAt ?? now;
  const elapsed = elapsedAt(input, base, measuredTo);
  const pausedNow = stopAt === undefined && input.pauses.some((p) => p.start <= now && (p.end === undefined || p.end > now));
  // While paused the due time is unknown (T6): it is computed as if the pause ended now, for display only.
  const pauses = pausesBy(input.pauses, measuredTo);
  const dueMs = instantAfterPauses(input.startedAt, pauses, base, input.targetSeconds);
  const warnMs = instantAfterPauses(input.startedAt, pauses, base, warnSecondsOf(input));

  const { metric, cycle } = input;
  const in_hours = base.inHours(now);
  const business_elapsed_s = Math.round(elapsed);
  const remaining = input.targetSeconds - elapsed;
  const business_remaining_s = Math.round(remaining);
  const due_at = dueMs === null ? null : iso(dueMs);

  // A clock that breached under an earlier, shorter target stays ever_breached (decision 2).
  const breachedBefore = (input.earlierTargets ?? []).some(({ until, targetSeconds }) => {
    const by = Math.min(until, measuredTo);
    let due;
    try {
      due = instantAfterPauses(input.startedAt, pausesBy(input.pauses, until), base, targetSeconds);
    } catch (err) {
      // Due beyond the horizon, so after `by` when that is within it: that target was not breached.
      if (err instanceof BeyondHorizonError && by - input.startedAt <= HORIZON_MS) return false;
      throw err;
    }
    return due !== null && due < by;
  });
  if (stopAt !== undefined) {
    const missed = dueMs !== null && stopAt > dueMs;
    const warn_at = warnMs === null ? null : iso(warnMs);
    const ever_breached = missed || breachedBefore;
    return missed
      ? { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'stopped', health: 'breached', outcome: 'missed',
        due_at, warn_at, wall_until_due_s: null, fulfilled_at: iso(stopAt), breached_at: due_at!, ever_breached }
      : { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'stopped', health: 'ok', outcome: 'met',
        due_at, warn_at, wall_until_due_s: null, fulfilled_at: iso(stopAt), ever_breached };
  }
  // Only a clock still live is cancelled; a stopped one keeps its outcome (C3: history is not rewritten).
  if (cancelAt !== undefined) {
    const breached = dueMs !== null && cancelAt > dueMs;
    return { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'cancelled', health: 'ok', due_at: null, warn_at: null,
      wall_until_due_s: null, ever_breached: breached || breachedBefore, cancel_reason: input.cancelReason ?? 'cancelled' };
  }
  if (pausedNow) {
    const breached = remaining < 0; // "paused (breached)" (T6): it stays breached, at the due time it passed
    return breached && due_at !== null
      ? { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'paused', health: 'breached', due_at: null, warn_at: null,
        wall_until_due_s: null, breached_at: due_at, ever_breached: true }
      : { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'paused', health: breached ? 'breached' : 'ok',
        due_at: null, warn_at: null, wall_until_due_s: null, ever_breached: breached || breachedBefore };
  }
  const breached = dueMs !== null && now > dueMs;
  const atRisk = !breached && warnMs !== null && now >= warnMs;
  const warn_at = warnMs === null ? null : iso(warnMs);
  const wall_until_due_s = dueMs === null ? null : Math.round((dueMs - now) / 1000);
  return breached
    ? { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'running', health: 'breached',
      due_at, warn_at, wall_until_due_s, breached_at: due_at!, ever_breached: true }
    : { metric, cycle, in_hours, business_elapsed_s, business_remaining_s, clock: 'running', health: atRisk ? 'at_risk' : 'ok',
      due_at, warn_at, wall_until_due_s, ever_breached: breachedBefore };
}

/** The next instant after `now` at which this instance's health changes by the clock alone. */
export function nextHealthChange(instance: SlaInstance, now: number): number | undefined {
  if (instance.clock !== 'running') return undefined;
  const warn = instance.warn_at ? Date.parse(instance.warn_at) : undefined;
  const due = instance.due_at ? Date.parse(instance.due_at) : undefined;
  if (warn !== undefined && warn > now && instance.health === 'ok') return warn;
  if (due !== undefined && due >= now && instance.health !== 'breached') return due + 1; // breached once t > due (T4)
  return undefined;
}
