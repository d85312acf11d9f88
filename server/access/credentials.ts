
/** How a request or a socket shows who it is: the session cookie's value, or a bearer token. */
export interface Credentials { session?: string; bearer?: string }

export const SESSION_COOKIE = 'opswall_session';

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

/** The bearer token of an Authorization header, or undefined. */
export const readBearer = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];

/** What a request or a socket handshake shows: the session cookie, or a token (header, or Socket.IO `auth: { token }`). */
export function credentialsOf(h: { cookie?: string; authorization?: string; token?: unknown }): Credentials {
  return {
    session: readCookie(h.cookie, SESSION_COOKIE),
    bearer: readBearer(h.authorization) ?? (typeof h.token === 'string' && h.token !== '' ? h.token : undefined),
  };
}
