export * from './schema';
export * from './load';
export { DEMO_CONFIG } from './defaults';
