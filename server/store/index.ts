export { createStore, type Store } from './store';
export type { AccessTables, AuditEntry, AuditRow, DeviceRow, SessionRow } from './access';
export { migrate } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
