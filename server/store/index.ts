export { createStore, type SourceCoverage, type Store, type StoreOptions } from './store';
export type { AccessTables, AuditEntry, AuditRow, DeviceRow, SessionRow } from './access';
export type { AlertTables } from './alerts';
export { isWriteFault, StoreWriteError, STORE_RETRY_AFTER_S, type StoreHealth } from './faults';
export type { OutboxEntry, OutboxTable } from './outbox';
export { migrate } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
