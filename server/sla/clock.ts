import type { TimeBase } from './time-base';
import type { ClockInput, SlaInstance } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

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
  let cursor = input.startedAt;
  let remaining = seconds;
  for (const pause of input.pauses) {
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

/** Evaluates one clock at `now` (the state machine of sla-and-alerts.md §2.4, one cycle). */
export function evaluateClock(input: ClockInput, base: TimeBase, now: number): SlaInstance {
  const cancelAt = input.cancelledAt !== undefined && input.cancelledAt <= now ? input.cancelledAt : undefined;
  const stopAt = input.fulfilledAt !== undefined && input.fulfilledAt <= now && (cancelAt === undefined || input.fulfilledAt <= cancelAt)
    ? input.fulfilledAt : undefined;
  const measuredTo = stopAt ?? cancelAt ?? now;
  const elapsed = elapsedAt(input, base, measuredTo);
  const pausedNow = stopAt === undefined && input.pauses.some((p) => p.start <= now && (p.end === undefined || p.end > now));
  // While paused the due time is unknown (T6): it is computed as if the pause ended now, for display only.
  const dueMs = instantAfter({ ...input, pauses: input.pauses.filter((p) => p.start <= measuredTo) }, base, input.targetSeconds);
  const warnSeconds = Math.max(0, Math.min(...input.warnPcts.map((pct) => (input.targetSeconds * pct) / 100), input.targetSeconds,
    input.warnBeforeSeconds === undefined ? Infinity : input.targetSeconds - input.warnBeforeSeconds));
  const warnMs = instantAfter({ ...input, pauses: input.pauses.filter((p) => p.start <= measuredTo) }, base, warnSeconds);

  const remaining = input.targetSeconds - elapsed;
  const base_ = {
    metric: input.metric,
    cycle: input.cycle,
    in_hours: base.inHours(now),
    business_elapsed_s: Math.round(elapsed),
    business_remaining_s: Math.round(remaining),
  };

  // A clock that breached under an earlier, shorter target stays ever_breached (decision 2).
  const breachedBefore = (input.earlierTargets ?? []).some(({ until, targetSeconds }) => {
    const due = instantAfter({ ...input, pauses: input.pauses.filter((p) => p.start <= until) }, base, targetSeconds);
    return due !== null && due < Math.min(until, measuredTo);
  });
  if (stopAt !== undefined) {
    const missed = dueMs !== null && stopAt > dueMs;
    return {
      ...base_, clock: 'stopped', health: missed ? 'breached' : 'ok', outcome: missed ? 'missed' : 'met',
      due_at: dueMs === null ? null : iso(dueMs), warn_at: warnMs === null ? null : iso(warnMs),
      wall_until_due_s: null, fulfilled_at: iso(stopAt),
      ...(missed && dueMs !== null ? { breached_at: iso(dueMs) } : {}), ever_breached: missed || breachedBefore,
    };
  }
  // Only a clock still live is cancelled; a stopped one keeps its outcome (C3: history is not rewritten).
  if (cancelAt !== undefined) {
    const breached = dueMs !== null && cancelAt > dueMs;
    return { ...base_, clock: 'cancelled', health: 'ok', due_at: null, warn_at: null,
      wall_until_due_s: null, ever_breached: breached || breachedBefore, cancel_reason: input.cancelReason ?? 'cancelled' };
  }
  if (pausedNow) {
    const breached = remaining < 0; // "paused (breached)" (T6): it stays breached, at the due time it passed
    return {
      ...base_, clock: 'paused', health: breached ? 'breached' : 'ok', due_at: null, warn_at: null,
      wall_until_due_s: null, ...(breached && dueMs !== null ? { breached_at: iso(dueMs) } : {}),
      ever_breached: breached || breachedBefore,
    };
  }
  const breached = dueMs !== null && now > dueMs;
  const atRisk = !breached && warnMs !== null && now >= warnMs;
  return {
    ...base_, clock: 'running', health: breached ? 'breached' : atRisk ? 'at_risk' : 'ok',
    due_at: dueMs === null ? null : iso(dueMs), warn_at: warnMs === null ? null : iso(warnMs),
    wall_until_due_s: dueMs === null ? null : Math.round((dueMs - now) / 1000),
    ...(breached && dueMs !== null ? { breached_at: iso(dueMs) } : {}), ever_breached: breached || breachedBefore,
  };
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
