import { describe, expect, it } from 'vitest';
import { windowRange, windowSchema, type WindowName } from './windows';

/** The range as ISO strings, easier to read against hand-worked local times. */
function range(window: WindowName, nowIso: string, zone: string) {
  const r = windowRange(window, Date.parse(nowIso), zone);
  return { start: new Date(r.start).toISOString(), prevStart: new Date(r.prevStart).toISOString(), prevEnd: new Date(r.prevEnd).toISOString() };
}
const SH = 'Asia/Shanghai'; // UTC+8, no DST
const BER = 'Europe/Berlin'; // CET (+1) / CEST (+2); 2025: spring forward 30 Mar 02:00, fall back 26 Oct 03:00

describe('windowRange: today', () => {
  it('Shanghai at 12:30 local: since local midnight; previous = yesterday up to 12:30', () => {
    expect(range('today', '2025-03-10T04:30:00Z', SH)).toEqual({
      start: '2025-03-09T16:00:00.000Z', // 2025-03-10 00:00 +08
      prevStart: '2025-03-08T16:00:00.000Z', // 2025-03-09 00:00 +08
      prevEnd: '2025-03-09T04:30:00.000Z', // 2025-03-09 12:30 +08
    });
  });

  it('rolls over exactly at local midnight, not at UTC midnight', () => {
    expect(range('today', '2025-03-09T15:59:59.999Z', SH).start).toBe('2025-03-08T16:00:00.000Z'); // 23:59:59.999 local
    const atMidnight = range('today', '2025-03-09T16:00:00Z', SH);
    expect(atMidnight.start).toBe('2025-03-09T16:00:00.000Z');
    expect(atMidnight.prevEnd).toBe('2025-03-08T16:00:00.000Z'); // yesterday up to 00:00: empty
    expect(range('today', '2025-03-10T00:00:00Z', SH).start).toBe('2025-03-09T16:00:00.000Z'); // UTC midnight = 08:00 local
  });

  it('Berlin on the spring-forward day: a 23-hour day, previous day up to the same wall-clock time', () => {
    expect(range('today', '2025-03-30T10:00:00Z', BER)).toEqual({
      start: '2025-03-29T23:00:00.000Z', // 30 Mar 00:00 CET
      prevStart: '2025-03-28T23:00:00.000Z', // 29 Mar 00:00 CET
      prevEnd: '2025-03-29T11:00:00.000Z', // 29 Mar 12:00 CET (now is 12:00 CEST)
    });
    expect(range('today', '2025-03-30T00:30:00Z', BER).prevEnd).toBe('2025-03-29T00:30:00.000Z'); // 01:30 CET, before the gap
  });

  it('Berlin the day after spring-forward: previous day started in CET, same time is CEST', () => {
    expect(range('today', '2025-03-31T10:00:00Z', BER)).toEqual({
      start: '2025-03-30T22:00:00.000Z', // 31 Mar 00:00 CEST
      prevStart: '2025-03-29T23:00:00.000Z', // 30 Mar 00:00 CET
      prevEnd: '2025-03-30T10:00:00.000Z', // 30 Mar 12:00 CEST
    });
  });

  it('Berlin on the fall-back day: a 25-hour day', () => {
    expect(range('today', '2025-10-26T11:00:00Z', BER)).toEqual({
      start: '2025-10-25T22:00:00.000Z', // 26 Oct 00:00 CEST
      prevStart: '2025-10-24T22:00:00.000Z', // 25 Oct 00:00 CEST
      prevEnd: '2025-10-25T10:00:00.000Z', // 25 Oct 12:00 CEST (now is 12:00 CET)
    });
  });
});

describe('windowRange: rolling windows', () => {
  it.each([
    ['24h', 1], ['7d', 7], ['30d', 30],
  ] as const)('%s is the last %d days, previous the span before it', (window, days) => {
    const now = Date.parse('2025-03-30T10:00:00Z');
    const span = days * 86_400_000;
    expect(windowRange(window, now, BER)).toEqual({ start: now - span, prevStart: now - 2 * span, prevEnd: now - span });
  });
});

