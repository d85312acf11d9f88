import { isDeleted, type SourcedRecord } from '../model';
import type { BusinessCalendar } from '../sla';
import { Chains, type ChainRecord } from './chains';
import { TYPE_RANK, type FlowConfig, type StepOn } from './config';
import { compileFlow, evaluateInstance, type AccountRef, type CompiledFlow, type FlowInstance } from './instance';
import { reachReader } from './reach';

/** One instance that changed: as it is now, or null when it left the flow. */
export interface FlowChange { flow: string; id: string; instance: FlowInstance | null }

/** A record's key in the index, as the engine writes it: `source/type/id` (a source id holds no "/"). */
export const flowRecordKey = (source: string, type: string, id: string) => [source, type, id].join('/');

/** A step of one flow that records of one type reach. */
interface Slot { flow: number; step: number; on: StepOn }

const RANKS: Record<string, number | undefined> = TYPE_RANK;

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Every configured flow's instances, kept as record changes arrive (docs/flows.md). The records and their links are
 * chains (chains.ts): trees by type rank, deal → order → ticket. An instance is the tree under a record of the flow's
 * first step's type (or, when a chain has none, under its top record): one change costs the instances it touches
 * (their records), never a scan.
 */
export class FlowIndex {
  private readonly flows: CompiledFlow[];
  /** Per type rank, the steps of every flow that records of that type reach. */
  private readonly slots: Slot[][] = [[], [], []];
  private readonly chains: Chains;
  private readonly instanceMaps: Map<string, FlowInstance>[];
  /** Seeding: records are added without chains or instances until `settle`. */
  private loading = false;
  private loaded = false;

  constructor(flows: readonly FlowConfig[], calendars: readonly BusinessCalendar[] = []) {
    this.flows = flows.map((f) => compileFlow(f, calendars));
    this.flows.forEach((f, flow) => f.steps.forEach((s, step) => this.slots[s.rank]!.push({ flow, step, on: s.config.on })));
    this.chains = new Chains(Math.max(...this.slots.map((s) => s.length)));
    this.instanceMaps = this.flows.map(() => new Map());
  }

  /**
   * Seeding from the store: takes a record without working out chains or instances; `settle` (or the first `apply`
   * or read) does that once for all. On an index that has taken records already it is `apply`.
   */
  load(key: string, record: SourcedRecord): void {
    if (this.loaded && !this.loading) { this.apply(key, record); return; }
    this.loading = this.loaded = true;
    const rank = RANKS[record.type];
    if (rank === undefined || this.flows.length === 0) return;
    this.chains.load(key, isDeleted(record) ? undefined : this.read(key, record, rank));
  }

  /** Ends seeding: every record's parent, then every instance, once. */
  settle(): void {
    if (!this.loading) return;
    this.loading = false;
    this.chains.hangAll();
    this.flows.forEach((flow, i) => {
      for (const slot of this.chains.all()) {
        if (!this.isAnchor(slot, flow)) continue;
        const instance = this.evaluate(i, slot);
        if (instance) this.instanceMaps[i]!.set(instance.id, instance);
      }
    });
  }

  /** Takes a record as it now is (a tombstone takes it out) and returns the instances that changed. */
  apply(key: string, record: SourcedRecord): FlowChange[] {
    this.settle();
    this.loaded = true;
    const rank = RANKS[record.type];
    if (rank === undefined || this.flows.length === 0) return [];
    const known = this.chains.slot(key);
    const had = known !== undefined && this.chains.has(known);
    const next = isDeleted(record) ? undefined : this.read(key, record, rank);
    if (!had && !next) return [];
    if (had && next) {
      const how = this.chains.compare(known, next);
      if (how === 'same') return [];
      if (how === 'data') {
        // The chains stay as they are: only the instance holding it can change.
        this.chains.setData(known, next);
        return this.recompute(this.flows.map((f) => this.anchorsOf([known], f)));
      }
    }
    const plan = this.chains.plan(key, next, rank);
    const touched = this.flows.map((f) => this.anchorsOf(plan.moving, f));
    this.chains.commit(plan, next);
    this.flows.forEach((f, i) => { for (const a of this.anchorsOf(plan.moving, f)) touched[i]!.add(a); });
    return this.recompute(touched);
  }

  /** Every instance now, flow by flow (or of one flow): what seeds a metric created after start. */
  *instances(only?: string): Generator<FlowChange> {
    this.settle();
    for (const [i, f] of this.flows.entries()) {
      if (only !== undefined && f.id !== only) continue;
      for (const [id, instance] of this.instanceMaps[i]!) yield { flow: f.id, id, instance };
    }
  }

  /** One instance of a flow, by the key of the record it is rooted at. */
  instance(flow: string, id: string): FlowInstance | undefined {
    this.settle();
    const i = this.flows.findIndex((f) => f.id === flow);
    return i < 0 ? undefined : this.instanceMaps[i]!.get(id);
  }

  /**
   * The instances of every flow that hold a record (by its key), one per flow at most: a walk up from the record to
   * its anchor in each flow, never a scan. Empty for a record the index does not hold or that is in no instance.
   */
  instancesOf(key: string): FlowInstance[] {
    this.settle();
    const slot = this.chains.slot(key);
    if (slot === undefined || !this.chains.has(slot)) return [];
    const out: FlowInstance[] = [];
    this.flows.forEach((f, i) => {
      const anchor = this.anchorOf(slot, f);
      const instance = anchor === undefined ? undefined : this.instanceMaps[i]!.get(anchor);
      if (instance) out.push(instance);
    });
    return out;
  }

