import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../config';
import { createStore, type Store } from '../store';
import { SESSION_COOKIE } from './credentials';
import { checkOrigin, ownOrigin } from './origin';
import { createAccess } from './service';
import { testHash as hashPassword } from '../../tests/support/access';

/** Socket handshakes: the Origin check of a session cookie (not of tokens), and sessions that sockets never extend. */
const MIN = 60_000;
let store: Store | undefined;
afterEach(() => { store?.close(); store = undefined; });

async function setup(access: object = {}) {
  store = createStore(':memory:');
  const clock = { t: Date.parse('2026-11-26T08:00:00Z') };
  const config = parseConfig({ access: {
    enabled: true,
    users: [{ username: 'root', role: 'admin', departments: ['operations'], password_hash: await hashPassword('pw') }],
    tokens: [{ id: 'script', token_env: 'SCRIPT_TOKEN', role: 'viewer' }],
    ...access,
  } });
  const svc = createAccess({ config: config.access, alertRules: [], tables: store.access, log: pino({ level: 'silent' }), env: { SCRIPT_TOKEN: 'script-secret' },
    resolve: (ref) => ({ params: ref.params }), money: () => undefined, playlistScreens: () => [], now: () => clock.t });
  const { secret } = (await svc.login('root', 'pw', undefined))!;
  const handshake = (headers: Record<string, string>, extra: { token?: string; transport?: string; secure?: boolean } = {}) => ({
    headers: { host: 'wall.example.com', ...headers }, auth: extra.token ? { token: extra.token } : {},
    query: { transport: extra.transport ?? 'websocket' }, secure: extra.secure ?? false,
  });
  return { svc, clock, cookie: `${SESSION_COOKIE}=${secret}`, secret, handshake };
}

const refusal = (fn: () => unknown) => {
  try { fn(); } catch (err) { return err as Error & { code?: string }; }
  throw new Error('expected a refusal');
};