describe('windowRange: month to date', () => {
  it('Shanghai 10 March 12:30: since 1 March local; previous = 1 Feb to 10 Feb 12:30', () => {
    expect(range('mtd', '2025-03-10T04:30:00Z', SH)).toEqual({
      start: '2025-02-28T16:00:00.000Z', prevStart: '2025-01-31T16:00:00.000Z', prevEnd: '2025-02-10T04:30:00.000Z',
    });
  });

  it('15 March 10:00: previous = 1 Feb 00:00 to 15 Feb 10:00, the same day and time of the month before', () => {
    expect(range('mtd', '2025-03-15T02:00:00Z', SH)).toEqual({ // 15 Mar 10:00 +08
      start: '2025-02-28T16:00:00.000Z', // 1 Mar 00:00 +08
      prevStart: '2025-01-31T16:00:00.000Z', // 1 Feb 00:00 +08
      prevEnd: '2025-02-15T02:00:00.000Z', // 15 Feb 10:00 +08
    });
  });

  it('the first instant of a month: the current month and the previous span are both empty', () => {
    expect(range('mtd', '2025-02-28T16:00:00Z', SH)).toEqual({ // 1 Mar 00:00 +08
      start: '2025-02-28T16:00:00.000Z', prevStart: '2025-01-31T16:00:00.000Z', prevEnd: '2025-01-31T16:00:00.000Z',
    });
  });
});

describe('windowRange: month to date on a day the previous month does not have (clamped to its end)', () => {
  // 2025 is not a leap year: February has 28 days, so on 29–31 March the previous span is all of February,
  // [1 Feb 00:00, 1 Mar 00:00); on 28 March it is 1–28 Feb up to the same time.
  const MARCH = { start: '2025-02-28T16:00:00.000Z', prevStart: '2025-01-31T16:00:00.000Z' }; // 1 Mar, 1 Feb 00:00 +08
  it.each([
    ['31 March 10:00', '2025-03-31T02:00:00Z', '2025-02-28T16:00:00.000Z'], // the whole of February
    ['31 March 23:59:59', '2025-03-31T15:59:59Z', '2025-02-28T16:00:00.000Z'],
    ['30 March 10:00', '2025-03-30T02:00:00Z', '2025-02-28T16:00:00.000Z'],
    ['29 March 10:00', '2025-03-29T02:00:00Z', '2025-02-28T16:00:00.000Z'],
    ['29 March 00:00', '2025-03-28T16:00:00Z', '2025-02-28T16:00:00.000Z'], // the clamp starts at the 29th's midnight
    ['28 March 10:00', '2025-03-28T02:00:00Z', '2025-02-28T02:00:00.000Z'], // 28 Feb 10:00: February has a 28th
    ['28 March 23:59:59', '2025-03-28T15:59:59Z', '2025-02-28T15:59:59.000Z'], // one second before the clamp's bound
  ])('Shanghai %s: previous ends at %s', (_label, now, prevEnd) => {
    expect(range('mtd', now, SH)).toEqual({ ...MARCH, prevEnd });
  });

  it('a leap year: 29 March 2024 has 29 Feb 10:00; 30 March 2024 is clamped to 1 March 00:00', () => {
    expect(range('mtd', '2024-03-29T02:00:00Z', SH).prevEnd).toBe('2024-02-29T02:00:00.000Z');
    expect(range('mtd', '2024-03-30T02:00:00Z', SH)).toEqual({
      start: '2024-02-29T16:00:00.000Z', prevStart: '2024-01-31T16:00:00.000Z', prevEnd: '2024-02-29T16:00:00.000Z',
    });
  });

  it('31 May: April has 30 days, so the previous span is all of April', () => {
    expect(range('mtd', '2025-05-31T02:00:00Z', SH)).toEqual({ // 31 May 10:00 +08
      start: '2025-04-30T16:00:00.000Z', // 1 May 00:00 +08
      prevStart: '2025-03-31T16:00:00.000Z', // 1 Apr 00:00 +08
      prevEnd: '2025-04-30T16:00:00.000Z', // 1 May 00:00 +08 = the end of April
    });
    expect(range('mtd', '2025-05-30T02:00:00Z', SH).prevEnd).toBe('2025-04-30T02:00:00.000Z'); // 30 May: 30 Apr 10:00
  });

  it('30 April and 31 January: the previous month has that day, so no clamp', () => {
    expect(range('mtd', '2025-04-30T02:00:00Z', SH)).toEqual({ // 30 Apr 10:00 +08
      start: '2025-03-31T16:00:00.000Z', prevStart: '2025-02-28T16:00:00.000Z', prevEnd: '2025-03-30T02:00:00.000Z', // 30 Mar 10:00
    });
    expect(range('mtd', '2025-01-31T02:00:00Z', SH)).toEqual({ // 31 Jan 10:00 +08
      start: '2024-12-31T16:00:00.000Z', prevStart: '2024-11-30T16:00:00.000Z', prevEnd: '2024-12-31T02:00:00.000Z', // 31 Dec 10:00
    });
  });

  it('31 July: June has 30 days, so the previous span is all of June', () => {
    expect(range('mtd', '2025-07-31T02:00:00Z', SH)).toEqual({
      start: '2025-06-30T16:00:00.000Z', prevStart: '2025-05-31T16:00:00.000Z', prevEnd: '2025-06-30T16:00:00.000Z',
    });
  });

  it('Berlin 31 March 12:00 CEST: the month and its previous span start in CET; previous = all of February', () => {
    expect(range('mtd', '2025-03-31T10:00:00Z', BER)).toEqual({
      start: '2025-02-28T23:00:00.000Z', // 1 Mar 00:00 CET
      prevStart: '2025-01-31T23:00:00.000Z', // 1 Feb 00:00 CET
      prevEnd: '2025-02-28T23:00:00.000Z', // 1 Mar 00:00 CET
    });
  });

  it('Berlin 10 March 12:00 CET: no clamp, previous up to 10 Feb 12:00 CET', () => {
    expect(range('mtd', '2025-03-10T11:00:00Z', BER)).toEqual({
      start: '2025-02-28T23:00:00.000Z', prevStart: '2025-01-31T23:00:00.000Z', prevEnd: '2025-02-10T11:00:00.000Z',
    });
  });

  it('Berlin 30 April 12:00 CEST: the previous span ends at 30 March 12:00, which is CEST too (after the 30 March change)', () => {
    expect(range('mtd', '2025-04-30T10:00:00Z', BER)).toEqual({
      start: '2025-03-31T22:00:00.000Z', // 1 Apr 00:00 CEST
      prevStart: '2025-02-28T23:00:00.000Z', // 1 Mar 00:00 CET
      prevEnd: '2025-03-30T10:00:00.000Z', // 30 Mar 12:00 CEST
    });
  });
});

