export { createAlertService, type AlertService, type AlertServiceDeps } from './service';
export { AlertBook, AlertError, type AlertEntry, type EscalationStep } from './book';
export { NotificationGrouper, DEFAULT_ROUTE, type Notification, type Route } from './grouping';
export { Router } from './routing';
export { SilenceBook, silenceStatus } from './silences';
export { alertKey, fingerprint } from './identity';
