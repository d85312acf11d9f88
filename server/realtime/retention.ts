/**
 * Keeps computed metric keys that nobody watches for a grace period, then has them forgotten. A key is
 * watched while a served screen shows it, a threshold rule reads it, or a socket subscribes to it; once
 * none does, it stays computed for `graceMs` (a wall that reconnects, a REST reader polling it, a socket
 * toggling its subscription get it at once, without another pass over the store), then is released.
 */
export interface RetentionDeps {
  graceMs: number;
  /** Every key computed now. */
  keys(): Iterable<string>;
  /** A test for "watched", built once per sweep (screens, rules and sockets). */
  watched(): (key: string) => boolean;
  /** Forgets a key (engine.release). */
  release(key: string): void;
  /** Told each key released, for the logs and the hub's own metrics. */
  evicted?(key: string): void;
  now?: () => number;
}

export function createKeyRetention(deps: RetentionDeps) {
  const now = deps.now ?? Date.now;
  const unwatchedSince = new Map<string, number>();

  return {
    /** A key was just used or let go (a REST read, the last socket leaving): its grace starts again now. */
    used(key: string): void { unwatchedSince.set(key, now()); },
    /** Releases the keys unwatched for longer than the grace; returns them. */
    sweep(): string[] {
      const at = now();
      const watched = deps.watched();
      const evicted: string[] = [];
      const live = new Set<string>();
      for (const key of deps.keys()) {
        live.add(key);
        if (watched(key)) { unwatchedSince.delete(key); continue; }
        const since = unwatchedSince.get(key);
        if (since === undefined) { unwatchedSince.set(key, at); continue; } // first seen unwatched: the grace starts
        if (at - since < deps.graceMs) continue;
        unwatchedSince.delete(key);
        deps.release(key);
        deps.evicted?.(key);
        evicted.push(key);
      }
      for (const key of unwatchedSince.keys()) if (!live.has(key)) unwatchedSince.delete(key);
      return evicted;
    },
    /** How often to sweep: a fraction of the grace, between a quarter second and half a minute. */
    get sweepEveryMs() { return Math.min(30_000, Math.max(250, Math.floor(deps.graceMs / 4))); },
  };
}

export type KeyRetention = ReturnType<typeof createKeyRetention>;
