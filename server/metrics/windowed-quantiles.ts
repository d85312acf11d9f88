import { percentileAt } from './percentile';
import { SortedList } from './sorted-list';
import type { WindowRange } from './windows';

interface Entry { id: string; t: number; value: number }
const byTimeThenId = (a: Entry, b: Entry) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Values (one per record id) stamped with a time; quantiles of the values whose time lies in the
 * current window. A sorted copy of the values answers quantiles; a set or an expiry costs O(log n) plus a
 * move within one bucket (SortedList), and expiry by time never rescans what stays.
 */
export class WindowedQuantiles {
  private readonly byTime = new SortedList(byTimeThenId);
  /** The values of the byTime entries inside the window. */
  private readonly values = new SortedList<number>((a, b) => a - b);
  private readonly byId = new Map<string, Entry>();
  /**
   * Sum of `values` in thousandths, kept as they come and go, so the mean is O(1) too. Integers, so adding and
   * taking away never drifts (values are durations in seconds with millisecond precision).
   */
  private milli = 0;
  private start: number;
  /** Seeding from the store appends here, and sorts once when order is first needed (see WindowedGroups). */
  private seeding: Entry[] | undefined = [];

  constructor(private readonly rangeAt: (now: number) => WindowRange, now: number) {
    this.start = rangeAt(now).start;
  }

  set(id: string, t: number | undefined, value = 0): void {
    const old = this.byId.get(id);
    if (old && old.t === t && old.value === value) return;
    if (old) {
      this.settle();
      this.byId.delete(id);
      this.byTime.delete(old);
      if (old.t >= this.start) { this.values.delete(old.value); this.milli -= Math.round(old.value * 1000); }
    }
    if (t === undefined || t < this.start) return;
    const entry = { id, t, value };
    this.byId.set(id, entry);
    if (this.seeding) this.seeding.push(entry);
    else { this.byTime.add(entry); this.values.add(value); }
    this.milli += Math.round(value * 1000);
  }

  /** Drops the entries that the window has left behind. */
  advance(now: number): void {
    this.settle();
    this.start = this.rangeAt(now).start;
    for (const entry of this.byTime.dropWhile((e) => e.t < this.start)) {
      this.byId.delete(entry.id);
      this.values.delete(entry.value);
      this.milli -= Math.round(entry.value * 1000);
    }
  }

  get count(): number { return this.seeding ? this.seeding.length : this.values.size; }

  private settle(): void {
    if (!this.seeding) return;
    this.byTime.load(this.seeding);
    this.values.load(this.seeding.map((e) => e.value));
    this.seeding = undefined;
  }

  /** The q-quantile (0–1) of the values in the window, by the hub's one percentile (percentile.ts); null when empty. */
  quantile(q: number): number | null {
    this.settle();
    return percentileAt(this.values.size, (i) => this.values.at(i)!, q);
  }

  mean(): number | null {
    return this.count === 0 ? null : this.milli / 1000 / this.count;
  }
}
