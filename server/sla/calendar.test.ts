import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { calendarSchema } from './config';
import { businessHours, localToUtc, type BusinessCalendar } from './calendar';

// Business calendars (docs/sla.md (calendars) C1–C2) and business-time arithmetic (§2.3 T2–T3).
// Every expected instant is worked out by hand below: local wall-clock time, then its UTC equivalent.
// Asia/Shanghai is UTC+8 all year (no DST). Europe/Berlin is CET (UTC+1) in winter and CEST (UTC+2) in
// summer; in 2025 clocks jump 02:00 CET → 03:00 CEST on Sun 03-30 (at 01:00Z) and fall back
// 03:00 CEST → 02:00 CET on Sun 10-26 (at 01:00Z).

const Z = (iso: string) => Date.parse(iso);
const H = 3_600; // seconds
const MIN = 60;

/** A calendar parsed through the config schema, so it is exactly what a config file can hold. */
const calendar = (raw: unknown): BusinessCalendar => calendarSchema.parse(raw);

const NINE_TO_SIX: [string, string][] = [['09:00', '18:00']];
const CN = calendar({
  id: 'cn', timezone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
});

describe('CN calendar (Asia/Shanghai, Mon–Fri 09:00–18:00): worked examples', () => {
  const cn = businessHours(CN);

  it('E1: Fri 2025-03-07 17:30 + 4 business hours = Mon 2025-03-10 12:30 (04:30Z)', () => {
    // Fri 17:30 local = 09:30Z. 0.5 h on Friday (17:30–18:00), Sat and Sun closed, then 3.5 h on Monday:
    // Mon 09:00 + 3.5 h = 12:30 local = 04:30Z.
    expect(cn.add(Z('2025-03-07T09:30:00Z'), 4 * H)).toBe(Z('2025-03-10T04:30:00Z'));
    // and back: the business seconds from Fri 17:30 to Mon 12:30 are exactly 4 h.
    expect(cn.elapsed(Z('2025-03-07T09:30:00Z'), Z('2025-03-10T04:30:00Z'))).toBe(4 * H);
  });

  it('E3 / T3: Mon 2025-03-10 14:00 + 4 h = Mon 18:00 (10:00Z), the closing time, not Tue 09:00', () => {
    // Mon 14:00 local = 06:00Z; 14:00 + 4 h = 18:00 local = 10:00Z, exactly the end of the interval.
    expect(cn.add(Z('2025-03-10T06:00:00Z'), 4 * H)).toBe(Z('2025-03-10T10:00:00Z'));
    expect(cn.add(Z('2025-03-10T06:00:00Z'), 4 * H)).not.toBe(Z('2025-03-11T01:00:00Z')); // Tue 09:00 local
    // From Mon 18:00 to Tue 08:59 local nothing is counted: elapsed is still exactly 4 h (T4's example).
    expect(cn.elapsed(Z('2025-03-10T06:00:00Z'), Z('2025-03-11T00:59:00Z'))).toBe(4 * H);
  });

  it('E4 numbers: at Fri 17:50, 20 business minutes have passed and 220 remain', () => {
    // Fri 17:30 (09:30Z) → 17:50 (09:50Z) = 20 min; target 240 min − 20 = 220 min.
    const elapsed = cn.elapsed(Z('2025-03-07T09:30:00Z'), Z('2025-03-07T09:50:00Z'));
    expect(elapsed).toBe(20 * MIN);
    expect(4 * H - elapsed).toBe(220 * MIN);
    // 220 business minutes from Fri 17:50: 10 min on Friday, 210 min (3.5 h) on Monday → Mon 12:30 = 04:30Z.
    expect(cn.add(Z('2025-03-07T09:50:00Z'), 220 * MIN)).toBe(Z('2025-03-10T04:30:00Z'));
  });

  it('a week of business hours is 45 h; a weekend is 0', () => {
    // Mon 2025-03-10 00:00 local (03-09 16:00Z) to Mon 03-17 00:00 local (03-16 16:00Z): 5 × 9 h.
    expect(cn.elapsed(Z('2025-03-09T16:00:00Z'), Z('2025-03-16T16:00:00Z'))).toBe(45 * H);
    // Sat 2025-03-08 00:00 local (03-07 16:00Z) to Mon 00:00 local (03-09 16:00Z): closed.
    expect(cn.elapsed(Z('2025-03-07T16:00:00Z'), Z('2025-03-09T16:00:00Z'))).toBe(0);
  });

  it('add from outside hours starts at the next opening', () => {
    // Sat 2025-03-08 12:00 local (04:00Z) + 1 h → Mon 09:00 + 1 h = Mon 10:00 local = 02:00Z.
    expect(cn.add(Z('2025-03-08T04:00:00Z'), 1 * H)).toBe(Z('2025-03-10T02:00:00Z'));
    // Mon 07:00 local (03-09 23:00Z) + 30 min → Mon 09:30 local = 01:30Z.
    expect(cn.add(Z('2025-03-09T23:00:00Z'), 30 * MIN)).toBe(Z('2025-03-10T01:30:00Z'));
  });

  it('T3: a target used up exactly at closing on Friday is due Friday 18:00, not Monday 09:00', () => {
    // Fri 2025-03-07 15:00 local (07:00Z) + 3 h = Fri 18:00 local = 10:00Z.
    expect(cn.add(Z('2025-03-07T07:00:00Z'), 3 * H)).toBe(Z('2025-03-07T10:00:00Z'));
    // one second more goes over the weekend: Mon 09:00:01 local = 01:00:01Z.
    expect(cn.add(Z('2025-03-07T07:00:00Z'), 3 * H + 1)).toBe(Z('2025-03-10T01:00:01Z'));
  });

  it('T3 with a lunch break: a target used up at 12:00 is due 12:00, not 13:00', () => {
    const lunch: [string, string][] = [['09:00', '12:00'], ['13:00', '18:00']];
    const split = businessHours(calendar({ id: 'lunch', timezone: 'Asia/Shanghai', weekly: { mon: lunch, tue: lunch } }));
    // Mon 2025-03-10 11:00 local (03:00Z) + 1 h = 12:00 local = 04:00Z.
    expect(split.add(Z('2025-03-10T03:00:00Z'), 1 * H)).toBe(Z('2025-03-10T04:00:00Z'));
    // + 1.5 h: 1 h to 12:00, then 0.5 h from 13:00 → 13:30 local = 05:30Z.
    expect(split.add(Z('2025-03-10T03:00:00Z'), 1.5 * H)).toBe(Z('2025-03-10T05:30:00Z'));
    // the lunch hour counts nothing: 11:00–14:00 local = 1 h + 1 h = 2 h.
    expect(split.elapsed(Z('2025-03-10T03:00:00Z'), Z('2025-03-10T06:00:00Z'))).toBe(2 * H);
  });

  it('intervalsOn gives a date\'s open intervals as UTC instants', () => {
    // Mon 2025-03-10 09:00–18:00 local = 01:00Z–10:00Z.
    expect(cn.intervalsOn('2025-03-10')).toEqual([[Z('2025-03-10T01:00:00Z'), Z('2025-03-10T10:00:00Z')]]);
    expect(cn.intervalsOn('2025-03-08')).toEqual([]); // Saturday
  });

  it('inHours: the start is inside, the end is not [start, end)', () => {
    expect(cn.inHours(Z('2025-03-10T01:00:00Z'))).toBe(true); // Mon 09:00:00 local
    expect(cn.inHours(Z('2025-03-10T00:59:59Z'))).toBe(false); // Mon 08:59:59 local
    expect(cn.inHours(Z('2025-03-10T09:59:59Z'))).toBe(true); // Mon 17:59:59 local
    expect(cn.inHours(Z('2025-03-10T10:00:00Z'))).toBe(false); // Mon 18:00:00 local
    expect(cn.inHours(Z('2025-03-08T04:00:00Z'))).toBe(false); // Sat 12:00 local
    // Mon 03:00Z + 8 h = Mon 11:00 local: open.
    expect(cn.inHours(Z('2025-03-10T03:00:00Z'))).toBe(true);
    // Sun 2025-03-09 20:00Z = Mon 04:00 local: the UTC date is Sunday, the local date Monday, before opening.
    expect(cn.inHours(Z('2025-03-09T20:00:00Z'))).toBe(false);
  });

  it('elapsed of an empty or reversed span is 0', () => {
    expect(cn.elapsed(Z('2025-03-10T03:00:00Z'), Z('2025-03-10T03:00:00Z'))).toBe(0);
    expect(cn.elapsed(Z('2025-03-10T05:00:00Z'), Z('2025-03-10T03:00:00Z'))).toBe(0);
  });
});

