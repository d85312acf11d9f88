import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ROUTES, type Holder, type RouteDeclaration, type RouteId } from '../../server/http/routes';
import type { Alert } from '../../server/protocol';
import { call, login, testHash } from '../support/access';
import { screensDir, startTestHub, waitFor } from '../support/hub';

/**
 * The attack suite's route walk: every declared route, under other spellings of its path (letter case, a
 * trailing slash, a percent-encoded letter, a malformed escape), anonymous and as each role. A holder the
 * declaration does not allow never gets an answer other than a refusal; no spelling reaches a handler the
 * canonical path would refuse; no input crashes the hub; refusals of changes reach the audit log.
 */
const TOKEN = 'attack-feed-token';
process.env.OPSWALL_ATTACK_FEED_TOKEN = TOKEN;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const breached = (id: string, department: string) =>
  ({ type: 'ticket', id, priority: 'high', status: 'open', group: 'L1', department, subject: `t ${id}`, created_at: ago(2 * 3_600_000), updated_at: ago(2 * 3_600_000) });

type Who = 'anonymous' | Holder;
let hub: Hub;
let dir: { dir: string; remove(): void };
const creds: Record<Who, { cookie?: string; token?: string }> = { anonymous: {}, admin: {}, editor: {}, viewer: {}, device: {} };
let salesAlert: Alert;
let serviceViewer: { cookie?: string };
let paired: { departments: string[]; amounts: boolean };

/** A concrete path for a declared one: parameters filled with things that exist where that matters. */
function concrete(id: RouteId, path: string): string {
  const alertKey = encodeURIComponent(salesAlert.alert_key);
  return path
    .replace('*key', id.startsWith('alerts.') ? alertKey : 'x')
    .replace('*path', 'nothing.json')
    .replace(':sourceId', 'feed')
    .replace(':command', 'identify')
    .replace(':id', id.startsWith('sources.') ? 'feed' : id.startsWith('screens.') ? 'wall' : 'x');
}

const BODIES: Partial<Record<RouteId, unknown>> = {
  'alerts.ack': { by: 'mallory' },
  'silences.create': { matchers: [{ name: 'group', op: '=', value: 'L1' }], duration: '1h', created_by: 'mallory' },
  'devices.change': { departments: ['*'], amounts: true },
  'ingest': { records: [] },
  'sla.evaluate': { policy: {}, ticket: {} },
};

