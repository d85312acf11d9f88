import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { funnelChartOption } from './chart';
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
});
