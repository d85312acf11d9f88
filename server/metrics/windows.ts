import { DateTime } from 'luxon';
import { z } from 'zod';

/** `today`, `24h`, `7d`, `30d`, `mtd`, or a shift start such as `today@08:00`. */
export const windowSchema = z.string().regex(/^(today|24h|7d|30d|mtd|today@([01]\d|2[0-3]):[0-5]\d)$/,
  'one of today, 24h, 7d, 30d, mtd or a shift start like today@08:00');
export type WindowName = z.infer<typeof windowSchema>;

/** The current window [start, now] and the same span of the previous period [prevStart, prevEnd). */
export interface WindowRange { start: number; prevStart: number; prevEnd: number }

const ROLLING_MS: Record<string, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/**
 * Where a window stands at `now` in the configured zone. Calendar windows (today, mtd, shifts) start
 * at a local wall-clock time, so they roll over at local midnight (or the shift start) on their own.
 */
export function windowRange(window: WindowName, now: number, zone: string): WindowRange {
  const rolling = ROLLING_MS[window];
  if (rolling !== undefined) return { start: now - rolling, prevStart: now - 2 * rolling, prevEnd: now - rolling };
  const local = DateTime.fromMillis(now, { zone });
  if (window === 'mtd') {
    const start = local.startOf('month');
    const prevStart = start.minus({ months: 1 });
    // The same day and time of the previous month; on a day that month does not have (the 29th–31st after a
    // shorter month), the whole previous month: 31 March compares with all of February, not with 1–28 February.
    const prevEnd = local.day > prevStart.daysInMonth! ? start : local.minus({ months: 1 });
    return { start: start.toMillis(), prevStart: prevStart.toMillis(), prevEnd: prevEnd.toMillis() };
  }
  const shift = /^today@(\d\d):(\d\d)$/.exec(window);
  // Each day's start is built from that day's date, so a start in a DST gap moves on that day only.
  const startOn = (day: DateTime) => (shift ? day.set({ hour: Number(shift[1]), minute: Number(shift[2]) }) : day);
  let day = local.startOf('day');
  let start = startOn(day);
  if (start > local) { day = day.minus({ days: 1 }); start = startOn(day); }
  // The previous period is the previous day up to the same wall-clock time.
  const prevStart = startOn(day.minus({ days: 1 }));
  const prevEnd = DateTime.min(local.minus({ days: 1 }), start);
  return { start: start.toMillis(), prevStart: prevStart.toMillis(), prevEnd: prevEnd.toMillis() };
}

const QUARTER_HOUR = 900_000;
const hourCaches = new Map<string, Map<number, number>>();

/**
 * The start of the local clock hour holding `t`, in `zone`. Every zone offset and DST change falls on a
 * quarter hour in UTC, so the answer is the same for a whole quarter hour and is cached per quarter:
 * rebuilding a million records costs map look-ups, not a million time-zone conversions.
 */
export function localHourStart(t: number, zone: string): number {
  let cache = hourCaches.get(zone);
  if (!cache) hourCaches.set(zone, (cache = new Map()));
  const quarter = Math.floor(t / QUARTER_HOUR);
  let start = cache.get(quarter);
  if (start === undefined) {
    if (cache.size > 100_000) cache.clear();
    start = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone }).startOf('hour').toMillis();
    cache.set(quarter, start);
  }
  return start;
}