describe('the Origin of a cookie handshake', () => {
  it('accepts the hub\'s own origin and a listed one; refuses another, naming it and the setting', async () => {
    const { svc, cookie, handshake } = await setup({ allowed_origins: ['https://ops.example.com'] });
    expect(svc.socket(handshake({ cookie, origin: 'http://wall.example.com' })).scope).toBe('');
    expect(svc.socket(handshake({ cookie, origin: 'https://ops.example.com' })).scope).toBe('');
    for (const origin of ['http://evil.example.com', 'https://wall.example.com', 'http://wall.example.com:8080', 'null']) {
      const err = refusal(() => svc.socket(handshake({ cookie, origin })));
      expect(err.code, origin).toBe('bad_origin');
      expect(err.message).toContain(`"${origin}"`);
      expect(err.message).toContain('access.allowed_origins');
    }
  });

  it('refuses a cookie without Origin on a WebSocket, and on polling when Fetch Metadata says cross-site', async () => {
    const { svc, cookie, handshake } = await setup();
    expect(refusal(() => svc.socket(handshake({ cookie }))).message).toMatch(/no Origin header/);
    expect(svc.socket(handshake({ cookie }, { transport: 'polling' })).scope).toBe(''); // a same-origin GET carries none
    expect(svc.socket(handshake({ cookie, 'sec-fetch-site': 'same-origin' }, { transport: 'polling' })).scope).toBe('');
    expect(refusal(() => svc.socket(handshake({ cookie, 'sec-fetch-site': 'same-site' }, { transport: 'polling' }))).code).toBe('bad_origin');
  });

  it('does not check the Origin of a token: a TV, a script (a cookie sent along still is checked)', async () => {
    const { svc, cookie, handshake } = await setup();
    expect(svc.socket(handshake({ origin: 'http://tv.local' }, { token: 'script-secret' })).tags).toEqual(['token:script']);
    expect(svc.socket(handshake({}, { token: 'script-secret' })).tags).toEqual(['token:script']);
    expect(refusal(() => svc.socket(handshake({ cookie, origin: 'http://evil.example.com' }, { token: 'script-secret' }))).code).toBe('bad_origin');
    expect(refusal(() => svc.socket(handshake({ origin: 'http://evil.example.com' }, { token: 'wrong' }))).code).toBe('unauthorized');
  });

  it('reads X-Forwarded-Host and -Proto only behind a trusted proxy', () => {
    const h = (headers: Record<string, string>, secure = false) => ({ headers: { host: 'hub:3000', ...headers }, secure });
    const forwarded = { 'x-forwarded-host': 'wall.example.com, inner', 'x-forwarded-proto': 'https' };
    expect(ownOrigin(h(forwarded), false)).toBe('http://hub:3000');
    expect(ownOrigin(h(forwarded), 1)).toBe('https://wall.example.com');
    expect(ownOrigin(h(forwarded), 0)).toBe('http://hub:3000');
    expect(ownOrigin(h({}, true), true)).toBe('https://hub:3000');
    expect(ownOrigin(h({ host: 'WALL.example.com:80' }), false)).toBe('http://wall.example.com');
    expect(() => checkOrigin({ ...h({ ...forwarded, origin: 'https://wall.example.com' }), query: { transport: 'websocket' } }, { allowed: [], trustProxy: 1 })).not.toThrow();
    expect(() => checkOrigin({ ...h({ ...forwarded, origin: 'https://wall.example.com' }), query: { transport: 'websocket' } }, { allowed: [], trustProxy: false }))
      .toThrow(/access\.trust_proxy/);
  });

  it('refuses a config origin with a path or a trailing slash', () => {
    expect(() => parseConfig({ access: { allowed_origins: ['https://ops.example.com/'] } })).toThrow(/access\.allowed_origins\[0\]: an origin: .*no path nor trailing slash/);
    expect(() => parseConfig({ access: { allowed_origins: ['https://ops.example.com/wall'] } })).toThrow(/allowed_origins/);
  });
});

describe('a socket and its session', () => {
  it('never extends the session: handshakes do not count as use, requests do', async () => {
    const { svc, clock, secret, cookie, handshake } = await setup({ session: { idle: '1h', absolute: '1d' } });
    const signedIn = clock.t;
    clock.t = signedIn + 50 * MIN;
    const viewer = svc.socket(handshake({ cookie, origin: 'http://wall.example.com' }));
    expect(viewer.expiresIn!()).toBe(10 * MIN + 1);
    clock.t = signedIn + 61 * MIN; // an hour after the last request: the socket's handshake did not count
    expect(viewer.expiresIn!()).toBe(0);
    expect(refusal(() => svc.socket(handshake({ cookie, origin: 'http://wall.example.com' }))).code).toBe('unauthorized');
    expect(svc.authenticate({ session: secret })).toBeUndefined();
  });

  it('tells a socket how long its session has left: moved on by requests, capped by the absolute limit', async () => {
    const { svc, clock, secret, cookie, handshake } = await setup({ session: { idle: '1h', absolute: '90m' } });
    const signedIn = clock.t;
    const viewer = svc.socket(handshake({ cookie, origin: 'http://wall.example.com' }));
    expect(viewer.expiresIn!()).toBe(60 * MIN + 1);
    clock.t = signedIn + 45 * MIN;
    expect(svc.authenticate({ session: secret })?.id).toBe('root'); // a request: last seen now
    expect(viewer.expiresIn!()).toBe(45 * MIN + 1); // not 60: the absolute limit comes first
    svc.logout((svc.authenticate({ session: secret }) as Parameters<typeof svc.logout>[0]), undefined);
    expect(viewer.expiresIn!()).toBe(0);
    expect(svc.socket(handshake({}, { token: 'script-secret' })).expiresIn).toBeUndefined(); // tokens do not lapse by time
  });
});
