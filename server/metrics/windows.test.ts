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

  it('31 March: the previous month is cut at its last day (28 Feb 12:00)', () => {
    expect(range('mtd', '2025-03-31T04:00:00Z', SH).prevEnd).toBe('2025-02-28T04:00:00.000Z');
  });

  it('Berlin: month starts in CET', () => {
    expect(range('mtd', '2025-03-30T10:00:00Z', BER)).toEqual({
      start: '2025-02-28T23:00:00.000Z', // 1 Mar 00:00 CET
      prevStart: '2025-01-31T23:00:00.000Z', // 1 Feb 00:00 CET
      prevEnd: '2025-02-28T11:00:00.000Z', // 28 Feb 12:00 CET
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
