import { describe, expect, it } from 'vitest';
import { seriesReference, sparklinePaths } from './spark';

const pts = (...values: number[]) => values.map((value, h) => ({ t: new Date(Date.UTC(2026, 10, 24, h)).toISOString(), value }));

describe('seriesReference', () => {
  it('the point before the last, or the first', () => {
    expect(seriesReference(pts(10, 40, 25), 'previous')).toBe(40);
    expect(seriesReference(pts(10, 40, 25), 'first')).toBe(10);
  });
  it('nothing to compare with one point', () => expect(seriesReference(pts(5), 'previous')).toBeNull());
});

describe('sparklinePaths', () => {
  it('spans the box: lowest at the bottom pad, highest at the top pad', () => {
    // 104 × 24 box, pad 2: x from 2 to 102 in steps of 50; 0 → y 22, 10 → y 2, 5 → y 12
    expect(sparklinePaths([0, 10, 5], 104, 24)).toEqual({ line: 'M2 22 L52 2 L102 12', area: 'M2 22 L52 2 L102 12 L102 24 L2 24 Z' });
  });
  it('a flat series runs through the middle', () => expect(sparklinePaths([3, 3], 24, 24)!.line).toBe('M2 12 L22 12'));
  it('nothing to draw with one point or no room', () => {
    expect(sparklinePaths([1], 100, 20)).toBeNull();
    expect(sparklinePaths([1, 2], 4, 20)).toBeNull();
  });
});
