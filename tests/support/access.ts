import { io } from 'socket.io-client';
import type { Hub } from '../../server/app';
import { hashPassword } from '../../server/access';
import type { Client } from './hub';

/** argon2id at a low cost: the tests check who gets in, not how slow a guess is. */
export const testHash = (password: string): Promise<string> => hashPassword(password, { memoryCost: 4096, timeCost: 2, parallelism: 1 });

/** Signs in over REST; returns the session cookie (`name=value`) to send back. */
export async function login(hub: Hub, username: string, password: string): Promise<string> {
  const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opswall_session='));
  if (!cookie) throw new Error('no session cookie set');
  return cookie.split(';')[0]!;
}

/**
 * A socket that shows a session cookie or a token (websocket only, no reconnection). Rejects with the hub's refusal.
 * With a cookie it sends the hub's own Origin, as the wall's page would (`origin`: another one, or null for none).
 */
export function connectAs(hub: Hub, who: { cookie?: string; token?: string; origin?: string | null }): Promise<Client> {
  const origin = who.origin === undefined ? (who.cookie ? hub.url : undefined) : who.origin ?? undefined;
  const headers = { ...(who.cookie ? { cookie: who.cookie } : {}), ...(origin ? { origin } : {}) };
  const socket: Client = io(hub.url, {
    transports: ['websocket'], reconnection: false, forceNew: true,
    ...(Object.keys(headers).length ? { extraHeaders: headers } : {}), ...(who.token ? { auth: { token: who.token } } : {}),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in 5 s')), 5_000);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(timer); socket.close(); reject(err); });
  });
}

/** GET/POST/… with a session cookie or a bearer token; the JSON body (or null) and status. */
export async function call<T = unknown>(hub: Hub, method: string, path: string, who: { cookie?: string; token?: string } = {}, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who.cookie) headers.cookie = who.cookie;
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${hub.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
