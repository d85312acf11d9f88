import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubPhase, SourceHealth } from '../../server/protocol';
import type { HttpJsonCursor } from '../../server/sources/connectors/http-json';
import { createStore } from '../../server/store';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { getJson, waitFor } from '../support/hub';
import { killHubProcesses, parseLogLine, ROOT, startHubProcess, type HubProcess } from '../support/hub-process';

/**
 * OpsWall run as an operator runs it: `npm start` (and `node dist/server/main.js`, as the shipped service unit does),
 * its command line, its start-up line, and a stop by signal: the walls are told the hub is restarting, the stop is
 * logged, the port is free and no process is left when the process started exits.
 */
const dir = mkdtempSync(join(tmpdir(), 'opswall-service-'));
const CONFIG = join(dir, 'config.json');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  writeFileSync(CONFIG, JSON.stringify({ sources: [{ id: 'desk', kind: 'push' }] }));
});
afterAll(() => {
  killHubProcesses();
  rmSync(dir, { recursive: true, force: true });
});

const npmStart = (...args: string[]) => spawnSync('npm', ['start', '--silent', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
const entries = (hub: HubProcess) => hub.lines.map(parseLogLine).filter((e) => e !== undefined);
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const canListen = (port: number) => new Promise<boolean>((resolve) => {
  const s = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
});
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('the command line', () => {
  it('answers --help and --version, and refuses a mistyped flag with exit code 2 and no stack trace', () => {
    const help = npmStart('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm start -- [options]');
    expect(help.stdout).toContain('--config FILE');
    expect(help.stdout).toContain('npm run backup -- <file>');

    const version = npmStart('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);

    const typo = npmStart('--prot', '3000');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("opswall: unknown option '--prot'");
    expect(typo.stderr).not.toMatch(/\n\s+at |ERR_PARSE_ARGS/); // no stack trace, no Node error code

    const port = npmStart('--port', 'eighty');
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535, got "eighty"');
  });

  it('says a config file\'s problem and exits 1 without listening', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "sources": [ { "id": "desk", "kind": "pigeon" } ] }');
    const run = spawnSync(process.execPath, ['dist/server/main.js', '--config', broken, '--port', '0', '--db', ':memory:'],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, LOG_FORMAT: 'json' } });
    expect(run.status).toBe(1);
    const fatal = run.stdout.split('\n').map(parseLogLine).find((e) => e?.level === 60);
    expect(fatal?.msg).toContain(broken);
    expect(fatal?.msg).toContain('sources');
    expect(run.stdout).not.toContain('OpsWall listening on');
  });
});

