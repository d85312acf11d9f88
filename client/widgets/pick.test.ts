import { describe, expect, it } from 'vitest';
import { impliedStyle, pickNumber } from './pick';

describe('pickNumber', () => {
  const durations = { kind: 'durations', count: 4, p50_s: 5400, p90_s: 86_400, mean_s: 30_000 } as const;

  it('takes a durations value\'s median unless a field is named', () => {
    expect(pickNumber(durations, 'compliance')).toBe(5400); // no such field: the median
    expect(pickNumber(durations, 'p90_s')).toBe(86_400);
    expect(pickNumber(durations, 'count')).toBe(4);
  });

  it('totals a breakdown (stuck orders across their stages)', () => {
    // 5 + 47 + 316 = 368
    expect(pickNumber({ kind: 'breakdown', items: [{ key: 'confirmed', value: 5 }, { key: 'in_fulfilment', value: 47 }, { key: 'shipped', value: 316 }] }, 'compliance')).toBe(368);
  });

  it('takes a series\' last point, nothing from an empty one', () => {
    const points = [{ t: '2026-11-24T00:00:00Z', value: 4 }, { t: '2026-11-24T01:00:00Z', value: 9 }];
    expect(pickNumber({ kind: 'series', bucket: '1h', points }, 'compliance')).toBe(9);
    expect(pickNumber({ kind: 'series', bucket: '1h', points: [] }, 'compliance')).toBeNull();
  });

  it('formats durations as time spans, but a count as a number', () => {
    expect(impliedStyle(durations, 'p50_s', 'auto')).toBe('duration');
    expect(impliedStyle(durations, 'count', 'auto')).toBe('number');
    expect(impliedStyle(durations, 'p50_s', 'number')).toBe('number');
  });
});
