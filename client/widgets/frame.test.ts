import { describe, expect, it } from 'vitest';
import { bodySize, fitTitle } from './frame';

describe('frame title', () => {
  // 今日 SLA 达成率: 8.3 em, 8.732 em with letter spacing. The age is reserved at 00秒前更新 (5.24 em × 16 + 12 = 95.84 px).
  it('at full size beside the age when it fits', () => {
    // room 400 − 32 − 2 − 16 = 350; 今日订单 4.26 em × 22 = 94 ≤ 254
    expect(fitTitle('今日订单', '3秒前更新', 400, false)).toEqual({ size: 22, stacked: false });
  });
  it('a little smaller beside the age, down to 80 % of the full size', () => {
    // room 280: (280 − 95.84) / 8.732 = 21.09
    expect(fitTitle('今日 SLA 达成率', '3秒前更新', 330, false)).toEqual({ size: 21, stacked: false });
  });
  it('else the age goes under the title, which takes the whole width', () => {
    // room 250: beside 17 < 18; alone 250 / 8.732 = 28.6, kept at 22
    expect(fitTitle('今日 SLA 达成率', '3秒前更新', 300, false)).toEqual({ size: 22, stacked: true });
    // room 100: 11.45, not below 14
    expect(fitTitle('今日 SLA 达成率', '3秒前更新', 150, false)).toEqual({ size: 14, stacked: true });
  });
  it('without an age the title only shrinks', () => {
    expect(fitTitle('今日 SLA 达成率', '', 200, false)).toEqual({ size: 17, stacked: false });
  });
  it('a short headless frame pads its body less, so a one-row banner has room', () => {
    // 46 px: padding min(16, round(5.52)) = 6 each way
    expect(bodySize({ width: 400, height: 46 }, false, true)).toEqual({ width: 368, height: 34 });
    expect(bodySize({ width: 400, height: 300 }, false, true)).toEqual({ width: 368, height: 268 });
    expect(bodySize({ width: 400, height: 300 }, false)).toEqual({ width: 368, height: 232 });
  });
});
