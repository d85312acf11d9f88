import type { MetricRef } from '../protocol';
import { MetricError } from './engine';
import { createKeyBudget } from './key-budget';

/** What the key owner needs of the engine: compute a key, forget it, and tell what it holds. */
export interface KeyEngine {
  ensure(refs: MetricRef[], now: number): string[];
  release(key: string): void;
  keys(): Iterable<string>;
  current(key: string): unknown;
  resolve(ref: MetricRef): { key: string };
}

export interface MetricKeysOptions {
  engine: KeyEngine;
  /** How long a key nobody holds stays computed (for the next reader), then is forgotten. */
  graceMs: number;
  /** Keys not computed yet that one REST caller may have made per minute (each is a pass over the store). */
  newKeysPerMinute: number;
  /** Told each key forgotten, for the logs and the hub's own metrics. */
  evicted?(key: string): void;
}

/** A REST caller asked for more new keys than its budget (a MetricError `rate_limited`, a 429): how many it used, and how long to wait. */
export class KeyBudgetError extends MetricError {
  constructor(readonly ref: MetricRef, readonly holder: string, readonly used: number, readonly waitS: number) {
    super('rate_limited', `${ref.id}: not computed yet, and ${holder} has had ${used} new metric keys computed in the last minute, the limit `
      + `(access.sockets.new_keys_per_minute); try again in ${waitS} s, or ask for one already shown`);
    this.name = 'KeyBudgetError';
  }
}

/**
 * The one owner of metric keys' lifetime. Standing keys (every served screen's, every threshold rule's) are
 * computed all the time, so a TV that connects gets a full snapshot at once. Sockets hold the keys they
 * subscribe to (the realtime room says which, at each sweep). A key nobody holds any more, or one a REST
 * caller read, stays computed for `graceMs`, then is forgotten. Nothing else ensures or releases keys.
 */
export function createMetricKeys(o: MetricKeysOptions) {
  let standing = new Set<string>();
  const unheldSince = new Map<string, number>();
  const restBudget = createKeyBudget(o.newKeysPerMinute);

  return {
    /** The standing keys now (screens and rules); keys that stop standing start their grace. Returns the keys. */
    stand(refs: MetricRef[], now: number): string[] {
      const before = standing;
      const keys = o.engine.ensure(refs, now);
      standing = new Set(keys);
      for (const key of before) if (!standing.has(key)) unheldSince.set(key, now);
      return keys;
    },
    isStanding: (key: string): boolean => standing.has(key),
    /** Keys a socket subscribes to, computed now (the socket's own limits are the realtime room's). */
    hold: (refs: MetricRef[], now: number): string[] => o.engine.ensure(refs, now),
    /** A socket let a key go: its grace starts now (if no one else holds it at the next sweep, it goes after the grace). */
    letGo(key: string, now: number): void { unheldSince.set(key, now); },
    /**
     * A REST read: the key is computed (a new one within the caller's budget, else a KeyBudgetError) and kept
     * for the grace, so a poller does not cost a pass over the store each time.
     */
    read(ref: MetricRef, holder: string, now: number): string {
      if (o.engine.current(o.engine.resolve(ref).key) === undefined) {
        const refused = restBudget.take(holder, 1, now);
        if (refused) throw new KeyBudgetError(ref, holder, refused.used, refused.waitS);
      }
      const [key] = o.engine.ensure([ref], now);
      unheldSince.set(key!, now);
      return key!;
    },
    /** Forgets the keys nobody has held for the grace (`held`: the sockets' keys now); returns them. */
    sweep(now: number, held: ReadonlySet<string>): string[] {
      const evicted: string[] = [];
      const live = new Set<string>();
      for (const key of o.engine.keys()) {
        live.add(key);
        if (standing.has(key) || held.has(key)) { unheldSince.delete(key); continue; }
        const since = unheldSince.get(key);
        if (since === undefined) { unheldSince.set(key, now); continue; } // first seen unheld: the grace starts
        if (now - since < o.graceMs) continue;
        unheldSince.delete(key);
        o.engine.release(key);
        o.evicted?.(key);
        evicted.push(key);
      }
      for (const key of unheldSince.keys()) if (!live.has(key)) unheldSince.delete(key);
      restBudget.prune(now);
      return evicted;
    },
    /** How often to sweep: a fraction of the grace, between a quarter second and half a minute. */
    sweepEveryMs: Math.min(30_000, Math.max(250, Math.floor(o.graceMs / 4))),
  };
}

export type MetricKeys = ReturnType<typeof createMetricKeys>;
