import type { FlowPathsValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCompact } from '../../format';
import type { I18n } from '../../i18n';
import { textWidth, tooltipHtml } from '../chart-helpers';
import { departmentName, stepName, type FlowNames } from '../flow-names';
import type { FlowPathsOptions } from './options';

/** A node of the diagram: a step (`won`), or the breaks into a step (`break:confirmed`). */
export interface PathNode { name: string; step: string; label: string; department: string; value: number; color: string; broken: boolean }
export interface PathLink { source: string; target: string; value: number; broken: boolean }

export const BREAK_PREFIX = 'break:';

/**
 * The diagram's nodes and links: a node per step that any instance reached or moved through, coloured by its
 * department; the moves between steps; and, for each step instances wait at past its target, a red break node
 * with red links from the steps they last reached. Only forward moves (earlier step → later step in the flow) are
 * drawn, so the links never form a cycle and a sankey can lay them out.
 */
export function flowPathGraph(value: FlowPathsValue | undefined, o: FlowNames & Pick<FlowPathsOptions, 'showBreaks'>, palette: Palette, i18n: I18n): { nodes: PathNode[]; links: PathLink[] } {
  if (!value) return { nodes: [], links: [] };
  const order = new Map(value.steps.map((s, i) => [s.step, i]));
  const forward = (l: { from: string; to: string; value: number }) =>
    l.value > 0 && order.has(l.from) && order.has(l.to) && order.get(l.from)! < order.get(l.to)!;
  const moves = value.links.filter(forward);
  const breaks = o.showBreaks ? value.breaks.filter(forward) : [];
  const linked = new Set([...moves, ...breaks].flatMap((l) => [l.from, l.to]));

  const deptColor = new Map<string, string>();
  for (const s of value.steps) {
    if (!deptColor.has(s.department)) deptColor.set(s.department, palette.series[deptColor.size % palette.series.length] ?? palette.accent);
  }
  const nodes: PathNode[] = value.steps.filter((s) => s.reached > 0 || linked.has(s.step)).map((s) => ({
    name: s.step, step: s.step, label: stepName(s.step, o), department: departmentName(s.department, o, i18n),
    value: s.reached, color: deptColor.get(s.department)!, broken: false,
  }));
  const brokenInto = new Map<string, number>();
  for (const b of breaks) brokenInto.set(b.to, (brokenInto.get(b.to) ?? 0) + b.value);
  for (const s of value.steps) {
    const n = brokenInto.get(s.step);
    if (n === undefined) continue;
    nodes.push({ name: `${BREAK_PREFIX}${s.step}`, step: s.step, label: i18n.t('flowPaths.break', { step: stepName(s.step, o) }),
      department: departmentName(s.department, o, i18n), value: n, color: palette.critical, broken: true });
  }
  const links: PathLink[] = [
    ...moves.map((l) => ({ source: l.from, target: l.to, value: l.value, broken: false })),
    ...breaks.map((l) => ({ source: l.from, target: `${BREAK_PREFIX}${l.to}`, value: l.value, broken: true })),
  ];
  return { nodes, links };
}

/** Instances broken now, summed over the steps (each waits at one step, so none counts twice). */
export function brokenTotal(value: FlowPathsValue | undefined): number {
  return (value?.steps ?? []).reduce((n, s) => n + s.broken, 0);
}

export function flowPathsIsEmpty(value: FlowPathsValue | undefined): boolean {
  return !value || value.instances === 0;
}

/**
 * The ECharts option: a sankey aligned to its start (each break node sits in its step's column, not the last one);
 * pure, for tests. `vertical` (a phone-wide box): the steps run top to bottom, each labelled above its node's left
 * edge on one line, as five columns of side labels do not fit 400 px. `width` (px): where a break's full label
 * ("订单确认 断点 141") is wider than the room to the next column, it reads "断点 141" under its step instead.
 */
