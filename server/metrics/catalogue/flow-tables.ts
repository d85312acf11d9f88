import type { FlowInstance } from '../../flows';
import { SortedList } from '../sorted-list';
import type { WindowRange } from '../windows';

/** An instance waiting at a step whose target has run out or will: what flow.stuck keeps. */
export interface Waiting { id: string; step: number; since: number; due: number; department: string; instance: FlowInstance }

const byDue = (a: Waiting, b: Waiting) => a.due - b.due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const bySince = (a: Waiting, b: Waiting) => a.since - b.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const groupKey = (w: Waiting) => `${w.step}\u0000${w.department}`;

/** The stuck instances of one (step, department): how many, and the one waiting longest. What a hand-off alert is about. */
export interface StuckGroup { step: number; department: string; count: number; oldest: Waiting }
interface GroupList { step: number; department: string; stuck: SortedList<Waiting> }

/**
 * Instances waiting at a step, split by whether its target has run out at `now`: those not yet due in due order,
 * so `advance` moves only the ones whose due time passed (no rescan), and the stuck ones longest waiting first,
 * all of them and per (step, department) group (each group's count and oldest without a scan).
 */
export class StuckQueue {
  private readonly entries = new Map<string, { entry: Waiting; stuck: boolean }>();
  private readonly pending = new SortedList<Waiting>(byDue);
  private readonly stuck = new SortedList<Waiting>(bySince);
  private readonly perDepartment = new Map<string, number>();
  private readonly perGroup = new Map<string, GroupList>();

  constructor(private now: number) {}

  /** Puts an instance in (or out, with undefined). Stuck once now is past its due time. */
  set(id: string, entry: Waiting | undefined): void {
    const old = this.entries.get(id);
    if (old) {
      this.entries.delete(id);
      if (old.stuck) this.unstick(old.entry); else this.pending.delete(old.entry);
    }
    if (!entry) return;
    const stuck = this.now > entry.due;
    this.entries.set(id, { entry, stuck });
    if (stuck) this.stick(entry); else this.pending.add(entry);
  }

  advance(now: number): void {
    this.now = now;
    for (const entry of this.pending.dropWhile((e) => now > e.due)) {
      this.entries.get(entry.id)!.stuck = true;
      this.stick(entry);
    }
  }

  get total(): number { return this.stuck.size; }
  oldest(n: number): Waiting[] { return this.stuck.first(n); }
  departments(): Map<string, number> { return this.perDepartment; }
  /** Each (step, department) with a stuck instance, in no particular order. */
  groups(): StuckGroup[] {
    return [...this.perGroup.values()].map((g) => ({ step: g.step, department: g.department, count: g.stuck.size, oldest: g.stuck.at(0)! }));
  }

  private stick(entry: Waiting): void {
    this.stuck.add(entry);
    this.count(entry.department, 1);
    const key = groupKey(entry);
    let group = this.perGroup.get(key);
    if (!group) this.perGroup.set(key, (group = { step: entry.step, department: entry.department, stuck: new SortedList<Waiting>(bySince) }));
    group.stuck.add(entry);
  }

  private unstick(entry: Waiting): void {
    this.stuck.delete(entry);
    this.count(entry.department, -1);
    const key = groupKey(entry);
    const group = this.perGroup.get(key)!;
    group.stuck.delete(entry);
    if (group.stuck.size === 0) this.perGroup.delete(key);
  }

  private count(department: string, sign: 1 | -1): void {
    const n = (this.perDepartment.get(department) ?? 0) + sign;
    if (n === 0) this.perDepartment.delete(department); else this.perDepartment.set(department, n);
  }
}

/**
 * What one instance adds to flow.paths: counters (interned names) placed at its entry time, and those it adds once
 * it is broken (waiting past its target, from `due` on).
 */
export interface PathEntry { id: string; t: number; counters: readonly string[]; due: number | null; brokenCounters: readonly string[] }

interface Held { entry: PathEntry; broken: boolean }
const byTime = (a: Held, b: Held) => a.entry.t - b.entry.t || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
const byDueHeld = (a: Held, b: Held) => a.entry.due! - b.entry.due! || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);

/**
 * Counter totals over the instances whose entry time lies in the current window [start, …). An instance leaves when
 * the window's start passes its entry time, and adds its broken counters when now passes its due time: both are found
 * in order (by time, by due time), so `advance` costs what crosses a bound, never a rescan.
 */
export class PathTotals {
  private readonly held = new Map<string, Held>();
  private readonly inWindow = new SortedList<Held>(byTime);
  private readonly pending = new SortedList<Held>(byDueHeld);
  private readonly totals = new Map<string, number>();
  private start: number;
  private now: number;

  constructor(private readonly rangeAt: (now: number) => WindowRange, now: number) {
    this.now = now;
    this.start = rangeAt(now).start;
  }

  set(id: string, entry: PathEntry | undefined): void {
    const old = this.held.get(id);
    if (old) this.remove(old);
    if (!entry || entry.t < this.start) return;
    const held: Held = { entry, broken: false };
    this.held.set(id, held);
    this.inWindow.add(held);
    this.add(entry.counters, 1);
    if (entry.due === null) return;
    if (this.now > entry.due) this.breakAt(held); else this.pending.add(held);
  }

  advance(now: number): void {
    this.now = now;
    this.start = this.rangeAt(now).start;
    for (const held of this.inWindow.dropWhile((h) => h.entry.t < this.start)) this.remove(held, false);
    for (const held of this.pending.dropWhile((h) => now > h.entry.due!)) this.breakAt(held);
  }

  total(counter: string): number { return this.totals.get(counter) ?? 0; }

  private breakAt(held: Held): void {
    held.broken = true;
    this.add(held.entry.brokenCounters, 1);
  }

  /** Takes an instance out of the totals and the lists (`listed`: still in the window's list). */
  private remove(held: Held, listed = true): void {
    this.held.delete(held.entry.id);
    if (listed) this.inWindow.delete(held);
    this.add(held.entry.counters, -1);
    if (held.broken) this.add(held.entry.brokenCounters, -1);
    else if (held.entry.due !== null) this.pending.delete(held);
  }

  private add(counters: readonly string[], sign: 1 | -1): void {
    for (const c of counters) {
      const n = (this.totals.get(c) ?? 0) + sign;
      if (n === 0) this.totals.delete(c); else this.totals.set(c, n);
    }
  }
}