describe('npm start', () => {
  it('says where it listens and that no login is asked, and warns when that is open beyond this machine', async () => {
    const hub = await startHubProcess({ via: 'npm-start', args: ['--config', CONFIG, '--db', join(dir, 'open.db'), '--port', '0', '--host', '0.0.0.0'] });
    const start = entries(hub).find((e) => String(e.msg).startsWith('OpsWall listening on'))!;
    const port = start.port as number;
    expect(start.msg).toBe(`OpsWall listening on http://0.0.0.0:${port} (every interface; on this machine http://localhost:${port}), access control off`);
    expect(start).toMatchObject({ level: 30, host: '0.0.0.0', access: 'off', version: VERSION });
    const warning = entries(hub).find((e) => e.level === 40 && String(e.msg).startsWith('no login is asked'));
    expect(warning?.msg).toContain(`anyone who reaches port ${port} sees every screen`);
    expect((await getJson<{ status: string }>(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    // Every line is JSON when the output is not a terminal: nothing plain mixed in.
    expect(hub.lines.filter((l) => l.trim() !== '' && !parseLogLine(l))).toEqual([]);
    hub.child.kill('SIGTERM');
    await hub.exited;
  });

  it('on SIGTERM tells open walls the hub is restarting, logs the stop, and exits within 10 s with the port free and no process left', async () => {
    const port = await freePort();
    const hub = await startHubProcess({ via: 'npm-start', args: ['--config', CONFIG, '--db', join(dir, 'stop.db'), '--port', String(port), '--host', '127.0.0.1'] });
    expect(entries(hub).some((e) => String(e.msg).startsWith('no login is asked'))).toBe(false); // loopback: no warning
    expect(hub.pid).not.toBe(hub.child.pid); // npm's child is the hub: the signal has to reach it through npm

    const socket = io(hub.url, { transports: ['websocket'], reconnection: false });
    const heard: string[] = [];
    socket.on('phase', (msg: { phase: HubPhase }) => heard.push(`phase ${msg.phase.state}`));
    socket.on('disconnect', (reason) => heard.push(`disconnect ${reason}`));
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { screen: 'ops-overview' });
    expect(ack).toMatchObject({ ok: true });

    const sentAt = Date.now();
    hub.child.kill('SIGTERM');
    const exit = await hub.exited;
    const took = Date.now() - sentAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(10_000);
    await waitFor('the socket to hear the stop', () => (heard.length >= 2 ? true : undefined), 5_000, 20);
    // Told first; then the socket closes (the hub's disconnect, or the transport closing first: the wall redials either way).
    expect(heard[0]).toBe('phase restarting');
    expect(heard[1]).toMatch(/^disconnect (io server disconnect|transport close)$/);
    socket.close();

    const log = entries(hub);
    expect(log.find((e) => e.signal === 'SIGTERM')?.msg).toBe('SIGTERM: stopping (walls are told the hub is restarting)');
    const stopped = log.find((e) => e.msg === 'stopped');
    expect(stopped?.ms).toBeLessThan(10_000);
    expect(alive(hub.pid)).toBe(false);
    expect(await canListen(port)).toBe(true);
  });

  it('stops the same way on SIGINT when run as the service unit runs it (node dist/server/main.js)', async () => {
    const hub = await startHubProcess({ via: 'compiled', args: ['--config', CONFIG, '--db', join(dir, 'int.db'), '--port', '0', '--host', '127.0.0.1'] });
    expect(hub.pid).toBe(hub.child.pid);
    hub.child.kill('SIGINT');
    expect(await hub.exited).toEqual({ code: 0, signal: null });
    expect(entries(hub).map((e) => e.msg)).toContain('SIGINT: stopping (walls are told the hub is restarting)');
    expect(entries(hub).at(-1)?.msg).toBe('stopped');
  });

  it('writes readable lines, not JSON, with LOG_FORMAT=pretty (the default on a terminal)', async () => {
    const run = spawnSync(process.execPath, ['dist/server/main.js', '--config', join(dir, 'missing.json'), '--db', ':memory:', '--port', '0'],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, LOG_FORMAT: 'pretty', NO_COLOR: '1' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] FATAL: invalid config .*missing\.json/m);
    expect(run.stdout.split('\n').some((l) => l.startsWith('{'))).toBe(false);
  });
});

describe('the store across versions and backups', () => {
  const ticket = (id: string) => {
    const at = new Date(Date.now() - 60_000).toISOString();
    return { type: 'ticket', id, priority: 'high', status: 'open', group: 'L1', subject: `Ticket ${id}`, created_at: at, updated_at: at };
  };

  it('`npm run backup` copies the store while the hub runs and takes pushes; the copy opens with every record', async () => {
    const db = join(dir, 'live.db');
    const hub = await startHubProcess({ via: 'compiled', args: ['--config', CONFIG, '--db', db, '--port', '0', '--host', '127.0.0.1'] });
    const push = (ids: string[]) => fetch(`${hub.url}/api/ingest/desk`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: ids.map(ticket) }) });
    expect((await push(['T1', 'T2', 'T3'])).status).toBe(200);
    const copy = join(dir, 'backups', 'live-copy.db');
    mkdirSync(dirname(copy), { recursive: true });
    const backup = spawnSync('npm', ['run', '--silent', 'backup', '--', copy, '--db', db], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout.trim()).toBe(backup.stdout.trim().split('\n')[0]); // one line
    expect(backup.stdout).toMatch(/^backed up (.+) to (.+) \(\d+ bytes in \d+ ms\)\n$/);
    expect(backup.stdout).toContain(`backed up ${db} to `);
    expect(backup.stdout).toContain('live-copy.db (');
    expect((await push(['T4'])).status).toBe(200); // the hub goes on writing after the copy
    const copied = createStore(copy, { pragmas: ['query_only = ON'] });
    try { expect(copied.countRecords('desk')).toBe(3); } finally { copied.close(); }
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses to start on a store a newer OpsWall wrote, says so, and leaves the file as it was', async () => {
    const db = join(dir, 'newer.db');
    createStore(db).close();
    const sqlite = createStore(db);
    sqlite.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run('2099-01-01-from-the-future', new Date().toISOString());
    sqlite.close();
    const before = readFileSync(db);
    const run = spawnSync(process.execPath, ['dist/server/main.js', '--config', CONFIG, '--db', db, '--port', '0'],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, LOG_FORMAT: 'json' } });
    expect(run.status).toBe(1);
    const fatal = run.stdout.split('\n').map(parseLogLine).find((e) => e?.level === 60);
    expect(fatal?.msg).toContain(`the database ${db} was written by a newer OpsWall`);
    expect(fatal?.msg).toContain('2099-01-01-from-the-future');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('a poll in flight at SIGTERM', () => {
  const TOTAL = 400;
  const PAGE = 50;
  const DB = join(dir, 'poll.db');
  const POLL_CONFIG = join(dir, 'poll.json');
  let vendor: FakeVendor;
  beforeAll(async () => {
    vendor = await startFakeVendor({ pageSize: PAGE });
    for (let i = 0; i < TOTAL; i++) { const o = vendorOrder({}, new Date(Date.now() - (TOTAL - i) * 1000)); vendor.records.set(o.id as string, o); }
    writeFileSync(POLL_CONFIG, JSON.stringify({ sources: [{ id: 'erp', kind: 'http-json', interval: '1s', timeout: '20s', options: httpJsonOptions(vendor.url, 'cursor') }] }));
  });
  afterAll(async () => { await vendor?.close(); });

  const args = ['--config', POLL_CONFIG, '--db', DB, '--port', '0', '--host', '127.0.0.1'];
  const env = { FAKE_VENDOR_TOKEN: 'service-test' };
  const position = (cursor: string | null) => (cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString()));
  const readStore = () => {
    const store = createStore(DB);
    try { return { count: store.countRecords('erp'), cursor: store.getCursor<HttpJsonCursor>('erp') }; } finally { store.close(); }
  };

  it('is abandoned at once without moving the cursor, and the next start goes on from it: every record stored once', async () => {
    vendor.delayMs = 50;
    const first = await startHubProcess({ via: 'compiled', args, env });
    await waitFor('three pages answered', () => (vendor.requests.filter((r) => r.answered).length >= 3 ? true : undefined), 20_000, 10);
    vendor.delayMs = 15_000; // the next page hangs: it is in flight when the signal comes
    await waitFor('a page in flight', () => (vendor.requests.some((r) => !r.answered) ? true : undefined), 10_000, 10);
    const sentAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(5_000); // not the 15 s the page would take

    const stopped = readStore();
    expect(stopped.count % PAGE).toBe(0); // whole pages only
    expect(stopped.count).toBeGreaterThanOrEqual(3 * PAGE);
    expect(position(stopped.cursor!.run!.next.cursor ?? null)).toBe(stopped.count); // just past what is stored
    const requestsBefore = vendor.requests.length;

    vendor.delayMs = 0;
    const second = await startHubProcess({ via: 'compiled', args, env });
    const health = await waitFor('the backfill to finish', async () => {
      const erp = (await getJson<SourceHealth[]>(`${second.url}/api/sources`)).body[0]!;
      return erp.state === 'ok' ? erp : undefined;
    }, 30_000, 50);
    expect(health.records).toBe(TOTAL);
    expect(position(vendor.requests[requestsBefore]!.url.searchParams.get('cursor'))).toBe(stopped.count); // not page 1 again
    second.child.kill('SIGTERM');
    await second.exited;
    expect(readStore().count).toBe(TOTAL);
  }, 90_000);
});

