import { DateTime, IANAZone } from 'luxon';
import { BeyondHorizonError, HORIZON_MS, NoBusinessHoursError } from './horizon';
import type { TimeBase } from './time-base';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** A local wall-clock interval [start, end): "09:00"–"18:00"; "24:00" closes at midnight. */
export type LocalInterval = readonly [string, string];

/** A business calendar exactly as the config file holds it (docs/sla.md (calendars)). */
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
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

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
/**
 * How near a midnight an offset change still matters: clocks going back within this after a midnight make
 * it come twice (Gaza went back from 01:00 to 00:00 on 2017-10-28, and luxon starts that date at the second
 * midnight); going forward at midnight removes it (São Paulo started dates at 01:00 on DST days). No
 * change is larger than 2 h.
 */
const MARGIN_MS = 2 * 3_600_000;

/** Minutes after local midnight of a "HH:MM" boundary; "24:00" is the next midnight (as in localToUtc). */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h === 24 ? 1_440 : h * 60 + m;
}

/** The open milliseconds of a date's intervals when its UTC offset does not change that day. */
const openMsOf = (intervals: readonly LocalInterval[]) =>
  intervals.reduce((sum, [s, e]) => sum + Math.max(0, minutesOf(e) - minutesOf(s)) * 60_000, 0);

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** "YYYY-MM-DD" of a count of days since 1970-01-01 (Howard Hinnant's days-to-civil, as in iso.ts); years 1–9999. */
function isoDateOfDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${`${year}`.padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}
/** Monday 0 … Sunday 6 of a count of days since 1970-01-01, a Thursday. */
const weekdayOf = (days: number) => (((days + 3) % 7) + 7) % 7;
/** 0001-01-01 and 10000-01-01 as days since 1970-01-01: the dates isoDateOfDays writes as luxon does. */
const FIRST_DAY = -719_162;
const PAST_LAST_DAY = 2_932_897;

/** Whether a local date ("YYYY-MM-DD") is a holiday: recurring dates in a set, ranges merged and searched. */
function holidayTest(holidays: BusinessCalendar['holidays']): (isoDate: string) => boolean {
  const recurring = new Set<string>();
  const ranges: [string, string][] = [];
  for (const h of holidays ?? []) {
    if ('month_day' in h) recurring.add(h.month_day);
    else if ((h.to ?? h.from) >= h.from) ranges.push([h.from, h.to ?? h.from]);
  }
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [string, string][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) { if (r[1] > last[1]) last[1] = r[1]; } else merged.push([r[0], r[1]]);
  }
  return (date) => {
    if (recurring.size > 0 && recurring.has(date.slice(-5))) return true;
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) { // the last range starting on or before `date`
      const mid = (lo + hi) >> 1;
      if (merged[mid]![0] <= date) lo = mid + 1; else hi = mid - 1;
    }
    return hi >= 0 && date <= merged[hi]![1];
  };
}

/** "3/30/2025 AD, 03:00:00": what an en-US formatter with the options below writes. */
const WALL_CLOCK = /^(\d+)\/(\d+)\/(\d+) AD, (\d+):(\d+):(\d+)$/;

/**
 * The UTC offset in minutes of a zone at an instant, as luxon's `IANAZone.offset` gives it, at a third of
 * its cost: the wall clock is read with `format` (not `formatToParts`), and luxon answers whatever that
 * cannot (years before 100, an unexpected format).
 */
function offsetReader(timezone: string): (t: number) => number {
  const zone = IANAZone.create(timezone);
  let format: Intl.DateTimeFormat | undefined;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch { /* not a zone Intl knows: luxon says so (NaN) */ }
  return (t) => {
    const wall = format && Math.abs(t) <= 8.64e15 && WALL_CLOCK.exec(format.format(t)); // Date's range: format throws beyond
    if (!wall || +wall[3]! < 100) return zone.offset(t);
    const asUtc = Date.UTC(+wall[3]!, +wall[1]! - 1, +wall[2]!, +wall[4]!, +wall[5]!, +wall[6]!);
    return (asUtc - (t - (((t % 1000) + 1000) % 1000))) / 60_000;
  };
}

