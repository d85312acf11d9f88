import type { SeriesValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatValue, type Locale } from '../../format';
import { axisFormatter, CHART_GRID, tooltipHtml } from '../chart-helpers';
import type { LineOptions } from './options';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeLabel(t: number, timeZone: string | undefined, withDate: boolean): string {
  const id = `${timeZone ?? ''}:${withDate}`;
  let f = timeFormats.get(id);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
    if (withDate) Object.assign(opts, { month: '2-digit', day: '2-digit' });
    f = new Intl.DateTimeFormat('zh-CN', opts);
    timeFormats.set(id, f);
  }
  return f.format(t);
}

/** The ECharts option for a series value; pure so it can be tested without a browser. */
export function lineChartOption(value: SeriesValue | undefined, o: LineOptions, palette: Palette, locale: Locale, screenZone?: string): EChartsCoreOption {
  const points = value?.points ?? [];
  const color = o.color ?? palette.series[0] ?? palette.accent;
  const spansDays = points.length > 1 && Date.parse(points.at(-1)!.t) - Date.parse(points[0]!.t) > 86_400_000;
  const name = o.seriesName ?? '';
  const zone = o.timeZone ?? screenZone;
  return {
    grid: CHART_GRID,
    tooltip: {
      trigger: 'axis',
      formatter: (params: { value: [number, number] }[]) => {
        const first = params[0];
        if (!first) return '';
        const [t, v] = first.value;
        return tooltipHtml(timeLabel(t, zone, spansDays), [{ name, value: formatValue(v, o.format, locale, { compact: false }) }]);
      },
    },
    xAxis: {
      type: 'time',
      boundaryGap: false,
      // The first and last times align inward, clear of the value axis's labels and inside the box.
      axisLabel: { hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right', formatter: (t: number) => timeLabel(t, zone, spansDays) },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, splitNumber: 4, axisLabel: { formatter: axisFormatter(o.format, locale) } },
    series: [
      {
        id: 'main',
        type: 'line',
        name,
        smooth: o.smooth,
        showSymbol: points.length <= 30,
        // From the theme: thick in high contrast, to be seen across the room.
        symbolSize: palette.seriesWidth + 4,
        lineStyle: { width: palette.seriesWidth, color },
        itemStyle: { color },
        areaStyle: o.area
          ? { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: `${color}88` }, { offset: 1, color: `${color}05` }] } }
          : undefined,
        data: points.map((p) => [Date.parse(p.t), p.value]),
      },
    ],
  };
}
