import type { SourceState } from '../protocol';

/** What a polled source's state is worked out from; every time is epoch milliseconds. */
export interface HealthFacts {
  paused: boolean;
  /** Consecutive failed polls that were not throttles (a throttle neither adds to it nor clears it). */
  failures: number;
  /** The last poll was told to wait (429 / Retry-After). */
  throttled: boolean;
  /** The last failure was a refused credential (401/403). */
  authFailed: boolean;
  lastSuccess: number | undefined;
  /** It held no data when polling began and has not finished a poll yet: its first sync is running. */
  firstSync?: boolean;
  /** When polling began: the start of the silence of a source that never succeeded. */
  since: number;
  now: number;
  intervalMs: number;
  timeoutMs: number;
}

/** Consecutive failures after which a source is down. */
export const DOWN_AFTER_FAILURES = 3;

/** Older than this, a source's data is lagging: three missed intervals plus one timeout, and never under a minute. */
export const lagLimitMs = (intervalMs: number, timeoutMs: number) => Math.max(60_000, 3 * intervalMs + timeoutMs);

/** Failing and silent this long, a source is down however few its failures: ten intervals, and never under 10 minutes. */
export const silenceLimitMs = (intervalMs: number) => Math.max(10 * 60_000, 10 * intervalMs);

/**
 * The rules, first match wins:
 * 1. `paused`: an operator paused it (config `paused: true`); nothing is polled.
 * 2. `down`: the credentials were refused; or 3 consecutive failures; or failing (or throttled) with no
 *    success for the silence limit.
 * 3. `syncing`: its first sync is running (it held no data when polling began, no poll has finished yet) and
 *    nothing failed: a first backfill of a large history takes its time, and that is no fault.
 * 4. `degraded`: any failure or throttle since the last success; or no success yet (first poll of a source that
 *    held data, or a backfill still running); or the last success is older than the lag limit.
 * 5. `ok`.
 * Values fed by a source that is not `ok` are marked stale on the screens.
 */
export function sourceState(f: HealthFacts): SourceState {
  if (f.paused) return 'paused';
  const silence = f.now - (f.lastSuccess ?? f.since);
  const failing = f.failures > 0 || f.throttled;
  if (f.authFailed || f.failures >= DOWN_AFTER_FAILURES || (failing && silence > silenceLimitMs(f.intervalMs))) return 'down';
  if (f.firstSync && f.lastSuccess === undefined && !failing) return 'syncing';
  if (failing || f.lastSuccess === undefined || silence > lagLimitMs(f.intervalMs, f.timeoutMs)) return 'degraded';
  return 'ok';
}
