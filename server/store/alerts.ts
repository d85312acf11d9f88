import type { Database } from 'better-sqlite3';
import type { StoreFaults } from './faults';

/**
 * The alerts room's persistence, as JSON documents: the store does not read them. Every write (alerts,
 * silences, the notification groups) is gathered and written in one transaction at the end of the event
 * loop's turn (they may come while a statement still streams rows, as at start), and at once on `flush`.
 * While the store cannot write, what is gathered stays in memory (and is what the reads answer) and is
 * written by the store's next successful retry: a tick never throws.
 */
export interface AlertTables {
  alerts(): unknown[];
  saveAlerts(rows: readonly { key: string; state: string; data: unknown }[], deleted: readonly string[]): void;
  silences(): unknown[];
  saveSilence(id: string, data: unknown): void;
  deleteSilences(ids: readonly string[]): void;
  /** A named document (the notification groups). */
  get(name: string): unknown;
  put(name: string, data: unknown): void;
  /**
   * Writes what is gathered now (an acknowledgement before it is answered; close). Throws StoreWriteError
   * when the store cannot write: what was gathered is kept and written by a later retry.
   */
  flush(): void;
}

type Pending = { table: 'alert'; key: string; state: string; json: string } | { table: 'silence' | 'doc'; key: string; json: string }
  | { table: 'alert' | 'silence'; key: string; deleted: true };

export function createAlertTables(db: Database, faults: StoreFaults): AlertTables & { held(): number } {
  const all = db.prepare<[], { alert_key: string; data: string }>('SELECT alert_key, data FROM alerts');
  const put = db.prepare('INSERT INTO alerts (alert_key, state, data) VALUES (?, ?, ?) ON CONFLICT (alert_key) DO UPDATE SET state = excluded.state, data = excluded.data');
  const del = db.prepare('DELETE FROM alerts WHERE alert_key = ?');
  const allSilences = db.prepare<[], { id: string; data: string }>('SELECT id, data FROM silences');
  const putSilence = db.prepare('INSERT INTO silences (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data');
  const delSilence = db.prepare('DELETE FROM silences WHERE id = ?');
  const getDoc = db.prepare<[string], { data: string }>('SELECT data FROM alert_state WHERE name = ?');
  const putDoc = db.prepare('INSERT INTO alert_state (name, data) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET data = excluded.data');
  const write = db.transaction((rows: readonly Pending[]) => {
    for (const r of rows) {
      if ('deleted' in r) (r.table === 'alert' ? del : delSilence).run(r.key);
      else if (r.table === 'alert') put.run(r.key, r.state, r.json);
      else if (r.table === 'silence') putSilence.run(r.key, r.json);
      else putDoc.run(r.key, r.json);
    }
  });
  // Keyed `table:key`: a later change of the same row replaces the earlier one.
  const pending = new Map<string, Pending>();
  const enqueue = (p: Pending) => { pending.set(`${p.table}:${p.key}`, p); };
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.size === 0) return;
    faults.write('alerts', () => write([...pending.values()]));
    pending.clear();
  };
  // While the store cannot write, the store's retry writes what is gathered, not every turn.
  const schedule = () => { if (pending.size > 0) scheduled ??= setImmediate(() => { scheduled = undefined; if (faults.writable) faults.tryWrite('alerts', flush); }); };
  /** The stored rows with what is gathered laid over them. */
  function overlay(rows: { key: string; data: string }[], table: 'alert' | 'silence'): unknown[] {
    const byKey = new Map(rows.map((r) => [r.key, r.data]));
    for (const p of pending.values()) {
      if (p.table !== table) continue;
      if ('deleted' in p) byKey.delete(p.key); else byKey.set(p.key, p.json);
    }
    return [...byKey.values()].map((d) => JSON.parse(d) as unknown);
  }
  return {
    alerts: () => overlay(all.all().map((r) => ({ key: r.alert_key, data: r.data })), 'alert'),
    saveAlerts: (rows, deleted) => {
      // Serialised now: the entries go on changing after this call.
      for (const r of rows) enqueue({ table: 'alert', key: r.key, state: r.state, json: JSON.stringify(r.data) });
      for (const k of deleted) enqueue({ table: 'alert', key: k, deleted: true });
      schedule();
    },
    flush,
    silences: () => overlay(allSilences.all().map((r) => ({ key: r.id, data: r.data })), 'silence'),
    saveSilence: (id, data) => { enqueue({ table: 'silence', key: id, json: JSON.stringify(data) }); schedule(); },
    deleteSilences: (ids) => { for (const id of ids) enqueue({ table: 'silence', key: id, deleted: true }); schedule(); },
    get: (name) => {
      const held = pending.get(`doc:${name}`);
      const data = held && !('deleted' in held) ? held.json : getDoc.get(name)?.data;
      return data === undefined ? undefined : JSON.parse(data) as unknown;
    },
    put: (name, data) => { enqueue({ table: 'doc', key: name, json: JSON.stringify(data) }); schedule(); },
    held: () => pending.size,
  };
}
