import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { Hub } from '../../server/app';
import type { Ack, DeviceEntry, MeAnswer, PairingStart, PairingState, SubscribeAck } from '../../server/protocol';
import { call, connectAs, login, testHash } from '../support/access';
import { connect, screenOf, screensDir, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

/**
 * The socket as an attacker uses it (issue 12, items 3, 4, 5 and 9): a page of another origin riding a
 * signed-in user's cookie, a socket outliving its session, a client that stops reading, a socket that asks
 * for ever more metric keys, and malformed requests whose errors must say what and where.
 */
const SCRIPT_TOKEN = 'script-token-for-attack-tests';
process.env.OPSWALL_ATTACK_SCRIPT_TOKEN = SCRIPT_TOKEN;

/** A socket with any handshake headers and auth, as a page or a script of any origin could open it. */
function open(hub: Hub, headers: Record<string, string>, auth?: { token: string }): Promise<Client> {
  const socket: Client = io(hub.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers, ...(auth ? { auth } : {}) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in 5 s')), 5_000);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(timer); socket.close(); reject(err); });
  });
}
const refusedWith = async (opening: Promise<Client>) => {
  const err = await opening.then((s) => { s.close(); throw new Error('the hub accepted the socket'); }, (e: Error & { data?: { code?: string } }) => e);
  return { message: err.message, code: err.data?.code };
};

/** The hub's own Prometheus text: one sample's value (0 when absent). */
async function sample(hub: Hub, name: string, who: { cookie?: string } = {}): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`, { headers: who.cookie ? { cookie: who.cookie } : {} })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l === name);
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the Origin of a socket that shows a session cookie', () => {
  let hub: Hub;
  let dir: { remove(): void };
  let admin: string;
  let viewer: string;
  beforeAll(async () => {
    const screens = screensDir({ 'lobby.json': screenOf('lobby', { open: { id: 'tickets.open' } }) });
    dir = screens;
    hub = await startTestHub({
      screensDir: screens.dir,
      config: { access: {
        enabled: true,
        users: [
          { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
          { username: 'vi', role: 'viewer', departments: ['sales'], password_hash: await testHash('vi-pw') },
        ],
        tokens: [{ id: 'script', token_env: 'OPSWALL_ATTACK_SCRIPT_TOKEN', role: 'viewer', departments: ['sales'] }],
        allowed_origins: ['https://ops.example.com'],
      } },
    });
    [admin, viewer] = await Promise.all([login(hub, 'root', 'root-pw'), login(hub, 'vi', 'vi-pw')]);
  });
  afterAll(async () => { await hub?.close(); dir?.remove(); });

  it('accepts the hub\'s own origin', async () => {
    const socket = await connectAs(hub, { cookie: viewer });
    expect(await subscribe(socket, { screen: 'lobby' })).toMatchObject({ ok: true });
    socket.close();
  });

  it('refuses a page of another origin, naming the origin and the setting to make', async () => {
    for (const origin of ['http://evil.example.com', `http://localhost:${hub.port}`, 'null', 'https://ops.example.com.evil.net']) {
      const refused = await refusedWith(connectAs(hub, { cookie: viewer, origin }));
      expect(refused.code, origin).toBe('bad_origin');
      expect(refused.message).toContain(`"${origin}"`);
      expect(refused.message).toContain('access.allowed_origins');
    }
  });

  it('refuses a cookie without Origin, and a forged X-Forwarded-Host when no proxy is trusted', async () => {
    expect(await refusedWith(connectAs(hub, { cookie: viewer, origin: null }))).toMatchObject({ code: 'bad_origin', message: expect.stringMatching(/no Origin/) as unknown });
    const forged = await refusedWith(open(hub, { cookie: viewer, origin: 'http://evil.example.com', 'x-forwarded-host': 'evil.example.com' }));
    expect(forged.code).toBe('bad_origin');
  });

  it('over long-polling (where a proxy blocks WebSocket): a same-origin request carries no Origin and passes; a foreign one is refused', async () => {
    const poll = (headers: Record<string, string>) => new Promise<Client>((resolve, reject) => {
      const socket: Client = io(hub.url, { transports: ['polling'], reconnection: false, forceNew: true, extraHeaders: headers });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => { socket.close(); reject(err); });
    });
    const same = await poll({ cookie: viewer, 'sec-fetch-site': 'same-origin' });
    expect(await subscribe(same, { screen: 'lobby' })).toMatchObject({ ok: true });
    same.close();
    expect((await refusedWith(poll({ cookie: viewer, origin: 'http://evil.example.com' }))).code).toBe('bad_origin');
    expect((await refusedWith(poll({ cookie: viewer, 'sec-fetch-site': 'same-site' }))).code).toBe('bad_origin');
  });

  it('a cookie with a made-up token and a foreign origin is still the cookie: refused', async () => {
    expect((await refusedWith(open(hub, { cookie: viewer, origin: 'http://evil.example.com' }, { token: 'made-up' }))).code).toBe('bad_origin');
  });

  it('accepts an origin listed in access.allowed_origins', async () => {
    const socket = await connectAs(hub, { cookie: admin, origin: 'https://ops.example.com' });
    expect(await subscribe(socket, { screen: 'lobby' })).toMatchObject({ ok: true });
    socket.close();
  });

  it('does not check the origin of a display token or an API token (TVs, scripts)', async () => {
    const start = await call<PairingStart>(hub, 'POST', '/api/pair');
    expect(start.status).toBe(201);
    const approved = await call<DeviceEntry>(hub, 'POST', '/api/devices', { cookie: admin }, { code: start.body.code, name: 'Lobby TV', target: { screen: 'lobby' } });
    expect(approved.status).toBe(201);
    const taken = (await (await fetch(`${hub.url}/api/pair/${start.body.id}`, { headers: { 'x-pairing-secret': start.body.secret } })).json()) as PairingState;
    if (taken.state !== 'approved') throw new Error('not approved');
    const tv = await open(hub, { origin: 'http://tv.local' }, { token: taken.token });
    expect(await subscribe(tv, { screen: 'lobby' })).toMatchObject({ ok: true });
    const script = await open(hub, { origin: 'http://elsewhere.example.com' }, { token: SCRIPT_TOKEN });
    expect(await subscribe(script, { screen: 'lobby' })).toMatchObject({ ok: true });
    tv.close();
    script.close();
  });
});

