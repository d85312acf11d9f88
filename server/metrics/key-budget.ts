const MINUTE_MS = 60_000;

/** A refused spend: how many were used in the last minute, and the seconds until room frees up. */
export interface BudgetRefusal { used: number; waitS: number }

/**
 * How many metric keys one holder (a socket, a REST caller) may have the hub compute from scratch per minute:
 * each new key is a pass over every stored record, so one client asking for many would hold the event loop.
 * A sliding minute per holder; a holder with nothing spent in the last minute costs nothing.
 */
export function createKeyBudget(perMinute: number) {
  const spent = new Map<string, { at: number; n: number }[]>();
  return {
    /** Spends `n` new keys for `holder` at `now`; a refusal when that would pass the limit (nothing spent then). */
    take(holder: string, n: number, now: number): BudgetRefusal | undefined {
      if (n <= 0) return undefined;
      const recent = (spent.get(holder) ?? []).filter((e) => e.at > now - MINUTE_MS);
      const used = recent.reduce((sum, e) => sum + e.n, 0);
      if (used + n > perMinute) {
        spent.set(holder, recent);
        return { used, waitS: recent.length ? Math.ceil((recent[0]!.at + MINUTE_MS - now) / 1000) : 60 };
      }
      spent.set(holder, [...recent, { at: now, n }]);
      return undefined;
    },
    /** Forgets a holder (a socket that closed). */
    forget(holder: string): void { spent.delete(holder); },
    /** Forgets holders with nothing spent in the last minute (called now and then). */
    prune(now: number): void { for (const [h, list] of spent) if (list.every((e) => e.at <= now - MINUTE_MS)) spent.delete(h); },
  };
}

export type KeyBudget = ReturnType<typeof createKeyBudget>;
