import type { FlowValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCompact } from '../../format';
import type { I18n } from '../../i18n';
import { CHART_GRID, tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { OrderFlowOptions } from './options';

interface Stage { key: string; name: string; value: number; color: string }

/** The stages to draw, in the hub's (stage) order; empty ones left out when asked. */
export function flowStages(value: FlowValue | undefined, o: OrderFlowOptions, palette: Palette, i18n: I18n): Stage[] {
  const linked = new Set((value?.links ?? []).flatMap((l) => [l.from, l.to]));
  return (value?.nodes ?? [])
    .map((n, i) => ({ key: n.key, name: keyLabel(n.key, o, i18n), value: n.value, color: keyColor(n.key, i, o, palette) }))
    .filter((s) => !o.hideEmpty || s.value > 0 || linked.has(s.key));
}

/** Whether there is anything to draw. */
export function flowIsEmpty(value: FlowValue | undefined): boolean {
  return !value || (value.links.length === 0 && value.nodes.every((n) => n.value === 0));
}

/** The ECharts option for a flow value: a sankey or stage bars; pure so it can be tested without a browser. */
export function orderFlowChartOption(value: FlowValue | undefined, o: OrderFlowOptions, palette: Palette, i18n: I18n, fontSize: number): EChartsCoreOption {
  const stages = flowStages(value, o, palette, i18n);
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const fmt = (n: number): string => formatCompact(n, i18n.locale);
  const nameOf = (key: string): string => byKey.get(key)?.name ?? key;

  if (o.mode === 'bars') {
    const category = { type: 'category', data: stages.map((s) => s.name), inverse: true, axisLabel: { interval: 0, fontSize }, axisLine: { show: true } };
    return {
      grid: CHART_GRID,
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => {
        const s = stages[p.dataIndex];
        return s ? tooltipHtml(s.name, [{ name: '', value: fmt(s.value), color: s.color }]) : '';
      } },
      xAxis: { type: 'value', splitNumber: 4, boundaryGap: [0, o.showValues ? '20%' : 0], axisLabel: { formatter: (v: number) => fmt(v) } },
      yAxis: category,
      series: [{
        id: 'stages', type: 'bar', barMaxWidth: 40,
        data: stages.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color, borderRadius: [0, 4, 4, 0] } })),
        label: { show: o.showValues, position: 'right', fontSize, color: palette.text, formatter: (p: { value: number }) => fmt(p.value) },
      }],
    };
  }

  // The hub leaves out backward moves, so links never form a cycle; a link to a hidden stage cannot occur
  // (a linked stage is never hidden), so every link has both ends.
  const links = (value?.links ?? []).filter((l) => byKey.has(l.from) && byKey.has(l.to) && l.from !== l.to);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType?: string; data: { name?: string; source?: string; target?: string; value?: number }; color?: string }) => {
        if (p.dataType === 'edge') {
          return tooltipHtml(`${nameOf(p.data.source ?? '')} → ${nameOf(p.data.target ?? '')}`, [{ name: '', value: fmt(p.data.value ?? 0) }]);
        }
        const s = byKey.get(p.data.name ?? '');
        return s ? tooltipHtml(s.name, [{ name: '', value: fmt(s.value), color: s.color }]) : '';
      },
    },
    series: [{
      id: 'flow', type: 'sankey',
      left: 4, top: 8, bottom: 8,
      // Labels sit right of their node: room for the last column's "已签收 1.2万".
      right: Math.round(fontSize * (o.showValues ? 8 : 5)),
      nodeWidth: 16, nodeGap: Math.max(10, Math.round(fontSize * 0.7)), nodeAlign: 'justify',
      layoutIterations: 0, // keep stage order top to bottom
      draggable: false,
      emphasis: { focus: 'adjacency' },
      data: stages.map((s) => ({ name: s.key, value: s.value, itemStyle: { color: s.color, borderWidth: 0 } })),
      links: links.map((l) => ({ source: l.from, target: l.to, value: l.value })),
      lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
      label: {
        color: palette.text, fontSize,
        formatter: (p: { name: string }) => {
          const s = byKey.get(p.name);
          return s ? (o.showValues ? `${s.name} ${fmt(s.value)}` : s.name) : '';
        },
      },
    }],
  };
}