  /** How many instances a flow has now. */
  count(flow: string): number {
    this.settle();
    const i = this.flows.findIndex((f) => f.id === flow);
    return i < 0 ? 0 : this.instanceMaps[i]!.size;
  }

  /** What the chains keep of a record: links (deduplicated, never itself), creation, account, steps reached. */
  private read(key: string, record: SourcedRecord, rank: number): ChainRecord {
    const out: string[] = [];
    if (record.type !== 'account') {
      for (const link of record.links ?? []) {
        const k = flowRecordKey(link.source ?? record.source, link.type, link.id);
        if (k !== key && !out.includes(k)) out.push(k);
      }
    }
    const slots = this.slots[rank]!;
    const reach = new Array<number>(slots.length);
    const reachedAt = reachReader(record);
    for (let j = 0; j < slots.length; j++) reach[j] = reachedAt(slots[j]!.on) ?? NaN;
    const account = record.type === 'account' ? undefined : record.account_id;
    return { rank, created: Date.parse(record.created_at), account, out, reach };
  }

  /** Whether a record roots an instance of the flow: of the first step's rank or below, with no parent that is. */
  private isAnchor(slot: number, flow: CompiledFlow): boolean {
    const c = this.chains;
    return c.has(slot) && c.rank(slot) >= flow.rootRank && (c.parent(slot) === -1 || c.rank(c.parent(slot)) < flow.rootRank);
  }

  /**
   * The key of the root of the instance a record belongs to in a flow: its highest ancestor (or itself) whose type is
   * the first step's or one below it. Undefined for a record above the flow (a deal, in a flow rooted at orders).
   */
  private anchorOf(slot: number, flow: CompiledFlow): string | undefined {
    const c = this.chains;
    let anchor: number | undefined;
    for (let s = slot; s !== -1 && c.has(s) && c.rank(s) >= flow.rootRank; s = c.parent(s)) anchor = s;
    return anchor === undefined ? undefined : c.key(anchor);
  }

  private anchorsOf(slots: readonly number[], flow: CompiledFlow): Set<string> {
    const out = new Set<string>();
    for (const s of slots) { const a = this.anchorOf(s, flow); if (a !== undefined) out.add(a); }
    return out;
  }

  /** Re-evaluates the given instances of each flow; returns those that changed. */
  private recompute(touched: Set<string>[]): FlowChange[] {
    const changes: FlowChange[] = [];
    touched.forEach((ids, i) => {
      const flow = this.flows[i]!;
      const map = this.instanceMaps[i]!;
      for (const id of ids) {
        const slot = this.chains.slot(id);
        const now = slot !== undefined && this.isAnchor(slot, flow) ? this.evaluate(i, slot) : undefined;
        const before = map.get(id);
        if (now === undefined) {
          if (before) { map.delete(id); changes.push({ flow: flow.id, id, instance: null }); }
        } else if (!before || !sameInstance(before, now)) {
          map.set(id, now);
          changes.push({ flow: flow.id, id, instance: now });
        }
      }
    });
    return changes;
  }

  /** The instance rooted at `rootSlot` in flow `i` from its records now; undefined when it reached no step waited for. */
  private evaluate(i: number, rootSlot: number): FlowInstance | undefined {
    const c = this.chains;
    const flow = this.flows[i]!;
    const n = flow.steps.length;
    const reached: (number | null)[] = new Array<number | null>(n).fill(null);
    const by: (string | null)[] = new Array<string | null>(n).fill(null);
    let owner = c.account(rootSlot) !== undefined ? rootSlot : -1;
    let records = 0;
    const stack = [rootSlot];
    while (stack.length > 0) {
      const s = stack.pop()!;
      records++;
      const key = c.key(s);
      const slots = this.slots[c.rank(s)]!;
      for (let j = 0; j < slots.length; j++) {
        const t = c.reach(s, j);
        if (slots[j]!.flow !== i || Number.isNaN(t)) continue;
        const step = slots[j]!.step;
        const best = reached[step] ?? null;
        if (best === null || t < best || (t === best && key < by[step]!)) { reached[step] = t; by[step] = key; }
      }
      // The chain's account: its root's, else the first record under it naming one (by rank, creation, key).
      if (owner !== rootSlot && c.account(s) !== undefined && (owner === -1 || c.rank(s) < c.rank(owner)
        || (c.rank(s) === c.rank(owner) && (c.createdAt(s) < c.createdAt(owner) || (c.createdAt(s) === c.createdAt(owner) && key < c.key(owner)))))) owner = s;
      for (const kid of c.children(s)) stack.push(kid);
    }
    const evaluated = evaluateInstance(flow, reached);
    if (!evaluated) return undefined;
    const id = c.key(rootSlot);
    const account: AccountRef | null = owner === -1 ? null : { source: c.key(owner).slice(0, c.key(owner).indexOf('/')), id: c.account(owner)! };
    return { flow: flow.id, id, ...evaluated, reached, by, account, records };
  }
}

/** Whether two evaluations of one instance say the same. */
function sameInstance(a: FlowInstance, b: FlowInstance): boolean {
  if (a.entered_at_step !== b.entered_at_step || a.records !== b.records || !sameList(a.reached, b.reached) || !sameList(a.by, b.by)) return false;
  if (a.account?.source !== b.account?.source || a.account?.id !== b.account?.id) return false;
  if (a.waiting?.step !== b.waiting?.step || a.waiting?.since !== b.waiting?.since || a.waiting?.due_at !== b.waiting?.due_at) return false;
  return a.handoffs.every((h, s) => {
    const o = b.handoffs[s];
    return h === o || (h !== null && o != null && h.from === o.from && h.seconds === o.seconds && h.due_at === o.due_at && h.late === o.late);
  });
}
