import { describe, expect, it } from 'vitest';
import { fitHeader } from './header-fit';

const dates = ['Tuesday 8 December 2026', 'Tue 8 Dec', '8/12'];
const right = ['数据源正常', '00:00:00'];

describe('screen header fit', () => {
  it('a wide canvas: full sizes and the long date', () => {
    // side max(16, round(86 × 0.22)) = 19, title round(86 × 0.46) = 40
    expect(fitHeader({ width: 1920, height: 86, pad: 28, title: '运营总览', dates, right })).toEqual({ titleSize: 40, sideSize: 19, date: dates[0] });
  });
  it('a narrow canvas: the title and the side text give way so status and clock stay whole, and the date is shorter', () => {
    // right column: 5 + 0.9 + 1.2 + 4.36 × 1.15 = 12.114 em; title 6 × 1.16 + 2 = 8.96 em. Inner 544 px: at 19 px
    // the right needs 230 px, so the title drops to its floor 19 (170 px); each side 186.9 px, the side font
    // floor(186.9 / 12.114) = 15; the long date (13.6 em = 204 px) does not fit, "Tue 8 Dec" (5.42 em) does.
    const fit = fitHeader({ width: 600, height: 86, pad: 28, title: '经理手机看板', dates, right });
    expect(fit).toEqual({ titleSize: 19, sideSize: 15, date: 'Tue 8 Dec' });
  });
});
