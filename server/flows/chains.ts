/**
 * What a linkable record (deal, order or ticket) brings to the chains: its type rank, creation, account, the keys of
 * the records it links to, and when it reached each step its type can reach (NaN where not).
 */
export interface ChainRecord { rank: number; created: number; account: string | undefined; out: string[]; reach: number[] }

/** A list of slots; a list of one is kept as the slot itself. */
type Many = number | number[] | undefined;
const NO_SLOTS: readonly number[] = [];
export const slotsOf = (many: Many): readonly number[] => (many === undefined ? NO_SLOTS : typeof many === 'number' ? [many] : many);
function added(many: Many, value: number): Many {
  if (many === undefined) return value;
  if (typeof many === 'number') return many === value ? many : [many, value];
  if (!many.includes(value)) many.push(value);
  return many;
}
function removed(many: Many, value: number): Many {
  if (typeof many !== 'object') return many === value ? undefined : many;
  const i = many.indexOf(value);
  if (i >= 0) many.splice(i, 1);
  return many.length === 1 ? many[0] : many;
}

/** What `plan` found: the record's slot, and the slots whose parent may change with it. */
export interface ChainPlan { slot: number; moving: number[] }

/**
 * Every linkable record, one slot each, in columns (a store holds millions: a few typed arrays, not millions of
 * objects), with the links between them both ways and each record's parent. A record's parent is a record it is
 * linked with (whichever side carries the link) of a lower type rank (deal → order → ticket): the nearest rank, then
 * the one created first, then the smaller key. Parents only point down the ranks, so chains are trees and no link
 * cycle can make a walk loop. A slot is kept for a record that is not there while records link to it, so the chain
 * completes when it arrives.
 */
export class Chains {
  private readonly index = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private present = new Uint8Array(64);
  private ranks = new Int8Array(64);
  private created = new Float64Array(64);
  private parents = new Int32Array(64);
  private reached = new Float64Array(64);
  private readonly accounts: (string | undefined)[] = [];
  private readonly outs: Many[] = [];
  private readonly ins: Many[] = [];
  private readonly kids: Many[] = [];
  private readonly free: number[] = [];

  /** `stride`: how many steps a record of one type reaches at most, over every flow. */
  constructor(private readonly stride: number) {
    this.reached = new Float64Array(64 * Math.max(1, stride));
  }

  slot(key: string): number | undefined { return this.index.get(key); }
  key(slot: number): string { return this.keys[slot]!; }
  has(slot: number): boolean { return this.present[slot] === 1; }
  rank(slot: number): number { return this.ranks[slot]!; }
  parent(slot: number): number { return this.parents[slot]!; }
  account(slot: number): string | undefined { return this.accounts[slot]; }
  createdAt(slot: number): number { return this.created[slot]!; }
  children(slot: number): readonly number[] { return slotsOf(this.kids[slot]); }
  /** When the record reached its type's j-th step (NaN: not). */
  reach(slot: number, j: number): number { return this.reached[slot * this.stride + j]!; }

  /**
   * How a new version of a present record differs from what is kept: `same`, `data` (what it reached or its account:
   * no chain changes) or `links` (its links or creation: parents may move).
   */
  compare(slot: number, next: ChainRecord): 'same' | 'data' | 'links' {
    if (this.created[slot] !== next.created) return 'links';
    const out = slotsOf(this.outs[slot]);
    if (out.length !== next.out.length || next.out.some((k, i) => this.index.get(k) !== out[i])) return 'links';
    if (this.accounts[slot] !== next.account) return 'data';
    const base = slot * this.stride;
    for (let j = 0; j < next.reach.length; j++) {
      const a = this.reached[base + j]!, b = next.reach[j]!;
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return 'data';
    }
    return 'same';
  }

  /** Takes a new account and reach for a present record whose links stay. */
  setData(slot: number, next: ChainRecord): void {
    this.accounts[slot] = next.account;
    this.writeReach(slot, next.reach);
  }

  /** The slot of `key` (made for it if needed) and the records whose parent may change when it becomes `next`. */
  plan(key: string, next: ChainRecord | undefined, rank: number): ChainPlan {
    const slot = this.slotFor(key);
    const moving = [slot];
    const consider = (k: number) => { if (this.present[k] === 1 && this.ranks[k]! > rank && !moving.includes(k)) moving.push(k); };
    for (const k of slotsOf(this.outs[slot])) consider(k);
    for (const k of slotsOf(this.ins[slot])) consider(k);
    for (const target of next?.out ?? []) { const k = this.index.get(target); if (k !== undefined) consider(k); }
    return { slot, moving };
  }

