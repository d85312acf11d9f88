import type { WindowRange } from './windows';

interface Entry { id: string; t: number; value: number }

/**
 * Values (one per record id) stamped with a time; quantiles of the values whose time lies in the
 * current window. A sorted copy of the values answers quantiles in O(1); a set or an expiry costs
 * O(log n) to find plus the array move, and expiry by time never rescans what stays.
 */
export class WindowedQuantiles {
  private readonly byTime: Entry[] = []; // ascending t
  private readonly values: number[] = []; // ascending, the values of byTime entries inside the window
  private readonly byId = new Map<string, Entry>();
  /**
   * Sum of `values` in thousandths, kept as they come and go, so the mean is O(1) too. Integers, so adding and
   * taking away never drifts (values are durations in seconds with millisecond precision).
   */
  private milli = 0;
  private start: number;
  /** Seeding from the store appends, and sorts once when order is first needed (see WindowedGroups). */
  private seeding = true;

  constructor(private readonly rangeAt: (now: number) => WindowRange, now: number) {
    this.start = rangeAt(now).start;
  }

  set(id: string, t: number | undefined, value = 0): void {
    const old = this.byId.get(id);
    if (old && old.t === t && old.value === value) return;
    if (old) {
      this.settle();
      this.byId.delete(id);
      this.byTime.splice(this.byTime.indexOf(old, lowerBound(this.byTime, old.t, (e) => e.t)), 1);
      if (old.t >= this.start) { this.values.splice(lowerBound(this.values, old.value, (v) => v), 1); this.milli -= Math.round(old.value * 1000); }
    }
    if (t === undefined || t < this.start) return;
    const entry = { id, t, value };
    this.byId.set(id, entry);
    if (this.seeding) { this.byTime.push(entry); this.values.push(value); } else {
      this.byTime.splice(lowerBound(this.byTime, t, (e) => e.t), 0, entry);
      this.values.splice(lowerBound(this.values, value, (v) => v), 0, value);
    }
    this.milli += Math.round(value * 1000);
  }

  /** Drops the entries that the window has left behind. */
  advance(now: number): void {
    this.settle();
    this.start = this.rangeAt(now).start;
    let drop = 0;
    while (drop < this.byTime.length && this.byTime[drop]!.t < this.start) {
      const entry = this.byTime[drop++]!;
      this.byId.delete(entry.id);
      this.values.splice(lowerBound(this.values, entry.value, (v) => v), 1);
      this.milli -= Math.round(entry.value * 1000);
    }
    if (drop > 0) this.byTime.splice(0, drop);
  }

  get count(): number { return this.values.length; }

  private settle(): void {
    if (!this.seeding) return;
    this.seeding = false;
    this.byTime.sort((a, b) => a.t - b.t);
    this.values.sort((a, b) => a - b);
  }

  /** The q-quantile (0–1) by the nearest-rank method; null when empty. */
  quantile(q: number): number | null {
    this.settle();
    if (this.values.length === 0) return null;
    return this.values[Math.min(this.values.length - 1, Math.max(0, Math.ceil(q * this.values.length) - 1))]!;
  }

  mean(): number | null {
    return this.values.length === 0 ? null : this.milli / 1000 / this.values.length;
  }
}

function lowerBound<T>(items: readonly T[], key: number, of: (item: T) => number): number {
  let lo = 0, hi = items.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (of(items[mid]!) < key) lo = mid + 1; else hi = mid; }
  return lo;
}
