import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MeAnswer } from '../../server/protocol';
import type { AuditRow } from '../../server/store';
import { call, connectAs, login, testHash } from '../support/access';
import { startTestHub } from '../support/hub';

/** Signing in and out, brute force, roles, CSRF, security headers and the audit log, with access control on. */
process.env.OPSWALL_TEST_PROM_TOKEN = 'prom-token-for-tests';
const logLines: { level: number; msg: string; username?: string; what?: string }[] = [];
const logger = pino({ level: 'info' }, new Writable({ write(chunk: Buffer, _enc, done) { logLines.push(JSON.parse(chunk.toString())); done(); } }));

let hub: Hub;
beforeAll(async () => {
  hub = await startTestHub({
    logger,
    config: {
      sources: [{ id: 'feed', kind: 'push', token_env: 'OPSWALL_TEST_PROM_TOKEN' }],
      access: {
        enabled: true,
        users: [
          { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
          { username: 'ed', role: 'editor', departments: ['service'], password_hash: await testHash('ed-pw') },
          { username: 'vi', name: '王伟', role: 'viewer', departments: ['sales'], password_hash: await testHash('vi-pw') },
          { username: 'mallory', role: 'viewer', departments: ['sales'], password_hash: await testHash('mallory-pw') },
        ],
        tokens: [{ id: 'prometheus', token_env: 'OPSWALL_TEST_PROM_TOKEN', role: 'admin' }],
        rate_limits: { login_per_15m: 7, login_free_failures: 3 },
      },
    },
  });
});
afterAll(async () => { await hub?.close(); });

async function attempt(username: string, password: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}
const audit = async (action: string) => (await call<AuditRow[]>(hub, 'GET', `/api/audit?action=${action}`, { token: 'prom-token-for-tests' })).body;

describe('signing in', () => {
  it('sets an HttpOnly, SameSite session cookie and tells who is signed in; signing out ends it', async () => {
    const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'vi', password: 'vi-pw' }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^opswall_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback: `auto` leaves it off (on over HTTPS)
    const cookie = setCookie.split(';')[0]!;
    const socket = await connectAs(hub, { cookie });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const me = await call<MeAnswer>(hub, 'GET', '/api/auth/me', { cookie });
    expect(me.body).toEqual({ access: true, oidc: false, principal: { kind: 'user', id: 'vi', name: '王伟', role: 'viewer', departments: ['sales'], amounts: false } });
    expect((await call(hub, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    expect(await dropped).toBe('io server disconnect'); // its sockets go with it
    expect((await call<MeAnswer>(hub, 'GET', '/api/auth/me', { cookie })).body.principal).toBeNull();
    expect((await call(hub, 'GET', '/api/screens', { cookie })).status).toBe(401);
  });

});

describe('roles', () => {
  it('lets only admins read the audit log and pause sources; editors silence, viewers do not', async () => {
    const [vi, ed, root] = await Promise.all([login(hub, 'vi', 'vi-pw'), login(hub, 'ed', 'ed-pw'), login(hub, 'root', 'root-pw')]);
    expect((await call(hub, 'GET', '/api/audit', { cookie: vi })).status).toBe(403);
    expect((await call(hub, 'GET', '/api/audit', { cookie: root })).status).toBe(200);
    expect((await call(hub, 'POST', '/api/sources/feed/pause', { cookie: ed })).status).toBe(403);
    const silence = { matchers: [{ name: 'group', op: '=', value: 'L1' }], duration: '1h', created_by: 'ed' };
    expect((await call(hub, 'POST', '/api/silences', { cookie: vi }, silence)).status).toBe(403);
    expect((await call(hub, 'POST', '/api/silences', { cookie: ed }, silence)).status).toBe(201);
    // The admin passes the guard; the sources room answers (a push source is not polled, so not paused).
    expect((await call(hub, 'POST', '/api/sources/feed/pause', { cookie: root })).status).toBe(409);
    const entries = await audit('');
    expect(entries.find((e) => e.action === 'silence.create')).toMatchObject({ actor: 'user:ed', outcome: 'ok', detail: { created_by: 'ed' } });
    expect(entries.filter((e) => e.action === 'source.pause').map((e) => [e.actor, e.target, e.outcome]))
      .toEqual([['user:root', 'feed', 'refused 409'], ['user:ed', 'feed', 'refused 403']]);
  });

  it('refuses a change sent from another site with the session cookie (CSRF)', async () => {
    const root = await login(hub, 'root', 'root-pw');
    const silence = JSON.stringify({ matchers: [{ name: 'group', op: '=', value: 'L2' }], duration: '1h', created_by: 'root' });
    const send = (origin: string) => fetch(`${hub.url}/api/silences`, { method: 'POST', body: silence, headers: { cookie: root, origin, 'content-type': 'application/json' } });
    const evil = await send('https://evil.example');
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(/another site/);
    expect((await send(hub.url)).status).toBe(201);
  });

  it('takes an API token from the environment for scripts and scrapers, on REST, /metrics and the socket', async () => {
    const token = 'prom-token-for-tests';
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/opswall_/);
    const socket = await connectAs(hub, { token });
    socket.disconnect();
    await expect(connectAs(hub, { token: 'prom-token-for-tests-not' })).rejects.toThrow();
  });
});

describe('security headers', () => {
  it('every answer carries a strict Content-Security-Policy, and the usual hardening headers', async () => {
    for (const path of ['/', '/api/health', '/api/screens']) {
      const res = await fetch(`${hub.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

// Last: the brute force below locks this test's address out of signing in for 15 minutes.
describe('brute force', () => {
  it('answers a bad body with a clear error (and counts it as a failed sign-in)', async () => {
    const res = await call<{ error: { code: string; message: string } }>(hub, 'POST', '/api/auth/login', {}, { user: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', path: 'username' });
    expect(res.body.error.message).toMatch(/^sign in: expected \{ username, password \}: username: /);
  });

  it('slows brute force down (each failure past the third waits 0.5 s longer), then refuses, and logs and audits it all', async () => {
    // The bad body above was this address's first failed sign-in; mallory's guesses are the 2nd to the 8th.
    const tries: { status: number; ms: number }[] = [];
    for (let i = 0; i < 7; i++) tries.push(await attempt('mallory', `guess-${i}`));
    expect(tries.slice(0, 6).map((t) => t.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(tries[6]!.status).toBe(429); // the 8th failed request in 15 minutes is over the limit of 7
    // Free: the first three failures. Then 0.5 s, 1 s, 1.5 s, 2 s more.
    for (let i = 0; i < 2; i++) expect(tries[i]!.ms, `guess ${i + 1}`).toBeLessThan(450);
    for (let i = 2; i < 6; i++) expect(tries[i]!.ms, `guess ${i + 1}`).toBeGreaterThanOrEqual((i - 1) * 500 - 20);
    // The right password from the same address is refused too while the limit holds.
    expect((await attempt('mallory', 'mallory-pw')).status).toBe(429);
    const failures = logLines.filter((l) => l.msg === 'login failed' && l.username === 'mallory');
    expect(failures).toHaveLength(6);
    expect(failures.every((l) => l.level === 40)).toBe(true); // warn
    expect(logLines.some((l) => l.msg === 'rate limit reached' && l.what === 'login')).toBe(true);
    expect((await audit('login')).filter((e) => e.actor === 'user:mallory' && e.outcome === 'failure')).toHaveLength(6);
    expect((await audit('login.rate_limited')).length).toBeGreaterThanOrEqual(1);
  });
});