describe('a socket and its session', () => {
  let hub: Hub;
  let dir: { remove(): void };
  beforeAll(async () => {
    const screens = screensDir({ 'lobby.json': screenOf('lobby', { open: { id: 'tickets.open' } }) });
    dir = screens;
    hub = await startTestHub({
      screensDir: screens.dir, heartbeatMs: 200,
      config: { access: {
        enabled: true, trust_proxy: 1,
        users: [{ username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') }],
        session: { idle: '3s', absolute: '1h' },
      } },
    });
  });
  afterAll(async () => { await hub?.close(); dir?.remove(); });

  it('behind a trusted proxy, the forwarded host and scheme are the hub\'s origin', async () => {
    const cookie = await login(hub, 'root', 'root-pw');
    const proxied = { cookie, 'x-forwarded-host': 'wall.example.com', 'x-forwarded-proto': 'https' };
    const socket = await open(hub, { ...proxied, origin: 'https://wall.example.com' });
    socket.close();
    expect((await refusedWith(open(hub, { ...proxied, origin: 'http://wall.example.com' }))).code).toBe('bad_origin');
  });

  it('a long-poll left waiting is answered by Socket.IO alone: the HTTP app never answers it too (that crashed the hub)', async () => {
    const cookie = await login(hub, 'root', 'root-pw');
    const url = `${hub.url}/socket.io/?EIO=4&transport=polling`;
    const headers = { cookie, 'sec-fetch-site': 'same-origin' }; // as a browser's same-origin XHR: no Origin
    const sid = /"sid":"([^"]+)"/.exec(await (await fetch(url, { headers })).text())?.[1];
    expect(sid).toBeDefined();
    expect(await (await fetch(`${url}&sid=${sid}`, { method: 'POST', headers, body: '40' })).text()).toBe('ok');
    expect(await (await fetch(`${url}&sid=${sid}`, { headers })).text()).toMatch(/^40\{"sid"/);
    const waiting = await fetch(`${url}&sid=${sid}`, { headers }); // nothing queued: it waits for the next heartbeat
    expect(waiting.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await waiting.text()).toMatch(/^42\["heartbeat"/);
    expect((await call(hub, 'GET', '/api/health')).status).toBe(200);
  });

  it('drops the socket when the session passes its idle limit, though the socket kept receiving all along', async () => {
    const cookie = await login(hub, 'root', 'root-pw');
    const signedIn = Date.now();
    const socket = await connectAs(hub, { cookie });
    expect(await subscribe(socket, { screen: 'lobby' })).toMatchObject({ ok: true });
    let beats = 0;
    socket.on('heartbeat', () => { beats++; });
    const reason = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the socket outlived its session by 10 s')), 13_000);
      socket.once('disconnect', (r) => { clearTimeout(timer); resolve(r); });
    });
    expect(reason).toBe('io server disconnect');
    expect(Date.now() - signedIn).toBeGreaterThanOrEqual(2_900); // not before the limit: the socket's own traffic never counted as use
    expect(beats).toBeGreaterThan(3);
    expect((await call<MeAnswer>(hub, 'GET', '/api/auth/me', { cookie })).body.principal).toBeNull();
    expect((await refusedWith(connectAs(hub, { cookie }))).code).toBe('unauthorized');
  });
});

