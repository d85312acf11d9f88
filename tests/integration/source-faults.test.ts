import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { SourceHealth } from '../../server/protocol';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor, type Fault } from '../support/fake-vendor';
import { getJson, startTestHub, waitFor } from '../support/hub';

/**
 * Faults of a vendor API, each played against the `faulty` source (http-json) while a `healthy` one polls
 * another fake vendor in the same hub: the hub stays up, the healthy source keeps polling, the faulty one's
 * health says what happened, and after recovery every vendor record is in the store exactly once.
 */
const TOKEN = 'fake-vendor-secret';
const TIMEOUT_MS = 1_000;
const dir = mkdtempSync(join(tmpdir(), 'opswall-faults-'));
const DB = join(dir, 'hub.db');
const logs: Record<string, unknown>[] = [];
let hub: Hub;
let faulty: FakeVendor;
let healthy: FakeVendor;
let reader: Database.Database;

beforeAll(async () => {
  process.env.FAKE_VENDOR_TOKEN = TOKEN;
  [faulty, healthy] = await Promise.all([startFakeVendor(), startFakeVendor()]);
  for (let i = 0; i < 25; i++) { const o = vendorOrder(); faulty.records.set(o.id as string, o); }
  for (let i = 0; i < 5; i++) { const o = vendorOrder(); healthy.records.set(o.id as string, o); }
  const logger = pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line) as Record<string, unknown>); } });
  hub = await startTestHub({ dbPath: DB, screensDir: join(dir, 'no-screens'), logger, config: {
    timezone: 'Asia/Shanghai',
    sources: [
      { id: 'faulty', kind: 'http-json', interval: '300ms', timeout: `${TIMEOUT_MS}ms`, options: httpJsonOptions(faulty.url, 'offset') },
      { id: 'healthy', kind: 'http-json', interval: '300ms', timeout: `${TIMEOUT_MS}ms`, options: httpJsonOptions(healthy.url, 'cursor') },
    ],
  } });
  reader = new Database(DB, { readonly: true });
  await stateIs('faulty', 'ok');
  await stateIs('healthy', 'ok');
});
afterAll(async () => {
  reader?.close();
  await hub?.close();
  await Promise.all([faulty?.close(), healthy?.close()]);
  delete process.env.FAKE_VENDOR_TOKEN;
  rmSync(dir, { recursive: true, force: true });
});

const source = async (id: string) => (await getJson<SourceHealth[]>(`${hub.url}/api/sources`)).body.find((s) => s.id === id)!;
const stateIs = (id: string, state: SourceHealth['state'], timeoutMs = 15_000) =>
  waitFor(`${id} to be ${state}`, async () => { const s = await source(id); return s.state === state ? s : undefined; }, timeoutMs, 50);

/** Rows of a source in the store, and distinct ids among them. */
function rows(id: string) {
  return reader.prepare('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM records WHERE source = ?').get(id) as { n: number; ids: number };
}

/** The healthy source stores a new record while the fault plays, and the whole hub still answers. */
async function healthyKeepsPolling() {
  const o = vendorOrder();
  healthy.records.set(o.id as string, o);
  await waitFor('the healthy source to store its new record', () => (rows('healthy').n === healthy.records.size ? true : undefined), 10_000, 50);
  expect((await source('healthy')).state).toBe('ok');
  expect((await getJson(`${hub.url}/api/health`)).status).toBe(200);
}

/** Plays the faults, checks the faulty source's health, recovers with a new vendor record, and counts rows. */
async function playFault(faults: Fault[], expectHealth: (s: SourceHealth) => void, state: SourceHealth['state'] = 'degraded') {
  const seenBefore = faulty.requests.length;
  faulty.faults.push(...faults);
  const during = await waitFor(`faulty to turn ${state}`, async () => {
    const s = await source('faulty');
    return s.state === state && faulty.faults.length === 0 ? s : undefined;
  }, 15_000, 20);
  expectHealth(during);
  await healthyKeepsPolling();
  // Recovery: a record added after the fault must be stored too, once.
  const added = vendorOrder();
  faulty.records.set(added.id as string, added);
  await stateIs('faulty', 'ok');
  await waitFor('the faulty source to catch up', () => (rows('faulty').n === faulty.records.size ? true : undefined), 10_000, 50);
  expect(rows('faulty')).toEqual({ n: faulty.records.size, ids: faulty.records.size });
  return faulty.requests.slice(seenBefore);
}

