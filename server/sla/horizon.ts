import { isoInstant as iso } from './iso';

/**
 * How far ahead SLA arithmetic looks: ten years (3,653 days) of calendar time from the instant a clock
 * (re)starts counting. A due time further away is refused with an error naming the target, never walked
 * to: the work of finding a due time is bounded whatever the target and the calendar (docs/sla.md).
 */
export const HORIZON_DAYS = 3_653;
export const HORIZON_MS = HORIZON_DAYS * 86_400_000;
const HORIZON_TEXT = `10 years (${HORIZON_DAYS} days)`;

const minutesText = (seconds: number) => `${+(seconds / 60).toFixed(3)}`;

/**
 * `seconds` counted from `from` would end beyond the horizon: the target is too large for the time
 * base (a calendar's business hours, or calendar hours when `calendarId` is undefined). `allowedSeconds`
 * is what the time base counts within the horizon from `from`.
 */
export class BeyondHorizonError extends Error {
  constructor(readonly from: number, readonly seconds: number, readonly allowedSeconds: number, readonly calendarId?: string) {
    super(`${minutesText(seconds)} ${calendarId === undefined ? 'calendar-hour' : 'business'} minutes from ${iso(from)} `
      + `end more than ${HORIZON_TEXT} later${calendarId === undefined ? '' : ` on calendar "${calendarId}"`}; `
      + `at most ${Math.floor(allowedSeconds / 60)} fit in that time`);
    this.name = 'BeyondHorizonError';
  }
}

/** A calendar with no open second in the horizon from `from`: the calendar is the problem, whatever the target. */
export class NoBusinessHoursError extends Error {
  constructor(readonly calendarId: string, readonly from: number) {
    super(`calendar "${calendarId}" has no business hours in the ${HORIZON_TEXT} from ${iso(from)}: give it weekly hours or overrides`);
    this.name = 'NoBusinessHoursError';
  }
}

/**
 * A policy's target that cannot be met within the horizon. `path` leads from the policy to the target's
 * `minutes` (`metrics.0.targets.*.minutes`); `allowedMinutes` is the largest target that would have fitted
 * for this clock (its start, its pauses, its calendar).
 */
export class TargetBeyondHorizonError extends Error {
  constructor(readonly policyId: string, readonly path: readonly (string | number)[], readonly minutes: number,
    readonly hours: 'business' | 'calendar', readonly allowedMinutes: number, readonly from: number, readonly calendarId?: string) {
    super(`a target of ${minutes} minutes (${hours} hours) is not reached within ${HORIZON_TEXT} of the clock's start `
      + `(${iso(from)})${calendarId === undefined ? '' : ` on calendar "${calendarId}"`}: at most ${allowedMinutes} minutes fit; `
      + 'lower the target or open the calendar longer');
    this.name = 'TargetBeyondHorizonError';
  }
}
