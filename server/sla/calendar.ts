import { DateTime } from 'luxon';
import type { TimeBase } from './time-base';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** A local wall-clock interval [start, end): "09:00"–"18:00"; "24:00" closes at midnight. */
export type LocalInterval = readonly [string, string];

/** A business calendar exactly as the config file holds it (sla-and-alerts.md §2.1). */
export interface BusinessCalendar {
  id: string;
  timezone: string;
  weekly: Partial<Record<Weekday, readonly LocalInterval[]>>;
  holidays?: readonly ({ from: string; to?: string; name?: string } | { month_day: string; recurring: true; name?: string })[];
  overrides?: readonly { date: string; intervals: readonly LocalInterval[]; name?: string }[];
  version?: number;
}

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_CACHE_LIMIT = 4_096;
/** A calendar with no open hour in this many days is broken; the walk stops instead of looping. */
const MAX_DAYS_WALKED = 3_660;

/**
 * A local wall-clock time on a local date as a UTC instant (rule C1): a time in a spring-forward gap
 * moves forward by the gap; an ambiguous fall-back time takes its first occurrence.
 */
export function localToUtc(date: DateTime, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (h === 24) return date.plus({ days: 1 }).startOf('day').toMillis();
  const local = date.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  // Luxon resolves an ambiguous time to its later occurrence; look for an earlier one with the same wall time.
  for (const back of [3_600_000, 1_800_000]) {
    const earlier = DateTime.fromMillis(local.toMillis() - back, { zone: date.zone });
    if (earlier.hour === local.hour && earlier.minute === local.minute && earlier.day === local.day) return earlier.toMillis();
  }
  return local.toMillis();
}

const QUARTER_HOUR = 900_000;

/** One local date of a calendar: its start, the next date's start, and its open intervals (UTC ms). */
interface Day { start: number; next: number; intervals: [number, number][] }

/**
 * The business-hours clock of a calendar: counts only the seconds inside its open intervals.
 * Days are cached: each knows the next one's start, and the day holding an instant is cached per
 * quarter hour (every local midnight falls on a quarter hour in UTC), so walking across days costs
 * map look-ups, not time-zone conversions.
 */
export function businessHours(calendar: BusinessCalendar): TimeBase & { intervalsOn(date: string): [number, number][] } {
  const days = new Map<number, Day>();
  const dayOfQuarter = new Map<number, number>();
  const overrides = new Map((calendar.overrides ?? []).map((o) => [o.date, o.intervals]));

  const isHoliday = (day: DateTime) => (calendar.holidays ?? []).some((h) => {
    if ('month_day' in h) return day.toFormat('MM-dd') === h.month_day;
    const date = day.toISODate()!;
    return date >= h.from && date <= (h.to ?? h.from);
  });

  /** The local date starting at `start` (C2: an override replaces the week and any holiday). */
  function dayStarting(start: number): Day {
    const hit = days.get(start);
    if (hit) return hit;
    const local = DateTime.fromMillis(start, { zone: calendar.timezone });
    const hours = overrides.get(local.toISODate()!) ?? (isHoliday(local) ? [] : calendar.weekly[WEEKDAYS[local.weekday - 1]!] ?? []);
    const day = {
      start,
      next: local.plus({ days: 1 }).startOf('day').toMillis(),
      intervals: hours.map(([s, e]) => [localToUtc(local, s), localToUtc(local, e)] as [number, number]).filter(([s, e]) => e > s),
    };
    if (days.size >= DAY_CACHE_LIMIT) { days.clear(); dayOfQuarter.clear(); }
    days.set(start, day);
    return day;
  }

  /** The local date holding instant `t`. */
  function dayAt(t: number): Day {
    const quarter = Math.floor(t / QUARTER_HOUR);
    let start = dayOfQuarter.get(quarter);
    if (start === undefined) {
      start = DateTime.fromMillis(t, { zone: calendar.timezone }).startOf('day').toMillis();
      if (dayOfQuarter.size >= DAY_CACHE_LIMIT * 96) dayOfQuarter.clear();
      dayOfQuarter.set(quarter, start);
    }
    return dayStarting(start);
  }

  return {
    intervalsOn: (date) => dayStarting(DateTime.fromISO(date, { zone: calendar.timezone }).startOf('day').toMillis()).intervals,
    /** Rule T2: the business seconds in [from, to). */
    elapsed(from, to) {
      if (!(to > from)) return 0;
      let total = 0;
      for (let day = dayAt(from); day.start < to; day = dayStarting(day.next)) {
        for (const [s, e] of day.intervals) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
      }
      return total / 1000;
    },
    /** Rule T3: the earliest instant with `seconds` business seconds after `from`; a target used up at closing is the closing time. */
    add(from, seconds) {
      let remaining = seconds * 1000;
      let idle = 0;
      for (let day = dayAt(from); ; day = dayStarting(day.next)) {
        let open = false;
        for (const [s, e] of day.intervals) {
          if (e <= from) continue;
          open = true;
          const begin = Math.max(s, from);
          if (e - begin >= remaining) return begin + remaining;
          remaining -= e - begin;
        }
        idle = open ? 0 : idle + 1;
        if (idle > MAX_DAYS_WALKED) throw new Error(`calendar "${calendar.id}" has no business hours in ${MAX_DAYS_WALKED} days`);
      }
    },
    inHours(at) {
      return dayAt(at).intervals.some(([s, e]) => at >= s && at < e);
    },
  };
}
