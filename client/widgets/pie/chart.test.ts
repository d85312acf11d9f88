import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { pieChartOption } from './chart';
import { pieOptionsSchema } from './options';
import { pieSample } from './sample';
import { pieSlices } from './slices';

const zh = createI18n('zh-CN');
const en = createI18n('en');
const WIDE = { width: 800, height: 400 };
type Opt = {
  series: { radius: unknown[]; data: { name: string; value: number; itemStyle: { color: string } }[]; label: { formatter: (p: { name: string; value: number }) => string } }[];
  tooltip: { formatter: (p: object) => string };
  legend: { show?: boolean; orient?: string };
  title: { show?: boolean; text?: string };
};

describe('pieSlices', () => {
  it('largest first, the rest summed into "other"', () => {
    // normal 53, low 23 stay; urgent 6 + high 18 = 24 go to other
    expect(pieSlices(pieSample.value, 'value', 2)).toEqual([
      { key: 'normal', value: 53, index: 2 },
      { key: 'low', value: 23, index: 3 },
      { key: null, value: 24, index: 4 },
    ]);
  });
  it('no "other" slice when everything fits', () => expect(pieSlices(pieSample.value, 'value', 4).map((s) => s.key)).toEqual(['normal', 'low', 'high', 'urgent']));
  it('leaves out items without area; ties keep their order', () => {
    const v = { kind: 'breakdown' as const, items: [{ key: 'a', value: 0 }, { key: 'b', value: 5 }, { key: 'c', value: -2 }, { key: 'd', value: 5 }] };
    expect(pieSlices(v, 'value', 5).map((s) => s.key)).toEqual(['b', 'd']);
  });
  it('measures amounts, a missing amount counting as none', () => {
    const v = { kind: 'breakdown' as const, items: [{ key: 'a', value: 9, amount: 100 }, { key: 'b', value: 1, amount: 300 }, { key: 'c', value: 4 }] };
    expect(pieSlices(v, 'amount', 5)).toEqual([{ key: 'b', value: 300, index: 1 }, { key: 'a', value: 100, index: 0 }]);
  });
});

describe('pieChartOption', () => {
  it('labels slices with name and share; "other" in the muted colour', () => {
    const opt = pieChartOption(pieSample.value, pieOptionsSchema.parse({ keys: 'ticket_priority', limit: 2 }), palettes.dark, zh, WIDE) as Opt;
    const s = opt.series[0]!;
    expect(s.data.map((d) => d.name)).toEqual(['普通', '低', '其他']);
    expect(s.data[2]!.itemStyle.color).toBe(palettes.dark.muted);
    expect(s.label.formatter({ name: '其他', value: 24 })).toBe('其他 24%'); // 24 of 100
    expect(s.radius[0]).toBe(0);
  });
  it('ring: a hole with the total, ¥ with 万 for amounts', () => {
    const v = { kind: 'breakdown' as const, items: [{ key: '华东', value: 3, amount: 48_000 }, { key: '华北', value: 2, amount: 12_000 }] };
    const opt = pieChartOption(v, pieOptionsSchema.parse({ ring: true, measure: 'amount', keys: 'none' }), palettes.dark, zh, WIDE) as Opt;
    expect(opt.series[0]!.radius[0]).not.toBe(0);
    expect(opt.title.text).toBe('¥6.00万'); // 48,000 + 12,000 = 6万, money always with two decimals in 万
    expect(opt.series[0]!.label.formatter({ name: '华东', value: 48_000 })).toBe('华东 80%');
  });
  it('uses K in English', () => {
    const v = { kind: 'breakdown' as const, items: [{ key: 'x', value: 12_300 }] };
    const opt = pieChartOption(v, pieOptionsSchema.parse({ ring: true, keys: 'none' }), palettes.dark, en, WIDE) as Opt;
    expect(opt.title.text).toBe('12.3K');
  });
  it('legend beside the pie in a wide box, under it in a tall one', () => {
    const o = pieOptionsSchema.parse({});
    expect((pieChartOption(pieSample.value, o, palettes.dark, zh, WIDE) as Opt).legend.orient).toBe('vertical');
    expect((pieChartOption(pieSample.value, o, palettes.dark, zh, { width: 400, height: 500 }) as Opt).legend.orient).toBe('horizontal');
  });
  it('escapes record text in tooltips', () => {
    const opt = pieChartOption(pieSample.value, pieOptionsSchema.parse({}), palettes.dark, zh, WIDE) as Opt;
    const html = opt.tooltip.formatter({ name: '<img src=x onerror=alert(1)>', value: 3, color: '#fff' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});