describe('limits of one socket', () => {
  let hub: Hub;
  let dir: { remove(): void };
  const HOUR = 3_600_000;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const region = (r: string) => ({ id: 'orders.count', params: { region: r } });
  /** Tickets with long subjects: the SLA queue of 100 of them is a big message (~200 kB) at each change. */
  const tickets = (round: number) => Array.from({ length: 100 }, (_, i) => ({
    type: 'ticket', id: `T${i}`, priority: 'high', status: 'open', group: 'L1', subject: `${round}-${'x'.repeat(1980)}`,
    created_at: ago(HOUR + i * 1000), updated_at: ago(HOUR),
  }));
  const push = async (records: unknown[]) => expect((await call(hub, 'POST', '/api/ingest/p', {}, { records })).status).toBe(200);

  beforeAll(async () => {
    const screens = screensDir({ 'lobby.json': screenOf('lobby', { open: { id: 'tickets.open' } }) });
    dir = screens;
    hub = await startTestHub({
      screensDir: screens.dir,
      config: {
        sources: [{ id: 'p', kind: 'push' }],
        sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 600 } } }] }] },
        access: { sockets: { max_keys: 5, new_keys_per_minute: 8, max_buffer: '1mb', unwatched_key_grace: '2s' } },
      },
    });
    await push(tickets(0));
  });
  afterAll(async () => { await hub?.close(); dir?.remove(); });

  it('answers a bad subscribe with the field and what was expected', async () => {
    const socket = await connect(hub);
    const fail = async (body: unknown, event: 'subscribe' | 'unsubscribe' = 'subscribe') => {
      const ack = (await socket.timeout(5_000).emitWithAck(event, body as never)) as Ack<object>;
      if (ack.ok) throw new Error(`accepted ${JSON.stringify(body)}`);
      expect(ack.error.message).not.toMatch(/Invalid input/);
      return ack.error;
    };
    expect(await fail({ metrics: [{ id: 3 }] })).toEqual({ code: 'bad_request', path: 'metrics.0.id', message: 'subscribe: metrics.0.id: expected string, received number' });
    expect(await fail({ metrics: [{ id: 'orders.count', params: { window: ['today'] } }] }))
      .toMatchObject({ path: 'metrics.0.params.window', message: expect.stringMatching(/expected string or number, received array/) as unknown });
    expect(await fail({ foo: 1 })).toMatchObject({ message: expect.stringMatching(/expected \{ screen: "<id>" \} or \{ metrics: .*got an object with "foo"/) as unknown });
    expect(await fail({ metrics: [{ id: 3 }] }, 'unsubscribe')).toMatchObject({ path: 'metrics.0.id', message: expect.stringMatching(/^unsubscribe: metrics\.0\.id: expected string/) as unknown });
    socket.close();
  });

  it('holds at most max_keys metric keys per socket, and says so', async () => {
    const socket = await connect(hub);
    expect(await subscribe(socket, { metrics: ['a1', 'a2', 'a3', 'a4', 'a5'].map(region) })).toMatchObject({ ok: true });
    const refused = await subscribe(socket, { metrics: [region('a6')] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'too_many_keys', path: 'metrics' } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/6 metric keys, more than its limit of 5 \(access\.sockets\.max_keys\)/);
    expect(await subscribe(socket, { metrics: ['a1', 'a2'].map(region) })).toMatchObject({ ok: true }); // held already: no more
    expect(await socket.timeout(5_000).emitWithAck('unsubscribe', { metrics: [region('a5')] })).toEqual({ ok: true });
    expect(await subscribe(socket, { metrics: [region('a6')] })).toMatchObject({ ok: true });
    expect(await sample(hub, 'opswall_socket_subscriptions_refused_total{reason="too_many_keys"}')).toBe(1);
    socket.close();
  });

  it('creates at most new_keys_per_minute keys from scratch per socket; keys already computed are free', async () => {
    const holder = await connect(hub); // keeps b1…b5 computed
    expect(await subscribe(holder, { metrics: ['b1', 'b2', 'b3', 'b4', 'b5'].map(region) })).toMatchObject({ ok: true });
    const socket = await connect(hub);
    const toggle = async (names: string[]) => {
      const ack = await subscribe(socket, { metrics: names.map(region) });
      await socket.timeout(5_000).emitWithAck('unsubscribe', { metrics: names.map(region) });
      return ack;
    };
    expect(await toggle(['b1', 'b2', 'b3', 'b4', 'b5'])).toMatchObject({ ok: true }); // computed: costs nothing
    expect(await toggle(['c1', 'c2', 'c3', 'c4'])).toMatchObject({ ok: true });
    expect(await toggle(['c5', 'c6', 'c7', 'c8'])).toMatchObject({ ok: true });
    const refused = await subscribe(socket, { metrics: [region('c9')] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', path: 'metrics' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/limit of 8 new keys a minute \(access\.sockets\.new_keys_per_minute; 8 used\); try again in \d+ s/);
    expect(await subscribe(socket, { metrics: [region('b3')] })).toMatchObject({ ok: true }); // still free
    expect(await sample(hub, 'opswall_socket_subscriptions_refused_total{reason="rate_limited"}')).toBe(1);
    holder.close();
    socket.close();
  });

  it('drops a client that answers pings but never reads, and lets go of what it queued', async () => {
    await waitFor('the sockets of the tests above closed', async () => ((await sample(hub, 'opswall_socket_connections')) === 0 ? true : undefined), 5_000);
    const ws = new WebSocket(`ws://127.0.0.1:${hub.port}/socket.io/?EIO=4&transport=websocket`);
    const acked = new Promise<SubscribeAck>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('0')) ws.send('40'); // engine.io open → socket.io connect
        else if (text.startsWith('40')) {
          ws.send(`421${JSON.stringify(['subscribe', { metrics: [100, 99, 98, 97, 96].map((limit) => ({ id: 'tickets.sla.queue', params: { limit } })) }])}`);
        } else if (text.startsWith('431')) resolve((JSON.parse(text.slice(3)) as [SubscribeAck])[0]);
      });
    });
    const ack = await acked;
    expect(ack).toMatchObject({ ok: true });
    if (!ack.ok) return;
    expect(JSON.stringify(ack.snapshot).length).toBeGreaterThan(500_000);
    // From now on nothing is read; a pong goes out every 3 s, so the hub's pings never time the client out.
    // A client that reads gets the same traffic and stays.
    const reader = await connect(hub);
    expect(await subscribe(reader, { metrics: [100, 99, 98, 97, 96].map((limit) => ({ id: 'tickets.sla.queue', params: { limit } })) })).toMatchObject({ ok: true });
    const socket = (ws as unknown as { _socket: NetSocket })._socket;
    socket.pause();
    const pong = setInterval(() => ws.send('3'), 3_000);
    try {
      let round = 0;
      for (; round < 80 && (await sample(hub, 'opswall_socket_dropped_total{reason="slow_reader"}')) === 0; round++) {
        await push(tickets(round + 1)); // each change of the queues is ~1 MB for this socket
      }
      expect(round).toBeLessThan(80);
      expect(await sample(hub, 'opswall_socket_dropped_total{reason="slow_reader"}')).toBe(1);
      // Gone from the hub: nothing more is queued for it, whatever changes.
      await waitFor('the slow socket gone', async () => ((await sample(hub, 'opswall_socket_connections')) === 1 ? true : undefined), 5_000);
      await push(tickets(999));
      expect(await sample(hub, 'opswall_socket_connections')).toBe(1);
      expect(reader.connected).toBe(true);
      // The client, reading again, finds the connection closed by the hub.
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      socket.resume();
      await waitFor('the client to see the hub hang up', () => closed.then(() => true), 15_000);
    } finally {
      clearInterval(pong);
      ws.terminate();
      reader.close();
    }
  });

  it('forgets keys nobody watches after the grace period; a screen\'s key stays', async () => {
    // Every socket above is closed: only the screen's key (tickets.open) is watched now.
    await waitFor('unwatched keys forgotten', async () => ((await sample(hub, 'opswall_metric_keys')) === 1 ? true : undefined), 10_000);
    const evicted = await sample(hub, 'opswall_metric_keys_evicted_total');
    expect(evicted).toBeGreaterThanOrEqual(20);
    const res = await call(hub, 'GET', '/api/metrics/orders.count?region=evict-me');
    expect(res.status).toBe(200);
    expect(await sample(hub, 'opswall_metric_keys')).toBe(2); // kept for the grace (2 s): a REST poller finds it computed
    await waitFor('the REST key forgotten', async () => ((await sample(hub, 'opswall_metric_keys')) === 1 ? true : undefined), 10_000);
    expect(await sample(hub, 'opswall_metric_keys_evicted_total')).toBe(evicted + 1);
    const socket = await connect(hub); // the screen still answers at once, all its keys computed
    expect(await subscribe(socket, { screen: 'lobby' })).toMatchObject({ ok: true, snapshot: { metrics: { 'tickets.open': { value: { kind: 'scalar' } } } } });
    socket.close();
  });
});