describe('a built tree with the runtime dependencies only (npm ci --omit=dev)', () => {
  it('runs the compiled hub without TypeScript, vite or any other dev dependency, and serves the wall', async () => {
    // The package as `npm ci --omit=dev` leaves it: package.json, the build, the screens and metric files, and in
    // node_modules only what `npm ls --omit=dev` lists (linked, and kept linked with --preserve-symlinks, so a
    // package resolves its imports here too: a dev dependency is not found).
    const install = join(dir, 'install');
    mkdirSync(join(install, 'node_modules'), { recursive: true });
    for (const part of ['package.json', 'dist', 'screens', 'metrics', join('server', 'catalogue', 'builtin')]) cpSync(join(ROOT, part), join(install, part), { recursive: true });
    const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const packages = ls.stdout.split('\n').filter((p) => p.startsWith(join(ROOT, 'node_modules')))
      .map((p) => relative(join(ROOT, 'node_modules'), p)).filter((p) => !p.includes('node_modules'));
    expect(packages).toContain('better-sqlite3');
    expect(packages).not.toContain('tsx');
    expect(packages).not.toContain('vite');
    for (const p of packages) {
      mkdirSync(dirname(join(install, 'node_modules', p)), { recursive: true });
      if (!existsSync(join(install, 'node_modules', p))) symlinkSync(join(ROOT, 'node_modules', p), join(install, 'node_modules', p), 'dir');
    }
    const hub = await startHubProcess({ via: 'compiled', cwd: install, nodeArgs: ['--preserve-symlinks'],
      args: ['--config', CONFIG, '--db', join(install, 'opswall.db'), '--port', '0', '--host', '127.0.0.1'] });
    expect((await getJson<{ status: string }>(`${hub.url}/api/health`)).status).toBe(200);
    const screens = await getJson<{ id: string }[]>(`${hub.url}/api/screens`);
    expect(screens.body.map((s) => s.id)).toContain('ops-overview');
    const wall = await fetch(`${hub.url}/screen/ops-overview`);
    expect(wall.status).toBe(200);
    expect(await wall.text()).toContain('<div id="app">');
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
