import { describe, expect, it } from 'vitest';
import { minTextPx } from './legibility';

describe('minTextPx: the smallest text, in physical terms', () => {
  it('takes a share of a TV\'s height: 12 px of 1080, 24 px of 2160', () => {
    expect(minTextPx(1080, {}, false)).toBeCloseTo(12, 6);
    expect(minTextPx(2160, {}, false)).toBeCloseTo(24, 6);
  });
  it('never goes below 12 CSS px, and a phone keeps 12 px whatever its height', () => {
    expect(minTextPx(720, {}, false)).toBe(12); // 8 px of 720 would be the share
    expect(minTextPx(844, {}, true)).toBe(12);
    expect(minTextPx(2000, { distance_m: 5, diagonal_in: 55 }, true)).toBe(12);
  });
  it('a 55" panel read from 5 m needs about 32 px of 1080', () => {
    // 55 × 25.4 × 9/√337 = 684.9 mm tall; 5000 mm × tan(14′) = 20.36 mm; 20.36 / 684.9 × 1080 = 32.1 px.
    expect(minTextPx(1080, { distance_m: 5, diagonal_in: 55 }, false)).toBeCloseTo(32.1, 1);
    // The same panel in 4K: the same millimetres, twice the pixels.
    expect(minTextPx(2160, { distance_m: 5, diagonal_in: 55 }, false)).toBeCloseTo(64.2, 1);
  });
  it('a wall two panels high spreads the window over twice the millimetres', () => {
    // 2 × 684.9 mm over 2160 px: the same 32.1 px per 1080.
    expect(minTextPx(2160, { panels: { columns: 2, rows: 2 }, distance_m: 5, diagonal_in: 55 }, false)).toBeCloseTo(32.1, 1);
  });
});
