import type { BreakdownValue } from '../../../server/protocol';

export interface Slice {
  /** The item's key; null for the "other" slice. */
  key: string | null;
  value: number;
  /** Position of the item in the value, so colours stay with a key while the order changes. */
  index: number;
}

/**
 * The slices of a pie: items with a positive measure, largest first (ties keep the value's order), the
 * first `limit` as they are and the rest summed into one "other" slice. Zero and negative items have no
 * area, so they are left out rather than drawn as empty labels.
 */
export function pieSlices(value: BreakdownValue | undefined, measure: 'value' | 'amount', limit: number): Slice[] {
  const items = (value?.items ?? [])
    .map((item, index) => ({ key: item.key, value: measure === 'amount' ? (item.amount ?? 0) : item.value, index }))
    .filter((s) => Number.isFinite(s.value) && s.value > 0)
    .sort((a, b) => b.value - a.value || a.index - b.index);
  if (items.length <= limit) return items;
  const rest = items.slice(limit).reduce((sum, s) => sum + s.value, 0);
  return [...items.slice(0, limit), { key: null, value: rest, index: items.length }];
}
