export { loadScreens, validateScreen, screenMetrics, type ScreenEntry, type MetricCheck } from './load';
