import type { Logger } from 'pino';
import type { AccessConfig, UserConfig } from './config';
import type { AlertRuleConfig } from '../alerts';
import { deviceReportSchema, parseDuration, type MeAnswer } from '../protocol';
import type { SocketViewer } from '../realtime';
import { describeIssue } from '../realtime';
import type { AccessTables, AuditEntry } from '../store';
import { createDevices } from './devices';
import { createOidc } from './oidc';
import { createPairing } from './pairing';
import { departmentScope, seesAmounts, userPrincipal, type Principal, type UserPrincipal } from './principal';
import { credentialsOf } from './credentials';
import { AccessError } from './scope';
import { sameSecret, verifyPassword } from './secrets';
import { checkOrigin, type HandshakeOrigin } from './origin';
import { createSessions, type SessionData } from './sessions';
import { restView, socketViewer, type ViewerDeps } from './viewer';

export interface AccessDeps {
  config: AccessConfig;
  alertRules: readonly AlertRuleConfig[];
  tables: AccessTables;
  log: Logger;
  env: NodeJS.ProcessEnv;
  resolve: ViewerDeps['resolve'];
  money: ViewerDeps['money'];
  playlistScreens(id: string): string[];
  now?: () => number;
}

/** Audit entries written between two size checks of the log (a check is one delete by primary key). */
const AUDIT_PRUNE_EVERY = 500;

import type { Credentials } from './credentials';

export type { Credentials };

/**
 * The access room's face: who a request or socket is (session, display token, API token), signing in and
 * out, paired displays, and the audit log. Scoping what each holder sees lives in scope.ts and viewer.ts.
 */
