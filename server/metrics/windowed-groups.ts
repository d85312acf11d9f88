import { SortedList } from './sorted-list';
import type { WindowRange } from './windows';

/** Amounts are kept as whole ten-thousandths: integer sums are exact in any order, float sums drift. */
const SCALE = 10_000;

export interface Totals { count: number; amount: number }

/** Any window that covers all time: used for measures of the current state (open tickets). */
export const ALL_TIME: (now: number) => WindowRange = () => ({ start: -Infinity, prevStart: -Infinity, prevEnd: -Infinity });

/**
 * The entries as columns, one slot each: a million entries are a few typed arrays, not a million objects
 * (and two million boxed numbers) for the garbage collector to trace at every major collection.
 */
class EntryColumns {
  ids: (string | undefined)[] = [];
  times = new Float64Array(64);
  amounts = new Float64Array(64); // in 1/SCALE units
  groups = new Int32Array(64); // index into groupNames
  readonly groupNames: string[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly free: number[] = [];

  add(id: string, t: number, group: string, amount: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.ids.length;
      if (slot === this.times.length) this.grow();
    }
    let g = this.groupIndex.get(group);
    if (g === undefined) { g = this.groupNames.push(group) - 1; this.groupIndex.set(group, g); }
    this.ids[slot] = id;
    this.times[slot] = t;
    this.amounts[slot] = amount;
    this.groups[slot] = g;
    return slot;
  }

  release(slot: number): void {
    this.ids[slot] = undefined;
    this.free.push(slot);
  }

  group(slot: number): string { return this.groupNames[this.groups[slot]!]!; }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size); times.set(this.times); this.times = times;
    const amounts = new Float64Array(size); amounts.set(this.amounts); this.amounts = amounts;
    const groups = new Int32Array(size); groups.set(this.groups); this.groups = groups;
  }
}

/**
 * Entries (one per record id) with a time, a group and an amount, and running totals per group for the
 * current window and the previous period. `set` and `advance` cost O(log n) plus the entries that cross
 * a window bound, so the cost of a change does not grow with the number of records stored.
 */
export class WindowedGroups {
  private readonly cols = new EntryColumns();
  /** Slots in (time, id) order; entries older than every window are dropped. */
  private readonly sorted = new SortedList<number>((a, b) => {
    const { times, ids } = this.cols;
    const ia = ids[a]!, ib = ids[b]!;
    return times[a]! - times[b]! || (ia < ib ? -1 : ia > ib ? 1 : 0);
  });

  /** A state measure (ALL_TIME) never moves its bounds: it needs no time order at all. */
  private readonly timeless: boolean;
  /**
   * While a new aggregate is being seeded from the store, slots are appended here and sorted once when order
   * is first needed (undefined after): one sort costs less than a million ordered inserts.
   */
  private seeding: number[] | undefined = [];
  private readonly byId = new Map<string, number>();
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
    const cols = this.cols;
    const old = this.byId.get(id);
    if (old !== undefined && t !== undefined && cols.times[old] === t && cols.amounts[old] === scaled && cols.group(old) === group) return true;
    if (old !== undefined) { this.settle(); this.remove(old); }
    if (t === undefined || t < this.range.prevStart) return false;
    const slot = cols.add(id, t, group, scaled);
    this.byId.set(id, slot);
    if (this.timeless) { /* no order kept */ } else if (this.seeding) this.seeding.push(slot);
    else this.sorted.add(slot);
    this.count(slot, 1);
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
    for (const slot of crossing) this.count(slot, -1);
    this.range = next;
    for (const slot of crossing) this.count(slot, 1);
    const times = this.cols.times;
    for (const slot of this.sorted.dropWhile((s) => times[s]! < next.prevStart)) {
      const id = this.cols.ids[slot]!;
      this.byId.delete(id);
      this.cols.release(slot);
      this.onDrop?.(id);
    }
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

  /** Ends seeding: the appended slots are put in (t, id) order once. */
  private settle(): void {
    if (!this.seeding) return;
    this.sorted.load(this.seeding);
    this.seeding = undefined;
  }

  /** Takes a slot out of the totals, the order and the id index; its columns are freed last (the order reads them). */
  private remove(slot: number): void {
    this.count(slot, -1);
    this.byId.delete(this.cols.ids[slot]!);
    if (!this.timeless) this.sorted.delete(slot);
    this.cols.release(slot);
  }

  private count(slot: number, sign: 1 | -1): void {
    const { start, prevStart, prevEnd } = this.range;
    const t = this.cols.times[slot]!;
    const target = t >= start ? this.current : t >= prevStart && t < prevEnd ? this.previous : undefined;
    if (!target) return;
    const group = this.cols.group(slot);
    const totals = target.get(group) ?? { count: 0, amount: 0 };
    totals.count += sign;
    totals.amount += sign * this.cols.amounts[slot]!;
    if (totals.count === 0) target.delete(group);
    else target.set(group, totals);
  }

  private *between(from: number, to: number): Generator<number> {
    if (!(to > from)) return;
    const times = this.cols.times;
    for (const slot of this.sorted.from((s) => times[s]! < from)) {
      if (times[slot]! >= to) return;
      yield slot;
    }
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
