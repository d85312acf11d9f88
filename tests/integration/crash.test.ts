import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../server/protocol';
import type { HttpJsonCursor } from '../../server/sources/connectors/http-json';
import { createStore } from '../../server/store';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { getJson, waitFor } from '../support/hub';
import { killHubProcesses, startHubProcess } from '../support/hub-process';

/**
 * The real hub (server/main.ts) as a child process, backfilling 2,000 orders slowly from a paged vendor,
 * killed with SIGKILL mid-backfill and started again on the same database file: every record ends up
 * stored exactly once, and the second run goes on from the page after the last one stored.
 */
const TOTAL = 2_000;
const PAGE = 50;
const dir = mkdtempSync(join(tmpdir(), 'opswall-crash-'));
const DB = join(dir, 'hub.db');
const CONFIG = join(dir, 'config.json');
let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await startFakeVendor({ pageSize: PAGE });
  vendor.delayMs = 100; // 40 pages: about 4 s of backfill
  for (let i = 0; i < TOTAL; i++) { const o = vendorOrder({}, new Date(Date.now() - (TOTAL - i) * 1000)); vendor.records.set(o.id as string, o); }
  mkdirSync(join(dir, 'screens'));
  writeFileSync(CONFIG, JSON.stringify({ sources: [
    { id: 'erp', kind: 'http-json', interval: '1s', timeout: '5s', options: httpJsonOptions(vendor.url, 'cursor') },
  ] }));
});
afterAll(async () => {
  killHubProcesses();
  await vendor?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the hub from its sources on the config and database, port 0. */
const startHub = () => startHubProcess({ args: ['--config', CONFIG, '--db', DB, '--port', '0', '--host', '127.0.0.1', '--screens', join(dir, 'screens')],
  env: { FAKE_VENDOR_TOKEN: 'crash-test' } });

function readStore() {
  const store = createStore(DB);
  try {
    const ids = [...store.iterateRecords()].map((r) => r.id);
    return { count: store.countRecords('erp'), distinct: new Set(ids).size, cursor: store.getCursor<HttpJsonCursor>('erp') };
  } finally { store.close(); }
}

const position = (cursor: string | null) => (cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString()));

describe('SIGKILL mid-backfill, then a restart on the same database', () => {
  it('stores every record exactly once and goes on from the cursor, not from page 1', async () => {
    const first = await startHub();
    await waitFor('ten pages answered', () => (vendor.requests.filter((r) => r.answered).length >= 10 ? true : undefined), 30_000, 20);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const requestsBefore = vendor.requests.length;

    const killed = readStore();
    expect(killed.count).toBeGreaterThanOrEqual(9 * PAGE);
    expect(killed.count).toBeLessThan(TOTAL);
    expect(killed.count % PAGE).toBe(0); // whole pages: each stored with its cursor in one transaction
    expect(killed.distinct).toBe(killed.count);
    expect(position(killed.cursor!.run!.next.cursor ?? null)).toBe(killed.count); // the cursor points just past what is stored

    const second = await startHub();
    try {
      const health = await waitFor('the backfill to finish', async () => {
        const erp = (await getJson<SourceHealth[]>(`${second.url}/api/sources`)).body[0]!;
        return erp.state === 'ok' ? erp : undefined;
      }, 60_000, 100);
      expect(health.records).toBe(TOTAL);
      const resumed = vendor.requests[requestsBefore]!;
      expect(resumed.url.searchParams.get('updated_since')).toBeNull(); // still the first sync
      expect(position(resumed.url.searchParams.get('cursor'))).toBe(killed.count); // not page 1 again
      // No request of the second run went back before what the first stored.
      for (const r of vendor.requests.slice(requestsBefore)) {
        if (!r.url.searchParams.has('updated_since')) expect(position(r.url.searchParams.get('cursor'))).toBeGreaterThanOrEqual(killed.count);
      }
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
    const done = readStore();
    expect(done).toMatchObject({ count: TOTAL, distinct: TOTAL });
    expect(done.cursor!.run).toBeUndefined();
    expect(done.cursor!.since).toBe([...vendor.records.values()].at(-1)!.modified);
  }, 120_000);
});
