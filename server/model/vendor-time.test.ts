import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { epochToUtc, isoToUtc, laterOf, minusSeconds, naiveToUtc, utcToNaive } from './vendor-time';

describe('vendor timestamps → UTC', () => {
  it('reads offsets with and without a colon (Salesforce sends +0000)', () => {
    expect(isoToUtc('2025-03-14T09:12:44.000+0000')).toBe('2025-03-14T09:12:44.000Z');
    expect(isoToUtc('2025-03-14T10:12:44+01:00')).toBe('2025-03-14T09:12:44.000Z');
    expect(isoToUtc('2025-03-14T09:12:45.230Z')).toBe('2025-03-14T09:12:45.230Z');
    expect(() => isoToUtc('2025-03-14 09:12:44')).toThrow(/not an instant with a zone/);
  });

  it('reads naive UTC (Odoo) and naive site-zone times with microseconds (ERPNext, Berlin = UTC+1 in March)', () => {
    expect(naiveToUtc('2025-03-14 08:41:22', 'UTC')).toBe('2025-03-14T08:41:22.000Z');
    expect(naiveToUtc('2025-03-14 09:41:22.910557', 'Europe/Berlin')).toBe('2025-03-14T08:41:22.910Z');
    expect(naiveToUtc('2025-07-01 12:00:00', 'Europe/Berlin')).toBe('2025-07-01T10:00:00.000Z'); // summer time
    expect(() => naiveToUtc('yesterday', 'UTC')).toThrow(/not a naive date-time/);
    expect(() => naiveToUtc('2025-03-14 08:41:22Z', 'UTC')).toThrow(/not a naive date-time/);
  });

  it('reads naive times next to DST changes and in unusual forms exactly as luxon does', () => {
    // Every 20 minutes across Berlin's spring gap and autumn overlap, and a quiet day in Shanghai and New York.
    for (const [zone, from] of [['Europe/Berlin', '2025-03-29T00:00:00Z'], ['Europe/Berlin', '2025-10-25T00:00:00Z'],
      ['Asia/Shanghai', '2025-03-14T00:00:00Z'], ['America/New_York', '2025-11-01T12:00:00Z']] as const) {
      for (let t = Date.parse(from); t < Date.parse(from) + 2 * 86_400_000; t += 20 * 60_000) {
        const text = new Date(t).toISOString().replace('T', ' ').replace('Z', '417');
        const luxon = DateTime.fromISO(text.replace(' ', 'T'), { zone }).toUTC().toISO({ suppressMilliseconds: false });
        expect(naiveToUtc(text, zone), `${text} ${zone}`).toBe(luxon);
      }
    }
    expect(naiveToUtc('2025-03-14T09:41', 'Europe/Berlin')).toBe('2025-03-14T08:41:00.000Z');
    expect(naiveToUtc('2025-03-14 09:41:22.9', 'Europe/Berlin')).toBe('2025-03-14T08:41:22.900Z');
    expect(() => naiveToUtc('2025-02-30 09:41:22', 'Europe/Berlin')).toThrow(/not a naive date-time/);
    expect(() => naiveToUtc('2025-03-14 09:41:22', 'Mars/Olympus')).toThrow(/not a naive date-time/);
  });

  it('writes a watermark as naive wall-clock text in a zone', () => {
    expect(utcToNaive('2025-03-14T08:00:00Z', 'Europe/Berlin')).toBe('2025-03-14 09:00:00');
    expect(utcToNaive(Date.parse('2025-03-14T08:00:00Z'), 'UTC')).toBe('2025-03-14 08:00:00');
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(epochToUtc(1741939200)).toBe('2025-03-14T08:00:00.000Z');
    expect(epochToUtc('1741939200000')).toBe('2025-03-14T08:00:00.000Z');
    expect(() => epochToUtc('soon')).toThrow(/not an epoch time/);
  });

  it('compares and moves instants', () => {
    expect(laterOf('2025-03-14T08:00:00.000Z', '2025-03-14T07:59:59.999Z')).toBe('2025-03-14T08:00:00.000Z');
    expect(laterOf(undefined, '2025-03-14T08:00:00.000Z')).toBe('2025-03-14T08:00:00.000Z');
    expect(minusSeconds('2025-03-14T08:00:00.000Z', 120)).toBe('2025-03-14T07:58:00.000Z');
  });
});
