/**
 * The Origin check of a socket handshake that shows a session cookie (cross-site WebSocket hijacking).
 * WebSocket has no CORS: a page of any origin may open a socket to the hub, and the browser sends the
 * hub's cookie along (SameSite=Lax lets a page of the same site do it). Only the Origin header tells.
 */

/** What the check reads of a Socket.IO handshake. */
export interface HandshakeOrigin {
  headers: Record<string, string | string[] | undefined>;
  /** Whether the connection to the hub itself is TLS. */
  secure?: boolean;
  /** The query of the first request (`transport`: `websocket` or `polling`). */
  query?: Record<string, unknown>;
}

export interface OriginPolicy {
  /** `access.allowed_origins`, as written (each already a bare origin). */
  allowed: readonly string[];
  /** `access.trust_proxy`: a truthy value trusts X-Forwarded-Host and X-Forwarded-Proto. */
  trustProxy: boolean | number;
}

/** A refused handshake: its message names the origin and what an operator would set. */
export class OriginError extends Error {
  readonly code = 'bad_origin';
  constructor(message: string) {
    super(message);
    this.name = 'OriginError';
  }
}

const header = (h: HandshakeOrigin['headers'], name: string): string | undefined => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
};
/** The first of a comma-separated forwarded list (the client-facing proxy's value), as Express reads it. */
const first = (v: string | undefined) => v?.split(',')[0]!.trim() || undefined;

/**
 * The origin the client addressed: scheme and host from the Host header and the connection, or from
 * X-Forwarded-Host / X-Forwarded-Proto when a proxy is trusted. Undefined without a usable host.
 */
export function ownOrigin(h: HandshakeOrigin, trustProxy: boolean | number): string | undefined {
  const trusted = trustProxy === true || (typeof trustProxy === 'number' && trustProxy > 0);
  const host = (trusted ? first(header(h.headers, 'x-forwarded-host')) : undefined) ?? header(h.headers, 'host');
  const proto = (trusted ? first(header(h.headers, 'x-forwarded-proto'))?.toLowerCase() : undefined) ?? (h.secure ? 'https' : 'http');
  if (!host || (proto !== 'http' && proto !== 'https')) return undefined;
  try { return new URL(`${proto}://${host}`).origin; } catch { return undefined; }
}

/** Normalises an Origin header (`null` and garbage stay what they are, and match nothing). */
function normalised(origin: string): string {
  try { return new URL(origin).origin; } catch { return origin; }
}

/**
 * Throws OriginError unless the handshake's Origin is the hub's own or listed. A handshake without Origin
 * passes only on the polling transport without a cross-site Fetch Metadata: browsers send Origin on every
 * WebSocket, and on a same-origin GET (the first polling request) they send none; a cross-origin page could
 * not read that answer anyway (no CORS), so it never learns the connection's id.
 */
export function checkOrigin(h: HandshakeOrigin, policy: OriginPolicy): void {
  const origin = header(h.headers, 'origin');
  const own = ownOrigin(h, policy.trustProxy);
  if (!origin) {
    const site = header(h.headers, 'sec-fetch-site');
    if (h.query?.transport === 'polling' && (site === undefined || site === 'same-origin' || site === 'none')) return;
    throw new OriginError('socket with a session cookie but no Origin header: refused (browsers always send one on a WebSocket); '
      + 'a script or a display uses a token (auth: { token }) instead of a cookie');
  }
  const seen = normalised(origin);
  if ((own !== undefined && seen === own) || policy.allowed.includes(seen)) return;
  throw new OriginError(`socket from origin "${origin}" with a session cookie: refused, this hub is ${own ? `"${own}"` : 'of no known origin (no Host header)'}. `
    + 'A page served elsewhere needs its origin in access.allowed_origins; behind a proxy that changes the host or terminates TLS, '
    + 'set access.trust_proxy so that X-Forwarded-Host and X-Forwarded-Proto count');
}
