import { describe, expect, it } from 'vitest';
import { legendRows, pieLayout } from './layout';

describe('pieLayout', () => {
  it('a wide box: the legend on the right, the pie and its labels left of it', () => {
    // Legend items: 22 px swatch + "处理中" 3 em at 18 px = 76 px wide; the pie box ends 8 px before it.
    const l = pieLayout({ width: 600, height: 300 }, ['新建', '处理中'], ['新建 60%', '处理中 40%'], 18, true);
    expect(l.legend).toEqual({ side: 'right', width: 76, height: 284 });
    expect(l.pie).toEqual({ left: 8, top: 8, width: 600 - 16 - 76 - 8, height: 284 });
    // Longest label "处理中 40%": 3 em + space 0.3 + two digits 1.24 + % 0.9 = 5.44 em → 98 px. Room beside the pie:
    // 500 / 2 − 98 − 24 (label lines) = 128; above and below: 284 / 2 − 23 (a label line) = 119; the smaller wins.
    expect(l.labels).toBe(true);
    expect(l.radius).toBe(119);
  });
  it('a tall box: the legend under the pie, as many rows as it wraps into', () => {
    const l = pieLayout({ width: 300, height: 500 }, ['甲甲甲甲甲甲甲甲', '乙乙乙乙乙乙乙乙'], [], 18, false);
    // Each item 22 + 144 = 166 px: two do not fit 284 px, so two rows of 23 + 6 px.
    expect(l.legend).toEqual({ side: 'bottom', width: 284, height: 58 });
    expect(l.pie.height).toBe(500 - 16 - 58 - 8);
    expect(l.labels).toBe(false);
    expect(l.radius).toBe(Math.floor(284 / 2) - 2);
  });
  it('drops the outside labels when they would leave a pie too small, and lets the pie fill its room', () => {
    const long = 'Pending customer reply 12.5%';
    const l = pieLayout({ width: 420, height: 240 }, ['Pending customer reply'], [long], 18, true);
    expect(l.labels).toBe(false);
    expect(l.radius).toBe(Math.floor(Math.min(l.pie.width, l.pie.height) / 2) - 2);
  });
  it('puts the legend under the pie when one column of it would be taller than the box', () => {
    // Eight items of one 23 px line and a 6 px gap: 232 px, taller than the 144 px inside a 300 × 160 box.
    const l = pieLayout({ width: 300, height: 160 }, Array.from({ length: 8 }, (_, i) => `甲${i}`), [], 18, false);
    expect(l.legend?.side).toBe('bottom');
  });
  it('keeps labels without a legend: they are the only names', () => {
    const l = pieLayout({ width: 200, height: 200 }, [], ['A very long slice name 50%'], 18, true);
    expect(l.legend).toBeNull();
    expect(l.labels).toBe(true);
  });
});

describe('legendRows', () => {
  it('wraps when the next item does not fit, 10 px between items', () => {
    expect(legendRows([100, 100, 100], 320)).toBe(1); // 100 + 10 + 100 + 10 + 100 = 320
    expect(legendRows([100, 100, 100], 319)).toBe(2);
    expect(legendRows([500], 100)).toBe(1); // one item too wide still takes one row
  });
});
