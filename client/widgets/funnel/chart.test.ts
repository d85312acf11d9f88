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
    expect(tall).toEqual({ left: 16, width: 400 - 16 - 126, oneLine: false, side: false });
    // (100 − 12 − 4) / 2 = 42 px a stage: two lines of 22.5 px need 47.
    expect(funnelLayout(stages, [], 18, { width: 400, height: 100 }).oneLine).toBe(true);
  });
});
