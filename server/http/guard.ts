import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Access, Principal } from '../access';
import type { Alert } from '../protocol';
import { readBearer, readCookie, SESSION_COOKIE } from './cookies';
import { sendError } from './errors';
import { param } from './router';
import type { Holder, RouteDeclaration } from './routes';

const holderOf = (p: Principal): Holder => (p.kind === 'device' ? 'device' : p.role);

export interface GuardDeps {
  access: Access;
  alert(key: string): Alert | undefined;
}

/**
 * The guard of one declared route: who the request is (session cookie or bearer token), and, with access
 * control on, whether the route's declaration lets that holder in. It runs after the router matched, so it
 * judges exactly the route that will answer: no other spelling of a path can reach a handler unguarded.
 * With access off it only tells who asks.
 */
export function createGuard(deps: GuardDeps): (route: RouteDeclaration) => RequestHandler {
  const { access } = deps;
  return (route) => (req: Request, res: Response, next: NextFunction) => {
    const principal = access.authenticate({ session: readCookie(req.get('cookie'), SESSION_COOKIE), bearer: readBearer(req.get('authorization')) });
    res.locals.principal = principal;
    if (!access.enabled || route.allow === 'anyone') return next();
    if (!principal) return sendError(res, 401, 'unauthorized', 'sign in first (POST /api/auth/login), or send a display or API token');
    if (!route.allow.includes(holderOf(principal))) {
      return sendError(res, 403, 'forbidden', `${principal.kind === 'device' ? 'a display' : `role "${holderOf(principal)}"`} may not ${route.method} ${route.path}`);
    }
    if (route.method !== 'GET' && req.get('cookie') && crossSite(req)) return sendError(res, 403, 'forbidden', 'a request from another site may not change anything here');
    if (route.alerts) return alertScoped(route.alerts, req, res, next, principal);
    return next();
  };

  /** Alerts out of the holder's scope are neither listed, shown nor acknowledged. */
  function alertScoped(scope: 'one' | 'list', req: Request, res: Response, next: NextFunction, principal: Principal) {
    const viewer = access.viewer(principal);
    if (scope === 'one') {
      const key = param(req, 'key');
      const alert = deps.alert(key);
      if (alert && !viewer.alert(alert)) return sendError(res, 404, 'not_found', `no alert "${key}"`);
      return next();
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(Array.isArray(body) && res.statusCode < 300 ? (body as Alert[]).flatMap((a) => viewer.alert(a) ?? []) : body);
    return next();
  }
}

/** A change sent by a page of another site (CSRF): its Origin or Fetch Metadata says so. */
function crossSite(req: Request): boolean {
  if (req.get('sec-fetch-site') === 'cross-site') return true;
  const origin = req.get('origin');
  if (!origin) return false;
  try { return new URL(origin).host !== req.get('host'); } catch { return true; }
}