describe('Europe/Berlin across daylight-saving changes (C1)', () => {
  const ALL_DAY: [string, string][] = [['00:00', '24:00']];
  const berlin = (weekly: Record<string, [string, string][]>) =>
    businessHours(calendar({ id: `berlin-${JSON.stringify(weekly)}`, timezone: 'Europe/Berlin', weekly }));

  it('a 00:00–24:00 day lasts 23 h on 2025-03-30 and 25 h on 2025-10-26', () => {
    const cal = berlin({ sun: ALL_DAY });
    // 03-30: 00:00 CET = 03-29 23:00Z; 24:00 = 03-31 00:00 CEST = 03-30 22:00Z → 23 h.
    expect(cal.intervalsOn('2025-03-30')).toEqual([[Z('2025-03-29T23:00:00Z'), Z('2025-03-30T22:00:00Z')]]);
    expect(cal.elapsed(Z('2025-03-29T00:00:00Z'), Z('2025-04-01T00:00:00Z'))).toBe(23 * H);
    // 10-26: 00:00 CEST = 10-25 22:00Z; 24:00 = 10-27 00:00 CET = 10-26 23:00Z → 25 h.
    expect(cal.intervalsOn('2025-10-26')).toEqual([[Z('2025-10-25T22:00:00Z'), Z('2025-10-26T23:00:00Z')]]);
    expect(cal.elapsed(Z('2025-10-25T00:00:00Z'), Z('2025-10-28T00:00:00Z'))).toBe(25 * H);
    // an ordinary Sunday (03-23, CET all day): 24 h.
    expect(cal.elapsed(Z('2025-03-22T00:00:00Z'), Z('2025-03-25T00:00:00Z'))).toBe(24 * H);
  });

  it('an interval 01:00–04:00 lasts 2 h on 03-30 and 4 h on 10-26 (UTC seconds, not wall-clock minutes)', () => {
    const cal = berlin({ sun: [['01:00', '04:00']] });
    // 03-30: 01:00 CET = 00:00Z; 04:00 CEST = 02:00Z → 2 h.
    expect(cal.intervalsOn('2025-03-30')).toEqual([[Z('2025-03-30T00:00:00Z'), Z('2025-03-30T02:00:00Z')]]);
    // 10-26: 01:00 CEST = 10-25 23:00Z; 04:00 CET = 03:00Z → 4 h.
    expect(cal.intervalsOn('2025-10-26')).toEqual([[Z('2025-10-25T23:00:00Z'), Z('2025-10-26T03:00:00Z')]]);
    expect(cal.elapsed(Z('2025-03-29T00:00:00Z'), Z('2025-03-31T00:00:00Z'))).toBe(2 * H);
    expect(cal.elapsed(Z('2025-10-25T00:00:00Z'), Z('2025-10-27T00:00:00Z'))).toBe(4 * H);
  });

  it('a boundary in the spring gap (02:30 on 03-30) moves forward by the gap to 03:30 CEST = 01:30Z', () => {
    const day = DateTime.fromISO('2025-03-30', { zone: 'Europe/Berlin' }).startOf('day');
    expect(localToUtc(day, '02:30')).toBe(Z('2025-03-30T01:30:00Z'));
    // 02:00 itself does not exist either: → 03:00 CEST = 01:00Z, the instant of the jump.
    expect(localToUtc(day, '02:00')).toBe(Z('2025-03-30T01:00:00Z'));
    // 01:59 exists (CET): 00:59Z; 03:00 exists (CEST): 01:00Z.
    expect(localToUtc(day, '01:59')).toBe(Z('2025-03-30T00:59:00Z'));
    expect(localToUtc(day, '03:00')).toBe(Z('2025-03-30T01:00:00Z'));

    // As an interval start: 02:30–04:00 → 01:30Z–02:00Z = 30 min; as an interval end: 01:00–02:30 → 00:00Z–01:30Z = 1.5 h.
    expect(berlin({ sun: [['02:30', '04:00']] }).intervalsOn('2025-03-30')).toEqual([[Z('2025-03-30T01:30:00Z'), Z('2025-03-30T02:00:00Z')]]);
    expect(berlin({ sun: [['01:00', '02:30']] }).intervalsOn('2025-03-30')).toEqual([[Z('2025-03-30T00:00:00Z'), Z('2025-03-30T01:30:00Z')]]);
    // 02:00–03:00 on 03-30 is 01:00Z–01:00Z: no business second at all.
    expect(berlin({ sun: [['02:00', '03:00']] }).elapsed(Z('2025-03-29T00:00:00Z'), Z('2025-03-31T00:00:00Z'))).toBe(0);
  });

  it('an ambiguous boundary in the autumn overlap (02:30 on 10-26) takes its first occurrence: 02:30 CEST = 00:30Z', () => {
    const day = DateTime.fromISO('2025-10-26', { zone: 'Europe/Berlin' }).startOf('day');
    expect(localToUtc(day, '02:30')).toBe(Z('2025-10-26T00:30:00Z')); // not 02:30 CET = 01:30Z
    expect(localToUtc(day, '02:00')).toBe(Z('2025-10-26T00:00:00Z')); // not 02:00 CET = 01:00Z
    // 03:00 occurs once (CET, after the fall-back): 02:00Z.
    expect(localToUtc(day, '03:00')).toBe(Z('2025-10-26T02:00:00Z'));
    // Interval 02:30–04:00: 00:30Z → 03:00Z = 2.5 h; 02:00–03:00: 00:00Z → 02:00Z = 2 h.
    expect(berlin({ sun: [['02:30', '04:00']] }).intervalsOn('2025-10-26')).toEqual([[Z('2025-10-26T00:30:00Z'), Z('2025-10-26T03:00:00Z')]]);
    expect(berlin({ sun: [['02:00', '03:00']] }).elapsed(Z('2025-10-25T00:00:00Z'), Z('2025-10-27T00:00:00Z'))).toBe(2 * H);
    // ordinary days around it keep the zone's offset of that date: Sat 10-25 02:30 CEST = 00:30Z; Sun 11-02 02:30 CET = 01:30Z.
    expect(localToUtc(DateTime.fromISO('2025-10-25', { zone: 'Europe/Berlin' }), '02:30')).toBe(Z('2025-10-25T00:30:00Z'));
    expect(localToUtc(DateTime.fromISO('2025-11-02', { zone: 'Europe/Berlin' }), '02:30')).toBe(Z('2025-11-02T01:30:00Z'));
  });

  it('inHours around a boundary in the gap', () => {
    const cal = berlin({ sun: [['02:30', '04:00']] });
    expect(cal.inHours(Z('2025-03-30T01:29:59Z'))).toBe(false); // 03:29:59 CEST
    expect(cal.inHours(Z('2025-03-30T01:30:00Z'))).toBe(true); // 03:30 CEST, the moved start
    expect(cal.inHours(Z('2025-03-30T02:00:00Z'))).toBe(false); // 04:00 CEST, the end
    // 10-26: both 02:30s are open (the interval runs 00:30Z–03:00Z).
    expect(cal.inHours(Z('2025-10-26T00:30:00Z'))).toBe(true); // first 02:30 (CEST)
    expect(cal.inHours(Z('2025-10-26T01:30:00Z'))).toBe(true); // second 02:30 (CET)
    expect(cal.inHours(Z('2025-10-26T00:29:59Z'))).toBe(false);
  });

  it('add() inside the shortened and the lengthened night', () => {
    const all = berlin({ sun: ALL_DAY });
    // 03-30 00:00 CET (03-29 23:00Z) + 3 h = 02:00Z = 04:00 CEST (three real hours, the wall clock moves 4).
    expect(all.add(Z('2025-03-29T23:00:00Z'), 3 * H)).toBe(Z('2025-03-30T02:00:00Z'));
    // 10-26 00:00 CEST (10-25 22:00Z) + 3 h = 01:00Z = 02:00 CET (the wall clock moves 2).
    expect(all.add(Z('2025-10-25T22:00:00Z'), 3 * H)).toBe(Z('2025-10-26T01:00:00Z'));
    // A whole day's worth: 03-30 is used up after 23 h at 22:00Z (T3: the end, not next week's opening);
    // 10-26 after 25 h at 23:00Z.
    expect(all.add(Z('2025-03-29T23:00:00Z'), 23 * H)).toBe(Z('2025-03-30T22:00:00Z'));
    expect(all.add(Z('2025-10-25T22:00:00Z'), 25 * H)).toBe(Z('2025-10-26T23:00:00Z'));
    // 10-26 01:00–04:00 (23:00Z–03:00Z): from 01:00 CEST + 3.5 h = 02:30Z = 03:30 CET.
    expect(berlin({ sun: [['01:00', '04:00']] }).add(Z('2025-10-25T23:00:00Z'), 3.5 * H)).toBe(Z('2025-10-26T02:30:00Z'));
  });

  it('add() across the nights of the changes keeps local opening hours (08:00–20:00 every day)', () => {
    const day: [string, string][] = [['08:00', '20:00']];
    const cal = berlin({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });
    // Sat 03-29 19:00 CET (18:00Z) + 2 h: 1 h to 20:00 CET (19:00Z); Sun 03-30 08:00 CEST = 06:00Z, + 1 h = 07:00Z (09:00 CEST).
    // A constant offset would have given 08:00Z.
    expect(cal.add(Z('2025-03-29T18:00:00Z'), 2 * H)).toBe(Z('2025-03-30T07:00:00Z'));
    // Sat 10-25 19:00 CEST (17:00Z) + 2 h: 1 h to 20:00 CEST (18:00Z); Sun 10-26 08:00 CET = 07:00Z, + 1 h = 08:00Z (09:00 CET).
    expect(cal.add(Z('2025-10-25T17:00:00Z'), 2 * H)).toBe(Z('2025-10-26T08:00:00Z'));
    // Each of those Sundays still has 12 business hours: 08:00–20:00 CEST = 06:00Z–18:00Z; CET = 07:00Z–19:00Z.
    expect(cal.intervalsOn('2025-03-30')).toEqual([[Z('2025-03-30T06:00:00Z'), Z('2025-03-30T18:00:00Z')]]);
    expect(cal.intervalsOn('2025-10-26')).toEqual([[Z('2025-10-26T07:00:00Z'), Z('2025-10-26T19:00:00Z')]]);
  });

  it('a working week that spans the spring change: Fri 09:00 CET → Mon 17:00 CEST = 16 business hours', () => {
    const day: [string, string][] = [['09:00', '17:00']];
    const cal = berlin({ mon: day, tue: day, wed: day, thu: day, fri: day });
    // Fri 03-28 09:00 CET = 08:00Z; Mon 03-31 09:00–17:00 CEST = 07:00Z–15:00Z.
    expect(cal.elapsed(Z('2025-03-28T08:00:00Z'), Z('2025-03-31T15:00:00Z'))).toBe(16 * H);
    // Fri 03-28 16:00 CET (15:00Z) + 2 h: 1 h Friday, Mon 09:00 CEST (07:00Z) + 1 h = 08:00Z.
    expect(cal.add(Z('2025-03-28T15:00:00Z'), 2 * H)).toBe(Z('2025-03-31T08:00:00Z'));
  });
});

