export { useChart, type ChartClick } from './useChart';
export { registerGeoJson, type EChartsCoreOption } from './echarts';
export { CHART_FONT, chartFont, type ChartFont } from './fonts';
export { provideChartContext, useChartContext, type ChartContext } from './context';
export { palettes, cssVars, FONT_FAMILY, type Palette, type ThemeName } from './palette';
