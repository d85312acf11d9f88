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
