export { createHttpApp } from './app';
export type { ApiDeps } from './api';
export { createHubMetrics, type HubMetrics } from './prometheus';
