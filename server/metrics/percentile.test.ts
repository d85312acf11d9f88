import { describe, expect, it } from 'vitest';
import { percentile, percentileAt } from './percentile';
import { SortedList } from './sorted-list';
import { WindowedQuantiles } from './windowed-quantiles';

// Linear interpolation between closest ranks (Excel PERCENTILE.INC, numpy 'linear'):
// h = (n − 1)·q; value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]), x sorted ascending, indices from 0.
describe('percentile', () => {
  it('the median of an even count lies halfway between the two middle values', () => {
    // [10, 20]: h = 1·0.5 = 0.5 → 10 + 0.5·(20 − 10) = 15 (nearest rank would say 10).
    expect(percentile([10, 20], 0.5)).toBe(15);
    // [60, 120, 300, 600]: h = 3·0.5 = 1.5 → 120 + 0.5·(300 − 120) = 210.
    expect(percentile([60, 120, 300, 600], 0.5)).toBe(210);
  });

  it('the median of an odd count is the middle value', () => {
    // [3, 7, 12]: h = 2·0.5 = 1 → x[1] = 7.
    expect(percentile([3, 7, 12], 0.5)).toBe(7);
  });

  it('q = 0 is the smallest value, q = 1 the largest', () => {
    // h = 0 → x[0]; h = (3 − 1)·1 = 2 → x[2].
    expect(percentile([3, 7, 12], 0)).toBe(3);
    expect(percentile([3, 7, 12], 1)).toBe(12);
  });

  it('one value is every percentile of itself', () => {
    // n = 1: h = 0·q = 0 → x[0].
    for (const q of [0, 0.5, 0.9, 1]) expect(percentile([42], q)).toBe(42);
  });

  it('p90 of a small set, worked by hand', () => {
    // [60, 120, 300, 600]: h = 3·0.9 = 2.7 → 300 + 0.7·(600 − 300) = 510.
    expect(percentile([60, 120, 300, 600], 0.9)).toBeCloseTo(510, 9);
    // [1, 2, 3, 4, 8]: h = 4·0.9 = 3.6 → 4 + 0.6·(8 − 4) = 6.4 (numpy.percentile([1, 2, 3, 4, 8], 90) = 6.4).
    expect(percentile([1, 2, 3, 4, 8], 0.9)).toBeCloseTo(6.4, 9);
    // [1, 3, 5, 9], q = 0.25: h = 3·0.25 = 0.75 → 1 + 0.75·(3 − 1) = 2.5 (PERCENTILE.INC({1,3,5,9}, 0.25)).
    expect(percentile([1, 3, 5, 9], 0.25)).toBe(2.5);
  });

  it('equal neighbours interpolate to themselves', () => {
    // [5, 5, 5, 9]: h = 3·0.5 = 1.5 → 5 + 0.5·0 = 5.
    expect(percentile([5, 5, 5, 9], 0.5)).toBe(5);
  });

  it('is null for no values and refuses a q outside 0–1', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1, 2], 1.5)).toThrow(/from 0 to 1; got 1.5/);
    expect(() => percentile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('reads a sorted structure by rank without copying it', () => {
    const list = new SortedList<number>((a, b) => a - b);
    for (const v of [600, 60, 300, 120]) list.add(v);
    const reads: number[] = [];
    // p90 of [60, 120, 300, 600] as above: 510, reading ranks 2 and 3 only.
    expect(percentileAt(list.size, (i) => { reads.push(i); return list.at(i)!; }, 0.9)).toBeCloseTo(510, 9);
    expect(reads).toEqual([2, 3]);
  });
});

describe('WindowedQuantiles.quantile', () => {
  const range = (now: number) => ({ start: now - 1000, prevStart: now - 2000, prevEnd: now - 1000 });

  it('interpolates over the values in the window, and again after one expires', () => {
    const q = new WindowedQuantiles(range, 10_000);
    q.set('a', 9_100, 100);
    q.set('b', 9_500, 400);
    q.set('c', 9_900, 200);
    q.advance(10_000);
    // [100, 200, 400]: p50 h = 1 → 200; p90 h = 1.8 → 200 + 0.8·200 = 360; mean 700 / 3.
    expect(q.quantile(0.5)).toBe(200);
    expect(q.quantile(0.9)).toBeCloseTo(360, 9);
    expect(q.mean()).toBeCloseTo(700 / 3, 9);
    // At 10_200 the window starts at 9_200: a (9_100) leaves. [200, 400]: p50 h = 0.5 → 300; p90 h = 0.9 → 380.
    q.advance(10_200);
    expect(q.count).toBe(2);
    expect(q.quantile(0.5)).toBe(300);
    expect(q.quantile(0.9)).toBeCloseTo(380, 9);
  });

  it('is null when the window holds nothing', () => {
    const q = new WindowedQuantiles(range, 10_000);
    q.advance(10_000);
    expect(q.quantile(0.5)).toBeNull();
    expect(q.mean()).toBeNull();
  });
});
