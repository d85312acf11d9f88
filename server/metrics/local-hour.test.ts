import { describe, expect, it } from 'vitest';
import { localHourStart } from './windows';

const at = (iso: string) => Date.parse(iso);

describe('localHourStart', () => {
  it('finds local hour starts in a quarter-hour zone (Kathmandu, UTC+05:45)', () => {
    // 00:20Z = 06:05 local → the hour began at 06:00 local = 00:15Z.
    expect(localHourStart(at('2025-03-10T00:20:00Z'), 'Asia/Kathmandu')).toBe(at('2025-03-10T00:15:00Z'));
    // 00:10Z = 05:55 local, in the same UTC quarter-hour cache slot as nothing above → 05:00 local = 23:15Z the day before.
    expect(localHourStart(at('2025-03-10T00:10:00Z'), 'Asia/Kathmandu')).toBe(at('2025-03-09T23:15:00Z'));
  });

  it('tells the two 02:00 hours of the Berlin autumn change apart', () => {
    // 00:30Z = 02:30 CEST (first pass) → 02:00 CEST = 00:00Z; 01:30Z = 02:30 CET (second pass) → 02:00 CET = 01:00Z.
    expect(localHourStart(at('2025-10-26T00:30:00Z'), 'Europe/Berlin')).toBe(at('2025-10-26T00:00:00Z'));
    expect(localHourStart(at('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toBe(at('2025-10-26T01:00:00Z'));
  });

  it('gives the same answer from the cache as on the first call', () => {
    const t = at('2025-03-14T05:59:59Z'); // 13:59:59 Shanghai → 13:00 local = 05:00Z
    expect(localHourStart(t, 'Asia/Shanghai')).toBe(at('2025-03-14T05:00:00Z'));
    expect(localHourStart(t - 1_000, 'Asia/Shanghai')).toBe(at('2025-03-14T05:00:00Z'));
  });
});
