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

/** The business-hours clock of a calendar: counts only the seconds inside its open intervals. */
export function businessHours(calendar: BusinessCalendar): TimeBase & { intervalsOn(date: string): [number, number][] } {
  const cache = new Map<string, [number, number][]>();
  const overrides = new Map((calendar.overrides ?? []).map((o) => [o.date, o.intervals]));

  const isHoliday = (day: DateTime) => (calendar.holidays ?? []).some((h) => {
    if ('month_day' in h) return day.toFormat('MM-dd') === h.month_day;
    const date = day.toISODate()!;
    return date >= h.from && date <= (h.to ?? h.from);
  });

  /** Open intervals of one local date (C2: an override replaces the week and any holiday). */
  function intervalsOfDay(day: DateTime): [number, number][] {
    const key = day.toISODate()!;
    const hit = cache.get(key);
    if (hit) return hit;
    const local = overrides.get(key) ?? (isHoliday(day) ? [] : calendar.weekly[WEEKDAYS[day.weekday - 1]!] ?? []);
    const out = local.map(([s, e]) => [localToUtc(day, s), localToUtc(day, e)] as [number, number]).filter(([s, e]) => e > s);
    if (cache.size >= DAY_CACHE_LIMIT) cache.clear();
    cache.set(key, out);
    return out;
  }

  const dayOf = (t: number) => DateTime.fromMillis(t, { zone: calendar.timezone }).startOf('day');

  return {
    intervalsOn: (date) => intervalsOfDay(DateTime.fromISO(date, { zone: calendar.timezone }).startOf('day')),
    /** Rule T2: the business seconds in [from, to). */
    elapsed(from, to) {
      if (!(to > from)) return 0;
      let total = 0;
      for (let day = dayOf(from), n = 0; day.toMillis() < to && n < MAX_DAYS_WALKED * 10; day = day.plus({ days: 1 }), n++) {
        for (const [s, e] of intervalsOfDay(day)) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
      }
      return total / 1000;
    },
    /** Rule T3: the earliest instant with `seconds` business seconds after `from`; a target used up at closing is the closing time. */
    add(from, seconds) {
      let remaining = seconds * 1000;
      let idle = 0;
      for (let day = dayOf(from); ; day = day.plus({ days: 1 })) {
        const intervals = intervalsOfDay(day).filter(([, e]) => e > from);
        for (const [s, e] of intervals) {
          const begin = Math.max(s, from);
          if (e - begin >= remaining) return begin + remaining;
          remaining -= e - begin;
        }
        idle = intervals.length === 0 ? idle + 1 : 0;
        if (idle > MAX_DAYS_WALKED) throw new Error(`calendar "${calendar.id}" has no business hours in ${MAX_DAYS_WALKED} days`);
      }
    },
    inHours(at) {
      return intervalsOfDay(dayOf(at)).some(([s, e]) => at >= s && at < e);
    },
  };
}
