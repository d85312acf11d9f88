import type { BreakdownValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { axisFormatter, CHART_GRID, tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { BarOptions } from './options';

interface Row { key: string; name: string; value: number }

function rowsOf(value: BreakdownValue | undefined, o: BarOptions, i18n: I18n): Row[] {
  const rows = (value?.items ?? []).map((item) => ({
    key: item.key,
    name: keyLabel(item.key, o, i18n),
    value: o.measure === 'amount' ? (item.amount ?? 0) : item.value,
  }));
  if (o.sort !== 'none') rows.sort((a, b) => (o.sort === 'desc' ? b.value - a.value : a.value - b.value));
  return o.limit ? rows.slice(0, o.limit) : rows;
}

/** The ECharts option for a breakdown; pure so it can be tested without a browser. */
export function barChartOption(value: BreakdownValue | undefined, o: BarOptions, palette: Palette, i18n: I18n): EChartsCoreOption {
  const rows = rowsOf(value, o, i18n);
  const style = o.format === 'auto' ? (o.measure === 'amount' ? 'currency' : 'number') : o.format;
  const fmt = (v: number): string => formatValue(v, style, i18n.locale);
  const colorAt = (i: number): string => keyColor(rows[i]?.key ?? '', i, o, palette);
  // Room past the longest bar for its value label.
  const headroom = o.showValues && !o.stacked ? (o.horizontal ? '22%' : '12%') : 0;
  const valueAxis = { type: 'value', splitNumber: 4, boundaryGap: [0, headroom], axisLabel: { formatter: axisFormatter(style, i18n.locale) } };
  const tooltip = {
    trigger: 'item',
    formatter: (p: { seriesName: string; name: string; value: number; color: string }) =>
      tooltipHtml(o.stacked ? p.seriesName : p.name, [{ name: '', value: fmt(p.value), color: p.color }]),
  };

  if (o.stacked) {
    const total = rows.reduce((sum, r) => sum + r.value, 0);
    const category = { type: 'category', data: [''], axisLabel: { show: false }, axisLine: { show: false } };
    return {
      grid: { ...CHART_GRID, bottom: 48 },
      legend: { bottom: 0, itemWidth: 16, itemHeight: 12, data: rows.map((r) => r.name) },
      tooltip,
      xAxis: o.horizontal ? valueAxis : category,
      yAxis: o.horizontal ? { ...category, inverse: true } : valueAxis,
      series: rows.map((r, i) => ({
        id: `s${i}`,
        type: 'bar',
        stack: 'all',
        name: r.name,
        barWidth: '55%',
        itemStyle: { color: colorAt(i) },
        label: { show: o.showValues && total > 0 && r.value / total > 0.06, position: 'inside', color: palette.onFill, fontWeight: 600, formatter: () => fmt(r.value) },
        // `key` is read by a drill-through click (client/widgets/link.ts).
        data: [{ value: r.value, key: r.key }],
      })),
    };
  }

  const categoryAxis = { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, hideOverlap: true }, axisLine: { show: true } };
  return {
    grid: CHART_GRID,
    tooltip,
    xAxis: o.horizontal ? valueAxis : categoryAxis,
    // Horizontal rankings read top-down.
    yAxis: o.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: [
      {
        id: 'main',
        type: 'bar',
        barMaxWidth: 48,
        data: rows.map((r, i) => ({ name: r.name, value: r.value, key: r.key, itemStyle: { color: colorAt(i), borderRadius: o.horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] } })),
        label: { show: o.showValues, position: o.horizontal ? 'right' : 'top', color: palette.text, formatter: (p: { value: number }) => fmt(p.value) },
      },
    ],
  };
}
