import type { Role } from './config';
import type { AccessTables } from '../store';
import { hashSecret, randomSecret } from './secrets';

/** Who a session is for, as written when it was opened. */
export interface SessionData { username: string; name?: string; role: Role; departments: string[]; via: 'password' | 'oidc' }

export interface SessionOptions { tables: AccessTables; idleMs: number; absoluteMs: number; now: () => number }

/** A session's last-seen time is written at most this often: not one write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side sessions: the cookie holds a random id, the table holds its hash, so a copy of the database
 * opens no session. A session ends after `idleMs` without a request, or `absoluteMs` after it began.
 */
export function createSessions(o: SessionOptions) {
  return {
    /** Opens a session; returns the cookie value. */
    open(data: SessionData): string {
      const secret = randomSecret();
      const at = o.now();
      o.tables.putSession({ idHash: hashSecret(secret), principal: data, createdAt: at, lastSeenAt: at });
      return secret;
    },
    /**
     * The live session behind a cookie value, or undefined (unknown, idle too long, too old). A request
     * (`touch`) counts as use; a socket handshake does not: an open socket never keeps a session alive.
     */
    resolve(secret: string, touch = true): { hash: string; data: SessionData } | undefined {
      const hash = hashSecret(secret);
      const row = o.tables.session(hash);
      if (!row) return undefined;
      const at = o.now();
      if (at - row.lastSeenAt > o.idleMs || at - row.createdAt > o.absoluteMs) {
        o.tables.deleteSession(hash);
        return undefined;
      }
      if (touch && at - row.lastSeenAt >= TOUCH_EVERY_MS) o.tables.touchSession(hash, at);
      return { hash, data: row.principal as SessionData };
    },
    /**
     * Milliseconds until the session ends by its idle or absolute limit, as its row says now (requests may
     * have moved its last-seen time on since); 0 when it has ended or is gone. Reads, never touches.
     */
    leftMs(hash: string): number {
      const row = o.tables.session(hash);
      if (!row) return 0;
      // `resolve` refuses once a limit is passed (strictly): the first refused instant is one past it.
      const end = Math.min(row.lastSeenAt + o.idleMs, row.createdAt + o.absoluteMs) + 1;
      return Math.max(0, end - o.now());
    },
    close(hash: string): void { o.tables.deleteSession(hash); },
    prune(): number { const at = o.now(); return o.tables.pruneSessions(at - o.idleMs, at - o.absoluteMs); },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
