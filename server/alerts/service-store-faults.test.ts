import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Ticket } from '../model';
import { SlaTracker } from '../sla';
import { createStore, StoreWriteError, type Store } from '../store';
import type { NotificationBatch } from './channels/types';
import { createAlertService } from './service';

const at = (hhmmss: string) => Date.parse(`2025-03-10T${hhmmss}Z`);
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function hub(path: string) {
  const config = parseConfig({
    sources: [{ id: 'zd', kind: 'push' }],
    sla: { policies: [{ id: 'p', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
    alerts: { channels: [{ id: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }], routes: [{ receivers: ['ops'], group_wait: '10s' }] },
  });
  const store = createStore(path, { retryMs: 60_000 });
  stores.push(store);
  const sent: NotificationBatch[] = [];
  const service = createAlertService({
    config, tables: store.alerts, log: pino({ level: 'silent' }), health: () => [{ id: 'zd', kind: 'push', state: 'ok', lastSuccessAt: null, records: 0 }],
    metric: () => undefined, publish: () => {}, deliver: (b) => sent.push(b), externalUrl: () => 'http://wall.test',
  });
  const tracker = new SlaTracker(config.sla.policies);
  const ticket: Ticket = { type: 'ticket', id: 'a', priority: 'high', status: 'open', created_at: new Date(at('09:00:00')).toISOString(), updated_at: new Date(at('09:00:00')).toISOString() };
  const change = (now: number) => service.observeSla(tracker.update('zd/ticket/a', { ...ticket, source: 'zd' } as Ticket, now), now);
  const tick = (now: number) => { for (const sla of tracker.due(now)) service.observeSla(sla, now); service.tick(now); };
  return { store, service, sent, change, tick };
}

describe('the alerts room while the store cannot write', () => {
  it('ticks on (notifying from memory) without throwing; an acknowledgement fails until it is stored, and is never lost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-alert-faults-'));
    dirs.push(dir);
    const path = join(dir, 'hub.db');
    const h = hub(path);
    h.change(at('09:00:00'));
    h.store.db.pragma('query_only = ON');
    for (let t = at('10:00:00'); t <= at('10:00:30'); t += 1_000) expect(() => h.tick(t)).not.toThrow();
    const key = 'zd/a/first_reply_time/1/breach';
    expect(h.service.get(key)?.state).toBe('firing');
    expect(h.sent).toHaveLength(1); // the group's first notification went out, from memory

    // While nothing can be written, an acknowledgement is not answered as done.
    expect(() => h.service.ack(key, { by: 'li.wei' }, at('10:00:31'))).toThrow(StoreWriteError);
    h.store.db.pragma('query_only = OFF');
    h.service.ack(key, { by: 'li.wei' }, at('10:00:32')); // answered: stored before it returns
    const stored = () => {
      const db = new Database(path, { readonly: true });
      try { return JSON.parse((db.prepare('SELECT data FROM alerts WHERE alert_key = ?').get(key) as { data: string }).data) as { alert: { acknowledged: boolean } }; } finally { db.close(); }
    };
    expect(stored().alert.acknowledged).toBe(true);
    h.store.close();

    // After a restart on the same file, the alert, its acknowledgement and the group's timing are there: no second notification.
    const again = hub(path);
    expect(again.service.get(key)).toMatchObject({ state: 'firing', acknowledged: true });
    for (let t = at('10:00:40'); t <= at('10:06:00'); t += 10_000) again.tick(t);
    expect(again.sent).toEqual([]);
  });
});