describe('holidays and overrides (C2)', () => {
  const HOLI = calendar({
    id: 'cn-2025', timezone: 'Asia/Shanghai',
    weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
    holidays: [
      { from: '2025-05-01', to: '2025-05-05', name: 'Labour Day' }, // Thu 05-01 … Mon 05-05, inclusive
      { month_day: '12-25', recurring: true },
      { from: '2025-06-02', name: 'one day' }, // a Monday; no `to` = that day only
    ],
    overrides: [
      { date: '2025-04-27', intervals: [['09:00', '18:00']], name: 'make-up workday 调休' }, // a Sunday
      { date: '2025-03-11', intervals: [['09:00', '12:00']], name: 'short Tuesday' },
      { date: '2025-03-12', intervals: [], name: 'closed Wednesday' },
    ],
  });
  const cal = businessHours(HOLI);

  it('a holiday range closes every day from `from` to `to` inclusive', () => {
    for (const d of ['2025-05-01', '2025-05-02', '2025-05-05']) expect(cal.intervalsOn(d)).toEqual([]);
    // Wed 04-30 and Tue 05-06 are ordinary: 09:00–18:00 local = 01:00Z–10:00Z.
    expect(cal.intervalsOn('2025-04-30')).toEqual([[Z('2025-04-30T01:00:00Z'), Z('2025-04-30T10:00:00Z')]]);
    expect(cal.intervalsOn('2025-05-06')).toEqual([[Z('2025-05-06T01:00:00Z'), Z('2025-05-06T10:00:00Z')]]);
    // Mon 05-05 12:00 local (04:00Z) is not in hours.
    expect(cal.inHours(Z('2025-05-05T04:00:00Z'))).toBe(false);
  });

  it('a holiday without `to` is that one day', () => {
    expect(cal.intervalsOn('2025-06-02')).toEqual([]); // Monday
    expect(cal.intervalsOn('2025-06-03')).toEqual([[Z('2025-06-03T01:00:00Z'), Z('2025-06-03T10:00:00Z')]]);
  });

  it('a recurring month_day holiday closes that date every year', () => {
    expect(cal.intervalsOn('2025-12-25')).toEqual([]); // Thursday
    expect(cal.intervalsOn('2026-12-25')).toEqual([]); // Friday
    expect(cal.intervalsOn('2027-12-24')).toEqual([[Z('2027-12-24T01:00:00Z'), Z('2027-12-24T10:00:00Z')]]); // Friday
  });

  it('add() skips the holiday: Wed 04-30 17:00 + 4 h = Tue 05-06 12:00 (04:00Z)', () => {
    // Wed 17:00 local = 09:00Z; 1 h to 18:00; 05-01…05-05 closed (05-03/04 are a weekend anyway);
    // Tue 05-06 09:00 + 3 h = 12:00 local = 04:00Z.
    expect(cal.add(Z('2025-04-30T09:00:00Z'), 4 * H)).toBe(Z('2025-05-06T04:00:00Z'));
    // Across the holiday only those 4 h count: Wed 04-30 17:00 → Tue 05-06 12:00.
    expect(cal.elapsed(Z('2025-04-30T09:00:00Z'), Z('2025-05-06T04:00:00Z'))).toBe(4 * H);
  });

  it('a make-up Sunday (调休 2025-04-27) is a working day: Fri 04-25 17:00 + 4 h = Sun 04-27 12:00 (04:00Z)', () => {
    expect(cal.intervalsOn('2025-04-27')).toEqual([[Z('2025-04-27T01:00:00Z'), Z('2025-04-27T10:00:00Z')]]);
    // Fri 17:00 local = 09:00Z; 1 h Friday; Sat closed; Sun 09:00 + 3 h = 12:00 local = 04:00Z
    // (without the override it would have been Mon 04-28 12:00 = 04:00Z on 04-28).
    expect(cal.add(Z('2025-04-25T09:00:00Z'), 4 * H)).toBe(Z('2025-04-27T04:00:00Z'));
    expect(cal.inHours(Z('2025-04-27T02:00:00Z'))).toBe(true); // Sun 10:00 local
    // The ordinary Sunday a week earlier stays closed.
    expect(cal.intervalsOn('2025-04-20')).toEqual([]);
  });

  it('an override replaces the week: a short Tuesday and a closed Wednesday', () => {
    // Tue 03-11 09:00–12:00 local = 01:00Z–04:00Z.
    expect(cal.intervalsOn('2025-03-11')).toEqual([[Z('2025-03-11T01:00:00Z'), Z('2025-03-11T04:00:00Z')]]);
    expect(cal.intervalsOn('2025-03-12')).toEqual([]);
    // Mon 03-10 17:00 local (09:00Z) + 6 h: 1 h Monday, 3 h Tuesday (to 12:00), Wednesday closed,
    // Thu 03-13 09:00 + 2 h = 11:00 local = 03:00Z.
    expect(cal.add(Z('2025-03-10T09:00:00Z'), 6 * H)).toBe(Z('2025-03-13T03:00:00Z'));
    // T3 on the short day: Tue 10:00 local (02:00Z) + 2 h = Tue 12:00 local = 04:00Z, its closing.
    expect(cal.add(Z('2025-03-11T02:00:00Z'), 2 * H)).toBe(Z('2025-03-11T04:00:00Z'));
    expect(cal.inHours(Z('2025-03-11T05:00:00Z'))).toBe(false); // Tue 13:00 local
  });

  it('an override replaces a holiday for its date', () => {
    const cal2 = businessHours(calendar({
      id: 'cn-override-holiday', timezone: 'Asia/Shanghai',
      weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
      holidays: [{ from: '2025-05-01', to: '2025-05-05' }],
      overrides: [{ date: '2025-05-02', intervals: [['10:00', '12:00']] }],
    }));
    // Fri 05-02 10:00–12:00 local = 02:00Z–04:00Z, though the date is inside the holiday.
    expect(cal2.intervalsOn('2025-05-02')).toEqual([[Z('2025-05-02T02:00:00Z'), Z('2025-05-02T04:00:00Z')]]);
    // Wed 04-30 00:00 local → Wed 05-07 00:00 local: Wed 04-30 9 h + Fri 05-02 2 h + Tue 05-06 9 h = 20 h.
    expect(cal2.elapsed(Z('2025-04-29T16:00:00Z'), Z('2025-05-06T16:00:00Z'))).toBe(20 * H);
    // Wed 04-30 17:00 (09:00Z) + 2 h: 1 h Wednesday, then Fri 05-02 10:00 + 1 h = 11:00 local = 03:00Z.
    expect(cal2.add(Z('2025-04-30T09:00:00Z'), 2 * H)).toBe(Z('2025-05-02T03:00:00Z'));
  });
});

