import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { calendarSchema } from './config';
import { businessHours, localToUtc, type BusinessCalendar, type Weekday } from './calendar';

// The business-time arithmetic skips whole weeks and lays out ordinary dates by arithmetic; the oracle below
// is the walk as it was before (every local date through luxon, one day after another, no cache), and both
// must give the same instants and seconds on random calendars: zones with and without daylight saving,
// half-hour DST (Lord Howe), 45-minute offsets (Chatham), a Ramadan suspension (Casablanca), DST starting
// at midnight so that the day starts at 01:00 (São Paulo until 2019), holidays, overrides, "24:00" and
// boundaries inside the spring gap and the autumn overlap.

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY = 86_400_000;

/** The walk before week skipping: it gives up after `budgetDays` dates (the property then says nothing). */
function oracle(calendar: BusinessCalendar, budgetDays: number) {
  const isHoliday = (day: DateTime) => (calendar.holidays ?? []).some((h) => {
    if ('month_day' in h) return day.toFormat('MM-dd') === h.month_day;
    const date = day.toISODate()!;
    return date >= h.from && date <= (h.to ?? h.from);
  });
  const overrides = new Map((calendar.overrides ?? []).map((o) => [o.date, o.intervals]));
  function dayStarting(start: number) {
    const local = DateTime.fromMillis(start, { zone: calendar.timezone });
    const hours = overrides.get(local.toISODate()!) ?? (isHoliday(local) ? [] : calendar.weekly[WEEKDAYS[local.weekday - 1]!] ?? []);
    return {
      start,
      next: local.plus({ days: 1 }).startOf('day').toMillis(),
      intervals: hours.map(([s, e]) => [localToUtc(local, s), localToUtc(local, e)] as [number, number]).filter(([s, e]) => e > s),
    };
  }
  const dayAt = (t: number) => dayStarting(DateTime.fromMillis(t, { zone: calendar.timezone }).startOf('day').toMillis());
  return {
    intervalsOn: (date: string) => dayStarting(DateTime.fromISO(date, { zone: calendar.timezone }).startOf('day').toMillis()).intervals,
    elapsed(from: number, to: number) {
      if (!(to > from)) return 0;
      let total = 0;
      for (let day = dayAt(from); day.start < to; day = dayStarting(day.next)) {
        for (const [s, e] of day.intervals) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
      }
      return total / 1000;
    },
    /** undefined when not found within the budget. */
    add(from: number, seconds: number): number | undefined {
      let remaining = seconds * 1000;
      let walked = 0;
      for (let day = dayAt(from); walked++ < budgetDays; day = dayStarting(day.next)) {
        for (const [s, e] of day.intervals) {
          if (e <= from) continue;
          const begin = Math.max(s, from);
          if (e - begin >= remaining) return begin + remaining;
          remaining -= e - begin;
        }
      }
      return undefined;
    },
  };
}

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham',
  'Africa/Casablanca', 'America/Sao_Paulo', 'Asia/Gaza', 'America/Santiago', 'UTC'];
// Boundaries on the hour, at odd minutes, and the ones that fall in DST gaps and overlaps somewhere.
const TIMES = ['00:00', '00:30', '01:00', '01:59', '02:00', '02:15', '02:30', '03:00', '08:45', '09:00', '09:01', '12:00',
  '13:00', '17:59', '18:00', '22:00', '23:30'];
const times = fc.uniqueArray(fc.constantFrom(...TIMES, '24:00'), { maxLength: 6 })
  .map((list) => [...list].sort());
const intervals = times.map((list) => {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push([list[i]!, list[i + 1]!]);
  return out;
});
// Test instants from 2015 (São Paulo still had DST) to 2030.
const FIRST = Date.parse('2015-01-01T00:00:00Z');
const LAST = Date.parse('2030-12-31T00:00:00Z');
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

