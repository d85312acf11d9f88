export * from './schema';
export * from './load';
export { DEMO_CONFIG, DEMO_SECRETS, demoConfig, type DemoVendorUrls } from './defaults';
export { ROLES, type Role, type AccessConfig, type UserConfig } from './access';
