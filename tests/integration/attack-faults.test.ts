import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub, HubOptions } from '../../server/app';
import type { Alert, SourceHealth } from '../../server/protocol';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { getJson, startTestHub, waitFor } from '../support/hub';
import { killHubProcesses, startHubProcess as startHub } from '../support/hub-process';

/**
 * Faults of the disk, played at the SQLite layer on the hub's own connection (`hub.store.db`, a test hook):
 * `PRAGMA max_page_count` for a full disk, `PRAGMA query_only` for a read-only database (CI runs as root, so
 * permissions and mounts prove nothing). The hub keeps serving, says `degraded` with the reason, answers pushes
 * 503 with Retry-After, does not move poll cursors, recovers by itself, and loses nothing it acknowledged.
 * Then a notification waiting for its retry survives a SIGKILL of the real hub process and is sent once after
 * the restart. Everything listens on 127.0.0.1; every wait is bounded.
 */

const HOUR = 3_600_000;
const TOKEN = 'faults-test';

interface Body { groupKey: string; status: string; alerts: { status: string; labels: Record<string, string> }[] }
/** The team's webhook receiver on loopback: keeps every body and answers `status()`. */
async function startReceiver(status: () => number) {
  const bodies: Body[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => { bodies.push(JSON.parse(raw) as Body); res.writeHead(status()).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function ticket(id: string, agoMs: number, subject = `Ticket ${id}`) {
  const created = new Date(Date.now() - agoMs).toISOString();
  return { type: 'ticket', id, priority: 'high', status: 'open', group: 'L1', subject, created_at: created, updated_at: created };
}
/** Tickets with long subjects: far more pages than a full database has. */
const bulk = (prefix: string, n = 300) => Array.from({ length: n }, (_, i) => ticket(`${prefix}${i}`, 10 * 60_000, `${prefix} ${'·'.repeat(600)}`));
const breach = (id: string) => `desk/${id}/first_reply_time/1/breach`;

function config(receiverUrl: string, vendorUrl?: string) {
  return {
    timezone: 'UTC',
    sources: [
      { id: 'desk', kind: 'push' },
      ...(vendorUrl ? [{ id: 'erp', kind: 'http-json', interval: '300ms', timeout: '2s', options: httpJsonOptions(vendorUrl, 'cursor') }] : []),
    ],
    sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
    alerts: {
      channels: [{ id: 'hook', kind: 'webhook', url: receiverUrl }],
      routes: [{ receivers: ['hook'], group_wait: '1s', group_interval: '2s', repeat_interval: '4h' }],
    },
  };
}

let dir: string;
let vendor: FakeVendor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let answer = 200;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opswall-faults-'));
  mkdirSync(join(dir, 'screens'));
  process.env.FAKE_VENDOR_TOKEN = TOKEN;
  vendor = await startFakeVendor();
  for (let i = 0; i < 5; i++) { const o = vendorOrder({}, new Date(Date.now() - (10 - i) * 60_000)); vendor.records.set(o.id as string, o); }
  receiver = await startReceiver(() => answer);
});
afterAll(async () => {
  delete process.env.FAKE_VENDOR_TOKEN;
  await vendor?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (db: string, over: HubOptions = {}) => startTestHub({ dbPath: join(dir, db), screensDir: join(dir, 'screens'), config: config(receiver.url, vendor.url), ...over });
const push = (hub: Hub, records: unknown[]) => fetch(`${hub.url}/api/ingest/desk`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
const ack = (hub: Hub, key: string) => fetch(`${hub.url}/api/alerts/${encodeURIComponent(key)}/ack`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: 'li.wei' }) });
type Health = { status: string; store: { writable: boolean; reason?: string; since?: string }; sources: SourceHealth[] };
const health = async (hub: Hub) => (await getJson<Health>(`${hub.url}/api/health`)).body;

/** Reads the hub's file through a second, read-only connection (WAL: it sees what the hub committed). */
function stored<T>(db: string, sql: string, ...args: unknown[]): T | undefined {
  const conn = new Database(join(dir, db), { readonly: true });
  try { return conn.prepare(sql).get(...args) as T | undefined; } finally { conn.close(); }
}
const storedAck = (db: string, key: string) =>
  (JSON.parse(stored<{ data: string }>(db, 'SELECT data FROM alerts WHERE alert_key = ?', key)?.data ?? '{}') as { alert?: Alert }).alert?.acknowledged;
const count = (db: string, source: string) => stored<{ n: number }>(db, 'SELECT count(*) AS n FROM records WHERE source = ?', source)!.n;
const cursor = (db: string) => stored<{ cursor: string }>(db, "SELECT cursor FROM source_cursors WHERE source = 'erp'")?.cursor;

async function firing(hub: Hub, id: string): Promise<Alert> {
  return waitFor(`${id} firing`, async () => {
    const { body } = await getJson<Alert>(`${hub.url}/api/alerts/${encodeURIComponent(breach(id))}`);
    return body.state === 'firing' ? body : undefined;
  });
}

describe('a full disk (PRAGMA max_page_count on the hub\'s connection)', () => {
  it('keeps serving, says degraded with the reason, refuses pushes with 503 + Retry-After, holds poll cursors, and loses nothing acknowledged once there is room', async () => {
    const hub = await start('full.db');
    try {
      await waitFor('erp synced', async () => ((await health(hub)).sources.find((s) => s.id === 'erp')?.state === 'ok' ? true : undefined));
      expect((await push(hub, [ticket('F1', 2 * HOUR)])).status).toBe(200);
      await firing(hub, 'F1');
      const cursorBefore = cursor('full.db');
      const erpBefore = count('full.db', 'erp');

      hub.store.db.pragma(`max_page_count = ${hub.store.db.pragma('page_count', { simple: true }) as number}`);
      // Changes the next polls bring, too many to fit in what is left of the last pages (a single small row might).
      for (let i = 0; i < 200; i++) { const o = vendorOrder({}, new Date()); vendor.records.set(o.id as string, o); }
      const polled = vendor.requests.length;

      const refused = await push(hub, bulk('B'));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      const degraded = await health(hub);
      expect(degraded).toMatchObject({ status: 'degraded', store: { writable: false, reason: expect.stringContaining('SQLITE_FULL') } });
      expect(Date.parse(degraded.store.since!)).toBeGreaterThan(Date.now() - 60_000);

      // It keeps serving what it has.
      expect((await getJson<Alert[]>(`${hub.url}/api/alerts?state=firing`)).body.map((a) => a.alert_key)).toContain(breach('F1'));
      expect((await getJson(`${hub.url}/api/metrics/tickets.open`)).status).toBe(200);
      // Polls go on but store nothing, and their cursor stays where it was.
      await waitFor('two more polls', () => (vendor.requests.length >= polled + 2 ? true : undefined), 15_000);
      expect(cursor('full.db')).toBe(cursorBefore);
      expect(count('full.db', 'erp')).toBe(erpBefore);

      // An acknowledgement answered 200 is stored; one that fails is held and stored once there is room.
      const acked = await ack(hub, breach('F1'));
      if (acked.ok) expect(storedAck('full.db', breach('F1'))).toBe(true);
      else expect([acked.status, acked.headers.get('retry-after')]).toEqual([503, '5']);

      hub.store.db.pragma('max_page_count = 4294967294');
      await waitFor('the store writable again', async () => ((await health(hub)).store.writable ? true : undefined), 15_000);
      expect(storedAck('full.db', breach('F1'))).toBe(true);
      expect((await push(hub, bulk('B'))).status).toBe(200); // the refused batch, sent again
      expect(count('full.db', 'desk')).toBe(301);
      await waitFor('the new orders stored and the cursor moved', () => (count('full.db', 'erp') === erpBefore + 200 && cursor('full.db') !== cursorBefore ? true : undefined), 15_000);
      expect((await health(hub)).status).toBe('ok');
    } finally {
      await hub.close();
    }
  }, 60_000);
});

describe('a read-only database (PRAGMA query_only)', () => {
  it('at run time: degraded with the reason, pushes and acknowledgements refused, recovered once writable', async () => {
    const hub = await start('ro.db');
    try {
      expect((await push(hub, [ticket('R1', 2 * HOUR)])).status).toBe(200);
      await firing(hub, 'R1');
      hub.store.db.pragma('query_only = ON');
      const refused = await push(hub, [ticket('R2', 2 * HOUR)]);
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
      expect(await health(hub)).toMatchObject({ status: 'degraded', store: { writable: false, reason: expect.stringContaining('SQLITE_READONLY') } });
      const acked = await ack(hub, breach('R1'));
      expect([acked.status, acked.headers.get('retry-after')]).toEqual([503, '5']); // not answered as done: nothing could be stored
      expect(storedAck('ro.db', breach('R1'))).toBe(false);
      expect((await getJson(`${hub.url}/api/alerts/${encodeURIComponent(breach('R1'))}`)).status).toBe(200);

      hub.store.db.pragma('query_only = OFF');
      await waitFor('the store writable again', async () => ((await health(hub)).store.writable ? true : undefined), 15_000);
      expect((await ack(hub, breach('R1'))).status).toBe(200);
      expect(storedAck('ro.db', breach('R1'))).toBe(true);
      expect((await push(hub, [ticket('R2', 2 * HOUR)])).status).toBe(200);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('at start: the hub starts on a database it cannot write, serves what is stored, says degraded, and recovers', async () => {
    const hub = await start('ro.db', { storePragmas: ['query_only = ON'] });
    try {
      expect(await health(hub)).toMatchObject({ status: 'degraded', store: { writable: false, reason: expect.stringContaining('SQLITE_READONLY') } });
      expect((await getJson<Alert>(`${hub.url}/api/alerts/${encodeURIComponent(breach('R1'))}`)).body).toMatchObject({ state: 'firing', acknowledged: true });
      expect((await push(hub, [ticket('R3', 2 * HOUR)])).status).toBe(503);
      await new Promise((r) => setTimeout(r, 2_500)); // ticks, a retry, polls: none of them crashes it
      expect((await health(hub)).store.writable).toBe(false);

      hub.store.db.pragma('query_only = OFF');
      await waitFor('the store writable again', async () => ((await health(hub)).store.writable ? true : undefined), 15_000);
      expect((await push(hub, [ticket('R3', 2 * HOUR)])).status).toBe(200);
    } finally {
      await hub.close();
    }
  }, 60_000);
});

// SIGKILL (a crash) and SIGTERM (a graceful stop: the delivery is closed, the retry dropped from memory) alike.
describe.each(['SIGKILL', 'SIGTERM'] as const)('a notification waiting for its retry at %s', (signal) => {
  const DB = () => join(dir, `kill-${signal}.db`);
  const CONFIG = () => join(dir, `kill-${signal}.json`);
  afterAll(killHubProcesses);

  /** The hub from its sources on the config and database, port 0. */
  const startHubProcess = () => startHub({ args: ['--config', CONFIG(), '--db', DB(), '--port', '0', '--host', '127.0.0.1', '--screens', join(dir, 'screens')] });
  const outbox = () => {
    const conn = new Database(DB(), { readonly: true });
    try { return conn.prepare('SELECT channel, group_key, attempt FROM notification_outbox').all() as { channel: string; group_key: string; attempt: number }[]; } finally { conn.close(); }
  };

  it('is kept in the outbox, and sent exactly once after the restart, with its group key', async () => {
    writeFileSync(CONFIG(), JSON.stringify(config(receiver.url)));
    receiver.bodies.length = 0;
    answer = 500;
    const first = await startHubProcess();
    const res = await fetch(`${first.url}/api/ingest/desk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [ticket('K1', 2 * HOUR)] }) });
    expect(res.status).toBe(200);
    await waitFor('the first try (answered 500)', () => (receiver.bodies.length >= 1 ? true : undefined), 20_000, 10);
    // The retry is due 1–2 s later (the default backoff): stop the hub while it waits.
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill(signal);
    await new Promise((r) => first.child.once('exit', r));
    expect(receiver.bodies).toHaveLength(1);
    const sentFirst = receiver.bodies[0]!;
    expect(sentFirst.alerts.map((a) => a.labels.ticket_id)).toEqual(['K1']);
    expect(outbox()).toEqual([{ channel: 'hook', group_key: sentFirst.groupKey, attempt: 1 }]);

    answer = 200;
    const second = await startHubProcess();
    try {
      await waitFor('the kept notification sent after the restart', () => (receiver.bodies.length >= 2 ? true : undefined), 20_000);
      await new Promise((r) => setTimeout(r, 3_000)); // past a group_interval: nothing more comes
      expect(receiver.bodies).toHaveLength(2);
      expect(receiver.bodies[1]!.groupKey).toBe(sentFirst.groupKey);
      expect(receiver.bodies[1]!.alerts.map((a) => a.labels.ticket_id)).toEqual(['K1']);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    expect(outbox()).toEqual([]);
  }, 90_000);
});
