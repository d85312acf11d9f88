import type { CanonicalRecord } from '../../server/model';
import { createStore } from '../../server/store';
import { withinToday } from './hub';

/**
 * A store file as a previous run left it, for a hub's build at start: `orders` orders created today, `open` open
 * tickets and `solved` solved ones (all created today), from push source `p`.
 */
export function storeHolding(path: string, n: { orders: number; open: number; solved?: number }): void {
  const store = createStore(path);
  const at = withinToday(60_000);
  store.applyBatch('p', [
    ...Array.from({ length: n.orders }, (_, i): CanonicalRecord => ({ type: 'order', id: `O-${i}`, status: 'new', amount: 10, created_at: at, updated_at: at })),
    ...Array.from({ length: n.open + (n.solved ?? 0) }, (_, i): CanonicalRecord => ({ type: 'ticket', id: `T-${i}`, priority: 'normal',
      status: i < n.open ? 'open' : 'solved', created_at: at, updated_at: at })),
  ], { n: 1 });
  store.close();
}

/** A hold on the hub's build at start (its `warmUp.pause` hook): it runs `chunks` chunks, then waits for `release`. */
export function heldBuild(chunks: number) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let pauses = 0;
  return {
    pause: async () => { if (++pauses >= chunks) await held; },
    /** Whether the build has reached the hold. */
    reached: () => pauses >= chunks,
    release: () => release(),
  };
}
