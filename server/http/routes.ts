/**
 * Every HTTP route of the hub, declared once: method, path (Express 5 syntax), who may call it, and the
 * audit action a change records. The routers are built from this table (strict and case-sensitive), the
 * guard and the audit trail read the same declaration, and the attack suite walks it. A route that is not
 * here does not exist: any other `/api/*` or `/metrics*` path is a 404.
 */

/** Who holds a request: a signed-in user's role, or a paired display. */
export type Holder = 'admin' | 'editor' | 'viewer' | 'device';

export const USERS = ['admin', 'editor', 'viewer'] as const satisfies readonly Holder[];
const EDITORS = ['admin', 'editor'] as const satisfies readonly Holder[];
const ADMIN = ['admin'] as const satisfies readonly Holder[];
const SHOWN = [...USERS, 'device'] as const satisfies readonly Holder[];

export interface RouteDeclaration {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /**
   * `anyone`: no credentials needed (signing in, health, pairing, pushes with their own tokens);
   * otherwise the holders allowed, everyone else refused (401 without credentials, 403 with too few rights).
   */
  allow: 'anyone' | readonly Holder[];
  /** The action a call records in the audit log, refusals included; `null` for a change not audited, with the reason beside it. */
  audit?: string | null;
  /**
   * The query parameters it reads, each given at most once as plain text; any other name (`state[]`, a typo)
   * is a 400 naming it, never silently ignored. `*`: the handler checks them itself (metric params, OIDC's answer).
   * Absent: it reads none, and ignores any sent (a cache-buster).
   */
  query?: readonly string[] | '*';
  /** Alerts out of the holder's scope: `one` answers 404 for the alert named by `:key`; `list` leaves them out of the answer. */
  alerts?: 'one' | 'list';
}

export const ROUTES = {
  // Signing in and out: the access room audits logins itself (with the user name tried).
  'auth.me': { method: 'GET', path: '/api/auth/me', allow: 'anyone' },
  'auth.login': { method: 'POST', path: '/api/auth/login', allow: 'anyone', audit: null },
  'auth.logout': { method: 'POST', path: '/api/auth/logout', allow: 'anyone', audit: null },
  'auth.oidc.start': { method: 'GET', path: '/api/auth/oidc/start', allow: 'anyone', query: ['next'] },
  'auth.oidc.callback': { method: 'GET', path: '/api/auth/oidc/callback', allow: 'anyone', query: '*' },

  'health': { method: 'GET', path: '/api/health', allow: 'anyone' },
  'sources.list': { method: 'GET', path: '/api/sources', allow: USERS },
  // What the sources sent that cannot be counted as it should (amounts with no rate): whoever may read the sources.
  'data-quality': { method: 'GET', path: '/api/data-quality', allow: USERS },
  'sources.pause': { method: 'POST', path: '/api/sources/:id/pause', allow: ADMIN, audit: 'source.pause' },
  'sources.resume': { method: 'POST', path: '/api/sources/:id/resume', allow: ADMIN, audit: 'source.resume' },
  // A push carries its own bearer token or signature, checked by the ingest route; batches are too many to audit.
  'ingest': { method: 'POST', path: '/api/ingest/:sourceId', allow: 'anyone', audit: null },

  // Business flows (docs/api.md § Business flows), scoped by department like everything else.
  'flows.list': { method: 'GET', path: '/api/flows', allow: USERS },
  'flows.instances': { method: 'GET', path: '/api/flows/:id/instances', allow: USERS, query: ['state', 'department', 'limit'] },
  'flows.ocel': { method: 'GET', path: '/api/flows/:id/ocel', allow: USERS, query: ['window'] },
  'customers.timeline': { method: 'GET', path: '/api/customers/:id/timeline', allow: USERS },

  'metrics.list': { method: 'GET', path: '/api/metrics', allow: USERS },
  'metrics.get': { method: 'GET', path: '/api/metrics/:id', allow: USERS, query: '*' },
  // The company's metric definition files, valid or not, with their problems (docs/api.md § Metrics).
  'definitions.list': { method: 'GET', path: '/api/definitions', allow: USERS },
  'screens.list': { method: 'GET', path: '/api/screens', allow: SHOWN },
  'screens.asset': { method: 'GET', path: '/api/screens/assets/*path', allow: SHOWN },
  'screens.get': { method: 'GET', path: '/api/screens/:id', allow: SHOWN },
  'playlists.list': { method: 'GET', path: '/api/playlists', allow: SHOWN },
  'playlists.get': { method: 'GET', path: '/api/playlists/:id', allow: SHOWN },
  // A what-if that changes nothing: not audited.
  'sla.evaluate': { method: 'POST', path: '/api/sla/evaluate', allow: USERS, audit: null },

  'alerts.list': { method: 'GET', path: '/api/alerts', allow: USERS, query: ['state'], alerts: 'list' },
  'alerts.ack': { method: 'POST', path: '/api/alerts/*key/ack', allow: USERS, audit: 'alert.ack', alerts: 'one' },
  'alerts.unack': { method: 'DELETE', path: '/api/alerts/*key/ack', allow: USERS, audit: 'alert.unack', alerts: 'one' },
  'alerts.get': { method: 'GET', path: '/api/alerts/*key', allow: USERS, alerts: 'one' },
  'silences.list': { method: 'GET', path: '/api/silences', allow: USERS },
  'silences.create': { method: 'POST', path: '/api/silences', allow: EDITORS, audit: 'silence.create' },
  'silences.expire': { method: 'DELETE', path: '/api/silences/:id', allow: EDITORS, audit: 'silence.expire' },

  // A TV starting its pairing and polling it has nothing to show yet: rate-limited per address, not audited.
  'pair.start': { method: 'POST', path: '/api/pair', allow: 'anyone', audit: null },
  'pair.poll': { method: 'GET', path: '/api/pair/:id', allow: 'anyone' },
  'devices.list': { method: 'GET', path: '/api/devices', allow: ADMIN },
  'devices.approve': { method: 'POST', path: '/api/devices', allow: ADMIN, audit: 'device.pair' },
  'devices.change': { method: 'PATCH', path: '/api/devices/:id', allow: ADMIN, audit: 'device.change' },
  'devices.revoke': { method: 'DELETE', path: '/api/devices/:id', allow: ADMIN, audit: 'device.revoke' },
  'devices.command': { method: 'POST', path: '/api/devices/:id/:command', allow: ADMIN, audit: 'device.command' },
  'audit.list': { method: 'GET', path: '/api/audit', allow: ADMIN, query: ['limit', 'before', 'action'] },

  // The hub's own health for Prometheus: process internals, admin only.
  'prometheus': { method: 'GET', path: '/metrics', allow: ADMIN },
} as const satisfies Record<string, RouteDeclaration>;

export type RouteId = keyof typeof ROUTES;

/** Paths the router owns: anything under them that no route declares is a JSON 404, never the wall's page. */
export const isApiPath = (path: string): boolean => {
  let decoded = path;
  try { decoded = decodeURIComponent(path); } catch { /* a malformed escape: judged as sent */ }
  return /^\/+(api(\/|$)|metrics)/i.test(decoded);
};
