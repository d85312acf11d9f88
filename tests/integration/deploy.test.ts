import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { AuditRow } from '../../server/store';
import { testHash } from '../support/access';
import { startTestHub, subscribe, waitFor, withinToday, type Client } from '../support/hub';

/**
 * The deployment files shipped in deploy/ (docs/deploy.md), checked with the real tools: the systemd unit by
 * `systemd-analyze verify`, the nginx example by running nginx with it in front of a real hub on loopback.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const UNIT = readFileSync(join(ROOT, 'deploy/opswall.service'), 'utf8');
const NGINX_SITE = readFileSync(join(ROOT, 'deploy/nginx/opswall.conf'), 'utf8');
const NGINX = '/usr/sbin/nginx';

/** `text` with `from` replaced by `to`; throws when `from` is not there, so an edit of the shipped file cannot leave the test checking something else. */
function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`expected "${from}" in the shipped file`);
  return text.split(from).join(to);
}

/** The unit's `Key=value` lines of one section, in order (a key may repeat, like Environment=). */
function directives(unit: string): [string, string][] {
  return unit.split('\n').filter((l) => /^[A-Za-z]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

describe('the systemd unit (deploy/opswall.service)', () => {
  /** Runs `systemd-analyze verify` on a copy whose node is this test's node and whose main.js exists. */
  function verify(edit: (unit: string) => string = (u) => u): { status: number | null; ours: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-unit-'));
    try {
      writeFileSync(join(dir, 'main.js'), '');
      let unit = swap(UNIT, 'ExecStart=/usr/bin/node /opt/opswall/dist/server/main.js', `ExecStart=${process.execPath} ${dir}/main.js`);
      unit = swap(unit, 'WorkingDirectory=/opt/opswall', `WorkingDirectory=${dir}`);
      writeFileSync(join(dir, 'opswall.service'), edit(unit));
      const run = spawnSync('systemd-analyze', ['verify', join(dir, 'opswall.service')], { encoding: 'utf8', timeout: 30_000 });
      // Some machines warn about their own units too: only lines naming ours count.
      return { status: run.status, ours: run.stderr.split('\n').filter((l) => l.includes('opswall.service')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('passes systemd-analyze verify without a word about it', () => {
    expect(verify()).toEqual({ status: 0, ours: [] });
  });

  it('is really checked: a misspelled directive and a missing program are reported', () => {
    const misspelled = verify((u) => swap(u, 'NoNewPrivileges=yes', 'NoNewPrivilegs=yes'));
    expect(misspelled.ours.join('\n')).toMatch(/Unknown key 'NoNewPrivilegs' in section \[Service\]/);
    const missing = verify((u) => swap(u, `ExecStart=${process.execPath}`, 'ExecStart=/nonexistent/node'));
    expect(missing.status).not.toBe(0);
    expect(missing.ours.join('\n')).toMatch(/\/nonexistent\/node is not executable/);
  });

  it('keeps the store in its state directory and stops later than the hub\'s 10 s graceful stop', () => {
    const d = directives(UNIT);
    const one = (key: string) => { const all = d.filter(([k]) => k === key); expect(all, key).toHaveLength(1); return all[0]![1]; };
    const env = Object.fromEntries(d.filter(([k]) => k === 'Environment').map(([, v]) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
    expect(one('ExecStart')).toBe('/usr/bin/node /opt/opswall/dist/server/main.js --config /etc/opswall/opswall.json');
    expect(one('StateDirectory')).toBe('opswall');
    expect(env.OPSWALL_DB).toBe('/var/lib/opswall/opswall.db'); // StateDirectory=opswall is /var/lib/opswall
    expect(env).toMatchObject({ NODE_ENV: 'production', LOG_FORMAT: 'json', HOST: '127.0.0.1' });
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(Number(/^(\d+)s$/.exec(one('TimeoutStopSec'))?.[1])).toBeGreaterThan(10);
    expect(one('ProtectSystem')).toBe('strict');
    // V8's JIT needs writable executable memory: this one would stop Node at start.
    expect(d.map(([k]) => k)).not.toContain('MemoryDenyWriteExecute');
  });
});

/** A free loopback port (closed again at once; nginx binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Answer { status: number; headers: IncomingHttpHeaders; text: string }
/** One request without keep-alive; over TLS it accepts the test's self-signed certificate. `localAddress`: the client's own loopback address. */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  const make = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(u, {
      method: opts.method ?? 'GET', headers: opts.headers, agent: false, rejectUnauthorized: false, timeout: 10_000,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer in 10 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the nginx example (deploy/nginx/opswall.conf) in front of a real hub', () => {
  const PUSH_TOKEN = 'deploy-test-push-token';
  process.env.OPSWALL_TEST_DEPLOY_PUSH = PUSH_TOKEN;
  let hub: Hub;
  let dir: string;
  let nginx: ChildProcess | undefined;
  let nginxExit: Promise<unknown> | undefined;
  let https: string;
  let http: string;

  beforeAll(async () => {
    hub = await startTestHub({
      config: {
        sources: [{ id: 'desk', kind: 'push', token_env: 'OPSWALL_TEST_DEPLOY_PUSH' }],
        // As docs/deploy.md says behind one nginx: trust one proxy.
        access: { enabled: true, trust_proxy: 1, users: [{ username: 'op', role: 'admin', departments: ['*'], password_hash: await testHash('op-pw') }] },
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'opswall-nginx-'));
    chmodSync(dir, 0o755); // nginx's workers drop root and write their temp files here
    const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8', timeout: 30_000 });
    expect(cert.status, cert.stderr).toBe(0);

    const [httpPort, tlsPort] = [await freePort(), await freePort()];
    let site = swap(NGINX_SITE, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
    site = swap(site, 'listen 443 ssl;', `listen 127.0.0.1:${tlsPort} ssl;`);
    site = swap(swap(site, '    listen [::]:80;\n', ''), '    listen [::]:443 ssl;\n', ''); // loopback only
    site = swap(site, '/etc/ssl/opswall/fullchain.pem', join(dir, 'cert.pem'));
    site = swap(site, '/etc/ssl/opswall/privkey.pem', join(dir, 'key.pem'));
    site = swap(site, 'server 127.0.0.1:3000;', `server 127.0.0.1:${hub.port};`);
    writeFileSync(join(dir, 'opswall.conf'), site);
    writeFileSync(join(dir, 'nginx.conf'), [
      'daemon off;', 'worker_processes 1;', `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log warn;`,
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t}-temp;`),
      `  include ${dir}/opswall.conf;`,
      '}', '',
    ].join('\n'));
    const args = ['-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')];
    const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8', timeout: 30_000 });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toMatch(/\[(warn|emerg|alert|crit)\]/);

    nginx = spawn(NGINX, args, { stdio: 'ignore' });
    nginxExit = new Promise((resolve) => nginx!.once('exit', resolve));
    let exited = false;
    void nginxExit.then(() => { exited = true; });
    https = `https://127.0.0.1:${tlsPort}`;
    http = `http://127.0.0.1:${httpPort}`;
    await waitFor('nginx to answer over TLS', async () => {
      if (exited) throw new Error(`nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      return (await send(`${https}/api/health`)).status;
    }, 10_000);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
      nginx.kill('SIGQUIT'); // nginx's graceful stop
      const stopped = await Promise.race([nginxExit, new Promise((r) => setTimeout(() => r('late'), 5_000))]);
      if (stopped === 'late') nginx.kill('SIGKILL');
    }
    await hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers /api/health over TLS, through nginx', async () => {
    const res = await send(`${https}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.server).toMatch(/^nginx/);
    expect(JSON.parse(res.text)).toMatchObject({ uptime_s: expect.any(Number), store: { writable: true } });
  });

  it('redirects plain HTTP to HTTPS, path and query kept', async () => {
    const res = await send(`${http}/screens/ticket-sla?page=2`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://127.0.0.1/screens/ticket-sla?page=2');
  });

  it('passes the client\'s address and https to the hub (trust_proxy 1): Secure cookie, audited address, a forged X-Forwarded-For ignored', async () => {
    // The client dials from 127.0.0.5, nginx from 127.0.0.1: the audit log can only say 127.0.0.5 if the hub read it from nginx.
    const login = await send(`${https}/api/auth/login`, {
      method: 'POST', localAddress: '127.0.0.5',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ username: 'op', password: 'op-pw' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(/; Secure/i); // secure_cookie "auto" saw https through X-Forwarded-Proto
    const cookie = setCookie.split(';')[0]!;
    const audit = await send(`${https}/api/audit?action=login`, { headers: { cookie } });
    expect(audit.status).toBe(200);
    const entries = JSON.parse(audit.text) as AuditRow[];
    expect(entries.filter((e) => e.outcome === 'ok').map((e) => [e.actor, e.ip])).toEqual([['user:op', '127.0.0.5']]);
  });

  it('carries a wall\'s socket over WebSocket: a signed-in page of the proxy\'s origin subscribes and gets the live value; another origin is refused', async () => {
    const cookie = (await send(`${https}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'op', password: 'op-pw' }),
    })).headers['set-cookie']![0]!.split(';')[0]!;
    const pushed = await send(`${https}/api/ingest/desk`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PUSH_TOKEN}` },
      body: JSON.stringify({ records: [{ type: 'ticket', id: 'T-1', priority: 'high', status: 'open', group: 'L1', subject: '打印机', created_at: withinToday(60_000), updated_at: withinToday(60_000) }] }),
    });
    expect(pushed.status).toBe(200);
    expect(JSON.parse(pushed.text)).toMatchObject({ accepted: 1, rejected: [] });

    const dial = (origin: string) => {
      const socket: Client = io(https, {
        transports: ['websocket'], reconnection: false, forceNew: true, rejectUnauthorized: false, extraHeaders: { cookie, origin },
      });
      return new Promise<Client>((resolve, reject) => {
        const timer = setTimeout(() => { socket.close(); reject(new Error('socket did not connect in 5 s')); }, 5_000);
        socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
        socket.once('connect_error', (err) => { clearTimeout(timer); socket.close(); reject(err); });
      });
    };
    // The browser's Origin is the proxy's scheme, host and port: the hub knows them from X-Forwarded-Proto and -Host.
    const socket = await dial(https);
    try {
      expect(socket.io.engine.transport.name).toBe('websocket');
      const ack = await subscribe(socket, { metrics: [{ id: 'tickets.open', params: {} }] });
      if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
      expect(ack.snapshot.epoch).toBe(hub.epoch);
      expect(Object.values(ack.snapshot.metrics).map((m) => [m.id, m.value])).toEqual([['tickets.open', { kind: 'scalar', value: 1, previous: null }]]);
    } finally {
      socket.close();
    }
    await expect(dial('https://evil.example.com')).rejects.toMatchObject({ message: expect.stringMatching(/origin/i) });
  });
});
