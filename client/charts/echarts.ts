// The only module that touches ECharts: just the charts and components the widgets use, so the bundle stays small.
import { init, registerMap, registerTheme, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart, HeatmapChart, MapChart, SankeyChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHART_FONT, DENSE_FONT, type ChartFont } from './fonts';
import { FONT_FAMILY, palettes, type Palette, type ThemeName } from './palette';

use([LineChart, BarChart, FunnelChart, GaugeChart, PieChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, DatasetComponent, HeatmapChart, MapChart, SankeyChart, VisualMapContinuousComponent, CanvasRenderer]);


function themeFor(p: Palette, font: ChartFont): object {
  const axis = {
    axisLine: { lineStyle: { color: p.grid } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, fontSize: font.axis },
    splitLine: { lineStyle: { color: p.grid } },
    nameTextStyle: { color: p.muted, fontSize: font.axis },
  };
  return {
    color: [...p.series],
    backgroundColor: 'transparent',
    textStyle: { color: p.text, fontFamily: FONT_FAMILY, fontSize: font.label },
    legend: { textStyle: { color: p.muted, fontSize: font.legend } },
    tooltip: {
      backgroundColor: p.panel,
      borderColor: p.panelBorder,
      textStyle: { color: p.text, fontSize: font.tooltip },
    },
    categoryAxis: axis,
    valueAxis: { ...axis, axisLine: { show: false } },
    timeAxis: axis,
    // Series defaults from the theme (a widget that sets its own width overrides them).
    line: { lineStyle: { width: p.seriesWidth }, symbolSize: p.seriesWidth + 3 },
    gauge: { title: { color: p.muted }, detail: { color: p.text } },
    // Short updates: animation is the dominant chart cost on a TV PC (measured on these machines).
    animationDuration: 300,
    animationDurationUpdate: 250,
  };
}

let themesRegistered = false;
function registerThemes(): void {
  if (themesRegistered) return;
  for (const [name, palette] of Object.entries(palettes)) {
    registerTheme(`opswall-${name}`, themeFor(palette, CHART_FONT));
    registerTheme(`opswall-${name}-dense`, themeFor(palette, DENSE_FONT));
  }
  themesRegistered = true;
}

export function createChart(el: HTMLElement, theme: ThemeName, dense: boolean, devicePixelRatio: number): EChartsType {
  registerThemes();
  return init(el, `opswall-${theme}${dense ? '-dense' : ''}`, { renderer: 'canvas', devicePixelRatio });
}

/** Registers a GeoJSON under `name` for map series (a screen's own licensed map data; none is shipped). */
export function registerGeoJson(name: string, geoJson: object): void {
  registerMap(name, geoJson as Parameters<typeof registerMap>[1]);
}

export type { EChartsCoreOption, EChartsType };
