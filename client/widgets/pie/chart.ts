import type { BreakdownValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { CHART_FONT } from '../../charts/fonts';
import { formatPercent, formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { textWidth, tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
import type { PieOptions } from './options';
import { pieLayout } from './layout';
import { pieSlices } from './slices';

/** The ECharts option for a breakdown as a pie or ring; pure so it can be tested without a browser. */
export function pieChartOption(value: BreakdownValue | undefined, o: PieOptions, palette: Palette, i18n: I18n, size: WidgetSize, fontSize: number = CHART_FONT.label): EChartsCoreOption {
  const slices = pieSlices(value, o.measure, o.limit);
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const style = o.format === 'auto' ? (o.measure === 'amount' ? 'currency' : 'number') : o.format;
  const fmt = (v: number): string => formatValue(v, style, i18n.locale);
  const data = slices.map((s, i) => ({
    name: s.key === null ? i18n.t('widget.other') : keyLabel(s.key, o, i18n),
    value: s.value,
    // For a drill-through click; the "other" slice has none, so it opens nothing.
    key: s.key ?? undefined,
    itemStyle: { color: s.key === null ? palette.muted : keyColor(s.key, i, o, palette) },
  }));
  const legendOn = o.showLegend && data.length > 0;
  const share = (v: number): string => (total > 0 ? formatPercent((v / total) * 100, i18n.locale, 1) : '—');
  const shared = data.map((d) => `${d.name} ${share(d.value)}`);
  // Names in the legend while the labels give the shares; when the labels do not fit, the legend gives them.
  let layout = pieLayout(size, legendOn ? data.map((d) => d.name) : [], shared, fontSize, o.showLabels);
  if (legendOn && !layout.labels) layout = pieLayout(size, shared, shared, fontSize, false);
  const legendShares = legendOn && !layout.labels;
  const { pie, radius, legend } = layout;
  const hole = Math.round(radius * 0.7);
  const cx = pie.left + pie.width / 2;
  const totalText = fmt(total);
  // The total fits the hole: its font shrinks to the hole's width, never below the legibility floor.
  const totalSize = Math.max(14, Math.min(26, Math.floor((hole * 1.7) / Math.max(1, textWidth(totalText, 1)))));

  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; color: string }) => tooltipHtml(p.name, [{ name: share(p.value), value: fmt(p.value), color: p.color }]),
    },
    legend: legend
      ? {
          type: 'plain', orient: legend.side === 'right' ? 'vertical' : 'horizontal',
          ...(legend.side === 'right' ? { right: 8, top: 'middle', height: legend.height } : { bottom: 8, left: 'center', width: legend.width }),
          itemWidth: 16, itemHeight: 12, itemGap: 6,
          textStyle: { color: palette.muted, fontSize, width: legend.width - 22, overflow: 'break' },
          formatter: (name: string) => (legendShares ? `${name} ${share(data.find((d) => d.name === name)?.value ?? 0)}` : name),
        }
      : { show: false },
    // The total only where the hole holds its two lines (the figure and 合计).
    title: o.ring && total > 0 && hole * 2 >= totalSize + 14 + 8
      ? { text: totalText, subtext: i18n.t('widget.total'), left: Math.round(cx), top: Math.round(pie.top + pie.height / 2 - totalSize * 0.6 - 10), textAlign: 'center', itemGap: 2,
          textStyle: { color: palette.text, fontSize: totalSize, fontWeight: 700 }, subtextStyle: { color: palette.muted, fontSize: 14 } }
      : { show: false },
    series: [
      {
        id: 'main',
        type: 'pie',
        ...pie,
        center: ['50%', '50%'],
        radius: o.ring ? [hole, radius] : [0, radius],
        avoidLabelOverlap: true,
        minShowLabelAngle: 4,
        itemStyle: { borderColor: palette.panel, borderWidth: 2 },
        // 'break' rather than ECharts' truncation: a label that meets the edge wraps instead of ending in "…".
        label: { show: layout.labels, color: palette.text, fontSize, overflow: 'break', formatter: (p: { name: string; value: number }) => `${p.name} ${share(p.value)}` },
        labelLine: { show: layout.labels, length: 10, length2: 8, lineStyle: { color: palette.muted } },
        data,
      },
    ],
  };
}
