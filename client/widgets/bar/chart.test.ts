import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { barOptionsSchema } from './options';
import { barChartOption } from './chart';
import { barSample } from './sample';

const zh = createI18n('zh-CN');
type Series = { data: { name: string; value: number }[]; label: { formatter: (p: { value: number }) => string } };

describe('barChartOption', () => {
  it('sorts, limits and formats amounts as ¥ with 万', () => {
    const o = barOptionsSchema.parse({ measure: 'amount', sort: 'desc', limit: 3, keys: 'none' });
    const opt = barChartOption(barSample.value, o, palettes.dark, zh) as { series: Series[] };
    const s = opt.series[0]!;
    expect(s.data.map((d) => d.name)).toEqual(['华东', '华南', '华北']);
    expect(s.label.formatter({ value: 4_861_200 })).toBe('¥486.12万');
  });
  it('translates canonical keys', () => {
    const o = barOptionsSchema.parse({ keys: 'order_status' });
    const opt = barChartOption({ kind: 'breakdown', items: [{ key: 'in_fulfilment', value: 3 }] }, o, palettes.dark, zh) as { series: Series[] };
    expect(opt.series[0]!.data[0]!.name).toBe('履约中');
  });
  it('escapes record text in tooltips', () => {
    const o = barOptionsSchema.parse({ keys: 'none' });
    const opt = barChartOption({ kind: 'breakdown', items: [{ key: '<img src=x onerror=alert(1)>', value: 3 }] }, o, palettes.dark, zh) as {
      tooltip: { formatter: (p: object) => string };
    };
    const html = opt.tooltip.formatter({ seriesName: '', name: '<img src=x onerror=alert(1)>', value: 3, color: '#fff' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
  it('stacked: one series per item', () => {
    const o = barOptionsSchema.parse({ stacked: true, horizontal: true, keys: 'none' });
    const opt = barChartOption(barSample.value, o, palettes.dark, zh) as { series: unknown[] };
    expect(opt.series).toHaveLength(7);
  });
});
