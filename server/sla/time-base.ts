import { BeyondHorizonError, HORIZON_MS } from './horizon';

/**
 * How a clock counts time. Calendar hours count every UTC second; business hours (a later
 * calendar engine) count only the seconds inside a calendar's intervals. Instants are epoch ms.
 */
export interface TimeBase {
  /** Counted seconds in [from, to). */
  elapsed(from: number, to: number): number;
  /**
   * The earliest instant at which `seconds` counted seconds have passed since `from`. Throws
   * BeyondHorizonError when that is more than HORIZON_MS (ten years) after `from` (server/sla/horizon.ts).
   */
  add(from: number, seconds: number): number;
  /** Whether the clock counts at this instant. */
  inHours(at: number): boolean;
}

/** Rule T5: calendar hours are UTC seconds between instants; holidays do not apply. A due time past the horizon is refused. */
export const calendarHours: TimeBase = {
  elapsed: (from, to) => Math.max(0, (to - from) / 1000),
  add: (from, seconds) => {
    if (seconds * 1000 <= HORIZON_MS) return from + seconds * 1000;
    throw new BeyondHorizonError(from, seconds, HORIZON_MS / 1000);
  },
  inHours: () => true,
};
