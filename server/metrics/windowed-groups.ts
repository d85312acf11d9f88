import type { WindowRange } from './windows';

/** Amounts are kept as whole ten-thousandths: integer sums are exact in any order, float sums drift. */
const SCALE = 10_000;

interface Entry { id: string; t: number; group: string; amount: number /* in 1/SCALE units */ }
export interface Totals { count: number; amount: number }

/** Any window that covers all time: used for measures of the current state (open tickets). */
export const ALL_TIME: (now: number) => WindowRange = () => ({ start: -Infinity, prevStart: -Infinity, prevEnd: -Infinity });

/**
 * Entries (one per record id) with a time, a group and an amount, and running totals per group for the
 * current window and the previous period. `set` and `advance` cost O(log n) plus the entries that cross
 * a window bound, so the cost of a change does not grow with the number of records stored.
 */
export class WindowedGroups {
  private readonly sorted: Entry[] = []; // ascending (t, id); entries older than every window are dropped
  /** A state measure (ALL_TIME) never moves its bounds: it needs no time order at all. */
  private readonly timeless: boolean;
  /**
   * While a new aggregate is being seeded from the store, entries are appended and sorted once when order is
   * first needed: a million inserts in the middle of an array would each move half of it (O(n²) in all).
   */
  private seeding = true;
  private readonly byId = new Map<string, Entry>();
  private range: WindowRange;
  private readonly current = new Map<string, Totals>(); // amounts in 1/SCALE units
  private readonly previous = new Map<string, Totals>();

  /** `onDrop` hears of each entry the window leaves behind for good (to forget what refers to it). */
  constructor(private readonly rangeAt: (now: number) => WindowRange, now: number, private readonly onDrop?: (id: string) => void) {
    this.range = rangeAt(now);
    this.timeless = rangeAt === ALL_TIME;
  }

  /** Puts record `id` at time `t` in `group`, or takes it out when `t` is undefined. */
  /** …and says whether it keeps the entry (false: taken out, or before every window). */
  set(id: string, t: number | undefined, group = '*', amount = 0): boolean {
    const scaled = Math.round(amount * SCALE);
    const old = this.byId.get(id);
    if (old && t !== undefined && old.t === t && old.group === group && old.amount === scaled) return true;
    if (old) { this.settle(); this.remove(old); }
    if (t === undefined || t < this.range.prevStart) return false;
    const entry = { id, t, group, amount: scaled };
    this.byId.set(id, entry);
    if (this.timeless) { /* no order kept */ } else if (this.seeding) this.sorted.push(entry);
    else this.sorted.splice(this.position(entry), 0, entry);
    this.count(entry, 1);
    return true;
  }

  /** Moves the window bounds to `now`; entries that cross a bound move between the totals. */
  advance(now: number): void {
    this.settle();
    const next = this.rangeAt(now);
    const prev = this.range;
    if (next.start === prev.start && next.prevStart === prev.prevStart && next.prevEnd === prev.prevEnd) return;
    // Only entries between an old bound and its new place can change totals.
    const slices = mergeSlices([[prev.start, next.start], [prev.prevStart, next.prevStart], [prev.prevEnd, next.prevEnd]]);
    const crossing = slices.flatMap(([from, to]) => [...this.between(from, to)]);
    for (const entry of crossing) this.count(entry, -1);
    this.range = next;
    for (const entry of crossing) this.count(entry, 1);
    let drop = 0;
    while (drop < this.sorted.length && this.sorted[drop]!.t < next.prevStart) {
      const id = this.sorted[drop++]!.id;
      this.byId.delete(id);
      this.onDrop?.(id);
    }
    if (drop > 0) this.sorted.splice(0, drop);
  }

  total(which: 'current' | 'previous', group = '*'): Totals {
    const t = (which === 'current' ? this.current : this.previous).get(group);
    return t ? { count: t.count, amount: t.amount / SCALE } : { count: 0, amount: 0 };
  }

  /** Sum over every group of the current window. */
  sum(which: 'current' | 'previous' = 'current'): Totals {
    const out = { count: 0, amount: 0 };
    for (const t of (which === 'current' ? this.current : this.previous).values()) { out.count += t.count; out.amount += t.amount; }
    return { count: out.count, amount: out.amount / SCALE };
  }

  /** Totals per group of the current window (or the previous period), amounts in currency units. */
  groupTotals(which: 'current' | 'previous' = 'current'): Map<string, Totals> {
    return new Map([...(which === 'current' ? this.current : this.previous)]
      .map(([group, t]) => [group, { count: t.count, amount: t.amount / SCALE }]));
  }

  /** Ends seeding: the appended entries are put in (t, id) order once. */
  private settle(): void {
    if (!this.seeding) return;
    this.seeding = false;
    this.sorted.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private remove(entry: Entry): void {
    this.count(entry, -1);
    this.byId.delete(entry.id);
    if (this.timeless) return;
    const i = this.position(entry);
    if (this.sorted[i] === entry) this.sorted.splice(i, 1);
  }

  private count(entry: Entry, sign: 1 | -1): void {
    const { start, prevStart, prevEnd } = this.range;
    const target = entry.t >= start ? this.current : entry.t >= prevStart && entry.t < prevEnd ? this.previous : undefined;
    if (!target) return;
    const totals = target.get(entry.group) ?? { count: 0, amount: 0 };
    totals.count += sign;
    totals.amount += sign * entry.amount;
    if (totals.count === 0) target.delete(entry.group);
    else target.set(entry.group, totals);
  }

  private *between(from: number, to: number): Generator<Entry> {
    if (!(to > from)) return;
    const end = this.lowerBound(to);
    for (let i = this.lowerBound(from); i < end; i++) yield this.sorted[i]!;
  }

  private lowerBound(t: number): number {
    let lo = 0, hi = this.sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.sorted[mid]!.t < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** Where `entry` stands (or would stand) in the (t, id) order: ties in time are not scanned one by one. */
  private position(entry: Entry): number {
    let lo = 0, hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.sorted[mid]!;
      if (m.t < entry.t || (m.t === entry.t && m.id < entry.id)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

/** Each [a, b] pair as an ascending slice, overlapping slices merged, so no entry is visited twice. */
function mergeSlices(pairs: [number, number][]): [number, number][] {
  const slices = pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number])
    .filter(([a, b]) => b > a && Number.isFinite(b)).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const slice of slices) {
    const last = out[out.length - 1];
    if (last && slice[0] <= last[1]) last[1] = Math.max(last[1], slice[1]);
    else out.push([Math.max(slice[0], -Number.MAX_VALUE), slice[1]]);
  }
  return out;
}
