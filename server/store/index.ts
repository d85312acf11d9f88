export { createStore, type SourceCoverage, type Store, type StoreOptions } from './store';
export type { AccessTables, AuditEntry, AuditRow, DeviceRow, SessionRow } from './access';
export type { AlertTables } from './alerts';
export { isWriteFault, StoreWriteError, STORE_RETRY_AFTER_S, type StoreHealth } from './faults';
export type { OutboxEntry, OutboxTable } from './outbox';
export { migrate, StoreVersionError } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export { backupStore, BackupError, type BackupOptions, type BackupResult } from './backup';
export { runBackupCommand, BACKUP_USAGE, type CommandOutput } from './backup-command';
