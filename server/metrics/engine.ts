import { FlowIndex, type FlowConfig, type FlowInstance } from '../flows';
import type { RecordType, SourcedRecord, Ticket } from '../model';
import { metricKey, type MetricParams, type MetricPayload, type MetricRef, type MetricValue } from '../protocol';
import { SlaTracker, mayHaveLiveClocks, type BusinessCalendar, type FinishedClocks, type TicketSla } from '../sla';
import type { SlaPolicyConfig } from '../sla';
import type { Aggregator, EngineInput, MetricDefinition } from './types';
import { windowRange, windowSchema, type WindowName } from './windows';

/** A request for a metric that does not exist or whose params are wrong; names where and what. */
export class MetricError extends Error {
  constructor(readonly code: 'unknown_metric' | 'bad_params' | 'rate_limited', message: string, readonly path?: string) {
    super(message);
    this.name = 'MetricError';
  }
}

/** How fresh the data behind an entity is; supplied by the sources room through app.ts. */
export type Freshness = (entity: RecordType) => { asOf: string | null; stale: boolean; syncing?: boolean };

/**
 * From which instant (epoch ms) the store holds every record of an entity: the latest of the covered-from
 * instants of the sources feeding it; null while one of them has stored data but not finished its first
 * backfill (or cannot tell where it began). Supplied by the sources room through app.ts.
 */
export type Coverage = (entity: RecordType) => number | null;

export interface EngineDeps {
  timezone: string;
  policies: readonly SlaPolicyConfig[];
  calendars?: readonly BusinessCalendar[];
  catalogue: readonly MetricDefinition<never>[];
  /** Every stored record, to seed aggregators that are created after start. */
  replay: () => Iterable<SourcedRecord>;
  freshness: Freshness;
  /**
   * A value's `previous` is given only when the store covers the whole previous span (docs/metrics.md,
   * Comparisons). Absent: every entity counts as covered from the beginning (tests of the catalogue alone).
   */
  coverage?: Coverage;
  /** Where finished SLA instances are kept, so they are never recomputed (C3) nor re-evaluated at start. */
  finished?: FinishedClocks;
  /** Told every ticket's SLA instances whenever they are evaluated (a change, a passed deadline, the start): the alerts room listens. */
  onSla?: (sla: TicketSla, at: number) => void;
  /** A ticket whose SLA clocks cannot be evaluated (it then has none); the others go on. */
  onSlaError?: (key: string, err: Error) => void;
  /** The configured business flows: the engine keeps their instances (server/flows) for the flow metrics. */
  flows?: readonly FlowConfig[];
  /** The customer a source's account id belongs to (the customer map), read by the flow metrics when they are read. */
  customerOf?: (source: string, accountId: string) => string | undefined;
}

interface Slot {
  def: MetricDefinition<never>; params: MetricParams; agg: Aggregator; current?: MetricValue;
  /** The key's `window` param, when it has one: what its `previous` compares against. */
  window?: WindowName;
  /** The record types its value is made of: its entity, or for a flow metric every type its flow's steps name. */
  entities: readonly RecordType[];
}

/** join, not a template: a template makes a rope of two string nodes per record, held in every aggregate's index. */
const recordKey = (r: SourcedRecord) => [r.source, r.type, r.id].join('/');
/**
 * The longest window a metric counts finished SLA clocks in (30d, or a month to date), with a day to spare:
 * a finished ticket last updated before it cannot count, so seeding skips it.
 */
export const OLDEST_WINDOW_MS = 32 * 86_400_000;

/**
 * Computes each distinct (metric, params) key once, incrementally, and tells which keys changed.
 * Pure apart from the records handed in: `now` is always an argument.
 */
