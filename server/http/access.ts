import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Access } from '../access';
import type { Alert, DeviceCommand, DeviceTarget } from '../protocol';
import { auditTrail } from './audit-trail';
import { authRoutes } from './auth';
import { devicesRoutes } from './devices';
import { createGuard } from './guard';
import type { RouteDeclaration } from './routes';
import { createRateLimits } from './security';

export interface AccessHttpDeps {
  access: Access;
  log: Logger;
  departments: readonly string[];
  alert(key: string): Alert | undefined;
  targetExists(target: DeviceTarget): boolean;
  disconnect(tag: string): void;
  command(tag: string, msg: DeviceCommand): void;
}

/** The access room's HTTP side: what runs before every declared route, its own routes, and the rate limits. */
export function createAccessHttp(deps: AccessHttpDeps) {
  const { access } = deps;
  const limits = createRateLimits(access.config.rate_limits, deps.log, (what, ip, key) =>
    access.audit(what === 'login' ? `ip:${ip ?? '?'}` : 'anonymous', { action: `${what}.rate_limited`, outcome: 'refused 429', ip, detail: { key } }));
  const guard = createGuard({ access, alert: deps.alert });
  const trail = auditTrail(access);
  return {
    limits,
    /** Before each declared route: its audit trail (refusals too), then who is asking and whether the route lets them in. */
    front: (route: RouteDeclaration): (RequestHandler | undefined)[] => [trail(route), guard(route)],
    /** Sign-in, pairing, displays, the audit log. */
    routes: {
      ...authRoutes({ access, loginLimits: limits.login, disconnect: deps.disconnect }),
      ...devicesRoutes({ ...deps, pairingLimit: limits.pairing }),
    },
  };
}

export type AccessHttp = ReturnType<typeof createAccessHttp>;
