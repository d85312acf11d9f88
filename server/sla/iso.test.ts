import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoInstant } from './iso';

describe('isoInstant', () => {
  it('formats instants as toISOString does, worked by hand', () => {
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoInstant(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29T23:59:59.999Z'); // a leap day
    expect(isoInstant(Date.UTC(2100, 2, 1, 0, 0, 0, 7))).toBe('2100-03-01T00:00:00.007Z'); // 2100 is no leap year
    expect(isoInstant(Date.UTC(2000, 11, 31, 9, 5, 3, 40))).toBe('2000-12-31T09:05:03.040Z');
  });

  it('hands what the fast path does not cover to Date: before 1970, after year 9999, fractions of a millisecond', () => {
    expect(isoInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoInstant(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoInstant(1.5)).toBe('1970-01-01T00:00:00.001Z');
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  });

  it('equals toISOString on any instant (property)', () => {
    // Mostly the fast path's range (day and time of day drawn apart), and sometimes any valid Date.
    const fast = fc.tuple(fc.integer({ min: 0, max: 2_932_896 }), fc.integer({ min: 0, max: 86_399_999 })).map(([day, ms]) => day * 86_400_000 + ms);
    const any = fc.date({ noInvalidDate: true }).map((d) => d.getTime());
    fc.assert(fc.property(fc.oneof({ weight: 4, arbitrary: fast }, { weight: 1, arbitrary: any }),
      (ms) => { expect(isoInstant(ms)).toBe(new Date(ms).toISOString()); }), { numRuns: 5000 });
  });
});
