export { createAccess, type Access, type AccessDeps, type Credentials } from './service';
export { AccessError, scopeRef, scopeRefs, scopeScreen, alertVisible } from './scope';
export { redactValue, withoutAmounts, type MoneyOf } from './fields';
export { mayOpenScreen, type Principal, type Scope, type UserPrincipal, type DevicePrincipal } from './principal';
export { screenFor, metricsFor } from './viewer';
export { hashPassword } from './secrets';
export { SESSION_COOKIE, credentialsOf, readBearer, readCookie } from './credentials';
export { normaliseCode } from './pairing';
export { accessConfigSchema, checkAccessReferences, ROLES, type AccessConfig, type Role, type UserConfig } from './config';
