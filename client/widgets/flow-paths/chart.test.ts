import { describe, expect, it } from 'vitest';
import type { FlowPathsValue } from '../../../server/protocol';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { brokenTotal, flowPathGraph, flowPathsChartOption, flowPathsIsEmpty } from './chart';
import { flowPathsOptionsSchema } from './options';
import { flowPathsSample } from './sample';

const zh = createI18n('zh-CN');
const p = palettes.dark;
const o = flowPathsOptionsSchema.parse({ steps: { won: '赢单', confirmed: '订单确认', shipped: '发货', delivered: '签收', aftersales: '售后工单' } });

describe('flowPathGraph on the sample', () => {
  const g = flowPathGraph(flowPathsSample.value, o, p, zh);
  it('a node per step reached, then a red break node per step instances are broken at', () => {
    expect(g.nodes.map((n) => [n.name, n.value, n.broken])).toEqual([
      ['won', 120, false], ['confirmed', 104, false], ['shipped', 96, false], ['delivered', 90, false], ['aftersales', 14, false],
      ['break:confirmed', 9, true], ['break:shipped', 2, true],
    ]);
    expect(g.nodes.filter((n) => n.broken).map((n) => [n.label, n.color])).toEqual([['订单确认 断点', p.critical], ['发货 断点', p.critical]]);
  });
  it('nodes coloured by department: both logistics steps share one colour', () => {
    const color = Object.fromEntries(g.nodes.map((n) => [n.name, n.color]));
    // Departments in step order: sales, operations, logistics, service → series 0, 1, 2, 3.
    expect([color.won, color.confirmed, color.shipped, color.delivered, color.aftersales]).toEqual([p.series[0], p.series[1], p.series[2], p.series[2], p.series[3]]);
  });
  it('the moves, then the breaks into their break nodes', () => {
    expect(g.links).toEqual([
      { source: 'won', target: 'confirmed', value: 100, broken: false },
      { source: 'confirmed', target: 'shipped', value: 96, broken: false },
      { source: 'shipped', target: 'delivered', value: 90, broken: false },
      { source: 'delivered', target: 'aftersales', value: 14, broken: false },
      { source: 'won', target: 'break:confirmed', value: 9, broken: true },
      { source: 'confirmed', target: 'break:shipped', value: 2, broken: true },
    ]);
  });
  it('broken total 9 + 2 = 11', () => expect(brokenTotal(flowPathsSample.value)).toBe(11));
  it('breaks left out when switched off', () => {
    const plain = flowPathGraph(flowPathsSample.value, { ...o, showBreaks: false }, p, zh);
    expect(plain.nodes.some((n) => n.broken) || plain.links.some((l) => l.broken)).toBe(false);
  });
});

describe('links never form a cycle', () => {
  const value: FlowPathsValue = {
    kind: 'flow-paths', flow: 'f', instances: 3, completed: 0,
    steps: [
      { step: 'a', department: 'sales', reached: 3, entered: 3, waiting: 0, broken: 0 },
      { step: 'b', department: 'operations', reached: 2, entered: 0, waiting: 1, broken: 1 },
      { step: 'c', department: 'logistics', reached: 0, entered: 0, waiting: 0, broken: 0 },
    ],
    // A backward move, a self-move, a move to an unknown step and an empty one: none may be drawn.
    links: [{ from: 'a', to: 'b', value: 2 }, { from: 'b', to: 'a', value: 1 }, { from: 'b', to: 'b', value: 1 }, { from: 'a', to: 'zz', value: 1 }, { from: 'a', to: 'c', value: 0 }],
    breaks: [{ from: 'a', to: 'b', value: 1 }],
  };
  it('keeps only forward moves between known steps, and leaves out a step nobody reached or moved to', () => {
    const g = flowPathGraph(value, o, p, zh);
    expect(g.links.map((l) => `${l.source}>${l.target}`)).toEqual(['a>b', 'a>break:b']);
    expect(g.nodes.map((n) => n.name)).toEqual(['a', 'b', 'break:b']);
  });
});

describe('the ECharts option', () => {
  it('a left-aligned sankey (break nodes stay in their step\'s column) with the same nodes and links', () => {
    const opt = flowPathsChartOption(flowPathsSample.value, o, p, zh, 18) as { series: { type: string; nodeAlign: string; data: { name: string }[]; links: { source: string; lineStyle: { color: string } }[];
      label: { formatter: (x: { name: string }) => string } }[] };
    const s = opt.series[0]!;
    expect([s.type, s.nodeAlign]).toEqual(['sankey', 'left']);
    expect(s.data).toHaveLength(7);
    expect(s.links.filter((l) => l.lineStyle.color === p.critical)).toHaveLength(2);
    expect(s.label.formatter({ name: 'confirmed' })).toBe('订单确认 104\n{dept|运营部}');
    expect(s.label.formatter({ name: 'break:confirmed' })).toBe('{bad|订单确认 断点 9}');
  });
  it('a break\'s label says only "断点" when the full one would reach the next column', () => {
    type Opt = { series: { label: { formatter: (x: { name: string }) => string } }[] };
    const label = (width: number) => (flowPathsChartOption(flowPathsSample.value, o, p, zh, 18, false, width) as Opt).series[0]!.label.formatter({ name: 'break:confirmed' });
    // Five step columns: pitch (width − 8 − 6.5 × 18) / 4. "订单确认 断点 9" is 4 + 0.3 + 2 + 0.3 + 0.62 = 7.22 em = 130 px,
    // plus the node (20) and its gap (5): 155, so a width of 155 × 4 + 125 = 745 holds it, and 744 does not.
    expect(label(745)).toBe('{bad|订单确认 断点 9}');
    expect(label(744)).toBe('{bad|断点 9}');
  });
  it('empty with no instance', () => {
    expect(flowPathsIsEmpty({ ...flowPathsSample.value, instances: 0 })).toBe(true);
    expect(flowPathsIsEmpty(flowPathsSample.value)).toBe(false);
  });
});

describe('on a phone-wide box', () => {
  it('the steps run top to bottom, each label on one line above its node', () => {
    const opt = flowPathsChartOption(flowPathsSample.value, o, p, zh, 14, true) as { series: { orient: string; label: { position: number[]; formatter: (x: { name: string }) => string } }[] };
    const s = opt.series[0]!;
    expect(s.orient).toBe('vertical');
    expect(s.label.position).toEqual([0, -4]);
    expect(s.label.formatter({ name: 'confirmed' })).toBe('订单确认 104 {dept|运营部}');
    // The break beside it in the same row says only "断点", right-aligned to its node's right edge.
    expect(s.label.formatter({ name: 'break:confirmed' })).toBe('{bad|断点 9}');
    const data = (opt as unknown as { series: { data: { name: string; label?: { align: string } }[] }[] }).series[0]!.data;
    expect(data.filter((d) => d.label?.align === 'right').map((d) => d.name)).toEqual(['break:confirmed', 'break:shipped']);
  });
});
