import { describe, expect, it } from 'vitest';
import { heapStillGrows, type HeapSample, type WatchdogRules } from './watchdog';

const MB = 2 ** 20;
// Small numbers to work by hand: warm-up 10, windows of 10, three rising windows, 1.5× the baseline.
const RULES: WatchdogRules = { warmupMs: 10, windowMs: 10, risingWindows: 3, factor: 1.5 };
/** One reading per time unit from 0 to `until`, with `used(t)` in MB. */
const run = (until: number, used: (t: number) => number): HeapSample[] =>
  Array.from({ length: until + 1 }, (_, t) => ({ at: t, used: used(t) * MB }));

describe('heapStillGrows', () => {
  it('a flat heap with garbage swings never asks for a reload', () => {
    // Saw-tooth 10 → 19 MB every 10 units: every window's floor is 10 MB.
    expect(heapStillGrows(run(200, (t) => 10 + (t % 10)), 0, RULES)).toBe(false);
  });

  it('a leak: floors rise 10, 12, 14, 16 MB over four whole windows; 16 ≥ 1.5 × 10 → reload', () => {
    // Windows start at 10, 20, 30, 40 (after warm-up); floor of window w is 10 + 2w MB. At t = 50 window 4 has begun.
    expect(heapStillGrows(run(50, (t) => (t < 10 ? 30 : 10 + 2 * Math.floor((t - 10) / 10))), 0, RULES)).toBe(true);
  });

  it('the same leak one window earlier: only 10, 12, 14 → not yet (three rises need four windows)', () => {
    expect(heapStillGrows(run(40, (t) => 10 + 2 * Math.floor(Math.max(0, t - 10) / 10)), 0, RULES)).toBe(false);
  });

  it('growth that stopped: floors 10, 12, 14, 14 → left alone', () => {
    expect(heapStillGrows(run(60, (t) => 10 + 2 * Math.min(2, Math.floor(Math.max(0, t - 10) / 10))), 0, RULES)).toBe(false);
  });

  it('rising but small: floors 10, 11, 12, 13 MB (13 < 15) → left alone', () => {
    expect(heapStillGrows(run(50, (t) => 10 + Math.floor(Math.max(0, t - 10) / 10)), 0, RULES)).toBe(false);
  });
});
