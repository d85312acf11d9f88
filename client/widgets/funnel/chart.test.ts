import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { funnelChartOption, funnelLayout } from './chart';
import { funnelOptionsSchema } from './options';
import { funnelSample } from './sample';

describe('funnel', () => {
  it('labels stages in words with their counts and conversion', () => {
    const opt = funnelChartOption(funnelSample.value, funnelOptionsSchema.parse({}), palettes.dark, createI18n('zh-CN'), 18) as {
      series: { label: { formatter: (p: { dataIndex: number }) => string } }[];
    };
    expect(opt.series[0]!.label.formatter({ dataIndex: 3 })).toBe('商务谈判\n140');
    expect(opt.series[1]!.label.formatter({ dataIndex: 3 })).toBe('转化 45.2%');
    expect(opt.series[1]!.label.formatter({ dataIndex: 0 })).toBe('');
  });

  it('leaves room right of the funnel for the longest conversion label, and takes one line when a stage is low', () => {
    const stages: [string, string][] = [['线索', '5,666'], ['赢单', '996']];
    // "转化 69.6%": 2 em + 0.3 + 0.62 × 3 + stop 0.3 + % 0.9 = 5.36 em → 97 px at 18; + 16 line + 5 + 8 margin = 126.
    const tall = funnelLayout(stages, ['', '转化 69.6%'], 18, { width: 400, height: 300 });
    expect(tall).toEqual({ left: 16, width: 400 - 16 - 126, oneLine: false, side: false, fits: true });
    // (100 − 12 − 4) / 2 = 42 px a stage: two lines of 22.5 px need 47.
    expect(funnelLayout(stages, [], 18, { width: 400, height: 100 }).oneLine).toBe(true);
  });
  it('names beside a narrow funnel stay on one line: smaller, then only the name when even 14 px would wrap', () => {
    const stages: [string, string][] = [['合格商机', '3,920'], ['方案报价', '2,677']];
    // 150 × 100: stages (100 − 12 − 4) / 2 = 42 px, one line. "合格商机 3,920" is 4 + 0.3 + 0.62 + 0.3 + 3 × 0.62 = 7.08 em,
    // 128 px at 18: too wide for a third of the funnel's room, so the names go beside it. The funnel keeps a third of the
    // box (50 px) after a margin of round(150 × 0.02) = 3; the label gets 150 − 3 − 50 − 29 = 68 px. With the estimate's
    // margin (× 1.12) 7.08 em is 7.93 em, 111 px at 14: it does not fit.
    const full = funnelLayout(stages, [], 18, { width: 150, height: 100 }, ['合格商机 3,920', '方案报价 2,677']);
    expect(full).toMatchObject({ side: true, labelWidth: 68, labelFont: 14, fits: false });
    // The names alone, 4 × 1.12 = 4.48 em: floor(68 / 4.48) = 15 px, 67.2 px wide, and they fit.
    const names = funnelLayout(stages, [], 18, { width: 150, height: 100 }, ['合格商机', '方案报价']);
    expect(names).toMatchObject({ side: true, labelWidth: 68, labelFont: 15, fits: true });
  });
});