describe('windowRange: shift starts', () => {
  it('before today\'s shift start, the shift began yesterday', () => {
    expect(range('today@08:00', '2025-03-09T23:00:00Z', SH)).toEqual({ // 10 Mar 07:00 local
      start: '2025-03-09T00:00:00.000Z', // 9 Mar 08:00
      prevStart: '2025-03-08T00:00:00.000Z', // 8 Mar 08:00
      prevEnd: '2025-03-08T23:00:00.000Z', // 9 Mar 07:00
    });
  });

  it('exactly at and after the shift start', () => {
    expect(range('today@08:00', '2025-03-10T00:00:00Z', SH).start).toBe('2025-03-10T00:00:00.000Z');
    expect(range('today@08:00', '2025-03-10T01:00:00Z', SH)).toEqual({ // 09:00 local
      start: '2025-03-10T00:00:00.000Z', prevStart: '2025-03-09T00:00:00.000Z', prevEnd: '2025-03-09T01:00:00.000Z',
    });
  });

  it('Berlin 08:00 shift on the spring-forward day: today in CEST, yesterday in CET', () => {
    expect(range('today@08:00', '2025-03-30T10:00:00Z', BER)).toEqual({
      start: '2025-03-30T06:00:00.000Z', prevStart: '2025-03-29T07:00:00.000Z', prevEnd: '2025-03-29T11:00:00.000Z',
    });
  });

  it('Berlin 02:30 shift on the spring-forward day: today\'s start moves forward by the gap, yesterday\'s does not', () => {
    // 30 Mar 02:30 does not exist → 03:30 CEST = 01:30Z (C1). Yesterday's shift began at 29 Mar 02:30 CET = 01:30Z.
    expect(range('today@02:30', '2025-03-30T10:00:00Z', BER)).toEqual({
      start: '2025-03-30T01:30:00.000Z', prevStart: '2025-03-29T01:30:00.000Z', prevEnd: '2025-03-29T11:00:00.000Z',
    });
  });
});

describe('windowSchema', () => {
  it.each(['today', '24h', '7d', '30d', 'mtd', 'today@00:00', 'today@23:59'])('accepts %s', (w) => {
    expect(windowSchema.safeParse(w).success).toBe(true);
  });
  it.each(['yesterday', 'today@24:00', 'today@8:00', '1h', ''])('rejects %s', (w) => {
    expect(windowSchema.safeParse(w).success).toBe(false);
  });
});
