import { z } from 'zod';
import { duration, envVarName, size } from '../fields';

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** `*` stands for every department: no department is forced into what this holder sees. */
const departmentList = z.array(z.string().min(1)).min(1);

/** An origin as a browser sends it: scheme, host and port only (`https://wall.example.com`, `http://10.0.0.5:3000`). */
const origin = z.string().refine((s) => { try { return new URL(s).origin === s; } catch { return false; } },
  { message: 'an origin: scheme, host and an optional port, lower-case, no path nor trailing slash, such as "https://wall.example.com"' });

const username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'letters, digits, ".", "_", "@" and "-" (up to 100)');

/** An argon2id hash in PHC form, as `npm run hash-password` prints it; never a password. */
const argon2Hash = z.string().regex(/^\$argon2id\$v=19\$[a-z]=\d+(,[a-z]=\d+)*\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
  'an argon2id hash such as "$argon2id$v=19$m=65536,p=4,t=3$…" (make one with `npm run hash-password`)');

const userSchema = z.object({
  username,
  /** Shown on the wall and in the audit log. */
  name: z.string().min(1).max(100).optional(),
  role: z.enum(ROLES),
  departments: departmentList,
  /** Absent: this user signs in with OpenID Connect only. */
  password_hash: argon2Hash.optional(),
}).strict();

/** A long-lived token for scripts and scrapers (Prometheus), its secret in an environment variable. */
const apiTokenSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"'),
  token_env: envVarName,
  role: z.enum(ROLES).default('viewer'),
  departments: departmentList.default(['*']),
}).strict();

const oidcSchema = z.object({
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read at start. */
  issuer: z.url(),
  client_id: z.string().min(1),
  client_secret_env: envVarName.optional(),
  /** This hub's callback as the provider knows it: `https://wall.example.com/api/auth/oidc/callback`. */
  redirect_url: z.url(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
  /** The ID token claim matched against `users[].username`. */
  username_claim: z.string().min(1).default('preferred_username'),
  /** Who an unlisted user is; absent: only users listed in `users` may sign in. */
  default_user: z.object({ role: z.enum(ROLES).default('viewer'), departments: departmentList }).strict().optional(),
  /** Plain-HTTP issuers are refused unless this is set (a test provider on loopback). */
  allow_insecure: z.boolean().default(false),
}).strict();

/** The `access` section: who may see what. Off by default, so the built-in demo needs no login. */
export const accessConfigSchema = z.object({
  enabled: z.boolean().default(false),
  users: z.array(userSchema).default([]),
  tokens: z.array(apiTokenSchema).default([]),
  oidc: oidcSchema.optional(),
  /** Who sees money amounts (order and deal amounts, amount fields): these roles, and members of these departments. */
  amounts: z.object({
    roles: z.array(z.enum(ROLES)).default(['admin']),
    departments: z.array(z.string().min(1)).default(['finance']),
  }).strict().prefault({}),
  session: z.object({
    /** Signed out after this long without a request. */
    idle: duration.default('8h'),
    /** Signed out this long after signing in, however busy. */
    absolute: duration.default('7d'),
    /** `auto`: a Secure cookie when the request came over HTTPS (set `trust_proxy` behind a TLS proxy). */
    secure_cookie: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  }).strict().prefault({}),
  /** Express `trust proxy`: how many proxies stand before the hub (for client addresses and HTTPS). */
  trust_proxy: z.union([z.boolean(), z.number().int().min(0)]).default(false),
  /**
   * Pages of other origins whose sockets may use a session cookie (`https://ops.example.com`); the hub's own
   * origin (Host, or X-Forwarded-Host and -Proto behind a trusted proxy) always may. Display and API tokens are not origin-checked.
   */
  allowed_origins: z.array(origin).default([]),
  /** What one Socket.IO connection may cost the hub; these apply with access control off too. */
  sockets: z.object({
    /** Metric keys one socket may hold through `{ metrics }` subscriptions (a screen's keys do not count). */
    max_keys: z.number().int().min(1).default(200),
    /** Metric keys not computed yet that one socket may have the hub create per minute (each one reads the whole store). */
    new_keys_per_minute: z.number().int().min(1).default(60),
    /** A socket whose unsent data (a client that does not read) passes this is dropped. */
    max_buffer: size.default('8mb'),
    /** A metric key no screen, threshold rule or socket uses is kept this long (for the next reader), then forgotten. */
    unwatched_key_grace: duration.default('5m'),
  }).strict().prefault({}),
  devices: z.object({
    /** A display token unused this long lapses; one in use never does. */
    idle_expiry: duration.default('90d'),
  }).strict().prefault({}),
  /** How long the audit log keeps its entries: those older than `keep` go, and all but the newest `max_rows`, whichever leaves fewer. */
  audit: z.object({
    keep: duration.default('90d'),
    max_rows: z.number().int().min(1_000).default(200_000),
  }).strict().prefault({}),
  /** Requests per client address (login, pairing) or per source (ingest); they apply with access off too. */
  rate_limits: z.object({
    login_per_15m: z.number().int().min(1).default(20),
    /** Failed logins from one address before each further attempt waits longer (0.5 s more each, up to 10 s). */
    login_free_failures: z.number().int().min(0).default(3),
    pairing_per_10m: z.number().int().min(1).default(30),
    ingest_per_minute: z.number().int().min(1).default(1200),
  }).strict().prefault({}),
}).strict();

export type AccessConfig = z.output<typeof accessConfigSchema>;
export type UserConfig = z.output<typeof userSchema>;

/** Cross-checks that need the whole config: departments exist, someone can sign in, no open push source. */
export function checkAccessReferences(
  config: { departments: string[]; access: AccessConfig; sources: { id: string; kind: string; token_env?: string; signature?: unknown }[] },
  ctx: z.RefinementCtx,
): void {
  const { access } = config;
  const known = new Set([...config.departments, '*']);
  const checkDepartments = (list: string[], path: (string | number)[]) => list.forEach((d, i) => {
    if (!known.has(d)) ctx.addIssue({ code: 'custom', path: ['access', ...path, i], message: `no department "${d}" in departments (${config.departments.join(', ')}), nor "*"` });
  });
  const seen = new Set<string>();
  access.users.forEach((u, i) => {
    checkDepartments(u.departments, ['users', i, 'departments']);
    if (seen.has(u.username)) ctx.addIssue({ code: 'custom', path: ['access', 'users', i, 'username'], message: `user "${u.username}" is listed twice` });
    seen.add(u.username);
  });
  access.tokens.forEach((t, i) => checkDepartments(t.departments, ['tokens', i, 'departments']));
  if (access.oidc?.default_user) checkDepartments(access.oidc.default_user.departments, ['oidc', 'default_user', 'departments']);
  if (!access.enabled) return;
  if (!access.oidc && !access.users.some((u) => u.role === 'admin' && u.password_hash)) {
    ctx.addIssue({ code: 'custom', path: ['access', 'users'], message: 'with access enabled, give at least one admin a password_hash, or configure oidc: otherwise nobody can sign in' });
  }
  config.sources.forEach((s, i) => {
    if (s.kind === 'push' && !s.token_env && !s.signature) {
      ctx.addIssue({ code: 'custom', path: ['sources', i, 'token_env'], message: 'with access enabled, a push source needs "token_env" or "signature": otherwise anyone may push records' });
    }
  });
}