const calendarArb = fc.record({
  timezone: fc.constantFrom(...ZONES),
  weekly: fc.record(Object.fromEntries(WEEKDAYS.map((d) => [d, intervals])) as Record<Weekday, typeof intervals>, { requiredKeys: [] }),
  from: fc.integer({ min: FIRST, max: LAST }),
  holidays: fc.array(fc.oneof(
    fc.record({ start: fc.integer({ min: -60, max: 400 }), length: fc.integer({ min: 0, max: 12 }) }),
    fc.record({ monthDay: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })) }),
  ), { maxLength: 4 }),
  overrides: fc.array(fc.record({ start: fc.integer({ min: -30, max: 400 }), intervals }), { maxLength: 3 }),
}).map(({ timezone, weekly, from, holidays, overrides }) => ({
  from,
  calendar: calendarSchema.parse({
    id: 'random', timezone, weekly,
    holidays: holidays.map((h) => ('monthDay' in h
      ? { month_day: `${String(h.monthDay[0]).padStart(2, '0')}-${String(h.monthDay[1]).padStart(2, '0')}`, recurring: true }
      : { from: isoDate(from + h.start * DAY), to: isoDate(from + (h.start + h.length) * DAY) })),
    overrides: overrides.map((o) => ({ date: isoDate(from + o.start * DAY), intervals: o.intervals })),
  }) as BusinessCalendar,
}));