export function createEngine(deps: EngineDeps) {
  const byId = new Map(deps.catalogue.map((d) => [d.id, d]));
  const slots = new Map<string, Slot>();
  const dirty = new Set<string>();
  const tracker = new SlaTracker(deps.policies, deps.calendars, deps.finished, deps.onSlaError);
  // Survive a key's release, so a key created again neither goes back in version nor bumps it for nothing.
  const versions = new Map<string, { version: number; json: string }>();
  // Business flow instances, kept from the first flow metric on (seeded from the store then), fed every record after.
  const flowIndex = deps.flows?.length ? new FlowIndex(deps.flows, deps.calendars) : undefined;
  let flowsSeeded = false;
  const ctxOf = (at: number) => ({ timezone: deps.timezone, now: at, ...(deps.flows ? { flows: deps.flows } : {}),
    ...(deps.customerOf ? { customerOf: deps.customerOf } : {}) });

  /** Validates a metric reference and returns its canonical key and params (defaults applied). */
  function resolve(ref: MetricRef): { def: MetricDefinition<never>; key: string; params: MetricParams } {
    const def = byId.get(ref.id);
    if (!def) throw new MetricError('unknown_metric', `unknown metric "${ref.id}"`, 'id');
    const parsed = def.params.safeParse(ref.params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['params', ...issue.path.map(String)].join('.');
      throw new MetricError('bad_params', `${ref.id}: ${path}: ${issue.message}`, path);
    }
    const params = Object.fromEntries(Object.entries(parsed.data as object)
      .filter(([, v]) => v !== undefined)) as MetricParams;
    if (def.input === 'flow' && !deps.flows?.some((f) => f.id === params.flow)) {
      const known = deps.flows?.map((f) => f.id).join(', ') || 'none configured';
      throw new MetricError('bad_params', `${ref.id}: params.flow: no flow "${String(params.flow)}" in the config (known: ${known})`, 'params.flow');
    }
    return { def, key: metricKey(def.id, params), params };
  }

  /** Hands an input to a slot if it is the kind that slot reads; says whether it did. */
  function feed(slot: Slot, input: EngineInput): boolean {
    const wanted = input.kind === 'record'
      ? slot.def.input === 'record' && input.record.type === slot.def.entity
      : slot.def.input === input.kind;
    if (wanted) slot.agg.apply(input);
    return wanted;
  }

  /** Creates the keys not yet computed and seeds them from the store in one pass. */
  function ensure(refs: readonly MetricRef[], at: number): string[] {
    const created: Slot[] = [];
    const keys = refs.map((ref) => {
      const { def, key, params } = resolve(ref);
      if (!slots.has(key)) created.push(createSlot(key, def, params, at));
      return key;
    });
    seed(created, at);
    return keys;
  }

  /** A key's slot with a fresh aggregate (not seeded yet), in place of any it had. */
  function createSlot(key: string, def: MetricDefinition<never>, params: MetricParams, at: number): Slot {
    const window = windowSchema.safeParse(params.window);
    const slot: Slot = { def, params, agg: def.create(params as never, ctxOf(at)), entities: entitiesOf(def, params),
      ...(window.success ? { window: window.data } : {}) };
    slots.set(key, slot);
    dirty.add(key);
    return slot;
  }

  /**
   * Puts metrics in the catalogue (new or changed definitions) and takes others out. Each key of a changed metric is
   * computed afresh from the store, with its params checked again; a key the new definition refuses, or whose
   * metric is gone, is dropped (returned). No other key is touched.
   */
  function redefine(changed: readonly MetricDefinition<never>[], removed: readonly string[], at: number): string[] {
    for (const id of removed) byId.delete(id);
    for (const def of changed) byId.set(def.id, def);
    const dropped: string[] = [];
    const created: Slot[] = [];
    for (const [key, slot] of [...slots]) {
      const def = byId.get(slot.def.id);
      if (def === slot.def) continue;
      const params = def?.params.safeParse(slot.params);
      if (!def || !params?.success) { slots.delete(key); dirty.delete(key); dropped.push(key); continue; }
      created.push(createSlot(key, def, slot.params, at));
    }
    seed(created, at);
    return dropped;
  }

  /** Seeds new slots from the store in one pass (records, SLA clocks, flow instances). */
  function seed(created: readonly Slot[], at: number): void {
    if (created.length === 0) return;
    const needSla = created.some((s) => s.def.input === 'sla');
    const needFlows = created.some((s) => s.def.input === 'flow');
    const seedFlows = needFlows && flowIndex !== undefined && !flowsSeeded;
    for (const record of deps.replay()) {
      const key = recordKey(record);
      const input: EngineInput = { kind: 'record', key, record };
      for (const slot of created) if (slot.def.input === 'record') feed(slot, input);
      if (seedFlows) flowIndex.load(key, record); // chains and instances worked out once, below
      if (needSla && record.type === 'ticket' && (mayHaveLiveClocks(record) || Date.parse(record.updated_at) > at - OLDEST_WINDOW_MS)) {
        const sla = tracker.peek(key, record as Ticket, at);
        for (const slot of created) if (slot.def.input === 'sla') feed(slot, { kind: 'sla', sla });
      }
    }
    if (seedFlows) { flowIndex.settle(); flowsSeeded = true; }
    if (needFlows && flowIndex) {
      for (const change of flowIndex.instances()) for (const slot of created) if (slot.def.input === 'flow') feed(slot, { kind: 'flow', change });
    }
    // Seeding appends; this sorts each new aggregate once now, not inside the first change that touches it.
    for (const slot of created) slot.agg.advance(at);
  }

  function broadcast(input: EngineInput) {
    for (const [key, slot] of slots) if (feed(slot, input)) dirty.add(key); // compared at collect
  }

  /**
   * A comparison only against a span the store holds in full: a scalar's `previous` whose window's previous span
   * starts before the coverage of the metric's entity (or whose entity is not covered yet) becomes null. One rule
   * for every window and every metric, wherever it computed its previous.
   */
  function comparable(slot: Slot, value: MetricPayload, at: number): MetricPayload {
    if (value.kind !== 'scalar' || value.previous === null || !slot.window || !deps.coverage) return value;
    const from = deps.coverage(slot.def.entity);
    return from !== null && from <= windowRange(slot.window, at, deps.timezone).prevStart ? value : { ...value, previous: null };
  }

  /** A flow metric is made of the records of every type its flow's steps name (docs/flows.md, Data age). */
  function entitiesOf(def: MetricDefinition<never>, params: MetricParams): RecordType[] {
    const flow = def.input === 'flow' ? deps.flows?.find((f) => f.id === params.flow) : undefined;
    return flow ? [...new Set(flow.steps.map((s) => s.on.type))] : [def.entity];
  }

  /**
   * A value's data age from every entity it is made of: the oldest `asOf` wins (null, an entity no source has
   * delivered yet, is the oldest), and it is stale when any of them is.
   */
  function ageOf(slot: Slot): { asOf: string | null; stale: boolean; phase?: 'syncing' } {
    let asOf: string | null | undefined, stale = false, syncing = false;
    for (const entity of slot.entities) {
      const age = deps.freshness(entity);
      stale ||= age.stale;
      syncing ||= age.syncing === true;
      if (asOf === undefined || (asOf !== null && (age.asOf === null || age.asOf < asOf))) asOf = age.asOf;
    }
    return { asOf: asOf ?? null, stale, ...(syncing ? { phase: 'syncing' as const } : {}) };
  }

  function slaChanged(sla: TicketSla, at: number) { broadcast({ kind: 'sla', sla }); deps.onSla?.(sla, at); }

  /** The flow index, seeded from the store the first time anything reads it (a metric or the REST API); undefined without flows. */
  function flowsRead(): FlowIndex | undefined {
    if (!flowIndex || flowsSeeded) return flowIndex;
    for (const record of deps.replay()) flowIndex.load(recordKey(record), record);
    flowIndex.settle();
    flowsSeeded = true;
    return flowIndex;
  }

  return {
    resolve,
    ensure,
    redefine,
    /** The metric of an id now, built-in or defined; undefined when none. */
    metric: (id: string): MetricDefinition<never> | undefined => byId.get(id),
    /** Applies stored record changes (in order) to the SLA clocks and every aggregator. */
    ingest(records: readonly SourcedRecord[], at: number) {
      for (const record of records) {
        const key = recordKey(record);
        broadcast({ kind: 'record', key, record });
        if (record.type === 'ticket') slaChanged(tracker.update(key, record, at), at);
        if (flowsSeeded) for (const change of flowIndex!.apply(key, record)) broadcast({ kind: 'flow', change });
      }
    },
    /** Loads every stored ticket's SLA clocks at start, so deadlines fire without a change. */
    loadClocks(records: Iterable<SourcedRecord>, at: number) {
      for (const r of records) {
        if (r.type === 'ticket' && mayHaveLiveClocks(r)) {
          const sla = tracker.update(recordKey(r), r, at);
          deps.onSla?.(sla, at);
        }
      }
    },
    /** Moves windows to `at` and re-evaluates the tickets whose deadline passed. */
    tick(at: number) {
      for (const [key, slot] of slots) { slot.agg.advance(at); dirty.add(key); }
      for (const sla of tracker.due(at)) slaChanged(sla, at);
    },
    /** Marks every key of an entity for a fresh look (its sources' health or coverage changed). */
    touch(entity: RecordType) {
      for (const [key, slot] of slots) if (slot.entities.includes(entity)) dirty.add(key);
    },
    /** The values that changed since the last collect, each with its version raised by one. */
    collect(at: number): MetricValue[] {
      const changed: MetricValue[] = [];
      for (const key of dirty) {
        const slot = slots.get(key);
        if (!slot) continue;
        const value = comparable(slot, slot.agg.value(at), at);
        const { asOf, stale, phase } = ageOf(slot);
        const json = JSON.stringify([value, stale, phase]);
        const last = versions.get(key);
        if (json === last?.json && slot.current) continue;
        const version = json === last?.json ? last.version : (last?.version ?? 0) + 1;
        versions.set(key, { version, json });
        slot.current = { key, id: slot.def.id, params: slot.params, value, version, asOf, computedAt: new Date(at).toISOString(), stale, ...(phase ? { phase } : {}) };
        if (version !== last?.version) changed.push(slot.current);
      }
      dirty.clear();
      return changed;
    },
    /** The last collected value of a key, with its data age as of now (for snapshots and REST). */
    current(key: string): MetricValue | undefined {
      const slot = slots.get(key);
      if (!slot?.current) return undefined;
      const { phase: _was, ...value } = slot.current; // the phase as of now, like the data age
      return { ...value, ...ageOf(slot) };
    },
    release(key: string) { slots.delete(key); dirty.delete(key); },
    /** Every instance of a flow now (none for a flow not configured): the REST API's reads (docs/api.md). */
    *flowInstances(flow: string): Generator<FlowInstance> {
      const index = flowsRead();
      if (!index) return;
      for (const change of index.instances(flow)) if (change.instance) yield change.instance;
    },
    /** One instance of a flow, by the key of the record it is rooted at. */
    flowInstance: (flow: string, id: string): FlowInstance | undefined => flowsRead()?.instance(flow, id),
    /** The instances of every flow that hold a record (`source/type/id`). */
    instancesOf: (key: string): FlowInstance[] => flowsRead()?.instancesOf(key) ?? [],
    keys: () => [...slots.keys()],
    get liveClocks() { return tracker.liveCount; },
  };
}

export type Engine = ReturnType<typeof createEngine>;
