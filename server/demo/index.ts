export { DemoCompany, type DemoOptions } from './company';
export { DEMO_FIELDS, DEMO_OFFICE_HOURS, DEMO_SECRETS, DEMO_TIMEZONE } from './constants';
export { DEMO_SIMULATION, keptDemoStart, startDemoVendors, type DemoSimulation, type DemoVendorName, type DemoVendors, type DemoVendorsOptions } from './serve';
