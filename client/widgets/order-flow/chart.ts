import type { FlowValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCompact } from '../../format';
import type { I18n } from '../../i18n';
import { CHART_GRID, textWidth, tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
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

/** The sankey's column of each stage, as ECharts' 'justify' alignment puts it: its longest path from a source, sinks last. */
export function stageColumns(keys: string[], links: { from: string; to: string }[]): Map<string, number> {
  const depth = new Map(keys.map((k) => [k, 0]));
  // Links only run forward (the hub leaves out backward moves), so as many passes as stages settle every depth.
  for (let pass = 0; pass < keys.length; pass++) {
    for (const l of links) depth.set(l.to, Math.max(depth.get(l.to) ?? 0, (depth.get(l.from) ?? 0) + 1));
  }
  const last = Math.max(0, ...depth.values());
  const sources = new Set(links.map((l) => l.from));
  for (const k of keys) if (!sources.has(k) && links.some((l) => l.to === k)) depth.set(k, last);
  return depth;
}

const NODE_WIDTH = 16;
const LABEL_GAP = 5; // ECharts' label distance from its node

/**
 * Whether the sankey's labels fit its box: each column's labels, right of their nodes, end before the next column,
 * the last column's within the box, and each column's nodes stand a text line apart. If not, the stages are drawn
 * as bars, where every stage keeps its name.
 */
export function sankeyFits(labels: Map<string, string>, columns: Map<string, number>, fontSize: number, size: WidgetSize): boolean {
  const cols = Math.max(0, ...columns.values()) + 1;
  const widest = (c: number) => Math.max(0, ...[...labels].filter(([k]) => columns.get(k) === c).map(([, t]) => textWidth(t, fontSize)));
  const lastRoom = widest(cols - 1) + LABEL_GAP + 8;
  const spacing = cols > 1 ? (size.width - 8 - lastRoom - NODE_WIDTH) / (cols - 1) : Infinity;
  for (let c = 0; c < cols - 1; c++) if (NODE_WIDTH + LABEL_GAP + widest(c) + 6 > spacing) return false;
  const tallest = Math.max(0, ...Array.from({ length: cols }, (_, c) => [...columns.values()].filter((v) => v === c).length));
  return tallest * Math.round(fontSize * 1.4) + 16 <= size.height;
}

function flowGeometry(stages: Stage[], value: FlowValue | undefined, o: OrderFlowOptions, i18n: I18n) {
  const byKey = new Set(stages.map((s) => s.key));
  const fmt = (n: number): string => formatCompact(n, i18n.locale);
  // The hub leaves out backward moves, so links never form a cycle; a link to a hidden stage cannot occur
  // (a linked stage is never hidden), so every link has both ends.
  const links = (value?.links ?? []).filter((l) => byKey.has(l.from) && byKey.has(l.to) && l.from !== l.to);
  const columns = stageColumns(stages.map((s) => s.key), links);
  const labels = new Map(stages.map((s) => [s.key, o.showValues ? `${s.name} ${fmt(s.value)}` : s.name]));
  return { links, columns, labels };
}

/** What the widget draws: the mode asked for, but bars when a sankey's labels would not fit the box. */
export function flowDrawnAs(value: FlowValue | undefined, o: OrderFlowOptions, palette: Palette, i18n: I18n, fontSize: number, size?: WidgetSize): 'sankey' | 'bars' {
  if (o.mode === 'bars') return 'bars';
  const stages = flowStages(value, o, palette, i18n);
  if (!size || stages.length === 0) return 'sankey';
  const { columns, labels } = flowGeometry(stages, value, o, i18n);
  return sankeyFits(labels, columns, fontSize, size) ? 'sankey' : 'bars';
}

/** The ECharts option for a flow value: a sankey or stage bars; pure so it can be tested without a browser. */
export function orderFlowChartOption(value: FlowValue | undefined, o: OrderFlowOptions, palette: Palette, i18n: I18n, fontSize: number, size?: WidgetSize): EChartsCoreOption {
  const stages = flowStages(value, o, palette, i18n);
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const fmt = (n: number): string => formatCompact(n, i18n.locale);
  const nameOf = (key: string): string => byKey.get(key)?.name ?? key;
  const { links, columns, labels } = flowGeometry(stages, value, o, i18n);

  if (flowDrawnAs(value, o, palette, i18n, fontSize, size) === 'bars') {
    const category = { type: 'category', data: stages.map((s) => s.name), inverse: true, axisLabel: { interval: 0, fontSize }, axisLine: { show: true } };
    return {
      grid: CHART_GRID,
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => {
        const s = stages[p.dataIndex];
        return s ? tooltipHtml(s.name, [{ name: '', value: fmt(s.value), color: s.color }]) : '';
      } },
      // With its value at each bar's end the scale adds nothing, and in a narrow box its numbers would collide.
      xAxis: { type: 'value', splitNumber: 4, boundaryGap: [0, o.showValues ? '20%' : 0], axisLabel: { show: !o.showValues, formatter: (v: number) => fmt(v) } },
      yAxis: category,
      series: [{
        id: 'stages', type: 'bar', barMaxWidth: 40,
        data: stages.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color, borderRadius: [0, 4, 4, 0] } })),
        label: { show: o.showValues, position: 'right', fontSize, color: palette.text, formatter: (p: { value: number }) => fmt(p.value) },
      }],
    };
  }

  const lastColumn = Math.max(0, ...columns.values());
  const lastRoom = Math.max(0, ...stages.filter((s) => columns.get(s.key) === lastColumn).map((s) => textWidth(labels.get(s.key) ?? '', fontSize)));
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
      right: lastRoom + LABEL_GAP + 8,
      // A line of text between nodes, so labels of neighbouring nodes in a column never touch.
      nodeWidth: NODE_WIDTH, nodeGap: Math.round(fontSize * 1.4), nodeAlign: 'justify',
      layoutIterations: 0, // keep stage order top to bottom
      draggable: false,
      emphasis: { focus: 'adjacency' },
      data: stages.map((s) => ({ name: s.key, value: s.value, itemStyle: { color: s.color, borderWidth: 0 } })),
      links: links.map((l) => ({ source: l.from, target: l.to, value: l.value })),
      lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
      label: {
        color: palette.text, fontSize,
        formatter: (p: { name: string }) => labels.get(p.name) ?? '',
      },
    }],
  };
}
