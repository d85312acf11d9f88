export { createHttpApp } from './app';
export { createAccessHttp, type AccessHttp } from './access';
export type { RequestView } from './api';
export type { ApiDeps } from './api';
export { createHubMetrics, type HubMetrics } from './prometheus';
export { recordUrls } from './record-urls';
