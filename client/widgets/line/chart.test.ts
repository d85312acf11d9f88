import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { lineChartOption } from './chart';
import { lineOptionsSchema } from './options';
import { lineSample } from './sample';

type Opt = { xAxis: { axisLabel: { formatter: (t: number) => string } }; tooltip: { formatter: (p: { value: [number, number] }[]) => string } };

describe('lineChartOption', () => {
  it('labels the time axis in the hub’s zone', () => {
    const opt = lineChartOption(lineSample.value, lineOptionsSchema.parse({}), palettes.dark, 'zh-CN', 'Asia/Shanghai') as Opt;
    expect(opt.xAxis.axisLabel.formatter(Date.parse('2026-11-23T16:00:00Z'))).toBe('00:00'); // UTC+8 midnight
  });
  it('a zone in the options wins', () => {
    const opt = lineChartOption(lineSample.value, lineOptionsSchema.parse({ timeZone: 'UTC' }), palettes.dark, 'zh-CN', 'Asia/Shanghai') as Opt;
    expect(opt.xAxis.axisLabel.formatter(Date.parse('2026-11-23T16:00:00Z'))).toBe('16:00');
  });
  it('rejects an unknown zone in a screen file', () => expect(lineOptionsSchema.safeParse({ timeZone: 'Mars/Base' }).success).toBe(false));
  it('escapes the series name in the tooltip', () => {
    const opt = lineChartOption(lineSample.value, lineOptionsSchema.parse({ seriesName: '<i>x</i>' }), palettes.dark, 'zh-CN', 'UTC') as Opt;
    expect(opt.tooltip.formatter([{ value: [0, 5] }])).toContain('&lt;i&gt;x&lt;/i&gt;');
  });
  it('draws the line as wide as the theme says: thick in high contrast', () => {
    for (const theme of ['dark', 'high-contrast'] as const) {
      const opt = lineChartOption(lineSample.value, lineOptionsSchema.parse({}), palettes[theme], 'zh-CN', 'UTC') as { series: { lineStyle: { width: number } }[] };
      expect(opt.series[0]!.lineStyle.width).toBe(palettes[theme].seriesWidth);
    }
  });
});
