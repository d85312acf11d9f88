// The only module that touches ECharts: just the charts and components the widgets use, so the bundle stays small.
import { init, registerTheme, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_FAMILY, palettes, type Palette, type ThemeName } from './palette';

use([LineChart, BarChart, FunnelChart, GaugeChart, PieChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, DatasetComponent, CanvasRenderer]);

/** Chart text sizes in design px: legible across a control room on a 1920-wide canvas. */
export const CHART_FONT = { axis: 16, label: 16, legend: 16, tooltip: 16 } as const;

function themeFor(p: Palette): object {
  const axis = {
    axisLine: { lineStyle: { color: p.grid } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, fontSize: CHART_FONT.axis },
    splitLine: { lineStyle: { color: p.grid } },
    nameTextStyle: { color: p.muted, fontSize: CHART_FONT.axis },
  };
  return {
    color: [...p.series],
    backgroundColor: 'transparent',
    textStyle: { color: p.text, fontFamily: FONT_FAMILY, fontSize: CHART_FONT.label },
    legend: { textStyle: { color: p.muted, fontSize: CHART_FONT.legend } },
    tooltip: {
      backgroundColor: p.panel,
      borderColor: p.panelBorder,
      textStyle: { color: p.text, fontSize: CHART_FONT.tooltip },
    },
    categoryAxis: axis,
    valueAxis: { ...axis, axisLine: { show: false } },
    timeAxis: axis,
    // Short updates: animation is the dominant chart cost on a TV PC (reference/limits.md).
    animationDuration: 300,
    animationDurationUpdate: 250,
  };
}

let themesRegistered = false;
function registerThemes(): void {
  if (themesRegistered) return;
  for (const [name, palette] of Object.entries(palettes)) registerTheme(`opswall-${name}`, themeFor(palette));
  themesRegistered = true;
}

export function createChart(el: HTMLElement, theme: ThemeName, devicePixelRatio: number): EChartsType {
  registerThemes();
  return init(el, `opswall-${theme}`, { renderer: 'canvas', devicePixelRatio });
}

export type { EChartsCoreOption, EChartsType };
