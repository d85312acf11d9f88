import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoCursor } from '../../server/sources/connectors/demo';
import { createStore } from '../../server/store';
import type { SourceHealth } from '../../server/protocol';
import { getJson, sourcesOk, startTestHub, waitFor } from '../support/hub';

const dir = mkdtempSync(join(tmpdir(), 'opswall-restart-'));
const DB = join(dir, 'opswall.db');
const emptyScreens = join(dir, 'no-screens'); // screens are not the point here
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the file holds between runs: the demo cursor and every record's creation time by key. */
function snapshotOfFile() {
  const store = createStore(DB);
  try {
    const created = new Map<string, string>();
    for (const r of store.iterateRecords()) created.set(`${r.source}/${r.type}/${r.id}`, r.created_at);
    return { cursor: store.getCursor<DemoCursor>('demo')!, created, count: store.countRecords() };
  } finally { store.close(); }
}

/** Runs the built-in demo on the file until it has stored at least one batch past `after`, then closes it. */
async function runOnce(after?: number): Promise<SourceHealth> {
  const hub = await startTestHub({ dbPath: DB, screensDir: emptyScreens });
  try {
    const [first] = await sourcesOk(hub);
    // Wait for one more successful poll, so the cursor has moved in this run.
    return await waitFor('another demo poll', async () => {
      const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
      const demo = body.find((s) => s.id === 'demo')!;
      const moved = demo.lastSuccessAt !== first!.lastSuccessAt && (after === undefined || Date.parse(demo.lastSuccessAt!) > after);
      return moved ? demo : undefined;
    }, 15_000);
  } finally { await hub.close(); }
}

describe('restart on the same database file', () => {
  it('keeps every record (same ids, same content origin) and the demo continues from its cursor', async () => {
    const firstHealth = await runOnce();
    const first = snapshotOfFile();
    expect(first.count).toBeGreaterThan(1000); // 30 days of simulated company
    expect(first.cursor.until).toBeGreaterThan(first.cursor.start);
    expect(firstHealth.records).toBeLessThanOrEqual(first.count); // a last poll may land between the read and the close

    const secondHealth = await runOnce(first.cursor.until);
    const second = snapshotOfFile();

    expect(second.cursor.start).toBe(first.cursor.start); // the same simulated company, not a new one
    expect(second.cursor.until).toBeGreaterThan(first.cursor.until);
    expect(second.count).toBeGreaterThanOrEqual(first.count);
    expect(secondHealth.records).toBeGreaterThanOrEqual(first.count); // the source's count starts from what was stored
    const mismatched: string[] = [];
    for (const [key, created] of first.created) {
      if (second.created.get(key) !== created) mismatched.push(`${key}: ${created} → ${second.created.get(key)}`);
    }
    // Every record of the first run is still there, and was not overwritten by a different entity with the same id.
    expect(mismatched.slice(0, 5)).toEqual([]);
  }, 60_000);
});
