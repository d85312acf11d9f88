import type { MetricValue } from '../../server/protocol';

export interface DeltaPlan {
  /** Values to store, newer than what is held. */
  accept: [string, MetricValue][];
  /** A key skipped versions: some change was missed, so a fresh snapshot is needed. */
  gap: boolean;
}

/**
 * Checks pushed values against the stored ones: an old or repeated version is ignored, one more
 * than stored is applied, a bigger jump is applied and flagged as a gap (docs/api.md, Socket.IO).
 */
export function planDelta(stored: (key: string) => MetricValue | undefined, incoming: Record<string, MetricValue>): DeltaPlan {
  const accept: [string, MetricValue][] = [];
  let gap = false;
  for (const [key, value] of Object.entries(incoming)) {
    const held = stored(key);
    if (held && value.version <= held.version) continue;
    if (held && value.version > held.version + 1) gap = true;
    accept.push([key, value]);
  }
  return { accept, gap };
}

/**
 * The store's content after a snapshot. Within the same epoch a stored value newer than the snapshot's
 * (a delta that overtook it) is kept; after a hub restart versions restart, so the snapshot wins.
 */
export function mergeSnapshot(
  stored: ReadonlyMap<string, MetricValue>,
  snapshot: Record<string, MetricValue>,
  sameEpoch: boolean,
): Map<string, MetricValue> {
  const next = new Map<string, MetricValue>();
  for (const [key, value] of Object.entries(snapshot)) {
    const held = stored.get(key);
    next.set(key, sameEpoch && held && held.version > value.version ? held : value);
  }
  return next;
}

/** Keeps the last few offset samples. */
export function addOffsetSample(samples: readonly number[], serverNowIso: string, receivedAt: number, keep = 5): number[] {
  const serverNow = Date.parse(serverNowIso);
  if (Number.isNaN(serverNow)) return [...samples];
  return [...samples, serverNow - receivedAt].slice(-keep);
}

/**
 * Server clock − browser clock. Each sample is late by the message's transit time, which only makes the
 * offset look smaller, so the largest recent sample is the best estimate.
 */
export function offsetFromSamples(samples: readonly number[]): number {
  return samples.length === 0 ? 0 : Math.max(...samples);
}
