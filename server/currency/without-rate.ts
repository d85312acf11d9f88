import type { CanonicalRecord, RecordChange } from '../model';
import type { AmountsWithoutRate } from '../protocol';

/**
 * The currency of an order or deal that no rate converted (it names a currency but has no `amount_reporting`),
 * or undefined. A tombstone is not counted: it has left every metric anyway. The store's `countWithoutRate`
 * asks SQLite the same question of the stored records.
 */
export function withoutRate(r: CanonicalRecord): string | undefined {
  if ((r.type !== 'order' && r.type !== 'deal') || r.deleted === true) return undefined;
  return r.currency !== undefined && r.amount_reporting === undefined ? r.currency : undefined;
}

/** The counts per currency (the store's answer at start) with their total; currencies at zero dropped. */
export function amountsWithoutRate(byCurrency: Record<string, number>): AmountsWithoutRate {
  const kept = Object.fromEntries(Object.entries(byCurrency).filter(([, n]) => n > 0));
  return { records: Object.values(kept).reduce((a, b) => a + b, 0), byCurrency: kept };
}

/** The counts after a stored page's changes: each record's old contribution out, its new one in. */
export function tallyWithoutRate(counts: AmountsWithoutRate, changes: readonly RecordChange[]): AmountsWithoutRate {
  const byCurrency = { ...counts.byCurrency };
  let moved = false;
  for (const { before, after } of changes) {
    const out = before && withoutRate(before);
    const into = withoutRate(after);
    if (out === into) continue;
    moved = true;
    if (out !== undefined) byCurrency[out] = (byCurrency[out] ?? 0) - 1;
    if (into !== undefined) byCurrency[into] = (byCurrency[into] ?? 0) + 1;
  }
  return moved ? amountsWithoutRate(byCurrency) : counts;
}
