import { Router } from 'express';
import type { Logger } from 'pino';
import type { Access } from '../access';
import type { Alert, DeviceCommand, DeviceTarget } from '../protocol';
import { auditTrail } from './audit-trail';
import { createAuthRouter } from './auth';
import { createDevicesRouter } from './devices';
import { createGuard } from './guard';
import { createRateLimits, securityHeaders } from './security';

export interface AccessHttpDeps {
  access: Access;
  log: Logger;
  departments: readonly string[];
  alert(key: string): Alert | undefined;
  targetExists(target: DeviceTarget): boolean;
  disconnect(tag: string): void;
  command(tag: string, msg: DeviceCommand): void;
}

/** The access room's HTTP side: what runs before every route, its own routes, and the rate limits. */
export function createAccessHttp(deps: AccessHttpDeps) {
  const { access } = deps;
  const limits = createRateLimits(access.config.rate_limits, deps.log, (what, ip, key) =>
    access.audit(what === 'login' ? `ip:${ip ?? '?'}` : 'anonymous', { action: `${what}.rate_limited`, outcome: 'refused 429', ip, detail: { key } }));
  return {
    limits,
    /** Security headers, the audit trail of changes (refusals too), who is asking and whether they may. */
    front: Router().use(securityHeaders(), auditTrail(access), createGuard({ access, alert: deps.alert })),
    /** `/api/auth/*`, `/api/pair`, `/api/devices`, `/api/audit`. */
    routes: Router()
      .use('/api/auth', createAuthRouter({ access, loginLimits: limits.login, disconnect: deps.disconnect }))
      .use('/api', createDevicesRouter({ ...deps, pairingLimit: limits.pairing })),
  };
}

export type AccessHttp = ReturnType<typeof createAccessHttp>;