export function flowPathsChartOption(value: FlowPathsValue | undefined, o: FlowPathsOptions, palette: Palette, i18n: I18n, fontSize: number, vertical = false,
  width = Infinity): EChartsCoreOption {
  const { nodes, links } = flowPathGraph(value, o, palette, i18n);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const stepOf = new Map((value?.steps ?? []).map((s) => [s.step, s]));
  const fmt = (n: number): string => formatCompact(n, i18n.locale);
  // The steps' columns share the width left of the last column's labels; a label runs from its node (20 px) rightwards.
  const columns = nodes.filter((n) => !n.broken).length;
  const pitch = columns > 1 ? (width - 8 - Math.round(fontSize * 6.5)) / (columns - 1) : Infinity;
  const shortBreaks = vertical || nodes.some((n) => n.broken && 20 + 5 + textWidth(`${n.label} ${fmt(n.value)}`, fontSize) > pitch);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType?: string; data: { name?: string; source?: string; target?: string; value?: number } }) => {
        if (p.dataType === 'edge') {
          const from = byName.get(p.data.source ?? '')?.label ?? '';
          const to = byName.get(p.data.target ?? '')?.label ?? '';
          return tooltipHtml(`${from} → ${to}`, [{ name: '', value: fmt(p.data.value ?? 0) }]);
        }
        const n = byName.get(p.data.name ?? '');
        if (!n) return '';
        if (n.broken) return tooltipHtml(n.label, [{ name: n.department, value: fmt(n.value), color: n.color }]);
        const s = stepOf.get(n.step);
        return tooltipHtml(`${n.label} · ${n.department}`, [
          { name: i18n.t('flowPaths.reached'), value: fmt(s?.reached ?? 0), color: n.color },
          { name: i18n.t('flowPaths.entered'), value: fmt(s?.entered ?? 0) },
          { name: i18n.t('flowPaths.waiting'), value: fmt(s?.waiting ?? 0) },
          { name: i18n.t('flowPaths.broken'), value: fmt(s?.broken ?? 0) },
        ]);
      },
    },
    series: [{
      id: 'paths', type: 'sankey',
      ...(vertical
        // Room above the first row for its labels; every other row's labels sit in the gap above it.
        ? { orient: 'vertical', left: 4, right: 4, top: Math.round(fontSize * 1.5), bottom: 8, nodeGap: 24 }
        // Labels sit right of their node: room for the last column's "售后工单 14 / 客服部".
        : { left: 4, top: 8, bottom: 8, right: Math.round(fontSize * 6.5), // Gaps as tall as a label's lines: neighbouring labels in a column never touch.
        nodeGap: Math.max(12, Math.round(fontSize * (o.showDepartment ? 2.5 : 1.3))) }),
      nodeWidth: 16,
      nodeAlign: 'left', // a break node stays in its step's column instead of the last one
      layoutIterations: 0, // keep the flow's step order top to bottom
      draggable: false,
      emphasis: { focus: 'adjacency' },
      data: nodes.map((n) => ({
        name: n.name, value: n.value, itemStyle: { color: n.color, borderWidth: 0 },
        // Standing one row, a break node's label ends at its right edge (the box's), so it never runs off the canvas.
        ...(vertical && n.broken ? { label: { position: ['100%', -4], align: 'right' } } : {}),
      })),
      links: links.map((l) => ({
        source: l.source, target: l.target, value: l.value,
        lineStyle: l.broken ? { color: palette.critical, opacity: 0.55 } : { color: 'gradient', opacity: 0.35 },
      })),
      lineStyle: { curveness: 0.5 },
      label: {
        color: palette.text, fontSize, lineHeight: Math.round(fontSize * 1.2),
        ...(vertical ? { position: [0, -4], align: 'left', verticalAlign: 'bottom' } : {}),
        formatter: (p: { name: string }) => {
          const n = byName.get(p.name);
          if (!n) return '';
          // Vertical: the break sits in its step's row, so "断点 9" says it; side by side it needs the step's name.
          if (n.broken) return `{bad|${shortBreaks ? i18n.t('flowPaths.breakShort') : n.label} ${fmt(n.value)}}`;
          if (!o.showDepartment) return `${n.label} ${fmt(n.value)}`;
          return `${n.label} ${fmt(n.value)}${vertical ? ' ' : '\n'}{dept|${n.department}}`;
        },
        rich: {
          dept: { color: palette.muted, fontSize: Math.max(14, Math.round(fontSize * 0.8)) },
          bad: { color: palette.critical, fontSize, fontWeight: 'bold' },
        },
      },
    }],
  };
}
