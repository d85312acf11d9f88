export { DemoCompany, type DemoOptions } from './company';
export { DEMO_SIMULATION, keptDemoStart, startDemoVendors, type DemoSimulation, type DemoVendorName, type DemoVendors, type DemoVendorsOptions } from './serve';
