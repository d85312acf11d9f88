import type { Database } from 'better-sqlite3';

/**
 * The alerts room's persistence, as JSON documents: the store does not read them. Alert writes are
 * gathered and written in one transaction at the end of the event loop's turn (they may come while a
 * statement still streams rows, as at start), and at once on close.
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
  /** Writes what is gathered now (close). */
  flush(): void;
}

export function createAlertTables(db: Database): AlertTables {
  const all = db.prepare<[], { data: string }>('SELECT data FROM alerts');
  const put = db.prepare('INSERT INTO alerts (alert_key, state, data) VALUES (?, ?, ?) ON CONFLICT (alert_key) DO UPDATE SET state = excluded.state, data = excluded.data');
  const del = db.prepare('DELETE FROM alerts WHERE alert_key = ?');
  const silences = db.prepare<[], { data: string }>('SELECT data FROM silences');
  const putSilence = db.prepare('INSERT INTO silences (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data');
  const delSilence = db.prepare('DELETE FROM silences WHERE id = ?');
  const getDoc = db.prepare<[string], { data: string }>('SELECT data FROM alert_state WHERE name = ?');
  const putDoc = db.prepare('INSERT INTO alert_state (name, data) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET data = excluded.data');
  const write = db.transaction((rows: readonly { key: string; state: string; json: string }[], deleted: readonly string[]) => {
    for (const r of rows) put.run(r.key, r.state, r.json);
    for (const k of deleted) del.run(k);
  });
  const deleteSilences = db.transaction((ids: readonly string[]) => { for (const id of ids) delSilence.run(id); });
  const pending = new Map<string, { key: string; state: string; json: string } | null>(); // null: delete
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.size === 0) return;
    const rows = [...pending.values()].filter((r) => r !== null);
    const deleted = [...pending].filter(([, r]) => r === null).map(([k]) => k);
    pending.clear();
    write(rows, deleted);
  };
  return {
    alerts: () => { flush(); return all.all().map((r) => JSON.parse(r.data) as unknown); },
    saveAlerts: (rows, deleted) => {
      // Serialised now: the entries go on changing after this call.
      for (const r of rows) pending.set(r.key, { key: r.key, state: r.state, json: JSON.stringify(r.data) });
      for (const k of deleted) pending.set(k, null);
      if (pending.size > 0) scheduled ??= setImmediate(flush);
    },
    flush,
    silences: () => silences.all().map((r) => JSON.parse(r.data) as unknown),
    saveSilence: (id, data) => { putSilence.run(id, JSON.stringify(data)); },
    deleteSilences: (ids) => { if (ids.length > 0) deleteSilences(ids); },
    get: (name) => { const row = getDoc.get(name); return row ? JSON.parse(row.data) as unknown : undefined; },
    put: (name, data) => { putDoc.run(name, JSON.stringify(data)); },
  };
}
