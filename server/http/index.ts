export { createHttpApp } from './app';
export type { ApiDeps } from './api';
