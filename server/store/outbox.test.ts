import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from './store';

const dirs: string[] = [];
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-outbox-')); dirs.push(d); return join(d, 'hub.db'); }
const reopen = (path: string) => { const s = createStore(path, { retryMs: 20 }); open.push(s); return s; };

describe('the notification outbox', () => {
  it('keeps a batch with its channel, group key and payload across a reopen, records tries, and forgets it on removal', () => {
    const path = file();
    const s = createStore(path);
    const batch = { receiver: 'hook', group_key: '{}/0:{group="L1", kind="breach"}', alerts: [{ alert_key: 'k' }] };
    const a = s.outbox.add({ channel: 'hook', groupKey: batch.group_key, payload: batch, nextAttemptAt: 1_000, createdAt: 1_000 });
    const b = s.outbox.add({ channel: 'lead', groupKey: 'escalation/k/+30m', payload: { n: 2 }, nextAttemptAt: 1_500, createdAt: 1_500 });
    expect(b).toBeGreaterThan(a);
    s.outbox.attempted(a, 1, 3_000);
    s.close(); // as a kill would leave it: both still kept

    const again = reopen(path);
    expect(again.outbox.pending()).toEqual([
      { id: a, channel: 'hook', groupKey: batch.group_key, payload: batch, attempt: 1, nextAttemptAt: 3_000, createdAt: 1_000 },
      { id: b, channel: 'lead', groupKey: 'escalation/k/+30m', payload: { n: 2 }, attempt: 0, nextAttemptAt: 1_500, createdAt: 1_500 },
    ]);
    again.outbox.remove(a);
    expect(again.outbox.pending().map((e) => e.id)).toEqual([b]);
  });

  it('a removal the store cannot write is held (and not answered as pending), then written by the retry', async () => {
    const path = file();
    const s = reopen(path);
    const id = s.outbox.add({ channel: 'hook', groupKey: 'g', payload: {}, nextAttemptAt: 1, createdAt: 1 });
    s.db.pragma('query_only = ON');
    s.outbox.remove(id); // sent: must not be sent again after a restart
    s.outbox.attempted(id, 3, 9); // best effort, and nothing for a removed batch
    expect(s.health().writable).toBe(false);
    expect(s.outbox.pending()).toEqual([]);
    s.db.pragma('query_only = OFF');
    for (let i = 0; i < 200 && !s.health().writable; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.health().writable).toBe(true);
    s.close();
    expect(reopen(path).outbox.pending()).toEqual([]);
  });
});
