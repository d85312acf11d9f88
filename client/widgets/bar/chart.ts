import type { BreakdownValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { CHART_FONT } from '../../charts/fonts';
import { axisFormatter, CHART_GRID, textWidth, tooltipHtml } from '../chart-helpers';
import { keyColor } from '../colors';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
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

/** The category names in the order drawn. */
export function barNames(value: BreakdownValue | undefined, o: BarOptions, i18n: I18n): string[] {
  return rowsOf(value, o, i18n).map((r) => r.name);
}

/** Room in px around the plot for the value axis and the grid's margins, in a vertical chart. */
const AXIS_ROOM = 80;

/**
 * Columns only while every category's name fits under its column on one line; otherwise bars turn to rows, where
 * each name has the width of a label column and wraps there, so no name is left out (ECharts would hide them).
 */
export function barsTurned(names: string[], size: WidgetSize | undefined, fontSize: number, o?: BarOptions): boolean {
  if (!size || names.length === 0 || o?.stacked || o?.horizontal) return false;
  const slot = (size.width - AXIS_ROOM) / names.length;
  return names.some((n) => textWidth(n, fontSize) + 8 > slot);
}

/** The ECharts option for a breakdown; pure so it can be tested without a browser. */
export function barChartOption(value: BreakdownValue | undefined, opts: BarOptions, palette: Palette, i18n: I18n, size?: WidgetSize, fontSize: number = CHART_FONT.axis): EChartsCoreOption {
  const rows = rowsOf(value, opts, i18n);
  const o = barsTurned(rows.map((r) => r.name), size, fontSize, opts) ? { ...opts, horizontal: true } : opts;
  // A row's name wraps within a third of the box rather than being cut or hidden.
  const labelWidth = size ? Math.max(fontSize * 3, Math.round(size.width / 3)) : undefined;
  const style = o.format === 'auto' ? (o.measure === 'amount' ? 'currency' : 'number') : o.format;
  const fmt = (v: number): string => formatValue(v, style, i18n.locale);
  const colorAt = (i: number): string => keyColor(rows[i]?.key ?? '', i, o, palette);
  // Room past the longest bar for its value label: above a column a share of the axis; beside a row its own
  // width, kept in the grid's right margin, so a long amount (¥1,061.62万) never runs off the chart.
  const headroom = o.showValues && !o.stacked && !o.horizontal ? '12%' : 0;
  const labelRoom = o.showValues && !o.stacked && o.horizontal ? Math.max(0, ...rows.map((r) => textWidth(fmt(r.value), fontSize))) + 8 : 0;
  // The value axis's marks are a scale, not data: in a narrow box one that would touch its neighbour is left out.
  const valueAxis = { type: 'value', splitNumber: 4, boundaryGap: [0, headroom], axisLabel: { formatter: axisFormatter(style, i18n.locale), hideOverlap: true } };
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

  // Every category keeps its name (interval 0, no hiding): the layout above leaves each one room.
  const categoryAxis = { type: 'category', data: rows.map((r) => r.name), axisLine: { show: true },
    axisLabel: { interval: 0, fontSize, ...(o.horizontal && labelWidth ? { width: labelWidth, overflow: 'break' } : {}) } };
  return {
    grid: { ...CHART_GRID, right: Math.max(CHART_GRID.right, labelRoom) },
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
