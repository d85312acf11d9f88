import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { Access, Principal } from '../access';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie } from './cookies';
import { sendBadBody, sendError } from './errors';
import type { RouteHandlers } from './router';

const OIDC_COOKIE = 'opswall_oidc';
const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict();
/** Only a path on this site: never an open redirect. */
const localPath = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

export interface AuthDeps {
  access: Access;
  loginLimits: RequestHandler[];
  /** Drops the sockets of a tag at once (a signed-out session's). */
  disconnect(tag: string): void;
}

/** `/api/auth`: sign in (password or OpenID Connect), sign out, and who am I. */
export function authRoutes(deps: AuthDeps): RouteHandlers<'auth.me' | 'auth.login' | 'auth.logout' | 'auth.oidc.start' | 'auth.oidc.callback'> {
  const { access } = deps;
  const cookie = { secure: access.config.session.secure_cookie };
  const principal = (res: express.Response) => res.locals.principal as Principal | undefined;

  return {
  'auth.me': (_req, res) => { res.json(access.me(principal(res))); },

  'auth.login': [...deps.loginLimits, express.json({ limit: '4kb' }), async (req, res) => {
    if (!access.enabled) return sendError(res, 409, 'access_off', 'access control is off: there is nothing to sign in to');
    const body = loginSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'sign in: expected { username, password }', body.error);
    const session = await access.login(body.data.username, body.data.password, req.ip);
    if (!session) return sendError(res, 401, 'invalid_credentials', 'wrong user name or password');
    setCookie(req, res, SESSION_COOKIE, session.secret, cookie);
    res.json(access.me(session.principal));
  }],

  'auth.logout': (req, res) => {
    const p = principal(res);
    if (p?.kind === 'user') {
      access.logout(p, req.ip);
      deps.disconnect(`session:${p.session}`);
    }
    clearCookie(res, SESSION_COOKIE);
    res.status(204).end();
  },

  'auth.oidc.start': async (req, res) => {
    if (!access.enabled || !access.oidc) return sendError(res, 404, 'not_found', 'OpenID Connect sign-in is not configured');
    try {
      const { url, flowId } = await access.oidc.start(localPath(req.query.next));
      setCookie(req, res, OIDC_COOKIE, flowId, { ...cookie, maxAgeMs: 5 * 60_000 });
      res.redirect(302, url);
    } catch (err) {
      sendError(res, 502, 'oidc_unavailable', `the OpenID provider cannot be reached: ${(err as Error).message}`);
    }
  },

  'auth.oidc.callback': async (req, res) => {
    if (!access.enabled || !access.oidc) return sendError(res, 404, 'not_found', 'OpenID Connect sign-in is not configured');
    clearCookie(res, OIDC_COOKIE);
    const flowId = readCookie(req.get('cookie'), OIDC_COOKIE);
    let who: Awaited<ReturnType<NonNullable<Access['oidc']>['finish']>>;
    try {
      who = await access.oidc.finish(flowId, new URL(req.originalUrl, 'http://x').search);
    } catch (err) {
      access.audit('oidc', { action: 'login', outcome: 'failure', ip: req.ip, detail: { via: 'oidc', reason: (err as Error).message } });
      return sendError(res, 401, 'oidc_failed', `OpenID Connect sign-in failed: ${(err as Error).message}`);
    }
    const session = access.oidcLogin(who.username, who.name, req.ip);
    if (!session) return sendError(res, 403, 'forbidden', `"${who.username}" is not a user of this hub`);
    setCookie(req, res, SESSION_COOKIE, session.secret, cookie);
    res.redirect(302, who.next);
  },
  };
}
