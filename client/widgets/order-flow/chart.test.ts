import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { orderFlowChartOption } from './chart';
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
});