// The oracle walks every date through luxon: generous timeouts for a loaded machine.
describe('week skipping and arithmetic dates give what the day-by-day walk gives', { timeout: 60_000 }, () => {
  it('add: the same due instant for targets up to a few months of business time', () => {
    fc.assert(fc.property(calendarArb, fc.integer({ min: 0, max: 2_000 * 3_600 }), fc.integer({ min: 0, max: 3 }),
      ({ calendar, from }, seconds, scale) => {
        const target = Math.floor(seconds / 10 ** scale); // many small targets too: a day, an hour, a minute
        const expected = oracle(calendar, 500).add(from, target);
        if (expected === undefined) return; // not within 500 days: nothing to compare
        expect(businessHours(calendar).add(from, target)).toBe(expected);
      }), { numRuns: 150 });
  });

  it('elapsed: the same business seconds over spans up to 300 days', () => {
    fc.assert(fc.property(calendarArb, fc.integer({ min: 0, max: 300 * DAY }), ({ calendar, from }, span) => {
      expect(businessHours(calendar).elapsed(from, from + span)).toBe(oracle(calendar, 0).elapsed(from, from + span));
    }), { numRuns: 100 });
  });

  it('intervalsOn and inHours: the same intervals on each date of a random month', () => {
    fc.assert(fc.property(calendarArb, ({ calendar, from }) => {
      const fast = businessHours(calendar);
      const slow = oracle(calendar, 0);
      for (let d = 0; d < 31; d++) {
        const date = DateTime.fromMillis(from + d * DAY, { zone: calendar.timezone }).toISODate()!;
        const intervals = slow.intervalsOn(date);
        expect(fast.intervalsOn(date)).toEqual(intervals);
        for (const [s, e] of intervals) {
          expect(fast.inHours(s)).toBe(true);
          expect(fast.inHours(e - 1)).toBe(true);
        }
      }
    }), { numRuns: 60 });
  });

  it('zones whose offset changes twice within a week (Gaza 2040 and 2054, Recife 2000): the same as the walk', () => {
    const everyDay: [string, string][] = [['00:00', '01:30'], ['01:45', '03:00'], ['09:00', '24:00']];
    for (const [timezone, fromIso] of [['Asia/Gaza', '2040-10-15T00:00:00Z'], ['Asia/Gaza', '2054-03-23T00:00:00Z'],
      ['America/Recife', '2000-10-03T00:00:00Z']] as const) {
      const calendar = calendarSchema.parse({ id: 'every-day', timezone, weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, everyDay])) }) as BusinessCalendar;
      const from = Date.parse(fromIso);
      const slow = oracle(calendar, 100);
      for (let hours = 0; hours < 21 * 24; hours += 11) {
        expect(businessHours(calendar).elapsed(from, from + hours * 3_600_000)).toBe(slow.elapsed(from, from + hours * 3_600_000));
        expect(businessHours(calendar).add(from, hours * 3_600)).toBe(slow.add(from, hours * 3_600));
      }
    }
  });

  it('every offset change 2016–2026 of zones that change at or near midnight: the same as the walk around it', () => {
    // Gaza and Cairo go back from 01:00 to 00:00 or from 24:00 to 23:00 (a midnight twice), São Paulo and Havana
    // went forward at 00:00 (no midnight), Santiago changes at 24:00, Beirut at 00:00, Lord Howe by 30 minutes.
    // Each change is approached by a skipped week and walked through; targets end just past it and on it.
    const calendars = [
      { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']],
        fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
      Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '00:30'], ['01:00', '02:30'], ['23:00', '24:00']]])),
    ];
    for (const timezone of ['Asia/Gaza', 'Africa/Cairo', 'America/Sao_Paulo', 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe']) {
      const zone = (t: number) => DateTime.fromMillis(t, { zone: timezone }).offset;
      const changes: number[] = [];
      for (let t = Date.parse('2016-01-01T00:00:00Z'); t < Date.parse('2026-12-31T00:00:00Z'); t += DAY) {
        if (zone(t) === zone(t + DAY)) continue;
        let [lo, hi] = [t, t + DAY];
        while (hi - lo > 60_000) { const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000; if (zone(mid) === zone(lo)) lo = mid; else hi = mid; }
        changes.push(hi);
      }
      expect(changes.length).toBeGreaterThan(0);
      for (const weekly of calendars) {
        const calendar = calendarSchema.parse({ id: 'near-midnight', timezone, weekly }) as BusinessCalendar;
        for (const change of changes) {
          const fast = businessHours(calendar);
          const slow = oracle(calendar, 40);
          const from = change - 8 * DAY - 3_600_000; // the week skipped before the change, then the walk through it
          for (let d = 6; d < 11; d++) {
            const date = DateTime.fromMillis(from + d * DAY, { zone: timezone }).toISODate()!;
            expect(fast.intervalsOn(date), `${timezone} ${date}`).toEqual(slow.intervalsOn(date));
          }
          expect(fast.elapsed(from, from + 11 * DAY), `${timezone} ${new Date(change).toISOString()}`).toBe(slow.elapsed(from, from + 11 * DAY));
          const week = slow.elapsed(from, from + 7 * DAY);
          for (const seconds of [week + 1, week + slow.elapsed(from + 7 * DAY, from + 10 * DAY)]) {
            expect(fast.add(from, seconds), `${timezone} ${new Date(change).toISOString()} +${seconds}`).toBe(slow.add(from, seconds));
          }
        }
      }
    }
  });

  it('over ten years with holidays and overrides: the same seconds, and add lands where the walk does', () => {
    const NINE_TO_SIX: [string, string][] = [['09:00', '18:00']];
    for (const timezone of ['Asia/Shanghai', 'Europe/Berlin']) {
      const calendar = calendarSchema.parse({
        id: 'cn-like', timezone,
        weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
        holidays: [{ from: '2026-10-01', to: '2026-10-07' }, { month_day: '01-01', recurring: true }, { month_day: '05-01', recurring: true }],
        overrides: [{ date: '2026-09-27', intervals: NINE_TO_SIX }, { date: '2031-03-30', intervals: [['01:00', '04:00']] }],
      }) as BusinessCalendar;
      const from = Date.parse('2025-03-03T00:30:00Z');
      const to = from + 3_653 * DAY;
      const slow = oracle(calendar, 4_000);
      const total = slow.elapsed(from, to);
      expect(businessHours(calendar).elapsed(from, to)).toBe(total);
      for (const seconds of [total, total - 1, Math.floor(total / 3), 45 * 3_600 * 100 + 7]) {
        expect(businessHours(calendar).add(from, seconds)).toBe(slow.add(from, seconds));
      }
    }
  });
});