describe('a source whose vendor misbehaves', () => {
  it('starts with every vendor record stored once, the token sent from the environment, extra fields kept', () => {
    expect(rows('faulty')).toEqual({ n: 25, ids: 25 });
    expect(faulty.requests[0]!.headers.authorization).toBe(TOKEN);
    const stored = JSON.parse((reader.prepare("SELECT data FROM records WHERE source = 'faulty' LIMIT 1").get() as { data: string }).data) as Record<string, unknown>;
    expect(stored.extra).toEqual({ erp_code: expect.stringMatching(/^E\d+$/) }); // an unmapped vendor field: kept in `extra`
    expect(typeof stored.amount).toBe('number'); // "101" → 101
  });

  it('never answers: the poll is aborted at the timeout, degraded, the next poll works', async () => {
    const requests = await playFault([{ kind: 'never' }], (s) => expect(s.lastError).toBe(`timed out after ${TIMEOUT_MS} ms`));
    const hung = requests.find((r) => !r.answered)!;
    expect(hung.closedAt! - hung.at).toBeGreaterThanOrEqual(TIMEOUT_MS - 50); // the connection was dropped at the timeout
    expect(hung.closedAt! - hung.at).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('hangs in the middle of the body: aborted at the timeout', async () => {
    const requests = await playFault([{ kind: 'hang-mid-body' }], (s) => expect(s.lastError).toBe(`timed out after ${TIMEOUT_MS} ms`));
    const hung = requests.find((r) => !r.answered)!;
    expect(hung.closedAt! - hung.at).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('answers 500: degraded with the status in the error; three in a row: down', async () => {
    await playFault([{ kind: 'status', status: 500 }], (s) => expect(s.lastError).toMatch(/→ 500 Internal Server Error/));
    const f = { kind: 'status', status: 500 } as const;
    await playFault([f, f, f], (s) => expect(s.lastError).toMatch(/500/), 'down');
  });

  it('answers 429 with Retry-After: 2: the next attempt comes 2 s later, not sooner, not much later', async () => {
    const requests = await playFault([{ kind: 'status', status: 429, headers: { 'retry-after': '2' } }], (s) => {
      expect(s.lastError).toMatch(/429/);
      expect(Date.parse(s.nextPollAt!) - Date.now()).toBeGreaterThan(1_000);
    });
    const i = requests.findIndex((r) => r.status === 429);
    const gap = requests[i + 1]!.at - requests[i]!.at;
    expect(gap).toBeGreaterThanOrEqual(2_000);
    expect(gap).toBeLessThan(2_600); // timers on a busy 2-core machine can slip a little
  });

  it('answers 401: down at once (credentials), and ok again once the vendor accepts them', async () => {
    await playFault([{ kind: 'status', status: 401, body: '{"error":"Couldn\'t authenticate you"}' }],
      (s) => expect(s.lastError).toMatch(/401.*Couldn't authenticate you/), 'down');
  });

  it('sends malformed JSON: degraded, saying the body is not JSON', async () => {
    await playFault([{ kind: 'malformed' }], (s) => expect(s.lastError).toMatch(/not JSON/));
  });

  it('sends a record missing a required field: that one is rejected and logged, the others stored', async () => {
    const broken = vendorOrder();
    delete broken.total; // no amount
    faulty.records.set(broken.id as string, broken);
    const good = vendorOrder();
    faulty.records.set(good.id as string, good);
    const rejected = await waitFor('the rejection in the log', () => logs.find((l) => l.msg === 'record rejected' && l.id === broken.id), 10_000, 50);
    expect(rejected).toMatchObject({ source: 'faulty', page: expect.any(Number), index: expect.any(Number), error: expect.stringMatching(/^amount: /) });
    faulty.records.delete(broken.id as string); // the vendor fixes it; every other record is stored once
    await waitFor('the good record stored', () => (rows('faulty').n === faulty.records.size ? true : undefined), 10_000, 50);
    expect(rows('faulty')).toEqual({ n: faulty.records.size, ids: faulty.records.size });
    expect((await source('faulty')).state).toBe('ok');
  });
});

