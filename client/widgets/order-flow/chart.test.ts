import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { flowDrawnAs, orderFlowChartOption, sankeyFits, stageColumns } from './chart';
import { orderFlowOptionsSchema } from './options';
import { orderFlowSample } from './sample';

const zh = createI18n('zh-CN');
type Sankey = { series: { type: string; data: { name: string }[]; links: { source: string; target: string; value: number }[]; label: { formatter: (p: { name: string }) => string } }[];
  tooltip: { formatter: (p: object) => string } };

describe('order-flow chart', () => {
  it('sankey: a node per stage reached, links as the hub sends them, labels in words', () => {
    const opt = orderFlowChartOption(orderFlowSample.value, orderFlowOptionsSchema.parse({}), palettes.dark, zh, 18) as Sankey;
    const s = opt.series[0]!;
    expect(s.type).toBe('sankey');
    expect(s.data.map((d) => d.name)).toEqual(['new', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'cancelled']);
    expect(s.links).toHaveLength(6);
    expect(s.label.formatter({ name: 'in_fulfilment' })).toBe('履约中 301');
  });

  it('hides stages nobody reached and escapes label overrides in tooltips', () => {
    const value = { kind: 'flow' as const, nodes: [{ key: 'new', value: 2 }, { key: 'confirmed', value: 1 }, { key: 'shipped', value: 0 }],
      links: [{ from: 'new', to: 'confirmed', value: 1 }] };
    const o = orderFlowOptionsSchema.parse({ labels: { new: '<b>新</b>' } });
    const opt = orderFlowChartOption(value, o, palettes.dark, zh, 18) as Sankey;
    expect(opt.series[0]!.data.map((d) => d.name)).toEqual(['new', 'confirmed']);
    const html = opt.tooltip.formatter({ dataType: 'edge', data: { source: 'new', target: 'confirmed', value: 1 } });
    expect(html).toContain('&lt;b&gt;新&lt;/b&gt; → 已确认');
  });

  it('bars: one bar per stage with the orders that reached it', () => {
    const opt = orderFlowChartOption(orderFlowSample.value, orderFlowOptionsSchema.parse({ mode: 'bars' }), palettes.dark, zh, 18) as {
      series: { type: string; data: { name: string; value: number }[] }[];
    };
    expect(opt.series[0]!.type).toBe('bar');
    expect(opt.series[0]!.data.map((d) => d.value)).toEqual([420, 388, 301, 214, 96, 23]);
  });

  it('columns as a justified sankey has them: the longest path from a source, sinks in the last column', () => {
    const links = [{ from: 'new', to: 'confirmed' }, { from: 'confirmed', to: 'shipped' }, { from: 'shipped', to: 'delivered' }, { from: 'new', to: 'cancelled' }];
    expect(Object.fromEntries(stageColumns(['new', 'confirmed', 'shipped', 'delivered', 'cancelled'], links)))
      .toEqual({ new: 0, confirmed: 1, shipped: 2, delivered: 3, cancelled: 3 });
  });
  it('a sankey fits only while each column\'s labels end before the next column', () => {
    const columns = new Map([['a', 0], ['b', 1], ['c', 2]]);
    // 3 em + space 0.3 + 0.62 a digit at 18 px: 71, 71 and 82 px.
    const labels = new Map([['a', '新订单 2'], ['b', '已确认 2'], ['c', '已签收 10']]);
    // Last column room 82 + 5 + 8 = 95; spacing (360 − 8 − 95 − 16) / 2 = 120.5 ≥ 16 + 5 + 71 + 6 = 98.
    expect(sankeyFits(labels, columns, 18, { width: 360, height: 400 })).toBe(true);
    // (300 − 8 − 95 − 16) / 2 = 90.5 < 98: the first column's label would reach the second column.
    expect(sankeyFits(labels, columns, 18, { width: 300, height: 400 })).toBe(false);
  });
  it('draws bars in a box too narrow for the sankey\'s labels, with every stage named', () => {
    const o = orderFlowOptionsSchema.parse({});
    expect(flowDrawnAs(orderFlowSample.value, o, palettes.dark, zh, 18, { width: 1600, height: 600 })).toBe('sankey');
    expect(flowDrawnAs(orderFlowSample.value, o, palettes.dark, zh, 18, { width: 420, height: 700 })).toBe('bars');
    const opt = orderFlowChartOption(orderFlowSample.value, o, palettes.dark, zh, 18, { width: 420, height: 700 }) as {
      series: { type: string }[]; yAxis: { data: string[]; axisLabel: { interval: number } };
    };
    expect(opt.series[0]!.type).toBe('bar');
    expect(opt.yAxis.data).toEqual(['新订单', '已确认', '履约中', '已发货', '已签收', '已取消']);
    expect(opt.yAxis.axisLabel.interval).toBe(0);
  });
});