/** One local date of a calendar: its start, the next date's start, and its open intervals (UTC ms). */
interface Day { start: number; next: number; intervals: [number, number][] }

/**
 * The business-hours clock of a calendar: counts only the seconds inside its open intervals.
 * Days are cached: each knows the next one's start, and the day holding an instant is cached per
 * quarter hour (every local midnight falls on a quarter hour in UTC), so walking across days costs
 * map look-ups, not time-zone conversions.
 *
 * Whole weeks are skipped, not walked: seven local dates from a local midnight over which the zone's
 * offset stays put hold exactly their dates' open minutes (the weekly hours, or an override's, or none
 * on a holiday), so `add` and `elapsed` step over them in one go and walk day by day only through the
 * week of a daylight-saving change and the last, partial week. A due time is looked for at most
 * HORIZON_MS ahead (ten years): beyond it `add` throws, blaming the target (BeyondHorizonError) or, when
 * the calendar opens not once in that time, the calendar (NoBusinessHoursError).
 */
export function businessHours(calendar: BusinessCalendar): TimeBase & { intervalsOn(date: string): [number, number][] } {
  const days = new Map<number, Day>();
  const dayOfQuarter = new Map<number, number>();
  const overrides = new Map((calendar.overrides ?? []).map((o) => [o.date, o.intervals]));
  const isHoliday = holidayTest(calendar.holidays);
  const weekdayMs = WEEKDAYS.map((d) => openMsOf(calendar.weekly[d] ?? []));
  const overrideMs = new Map([...overrides].map(([date, intervals]) => [date, openMsOf(intervals)]));
  const plainWeekMs = weekdayMs.reduce((a, b) => a + b, 0);
  const datesMatter = overrides.size > 0 || (calendar.holidays ?? []).length > 0;
  const zoneOffset = offsetReader(calendar.timezone);
  /** Open ms of the week from a local midnight, or -1 when it holds an offset change (it is walked then). */
  const weeks = new Map<number, number>();
  /** The zone's UTC offset (minutes) at instant `t`, read at local midnights and mid-weeks only. */
  const offsets = new Map<number, number>();
  function offsetAt(t: number): number {
    let offset = offsets.get(t);
    if (offset === undefined) {
      if (offsets.size >= DAY_CACHE_LIMIT * 2) offsets.clear();
      offsets.set(t, (offset = zoneOffset(t)));
    }
    return offset;
  }
  /**
   * Days since 1970-01-01 of the local date starting at midnight `start` when the zone's offset is the same at
   * `first`, `second` and `third` (each ascending, at most four days apart, from before `start` - MARGIN_MS to
   * after the span's last midnight + MARGIN_MS): then nothing changes in between, since no zone in the tz
   * database changes twice within four days (1850–2100), so every midnight of the span is 24 h after the one
   * before, no boundary falls in a gap or an overlap, and each interval lasts its wall-clock length.
   */
  function plainFrom(start: number, first: number, second: number, third = second): number | undefined {
    const offset = offsetAt(first);
    if (offsetAt(second) !== offset || offsetAt(third) !== offset) return undefined;
    const localDays = (start + offset * 60_000) / DAY_MS;
    return Number.isInteger(localDays) && localDays >= FIRST_DAY && localDays + 8 <= PAST_LAST_DAY ? localDays : undefined;
  }

  /**
   * The local date starting at `start` (C2: an override replaces the week and any holiday). A date with no
   * offset change in it or near its midnights is laid out by arithmetic; one with a change goes through luxon
   * (C1: gaps, overlaps, 23- and 25-hour days, a midnight that is missing or comes twice).
   */
  function dayStarting(start: number): Day {
    const hit = days.get(start);
    if (hit) return hit;
    let day: Day;
    // Read two dates apart from two hours before midnight, so that the next date reads what this one did.
    const localDays = plainFrom(start, start - MARGIN_MS, start + 2 * DAY_MS - MARGIN_MS);
    if (localDays !== undefined) {
      const date = isoDateOfDays(localDays);
      const hours = overrides.get(date) ?? (isHoliday(date) ? [] : calendar.weekly[WEEKDAYS[weekdayOf(localDays)]!] ?? []);
      day = {
        start,
        next: start + DAY_MS,
        intervals: hours.map(([s, e]) => [start + minutesOf(s) * 60_000, start + minutesOf(e) * 60_000] as [number, number])
          .filter(([s, e]) => e > s),
      };
    } else {
      const local = DateTime.fromMillis(start, { zone: calendar.timezone });
      const date = local.toISODate()!;
      const hours = overrides.get(date) ?? (isHoliday(date) ? [] : calendar.weekly[WEEKDAYS[local.weekday - 1]!] ?? []);
      day = {
        start,
        next: local.plus({ days: 1 }).startOf('day').toMillis(),
        intervals: hours.map(([s, e]) => [localToUtc(local, s), localToUtc(local, e)] as [number, number]).filter(([s, e]) => e > s),
      };
    }
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

  /**
   * The open ms of the seven local dates from local midnight `start`, or undefined when the week holds an
   * offset change (or one is within MARGIN_MS of its ends) and is walked day by day instead.
   */
  function weekFrom(start: number): number | undefined {
    let ms = weeks.get(start);
    if (ms === undefined) {
      const localDays = plainFrom(start, start - MARGIN_MS, start + WEEK_MS / 2, start + WEEK_MS + MARGIN_MS);
      ms = -1;
      if (localDays !== undefined) {
        if (!datesMatter) ms = plainWeekMs;
        else {
          ms = 0;
          for (let d = localDays; d < localDays + 7; d++) {
            const date = isoDateOfDays(d);
            const override = overrideMs.get(date);
            ms += override ?? (isHoliday(date) ? 0 : weekdayMs[weekdayOf(d)]!);
          }
        }
      }
      if (weeks.size >= DAY_CACHE_LIMIT) weeks.clear();
      weeks.set(start, ms);
    }
    return ms < 0 ? undefined : ms;
  }

  /** Business ms in [from, to): whole weeks skipped, the rest walked day by day. */
  function openMs(from: number, to: number): number {
    let total = 0;
    let day = dayAt(from);
    while (day.start < to) {
      if (day.start >= from) {
        let start = day.start;
        for (let week; start + WEEK_MS <= to && (week = weekFrom(start)) !== undefined; start += WEEK_MS) total += week;
        if (!(start < to)) break;
        if (start !== day.start) day = dayStarting(start); // only the day the walk goes on from is built
      }
      for (const [s, e] of day.intervals) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
      day = dayStarting(day.next);
    }
    return total;
  }

  return {
    intervalsOn: (date) => dayStarting(DateTime.fromISO(date, { zone: calendar.timezone }).startOf('day').toMillis()).intervals,
    /** Rule T2: the business seconds in [from, to). */
    elapsed(from, to) {
      return to > from ? openMs(from, to) / 1000 : 0;
    },
    /**
     * Rule T3: the earliest instant with `seconds` business seconds after `from`; a target used up at closing
     * is the closing time. A week is skipped only while more than its open time remains, so the due second
     * (and a closing time that uses a target up) is always found by the day walk.
     */
    add(from, seconds) {
      const limit = from + HORIZON_MS;
      let remaining = seconds * 1000;
      let day = dayAt(from);
      walk: while (day.start < limit) {
        if (day.start >= from) {
          let start = day.start;
          for (let week; (week = weekFrom(start)) !== undefined && remaining > week && start + WEEK_MS <= limit; start += WEEK_MS) remaining -= week;
          if (start !== day.start) day = dayStarting(start);
        }
        for (const [s, e] of day.intervals) {
          if (e <= from) continue;
          const begin = Math.max(s, from);
          if (e - begin >= remaining) {
            if (begin + remaining <= limit) return begin + remaining;
            break walk;
          }
          remaining -= e - begin;
        }
        day = dayStarting(day.next);
      }
      const allowed = openMs(from, limit);
      if (allowed === 0) throw new NoBusinessHoursError(calendar.id, from);
      throw new BeyondHorizonError(from, seconds, allowed / 1000, calendar.id);
    },
    inHours(at) {
      return dayAt(at).intervals.some(([s, e]) => at >= s && at < e);
    },
  };
}