  /** Puts the record in (or, `next` undefined, out) and re-hangs the records `plan` found. */
  commit(plan: ChainPlan, next: ChainRecord | undefined): void {
    const { slot } = plan;
    if (!next && this.present[slot] === 1 && this.parents[slot] !== -1) this.unhang(this.parents[slot]!, slot);
    this.write(slot, next);
    for (const k of plan.moving) this.reparent(k);
    this.releaseIfUnused(slot);
  }

  /** Seeding: puts a record in (or out) without working out parents; `hangAll` does that once for all. */
  load(key: string, next: ChainRecord | undefined): void {
    const slot = next ? this.slotFor(key) : this.index.get(key);
    if (slot === undefined) return;
    this.write(slot, next);
    this.releaseIfUnused(slot);
  }

  /** Ends seeding: every record's parent. */
  hangAll(): void {
    for (let s = 0; s < this.keys.length; s++) {
      if (this.present[s] !== 1) continue;
      const p = this.bestParent(s);
      this.parents[s] = p;
      if (p !== -1) this.kids[p] = added(this.kids[p], s);
    }
  }

  /** Every present record's slot. */
  *all(): Generator<number> {
    for (let s = 0; s < this.keys.length; s++) if (this.present[s] === 1) yield s;
  }

  /** Writes a record's columns and links (both ways); its parent, who links to it and who hangs under it stay. */
  private write(slot: number, next: ChainRecord | undefined): void {
    const old = slotsOf(this.outs[slot]);
    for (const t of old) this.ins[t] = removed(this.ins[t], slot);
    let out: Many;
    if (next) {
      for (const target of next.out) {
        const t = this.slotFor(target);
        if (t === slot) continue;
        out = added(out, t);
        this.ins[t] = added(this.ins[t], slot);
      }
      this.present[slot] = 1;
      this.ranks[slot] = next.rank;
      this.created[slot] = next.created;
      this.accounts[slot] = next.account;
      this.writeReach(slot, next.reach);
    } else {
      this.present[slot] = 0;
      this.parents[slot] = -1;
      this.accounts[slot] = undefined;
    }
    this.outs[slot] = out;
    for (const t of old) this.releaseIfUnused(t);
  }

  private writeReach(slot: number, reach: readonly number[]): void {
    const base = slot * this.stride;
    for (let j = 0; j < this.stride; j++) this.reached[base + j] = j < reach.length ? reach[j]! : NaN;
  }

  private bestParent(slot: number): number {
    const rank = this.ranks[slot]!;
    let best = -1;
    const consider = (c: number) => {
      if (this.present[c] !== 1 || this.ranks[c]! >= rank) return;
      if (best === -1 || this.ranks[c]! > this.ranks[best]! || (this.ranks[c] === this.ranks[best]
        && (this.created[c]! < this.created[best]! || (this.created[c] === this.created[best] && this.keys[c]! < this.keys[best]!)))) best = c;
    };
    for (const c of slotsOf(this.outs[slot])) consider(c);
    for (const c of slotsOf(this.ins[slot])) consider(c);
    return best;
  }

  private reparent(slot: number): void {
    if (this.present[slot] !== 1) return;
    const best = this.bestParent(slot);
    const now = this.parents[slot]!;
    if (best === now) return;
    if (now !== -1) this.unhang(now, slot);
    if (best !== -1) this.kids[best] = added(this.kids[best], slot);
    this.parents[slot] = best;
  }

  private unhang(parent: number, slot: number): void { this.kids[parent] = removed(this.kids[parent], slot); }

  private slotFor(key: string): number {
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const slot = this.free.pop() ?? this.keys.length;
    if (slot >= this.present.length) this.grow();
    this.index.set(key, slot);
    this.keys[slot] = key;
    this.present[slot] = 0;
    this.parents[slot] = -1;
    this.accounts[slot] = undefined;
    this.outs[slot] = undefined;
    this.ins[slot] = undefined;
    this.kids[slot] = undefined;
    return slot;
  }

  /** Frees the slot of a record that is not there and that nothing links to. */
  private releaseIfUnused(slot: number): void {
    if (this.present[slot] === 1 || this.ins[slot] !== undefined || this.kids[slot] !== undefined) return;
    this.index.delete(this.keys[slot]!);
    this.keys[slot] = undefined;
    this.free.push(slot);
  }

  private grow(): void {
    const size = this.present.length * 2;
    const present = new Uint8Array(size); present.set(this.present); this.present = present;
    const ranks = new Int8Array(size); ranks.set(this.ranks); this.ranks = ranks;
    const created = new Float64Array(size); created.set(this.created); this.created = created;
    const parents = new Int32Array(size); parents.set(this.parents); this.parents = parents;
    const reached = new Float64Array(size * Math.max(1, this.stride)); reached.set(this.reached); this.reached = reached;
  }
}
