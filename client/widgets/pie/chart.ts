import type { BreakdownValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatPercent, formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
import type { PieOptions } from './options';
import { pieSlices } from './slices';

/** The ECharts option for a breakdown as a pie or ring; pure so it can be tested without a browser. */
export function pieChartOption(value: BreakdownValue | undefined, o: PieOptions, palette: Palette, i18n: I18n, size: WidgetSize): EChartsCoreOption {
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
  // A wide box puts the legend beside the pie, a tall one under it.
  const wide = size.width > size.height * 1.3;
  const legendOn = o.showLegend && data.length > 0;
  const center = legendOn && wide ? ['40%', '50%'] : legendOn ? ['50%', '44%'] : ['50%', '50%'];
  // Outside labels need room beside the pie.
  const outer = o.showLabels ? '56%' : '78%';
  const share = (v: number): string => (total > 0 ? formatPercent((v / total) * 100, i18n.locale, 1) : '—');

  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; color: string }) => tooltipHtml(p.name, [{ name: share(p.value), value: fmt(p.value), color: p.color }]),
    },
    legend: legendOn
      ? { type: 'scroll', orient: wide ? 'vertical' : 'horizontal', ...(wide ? { right: 8, top: 'middle' } : { bottom: 0, left: 'center' }), itemWidth: 16, itemHeight: 12, pageTextStyle: { color: palette.muted } }
      : { show: false },
    title: o.ring && total > 0
      ? { text: fmt(total), subtext: i18n.t('widget.total'), left: center[0], top: 'middle', textAlign: 'center', itemGap: 4,
          textStyle: { color: palette.text, fontSize: 26, fontWeight: 700 }, subtextStyle: { color: palette.muted, fontSize: 16 } }
      : { show: false },
    series: [
      {
        id: 'main',
        type: 'pie',
        center,
        radius: o.ring ? ['42%', outer] : [0, outer],
        avoidLabelOverlap: true,
        minShowLabelAngle: 4,
        itemStyle: { borderColor: palette.panel, borderWidth: 2 },
        label: { show: o.showLabels, color: palette.text, formatter: (p: { name: string; value: number }) => `${p.name} ${share(p.value)}` },
        labelLine: { show: o.showLabels, length: 10, length2: 8, lineStyle: { color: palette.muted } },
        labelLayout: { hideOverlap: true },
        data,
      },
    ],
  };
}
