import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { barOptionsSchema } from './options';
import { barChartOption, barsTurned } from './chart';
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
  it('a row\'s amount label gets its own room at the right, not a share of the axis', () => {
    const o = barOptionsSchema.parse({ measure: 'amount', horizontal: true, keys: 'none' });
    const opt = barChartOption({ kind: 'breakdown', items: [{ key: '周杰', value: 3, amount: 10_616_200 }] }, o, palettes.dark, zh) as { grid: { right: number } };
    // "¥1,061.62万" at 18 px (chart-helpers textWidth): ¥ and six digits 7 × 0.62 + "," and "." 2 × 0.3 + 万 1 = 5.94 em
    // → ceil(106.92) = 107, plus 8.
    expect(opt.grid.right).toBe(115);
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

  it('turns columns into rows when a name does not fit under its column, and keeps every name', () => {
    // Six statuses on a 358 px phone box: (358 − 80) / 6 ≈ 46 px a column; "待付款" at 14 px is 42 + 8 px of margin.
    const statuses = { kind: 'breakdown' as const, items: ['待付款', '已付款', '履约中', '已发货', '已签收', '已取消'].map((key, i) => ({ key, value: i + 1 })) };
    const o = barOptionsSchema.parse({ keys: 'none' });
    const opt = barChartOption(statuses, o, palettes.dark, zh, { width: 358, height: 300 }, 14) as {
      yAxis: { type: string; data: string[]; axisLabel: { interval: number; width: number; overflow: string; hideOverlap?: boolean } };
    };
    expect(opt.yAxis.type).toBe('category');
    expect(opt.yAxis.data).toHaveLength(6);
    expect(opt.yAxis.axisLabel).toMatchObject({ interval: 0, width: 119, overflow: 'break' }); // a third of 358
    expect(opt.yAxis.axisLabel.hideOverlap).toBeUndefined();
  });
  it('keeps columns while every name fits, and never turns a stacked bar or one asked to be horizontal', () => {
    const names = ['华东', '华北', '华南'];
    // (600 − 80) / 3 ≈ 173 px a column: "华东" is 36 px at 18 px.
    expect(barsTurned(names, { width: 600, height: 300 }, 18)).toBe(false);
    // (200 − 80) / 3 = 40 px: 36 + 8 does not fit.
    expect(barsTurned(names, { width: 200, height: 300 }, 18)).toBe(true);
    expect(barsTurned(names, { width: 200, height: 300 }, 18, barOptionsSchema.parse({ stacked: true }))).toBe(false);
    expect(barsTurned(names, undefined, 18)).toBe(false);
  });
});
