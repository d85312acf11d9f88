import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MeAnswer } from '../../server/protocol';
import { call } from '../support/access';
import { startFakeOidc, type FakeOidc } from '../support/fake-oidc';
import { startTestHub } from '../support/hub';

/** OpenID Connect sign-in (authorization code + PKCE) against a fake provider on loopback. */
process.env.OPSWALL_TEST_OIDC_SECRET = 'oidc-client-secret';
let oidc: FakeOidc;
let hub: Hub;

/** A free loopback port: the redirect URL the provider knows must name the hub's port before it starts. */
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

beforeAll(async () => {
  oidc = await startFakeOidc('opswall', 'oidc-client-secret');
  const port = await freePort();
  hub = await startTestHub({ port, config: { access: { enabled: true,
    users: [{ username: 'li.na', role: 'editor', departments: ['service'] }], // no password: OIDC only
    oidc: { issuer: oidc.url, client_id: 'opswall', client_secret_env: 'OPSWALL_TEST_OIDC_SECRET',
      redirect_url: `http://127.0.0.1:${port}/api/auth/oidc/callback`, allow_insecure: true },
  } } });
});
afterAll(async () => { await hub?.close(); await oidc?.close(); });

const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];

/** The browser's part: hub → provider → hub, following redirects by hand to keep the cookies. */
async function signIn(next: string): Promise<{ callback: Response; flowCookie: string }> {
  const start = await fetch(`${hub.url}/api/auth/oidc/start?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const flowCookie = cookieOf(start, 'opswall_oidc')!;
  const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = await fetch(atProvider.headers.get('location')!, { redirect: 'manual', headers: { cookie: flowCookie } });
  return { callback, flowCookie };
}

describe('OpenID Connect sign-in', () => {
  it('signs a listed user in with code + PKCE (S256), state and nonce, and goes back where they were going', async () => {
    oidc.user = { preferred_username: 'li.na', name: '李娜' };
    const { callback } = await signIn('/s/ops-overview');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/s/ops-overview');
    const request = oidc.requests.at(-1)!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.get('state')).toBeTruthy();
    expect(request.get('nonce')).toBeTruthy();
    const me = await call<MeAnswer>(hub, 'GET', '/api/auth/me', { cookie: cookieOf(callback, 'opswall_session') });
    expect(me.body.principal).toEqual({ kind: 'user', id: 'li.na', name: 'li.na', role: 'editor', departments: ['service'], amounts: false });
    expect((await call(hub, 'GET', '/api/auth/me')).body).toMatchObject({ oidc: true });
  });

  it('refuses a user this hub does not list, a callback without its flow cookie, and an off-site next', async () => {
    oidc.user = { preferred_username: 'stranger' };
    expect((await signIn('/')).callback.status).toBe(403);
    oidc.user = { preferred_username: 'li.na' };
    const start = await fetch(`${hub.url}/api/auth/oidc/start?next=//evil.example/x`, { redirect: 'manual' });
    const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const stolen = await fetch(atProvider.headers.get('location')!, { redirect: 'manual' }); // another browser: no flow cookie
    expect(stolen.status).toBe(401);
    const { callback } = await signIn('//evil.example/x');
    expect(callback.headers.get('location')).toBe('/');
  });
});
