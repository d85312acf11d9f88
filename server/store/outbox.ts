import type { Database } from 'better-sqlite3';
import type { StoreFaults } from './faults';

/** A notification kept until it is delivered or finally fails. Times are epoch milliseconds. */
export interface OutboxEntry {
  id: number;
  /** The channel (receiver) id. */
  channel: string;
  groupKey: string;
  /** The whole batch, as it is sent. */
  payload: unknown;
  /** Tries made so far. */
  attempt: number;
  nextAttemptAt: number;
  createdAt: number;
}

/**
 * The notification outbox: a batch is added before its first try and removed once it is sent or finally
 * failed; what is left at a start was pending at the stop (or the kill) and is sent again.
 */
export interface OutboxTable {
  /** Keeps a batch; returns its id. Throws StoreWriteError when the store cannot write. */
  add(e: Omit<OutboxEntry, 'id' | 'attempt'>): number;
  /** Records a failed try and when the next one is due (best effort: a stale count only shifts the backoff). */
  attempted(id: number, attempt: number, nextAttemptAt: number): void;
  /** Forgets a batch (sent, or failed for good). Never throws: while the store cannot write, it is held and retried. */
  remove(id: number): void;
  /** What is kept, oldest first. */
  pending(): OutboxEntry[];
}

export function createOutboxTable(db: Database, faults: StoreFaults): OutboxTable & { flush(): void; held(): number } {
  const add = db.prepare('INSERT INTO notification_outbox (channel, group_key, payload, attempt, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)');
  const update = db.prepare('UPDATE notification_outbox SET attempt = ?, next_attempt_at = ? WHERE id = ?');
  const del = db.prepare('DELETE FROM notification_outbox WHERE id = ?');
  const all = db.prepare<[], { id: number; channel: string; group_key: string; payload: string; attempt: number; next_attempt_at: number; created_at: number }>(
    'SELECT * FROM notification_outbox ORDER BY id');
  /** Removals not written yet: a row sent but still stored would be sent again after a restart. */
  const removals = new Set<number>();
  const removeAll = db.transaction((ids: number[]) => { for (const id of ids) del.run(id); });
  const flush = () => {
    if (removals.size === 0) return;
    faults.write('notification outbox', () => removeAll([...removals]));
    removals.clear();
  };
  return {
    add: (e) => Number(faults.write('notification outbox', () => add.run(e.channel, e.groupKey, JSON.stringify(e.payload), e.nextAttemptAt, e.createdAt)).lastInsertRowid),
    attempted: (id, attempt, at) => { if (!removals.has(id)) faults.tryWrite('notification outbox', () => update.run(attempt, at, id)); },
    remove(id) {
      removals.add(id);
      if (faults.writable) faults.tryWrite('notification outbox', flush);
    },
    pending: () => all.all().filter((r) => !removals.has(r.id)).map((r) => ({
      id: r.id, channel: r.channel, groupKey: r.group_key, payload: JSON.parse(r.payload) as unknown,
      attempt: r.attempt, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at,
    })),
    flush,
    held: () => removals.size,
  };
}
