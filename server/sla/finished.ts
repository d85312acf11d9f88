import type { FinishedClocks, SlaInstance } from '../protocol';

/**
 * Finished (stopped or cancelled) instances are kept (FinishedClocks, in the store) and never recomputed (C3):
 * a calendar or policy edit changes only open clocks, and a start skips evaluating a finished ticket that has
 * not changed since.
 */
export type { FinishedClocks };

export const isFinished = (i: SlaInstance): boolean => i.clock === 'stopped' || i.clock === 'cancelled';

const idOf = (i: SlaInstance) => `${i.metric}#${i.cycle}`;

/**
 * Puts the kept version in place of each freshly computed finished instance, and keeps the newly
 * finished ones. An instance computed as live again (a reopen under `resume`) is taken as computed.
 */
export function withFinishedKept(store: FinishedClocks, key: string, updatedAt: string, computed: SlaInstance[]): SlaInstance[] {
  const kept = store.get(key);
  const keptById = new Map(kept?.instances.map((i) => [idOf(i), i]));
  let added = false;
  const out = computed.map((inst) => {
    if (!isFinished(inst)) return inst;
    const old = keptById.get(idOf(inst));
    if (old) return old;
    added = true;
    keptById.set(idOf(inst), inst);
    return inst;
  });
  if (added || (kept && kept.updatedAt !== updatedAt && keptById.size > 0)) store.put(key, updatedAt, [...keptById.values()]);
  return out;
}
