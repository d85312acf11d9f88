export { useChart, type ChartClick } from './useChart';
export { CHART_FONT, registerGeoJson, type EChartsCoreOption } from './echarts';
export { provideChartContext, useChartContext, type ChartContext } from './context';
export { palettes, cssVars, FONT_FAMILY, type Palette, type ThemeName } from './palette';