export function createAccess(deps: AccessDeps) {
  const now = deps.now ?? Date.now;
  const { config } = deps;
  const users = new Map<string, UserConfig>(config.users.map((u) => [u.username, u]));
  const sessions = createSessions({ tables: deps.tables, now, idleMs: parseDuration(config.session.idle), absoluteMs: parseDuration(config.session.absolute) });
  const devices = createDevices({ tables: deps.tables, now, idleExpiryMs: parseDuration(config.devices.idle_expiry) });
  const pairing = createPairing(now);
  const viewerDeps: ViewerDeps = { alertRules: deps.alertRules, resolve: deps.resolve, money: deps.money, playlistScreens: deps.playlistScreens, deviceTarget: (id) => devices.get(id)?.target };

  /** A session's holder as the config has them now; an OIDC user not listed keeps what the provider's login gave. */
  function fromSession(secret: string, touch = true): UserPrincipal | undefined {
    const s = sessions.resolve(secret, touch);
    if (!s) return undefined;
    const listed = users.get(s.data.username);
    if (listed) return userPrincipal(listed, s.hash, config.amounts);
    if (s.data.via === 'oidc' && config.oidc?.default_user) return userPrincipal(s.data, s.hash, config.amounts);
    sessions.close(s.hash); // the user was removed from the config
    return undefined;
  }

  function fromBearer(token: string): Principal | undefined {
    const device = devices.authenticate(token);
    if (device) {
      return { kind: 'device', id: device.id, name: device.name, target: device.target, display: device.display ?? {}, listedDepartments: device.departments,
        departments: departmentScope(device.departments), amounts: device.amounts };
    }
    for (const t of config.tokens) {
      const secret = deps.env[t.token_env];
      if (secret && sameSecret(token, secret)) {
        return { kind: 'token', id: t.id, name: t.id, role: t.role, listedDepartments: t.departments,
          departments: t.role === 'admin' ? 'all' : departmentScope(t.departments), amounts: seesAmounts(config.amounts, t.role, t.departments) };
      }
    }
    return undefined;
  }

  /** Who shows these credentials, or undefined. A session cookie wins over a token. `touch`: this counts as use of the session. */
  function authenticate(c: Credentials, touch = true): Principal | undefined {
    return (c.session ? fromSession(c.session, touch) : undefined) ?? (c.bearer ? fromBearer(c.bearer) : undefined);
  }

  // Retention: by age once an hour (with the sessions), by size every so many entries, so a flood of refused
  // requests cannot grow the log between two hourly prunes.
  const auditKeepMs = parseDuration(config.audit.keep);
  let auditWrites = 0;
  function pruneAudit(byAge: boolean): number {
    auditWrites = 0;
    return deps.tables.pruneAudit({ keepRows: config.audit.max_rows, ...(byAge ? { olderThan: new Date(now() - auditKeepMs).toISOString() } : {}) });
  }

  function audit(actor: Principal | string, e: Omit<AuditEntry, 'at' | 'actor'>): void {
    const who = typeof actor === 'string' ? actor : `${actor.kind}:${actor.id}`;
    try { deps.tables.audit({ at: new Date(now()).toISOString(), actor: who, ...e }); } catch (err) {
      deps.log.error({ err, action: e.action }, 'cannot write the audit log');
    }
    if (++auditWrites >= AUDIT_PRUNE_EVERY) pruneAudit(false);
  }

  return {
    enabled: config.enabled,
    config,
    devices,
    pairing,
    /** OpenID Connect sign-in, when configured. */
    oidc: config.oidc ? createOidc(config.oidc, deps.env, now) : undefined,
    audit,
    auditList: deps.tables.auditList,
    authenticate,
    /** Checks a password; opens a session on success. Every attempt is audited, and a failure logged. */
    async login(username: string, password: string, ip: string | undefined): Promise<{ secret: string; principal: UserPrincipal } | undefined> {
      const user = users.get(username);
      const ok = await verifyPassword(user?.password_hash, password);
      if (!ok || !user) {
        deps.log.warn({ username, ip }, 'login failed');
        audit(`user:${username}`, { action: 'login', outcome: 'failure', ip, detail: { reason: user ? 'wrong password' : 'unknown user' } });
        return undefined;
      }
      return openSession(user, 'password', ip);
    },
    /** Opens a session for a user an OpenID provider vouched for; undefined when this hub does not know them. */
    oidcLogin(username: string, displayName: string | undefined, ip: string | undefined): { secret: string; principal: UserPrincipal } | undefined {
      const listed = users.get(username);
      const fallback = config.oidc?.default_user;
      if (!listed && !fallback) {
        deps.log.warn({ username, ip }, 'OIDC login of a user not in access.users');
        audit(`user:${username}`, { action: 'login', outcome: 'failure', ip, detail: { via: 'oidc', reason: 'not a user of this hub' } });
        return undefined;
      }
      const user = listed ?? { username, name: displayName, role: fallback!.role, departments: fallback!.departments };
      return openSession(user, 'oidc', ip);
    },
    logout(p: UserPrincipal, ip: string | undefined): void {
      sessions.close(p.session);
      audit(p, { action: 'logout', outcome: 'ok', ip });
    },
    /** What `GET /api/auth/me` answers. */
    me(p: Principal | undefined): MeAnswer {
      return {
        access: config.enabled, oidc: Boolean(config.oidc),
        principal: p ? { kind: p.kind, id: p.id, name: p.name, role: p.kind === 'device' ? 'device' : p.role,
          departments: p.listedDepartments, amounts: p.amounts, ...(p.kind === 'device' ? { target: p.target, display: p.display } : {}) } : null,
      };
    },
    /** What a socket of this holder may see (the realtime room's SocketViewer). */
    viewer: (p: Principal) => socketViewer(p, viewerDeps),
    /**
     * A socket handshake's holder as a SocketViewer; AccessError when it shows no valid credentials,
     * OriginError when a session cookie comes from a page of another origin. Opening a socket does not
     * count as use of the session, and its viewer tells how long the session has left.
     */
    socket(handshake: HandshakeOrigin & { headers: { cookie?: string; authorization?: string }; auth: Record<string, unknown> }): SocketViewer {
      const p = authenticate(credentialsOf({ ...handshake.headers, token: handshake.auth.token }), false);
      if (!p) throw new AccessError('unauthorized', 'sign in, or pair this display: no valid session or token');
      // A session cookie is sent by the browser whoever's page opens the socket; a token is shown by its holder (a TV, a script).
      if (p.kind === 'user') checkOrigin(handshake, { allowed: config.allowed_origins, trustProxy: config.trust_proxy });
      const viewer = socketViewer(p, viewerDeps);
      return p.kind === 'user' ? { ...viewer, expiresIn: () => sessions.leftMs(p.session) } : viewer;
    },
    /** A display's socket came or went. */
    presence(viewer: SocketViewer, online: boolean): void {
      const p = (viewer as ReturnType<typeof socketViewer>).principal;
      if (p.kind === 'device') devices.presence(p.id, online);
    },
    /** A display's `report`; throws (code bad_request) on a malformed one. */
    report(viewer: SocketViewer, body: unknown): void {
      const p = (viewer as ReturnType<typeof socketViewer>).principal;
      if (p.kind !== 'device') throw new AccessError('forbidden', 'only a paired display reports');
      const report = deviceReportSchema.safeParse(body);
      if (!report.success) {
        const { path, message } = describeIssue(report.error.issues[0]!);
        throw Object.assign(new Error(`report: ${message}`), { code: 'bad_request', path });
      }
      devices.report(p.id, report.data);
    },
    /** What a REST answer to this holder may hold. */
    restView: (p: Principal) => restView(p, viewerDeps),
    /** Hourly upkeep: ended sessions and audit entries past their retention. */
    prune: () => { sessions.prune(); pruneAudit(true); },
  };

  function openSession(user: Pick<UserConfig, 'username' | 'name' | 'role' | 'departments'>, via: SessionData['via'], ip: string | undefined) {
    const secret = sessions.open({ username: user.username, name: user.name, role: user.role, departments: user.departments, via });
    const principal = fromSession(secret)!;
    audit(principal, { action: 'login', outcome: 'ok', ip, detail: { via } });
    return { secret, principal };
  }
}

export type Access = ReturnType<typeof createAccess>;