/** Other spellings of a declared path: each literal segment's case, an encoded letter, a trailing or doubled slash. */
function variants(path: string): string[] {
  const segments = path.split('/');
  const out = new Set<string>();
  segments.forEach((s, i) => {
    if (!/^[a-z]+$/.test(s)) return; // literal segments only: parameters are values, not spellings
    const up = [...segments]; up[i] = s.toUpperCase(); out.add(up.join('/'));
    const cap = [...segments]; cap[i] = s[0]!.toUpperCase() + s.slice(1); out.add(cap.join('/'));
    const enc = [...segments]; enc[i] = `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`; out.add(enc.join('/'));
  });
  out.add(`${path}/`);
  out.add(path.replace(/^\/(\w+)\//, '/$1//'));
  out.delete(path);
  return [...out];
}

async function send(who: Who, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const c = creds[who];
  if (c.cookie) headers.cookie = c.cookie;
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${hub.url}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const allowed = (route: RouteDeclaration, who: Who) => route.allow === 'anyone' || (who !== 'anonymous' && route.allow.includes(who));
const ENTRIES = Object.entries(ROUTES) as [RouteId, RouteDeclaration][];
// Signing in is walked on its own (failed attempts are rate-limited by design).
const WALKED = ENTRIES.filter(([id]) => id !== 'auth.login');
const WHO: Who[] = ['anonymous', 'device', 'viewer', 'editor', 'admin'];

beforeAll(async () => {
  dir = screensDir({ 'wall.json': { id: 'wall', title: 'wall', canvas: { width: 1920, height: 1080 },
    widgets: { open: { type: 'kpi', metric: { id: 'tickets.open', params: {} } } },
    layout: { wall: { columns: 1, rows: 1, items: [{ widget: 'open', x: 0, y: 0, w: 1, h: 1 }] } } } });
  hub = await startTestHub({
    screensDir: dir.dir,
    config: {
      sources: [{ id: 'feed', kind: 'push', token_env: 'OPSWALL_ATTACK_FEED_TOKEN' }],
      sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
      access: {
        enabled: true,
        users: [
          { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
          { username: 'ed', role: 'editor', departments: ['service'], password_hash: await testHash('ed-pw') },
          { username: 'sam', role: 'viewer', departments: ['sales'], password_hash: await testHash('sam-pw') },
          { username: 'sue', role: 'viewer', departments: ['service'], password_hash: await testHash('sue-pw') },
        ],
        rate_limits: { pairing_per_10m: 1000 },
      },
    },
  });
  const pushed = await call(hub, 'POST', '/api/ingest/feed', { token: TOKEN }, { records: [breached('T1', 'sales'), breached('T2', 'service')] });
  expect(pushed.status).toBe(200);
  const [root, ed, sam, sue] = await Promise.all([login(hub, 'root', 'root-pw'), login(hub, 'ed', 'ed-pw'), login(hub, 'sam', 'sam-pw'), login(hub, 'sue', 'sue-pw')]);
  Object.assign(creds, { admin: { cookie: root }, editor: { cookie: ed }, viewer: { cookie: sam } });
  serviceViewer = { cookie: sue };
  // A display, paired the way a TV does it.
  const pair = await call<{ id: string; code: string; secret: string }>(hub, 'POST', '/api/pair');
  const approved = await call<typeof paired>(hub, 'POST', '/api/devices', { cookie: root }, { code: pair.body.code, name: 'tv', target: { screen: 'wall' } });
  expect(approved.status).toBe(201);
  paired = { departments: approved.body.departments, amounts: approved.body.amounts };
  const res = await fetch(`${hub.url}/api/pair/${pair.body.id}`, { headers: { 'x-pairing-secret': pair.body.secret } });
  creds.device = { token: ((await res.json()) as { token: string }).token };
  salesAlert = await waitFor('the sales breach', async () => {
    const list = await call<Alert[]>(hub, 'GET', '/api/alerts?state=open', { cookie: root });
    return list.body.find((a) => a.labels.ticket_id === 'T1' && a.labels.kind === 'breach');
  });
});
afterAll(async () => {
  await hub?.close();
  dir?.remove();
});

describe('the route table walked as an attacker', () => {
  it('refuses every route to every holder its declaration does not allow: 401 anonymous, 403 too few rights, as JSON', async () => {
    const wrong: string[] = [];
    for (const [id, route] of WALKED) {
      for (const who of WHO) {
        if (allowed(route, who)) continue;
        const path = concrete(id, route.path);
        const res = await send(who, route.method, path, BODIES[id]);
        const expected = who === 'anonymous' ? 401 : 403;
        if (res.status !== expected || !res.type.includes('json')) wrong.push(`${who} ${route.method} ${path} → ${res.status} ${res.type}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses HEAD as it refuses GET (Express answers HEAD with the GET route)', async () => {
    for (const [id, route] of WALKED.filter(([, r]) => r.method === 'GET' && r.allow !== 'anyone')) {
      const res = await fetch(`${hub.url}${concrete(id, route.path)}`, { method: 'HEAD' });
      expect(res.status, route.path).toBe(401);
    }
  });

  it('answers no other spelling of a path (case, trailing slash, encoded letters, double slash) with anything but a JSON refusal', async () => {
    const wrong: string[] = [];
    for (const [id, route] of WALKED) {
      for (const path of variants(route.path).map((p) => concrete(id, p))) {
        for (const who of WHO) {
          const res = await send(who, route.method, path, BODIES[id]);
          const refused = res.status === 401 || res.status === 403 || res.status === 404;
          if (!refused || !res.type.includes('json')) wrong.push(`${who} ${route.method} ${path} → ${res.status} ${res.type}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets no other spelling change anything: no silence, no acknowledgement, no display re-scoped, no source paused', async () => {
    const silences = await call<unknown[]>(hub, 'GET', '/api/silences', creds.admin);
    expect(silences.body).toEqual([]);
    const alert = await call<Alert>(hub, 'GET', `/api/alerts/${encodeURIComponent(salesAlert.alert_key)}`, creds.admin);
    expect(alert.body).toMatchObject({ alert_key: salesAlert.alert_key, acknowledged: false });
    const devices = await call<{ departments: string[]; amounts: boolean }[]>(hub, 'GET', '/api/devices', creds.admin);
    expect(devices.body.map((d) => ({ departments: d.departments, amounts: d.amounts }))).toEqual([paired]);
    const sources = await call<{ state: string }[]>(hub, 'GET', '/api/sources', creds.admin);
    expect(sources.body.map((s) => s.state)).not.toContain('paused');
  });

  it('records refused changes in the audit log, and keeps no body of an anonymous one', async () => {
    const entries = await call<{ actor: string; action: string; outcome: string; detail?: unknown }[]>(hub, 'GET', '/api/audit?limit=1000', creds.admin);
    const anon = entries.body.find((e) => e.actor === 'anonymous' && e.action === 'silence.create');
    expect(anon).toMatchObject({ outcome: 'refused 401' });
    expect(anon?.detail).toBeUndefined();
    expect(entries.body.find((e) => e.actor === 'user:sam' && e.action === 'device.change')).toMatchObject({ outcome: 'refused 403' });
  });

  it('does not let a service viewer acknowledge a sales alert, under any spelling', async () => {
    const key = encodeURIComponent(salesAlert.alert_key);
    for (const path of [`/api/alerts/${key}/ack`, `/api/alerts/${key}/ack/`, `/api/alerts/${key}/ACK`, `/API/alerts/${key}/ack`]) {
      const res = await send('anonymous', 'POST', path, { by: 'x' }).then(() => call(hub, 'POST', path, serviceViewer, { by: 'sue' }));
      expect(res.status, path).toBe(404);
    }
    const alert = await call<Alert>(hub, 'GET', `/api/alerts/${key}`, creds.admin);
    expect(alert.body).toMatchObject({ alert_key: salesAlert.alert_key, acknowledged: false });
  });

  it('answers a malformed escape in any parameter with 400 naming it, for anyone, and keeps running', async () => {
    for (const [id, route] of ENTRIES.filter(([, r]) => /[:*]/.test(r.path))) {
      const path = route.path.replace(/[:*][a-zA-Z]+/g, '%E0%A4%A');
      const res = await send('anonymous', route.method, path, BODIES[id]);
      expect(res.status, `${route.method} ${path}`).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('%E0%A4%A') } });
    }
    expect((await send('anonymous', 'GET', '/api/health')).status).toBe(200);
  });

  it('answers an undeclared API path with a JSON 404, never the wall page', async () => {
    for (const path of ['/api/nothing', '/api/', '/api', '/API/metrics', '/metrics/', '/METRICS', '/metrics.json']) {
      const res = await send('admin', 'GET', path);
      expect([res.status, res.type.includes('json')], path).toEqual([404, true]);
    }
  });

  it('walks a route table where every change is audited or says why not', () => {
    const unaudited = ENTRIES.filter(([, r]) => r.method !== 'GET' && r.audit === undefined).map(([id]) => id);
    expect(unaudited).toEqual([]);
  });
});

describe('malformed input answered with what, where and what was expected', () => {
  it('a silence longer than a year is a 400 naming duration or ends_at, not a 500', async () => {
    const base = { matchers: [{ name: 'group', op: '=', value: 'L1' }], created_by: 'root' };
    const long = await call<{ error: { code: string; path: string; message: string } }>(hub, 'POST', '/api/silences', creds.admin, { ...base, duration: '99999999999d' });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'bad_request', path: 'duration', message: expect.stringContaining('at most 366 days') });
    const far = await call<{ error: { path: string } }>(hub, 'POST', '/api/silences', creds.admin, { ...base, ends_at: '9999-12-31T00:00:00Z' });
    expect([far.status, far.body.error.path]).toEqual([400, 'ends_at']);
  });

  it('a filter given as a list or twice is a 400 naming it, never ignored', async () => {
    for (const [path, field] of [['/api/alerts?state[]=firing', 'state[]'], ['/api/alerts?state=firing&state=pending', 'state'],
      ['/api/audit?action[]=login', 'action[]'], ['/api/audit?limit=5&limit=6', 'limit'], ['/api/metrics/orders.count?window[]=today', 'params'], ['/api/alerts?stat=firing', 'stat']] as const) {
      const res = await call<{ error: { path: string } }>(hub, 'GET', path, creds.admin);
      expect([res.status, res.body.error.path], path).toEqual([400, field]);
    }
  });

  it('a body that is not JSON, or too large, is a 400 or 413 in the one error shape', async () => {
    const bad = await fetch(`${hub.url}/api/silences`, { method: 'POST', headers: { cookie: creds.admin.cookie!, 'content-type': 'application/json' }, body: '{"matchers": [' });
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([400, 'invalid_json']);
    const big = await fetch(`${hub.url}/api/silences`, { method: 'POST', headers: { cookie: creds.admin.cookie!, 'content-type': 'application/json' }, body: JSON.stringify({ comment: 'x'.repeat(100_000) }) });
    expect([big.status, ((await big.json()) as { error: { code: string } }).error.code]).toEqual([413, 'too_large']);
  });
});

describe('REST callers and new metric keys', () => {
  it('a caller asking for metric keys nobody computes gets 429 past access.sockets.new_keys_per_minute; computed ones stay free', async () => {
    const small = await startTestHub({ config: { sources: [{ id: 'feed', kind: 'push' }], access: { sockets: { new_keys_per_minute: 3 } } } });
    try {
      const get = (path: string) => call<{ error?: { code: string; message: string } }>(small, 'GET', path);
      // Three keys no screen shows: each is computed from scratch, the fourth is refused.
      for (const region of ['r1', 'r2', 'r3']) expect((await get(`/api/metrics/orders.count?window=today&region=${region}`)).status).toBe(200);
      const fourth = await get('/api/metrics/orders.count?window=today&region=r4');
      expect(fourth.status).toBe(429);
      expect(fourth.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('new_keys_per_minute') });
      // A key already computed (kept for its grace period) costs nothing.
      expect((await get('/api/metrics/orders.count?window=today&region=r1')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
