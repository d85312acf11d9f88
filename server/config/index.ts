export * from './schema';
export * from './load';
export { DEMO_CONFIG, demoConfig, type DemoConfigFile, type DemoVendorUrls } from './demo';
export { DEMO_SECRETS } from '../demo';
