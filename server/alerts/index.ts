export { createAlertService, type AlertService, type AlertServiceDeps } from './service';
export { AlertBook, AlertError, type AlertEntry, type EscalationStep } from './book';
export { NotificationGrouper, DEFAULT_ROUTE, type Notification, type Route } from './grouping';
export { Router } from './routing';
export { SilenceBook, silenceStatus } from './silences';
export { alertKey, fingerprint } from './identity';
export { alertRuleSchema, alertsConfigSchema, checkAlertReferences, routeSchema, type AlertRuleConfig, type AlertsConfig, type RouteConfig } from './config';
export { createChannel, createDelivery } from './channels';
export { compileMatchers, MatcherError } from './matchers';
