import type { Database } from 'better-sqlite3';
import { createStoreFaults, type StoreFaults } from './faults';

export interface SessionRow { idHash: string; principal: unknown; createdAt: number; lastSeenAt: number }
export interface DeviceRow { id: string; tokenHash: string; data: unknown; lastSeenAt: number | null; revokedAt: number | null }
export interface AuditEntry { at: string; actor: string; action: string; target?: string; outcome: string; ip?: string; detail?: unknown }
export interface AuditRow extends AuditEntry { id: number }

/**
 * The access room's tables: sessions, paired displays, the audit log. Ids of secrets are their hashes.
 * While the store cannot write, a write someone asked for (a sign-in, a pairing, an audit entry) throws
 * StoreWriteError, so the request fails; bookkeeping (last-seen times, pruning) is skipped and done later.
 */
export interface AccessTables {
  putSession(row: SessionRow): void;
  session(idHash: string): SessionRow | undefined;
  touchSession(idHash: string, at: number): void;
  deleteSession(idHash: string): void;
  /** Drops sessions idle since before `idleBefore` or created before `createdBefore`. */
  pruneSessions(idleBefore: number, createdBefore: number): number;
  putDevice(row: Omit<DeviceRow, 'lastSeenAt' | 'revokedAt'>): void;
  updateDevice(id: string, data: unknown): void;
  device(id: string): DeviceRow | undefined;
  deviceByToken(tokenHash: string): DeviceRow | undefined;
  devices(): DeviceRow[];
  touchDevice(id: string, at: number): void;
  revokeDevice(id: string, at: number): void;
  /** Appends an entry; returns its id. */
  audit(entry: AuditEntry): number;
  /** Newest first: up to `limit` entries older than id `before`, of one action (prefix) if asked. */
  auditList(q: { limit: number; before?: number; action?: string }): AuditRow[];
  /** Drops all but the newest `keepRows` entries, and those written before `olderThan` (an ISO instant; a scan) if given; returns how many went. */
  pruneAudit(q: { keepRows: number; olderThan?: string }): number;
}

type RawDevice = { id: string; token_hash: string; data: string; last_seen_at: number | null; revoked_at: number | null };
const device = (r: RawDevice | undefined): DeviceRow | undefined => r && {
  id: r.id, tokenHash: r.token_hash, data: JSON.parse(r.data) as unknown, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at,
};

export function createAccessTables(db: Database, faults: StoreFaults = createStoreFaults(db, { retryMs: 2_000 })): AccessTables {
  const w = <T>(fn: () => T): T => faults.write('access', fn);
  const later = (fn: () => unknown): void => { faults.tryWrite('access', fn); };
  const putSession = db.prepare('INSERT INTO sessions (id_hash, principal, created_at, last_seen_at) VALUES (?, ?, ?, ?)');
  const getSession = db.prepare<[string], { id_hash: string; principal: string; created_at: number; last_seen_at: number }>(
    'SELECT * FROM sessions WHERE id_hash = ?');
  const touchSession = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const pruneSessions = db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  const putDevice = db.prepare('INSERT INTO devices (id, token_hash, data) VALUES (?, ?, ?)');
  const updateDevice = db.prepare('UPDATE devices SET data = ? WHERE id = ?');
  const getDevice = db.prepare<[string], RawDevice>('SELECT * FROM devices WHERE id = ?');
  const byToken = db.prepare<[string], RawDevice>('SELECT * FROM devices WHERE token_hash = ?');
  const allDevices = db.prepare<[], RawDevice>('SELECT * FROM devices ORDER BY id');
  const touchDevice = db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?');
  const revokeDevice = db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const putAudit = db.prepare('INSERT INTO audit (at, actor, action, target, outcome, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const pruneAuditAge = db.prepare('DELETE FROM audit WHERE at < ?');
  // Entries go only from the old end, so the newest ids are contiguous: the newest N are those above max(id) - N.
  const pruneAuditRows = db.prepare('DELETE FROM audit WHERE id <= (SELECT max(id) FROM audit) - ?');
  const listAudit = db.prepare<[number, string, number], { id: number; at: string; actor: string; action: string; target: string | null; outcome: string; ip: string | null; detail: string | null }>(
    `SELECT * FROM audit WHERE id < ? AND action LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?`);

  return {
    putSession: (r) => { w(() => putSession.run(r.idHash, JSON.stringify(r.principal), r.createdAt, r.lastSeenAt)); },
    session(idHash) {
      const r = getSession.get(idHash);
      return r && { idHash: r.id_hash, principal: JSON.parse(r.principal) as unknown, createdAt: r.created_at, lastSeenAt: r.last_seen_at };
    },
    touchSession: (idHash, at) => { later(() => touchSession.run(at, idHash)); },
    deleteSession: (idHash) => { w(() => deleteSession.run(idHash)); },
    pruneSessions: (idleBefore, createdBefore) => faults.tryWrite('access', () => pruneSessions.run(idleBefore, createdBefore).changes) ?? 0,
    putDevice: (r) => { w(() => putDevice.run(r.id, r.tokenHash, JSON.stringify(r.data))); },
    updateDevice: (id, data) => { w(() => updateDevice.run(JSON.stringify(data), id)); },
    device: (id) => device(getDevice.get(id)),
    deviceByToken: (hash) => device(byToken.get(hash)),
    devices: () => allDevices.all().map((r) => device(r)!),
    touchDevice: (id, at) => { later(() => touchDevice.run(at, id)); },
    revokeDevice: (id, at) => { w(() => revokeDevice.run(at, id)); },
    audit: (e) => Number(w(() => putAudit.run(e.at, e.actor, e.action, e.target ?? null, e.outcome, e.ip ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail))).lastInsertRowid),
    pruneAudit: ({ keepRows, olderThan }) => faults.tryWrite('access', () =>
      pruneAuditRows.run(keepRows).changes + (olderThan === undefined ? 0 : pruneAuditAge.run(olderThan).changes)) ?? 0,
    auditList: ({ limit, before, action }) => listAudit.all(before ?? Number.MAX_SAFE_INTEGER,
      `${(action ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit).map((r) => ({
      id: r.id, at: r.at, actor: r.actor, action: r.action, outcome: r.outcome,
      ...(r.target !== null ? { target: r.target } : {}), ...(r.ip !== null ? { ip: r.ip } : {}),
      ...(r.detail !== null ? { detail: JSON.parse(r.detail) as unknown } : {}),
    })),
  };
}
