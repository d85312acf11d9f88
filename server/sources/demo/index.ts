export { DemoCompany, type DemoOptions } from './company';
