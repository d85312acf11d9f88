import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Access, Principal } from '../access';
import type { Alert } from '../protocol';
import { readBearer, readCookie, SESSION_COOKIE } from './cookies';
import { sendError } from './errors';

type Holder = 'admin' | 'editor' | 'viewer' | 'device';
const USERS: readonly Holder[] = ['admin', 'editor', 'viewer'];

/** Routes anyone may call: signing in, health, a TV starting its pairing and polling it, pushes (their own tokens). */
const PUBLIC: readonly [string, RegExp][] = [
  ['POST', /^\/api\/auth\/(login|logout)$/], ['GET', /^\/api\/auth\/(me|oidc\/start|oidc\/callback)$/],
  ['GET', /^\/api\/health$/], ['POST', /^\/api\/pair$/], ['GET', /^\/api\/pair\/[^/]+$/], ['POST', /^\/api\/ingest\//],
];

/** Who may do what; the first rule that matches decides. Unlisted: any signed-in user, never a display. */
const RULES: readonly [string, RegExp, readonly Holder[]][] = [
  ['GET', /^\/api\/(screens|playlists)(\/|$)/, [...USERS, 'device']],
  ['*', /^\/api\/(devices|audit)(\/|$)/, ['admin']],
  ['POST', /^\/api\/sources\//, ['admin']],
  ['GET', /^\/api\/silences/, USERS],
  ['*', /^\/api\/silences/, ['admin', 'editor']],
  ['GET', /^\/metrics$/, ['admin']],
];

const holderOf = (p: Principal): Holder => (p.kind === 'device' ? 'device' : p.role);

/** The alert key of `/api/alerts/<key>[/ack]`, keys having slashes of their own. */
const alertKey = (path: string) => /^\/api\/alerts\/(.+?)(\/ack)?$/.exec(path);

export interface GuardDeps {
  access: Access;
  alert(key: string): Alert | undefined;
}

/**
 * Who a request is (session cookie or bearer token), and, with access control on, whether it may go on.
 * Answers that name alerts are cut to what the holder may see. With access off it only tells who asks.
 */
export function createGuard(deps: GuardDeps): RequestHandler {
  const { access } = deps;
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (!path.startsWith('/api/') && path !== '/metrics') return next();
    const principal = access.authenticate({ session: readCookie(req.get('cookie'), SESSION_COOKIE), bearer: readBearer(req.get('authorization')) });
    res.locals.principal = principal;
    if (!access.enabled) return next();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (PUBLIC.some(([m, re]) => m === method && re.test(path))) return next();
    if (!principal) return sendError(res, 401, 'unauthorized', 'sign in first (POST /api/auth/login), or send a display or API token');
    const rule = RULES.find(([m, re]) => (m === '*' || m === method) && re.test(path));
    const allowed = rule ? rule[2] : USERS;
    if (!allowed.includes(holderOf(principal))) {
      return sendError(res, 403, 'forbidden', `${principal.kind === 'device' ? 'a display' : `role "${holderOf(principal)}"`} may not ${method} ${path}`);
    }
    if (method !== 'GET' && req.get('cookie') && crossSite(req)) return sendError(res, 403, 'forbidden', 'a request from another site may not change anything here');
    return alertScoped(req, res, next, principal);
  };

  /** Alerts out of the holder's scope are neither listed, shown nor acknowledged. */
  function alertScoped(req: Request, res: Response, next: NextFunction, principal: Principal) {
    if (!req.path.startsWith('/api/alerts')) return next();
    const viewer = access.viewer(principal);
    const one = alertKey(req.path);
    if (one) {
      const alert = deps.alert(decodeURIComponent(one[1]!));
      if (alert && !viewer.alert(alert)) return sendError(res, 404, 'not_found', `no alert "${one[1]}"`);
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
