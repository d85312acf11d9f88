export { loadScreens, validateScreen, screenMetrics, withResolvedParams, type ScreenEntry, type MetricCheck } from './load';