describe('a calendar split at midnight; "24:00" ends', () => {
  // A night desk: Fri 22:00–24:00 and Sat 00:00–06:00 (two intervals, one shift).
  const NIGHT = businessHours(calendar({
    id: 'night', timezone: 'Asia/Shanghai', weekly: { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] },
  }));

  it('"24:00" closes at the next local midnight', () => {
    // Fri 2025-03-07 22:00 local = 14:00Z; 24:00 = Sat 00:00 local = 16:00Z.
    expect(NIGHT.intervalsOn('2025-03-07')).toEqual([[Z('2025-03-07T14:00:00Z'), Z('2025-03-07T16:00:00Z')]]);
    // Sat 00:00–06:00 local = Fri 16:00Z – Fri 22:00Z.
    expect(NIGHT.intervalsOn('2025-03-08')).toEqual([[Z('2025-03-07T16:00:00Z'), Z('2025-03-07T22:00:00Z')]]);
  });

  it('a ticket at Fri 23:00 with 2 business hours is due Sat 01:00', () => {
    // Fri 23:00 local = 15:00Z: 1 h to midnight (16:00Z), then 1 h of Saturday → Sat 01:00 local = Fri 17:00Z.
    expect(NIGHT.add(Z('2025-03-07T15:00:00Z'), 2 * H)).toBe(Z('2025-03-07T17:00:00Z'));
    expect(NIGHT.elapsed(Z('2025-03-07T15:00:00Z'), Z('2025-03-07T17:00:00Z'))).toBe(2 * H);
    expect(NIGHT.inHours(Z('2025-03-07T16:00:00Z'))).toBe(true); // Sat 00:00 local
  });

  it('T3 across the shift: 8 h from Fri 22:00 is used up at Sat 06:00, the shift end', () => {
    // 2 h Friday + 6 h Saturday = 8 h → Sat 06:00 local = Fri 22:00Z (not next Friday 22:00).
    expect(NIGHT.add(Z('2025-03-07T14:00:00Z'), 8 * H)).toBe(Z('2025-03-07T22:00:00Z'));
    // 8 h + 1 s: next Friday 22:00:01 local = Fri 03-14 14:00:01Z.
    expect(NIGHT.add(Z('2025-03-07T14:00:00Z'), 8 * H + 1)).toBe(Z('2025-03-14T14:00:01Z'));
  });

  it('the schema refuses an interval that crosses midnight, and accepts "24:00"', () => {
    expect(calendarSchema.safeParse({ id: 'x', timezone: 'Asia/Shanghai', weekly: { fri: [['22:00', '06:00']] } }).success).toBe(false);
    expect(calendarSchema.safeParse({ id: 'x', timezone: 'Asia/Shanghai', weekly: { fri: [['22:00', '24:00']] } }).success).toBe(true);
  });

  it('the schema refuses a fixed-offset zone (DST-unsafe)', () => {
    const r = calendarSchema.safeParse({ id: 'x', timezone: '+08:00', weekly: {} });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.path).toEqual(['timezone']);
    expect(calendarSchema.safeParse({ id: 'x', timezone: 'UTC+8', weekly: {} }).success).toBe(false);
  });
});
