import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErpnextCursor } from '../../server/sources/connectors/erpnext';
import type { SalesforceCursor } from '../../server/sources/connectors/salesforce';
import type { ZendeskCursor } from '../../server/sources/connectors/zendesk';
import { createStore } from '../../server/store';
import type { SourceHealth } from '../../server/protocol';
import { getJson, sourcesOk, startTestHub, waitFor } from '../support/hub';

const dir = mkdtempSync(join(tmpdir(), 'opswall-restart-'));
const DB = join(dir, 'opswall.db');
const emptyScreens = join(dir, 'no-screens'); // screens are not the point here
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCES = ['zendesk', 'salesforce', 'erpnext'] as const;

/** What the file holds between runs: the demo company's start, each source's cursor and every record's creation time by key. */
function snapshotOfFile() {
  const store = createStore(DB);
  try {
    const created = new Map<string, string>();
    for (const r of store.iterateRecords()) created.set(`${r.source}/${r.type}/${r.id}`, r.created_at);
    return {
      start: store.getCursor<{ start: number }>('(demo)')!.start, created, count: store.countRecords(),
      zendesk: store.getCursor<ZendeskCursor>('zendesk')!, salesforce: store.getCursor<SalesforceCursor>('salesforce')!,
      erpnext: store.getCursor<ErpnextCursor>('erpnext')!,
    };
  } finally { store.close(); }
}

/** Runs the built-in demo on the file until every source has polled once more after its first success, then closes it. */
async function runOnce(): Promise<SourceHealth[]> {
  const hub = await startTestHub({ dbPath: DB, screensDir: emptyScreens });
  try {
    const first = await sourcesOk(hub);
    // Wait for one more successful poll of each source, so every cursor has moved in this run.
    return await waitFor('another poll of every source', async () => {
      const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
      const moved = SOURCES.every((id) => body.find((s) => s.id === id)!.lastSuccessAt !== first.find((s) => s.id === id)!.lastSuccessAt);
      return moved ? body : undefined;
    }, 15_000);
  } finally { await hub.close(); }
}

describe('restart on the same database file', () => {
  it('keeps every record (same ids, same content origin) and the demo continues the same company from each cursor', async () => {
    const firstHealth = await runOnce();
    const first = snapshotOfFile();
    expect(first.count).toBeGreaterThan(1000); // 62 days of simulated company
    expect(first.zendesk.after_cursor).toBeDefined();
    const firstRecords = firstHealth.reduce((n, s) => n + s.records, 0);
    expect(firstRecords).toBeLessThanOrEqual(first.count); // a last poll may land between the read and the close

    // Where each source's data is complete from: Salesforce and ERPNext read the whole history, Zendesk 62 days
    // back from its first poll, which came with the company's start.
    const covered = (health: SourceHealth[]) => Object.fromEntries(health.map((s) => [s.id, s.coveredFrom]));
    expect(covered(firstHealth)).toMatchObject({ salesforce: '1970-01-01T00:00:00.000Z', erpnext: '1970-01-01T00:00:00.000Z' });
    expect(Date.parse(covered(firstHealth).zendesk!) - (first.start - 62 * 86_400_000)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(covered(firstHealth).zendesk!) - (first.start - 62 * 86_400_000)).toBeLessThan(60_000);

    const secondHealth = await runOnce();
    const second = snapshotOfFile();
    // Kept with the cursors: the second run did not start a backfill, nor move where the first one began.
    expect(covered(secondHealth)).toEqual(covered(firstHealth));

    expect(second.start).toBe(first.start); // the same simulated company, not a new one
    expect(second.count).toBeGreaterThanOrEqual(first.count);
    for (const s of secondHealth) {
      expect(s.records, s.id).toBeGreaterThanOrEqual([...first.created.keys()].filter((k) => k.startsWith(`${s.id}/`)).length); // counts from what was stored
    }
    // Each cursor went on from where the first run left it: no source started its backfill again.
    expect(second.zendesk.watermark!).toBeGreaterThanOrEqual(first.zendesk.watermark!);
    expect(second.zendesk.backfill).toBeUndefined();
    expect(Date.parse(second.salesforce.watermark!)).toBeGreaterThanOrEqual(Date.parse(first.salesforce.watermark!));
    expect(Date.parse(second.erpnext.orders!.watermark!)).toBeGreaterThanOrEqual(Date.parse(first.erpnext.orders!.watermark!));
    const mismatched: string[] = [];
    for (const [key, created] of first.created) {
      if (second.created.get(key) !== created) mismatched.push(`${key}: ${created} → ${second.created.get(key)}`);
    }
    // Every record of the first run is still there, and was not overwritten by a different entity with the same id.
    expect(mismatched.slice(0, 5)).toEqual([]);
  }, 240_000); // two fresh runs of the demo, each backfilling 62 days of a company
});
