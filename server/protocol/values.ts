import type { MetricParams } from './metric-key';

/** A number with the same measure over the previous period (null where a metric has none). */
export interface ScalarValue { kind: 'scalar'; value: number; previous: number | null }
/** Counts (or sums) per category, in a stable order. */
export interface BreakdownValue { kind: 'breakdown'; items: { key: string; value: number; amount?: number }[] }
/** A time series in fixed buckets; `t` is the bucket start (ISO, UTC). */
export interface SeriesValue { kind: 'series'; bucket: string; points: { t: string; value: number }[] }
export interface FunnelValue {
  kind: 'funnel';
  /** `conversion`: this stage's count as a percent of the previous stage's (null for the first). */
  /** `amount` is absent where the holder may not see money amounts (docs/access.md). */
  stages: { stage: string; count: number; amount?: number; conversion: number | null }[];
}
export interface SlaSummaryValue {
  kind: 'sla-summary';
  running: number; at_risk: number; breached: number; met: number; missed: number;
  /** met / (met + missed) in percent, null while nothing has finished in the window. */
  compliance: number | null;
}
export interface SlaQueueItem {
  ticket_id: string; subject?: string; priority: string; group?: string; assignee?: string;
  metric: string; due_at: string; health: 'ok' | 'at_risk' | 'breached'; clock: 'running' | 'paused';
  /** For paused instances: business seconds left when the clock stopped. */
  remaining_s?: number;
  /** The source's own due time, where it reports one, and whether it differs from ours by over 60 s. */
  vendor_due_at?: string;
  vendor_disagrees?: boolean;
}
export interface SlaQueueValue { kind: 'sla-queue'; items: SlaQueueItem[]; total: number }

/** Durations (seconds) over a window: how many, and their median, 90th percentile and mean. */
export interface DurationsValue { kind: 'durations'; count: number; p50_s: number | null; p90_s: number | null; mean_s: number | null }

/**
 * Moves between stages over a window: `nodes` per stage (how many reached it), `links` per pair of stages
 * (how many moved from one to the other). Links never form a cycle, so a sankey can draw them.
 */
export interface FlowValue { kind: 'flow'; nodes: { key: string; value: number }[]; links: { from: string; to: string; value: number }[] }

/** One step boundary of a business flow (docs/flows.md): the hand-offs into step `to`, charged to its department. */
export interface HandoffLane {
  /** The step before `to` in the flow, and `to` itself (step ids). */
  from: string; to: string;
  department: string;
  /** The step's target in seconds (business seconds with a calendar); null without one. */
  target_s: number | null;
  /** Instances that reached `to` within the window. */
  through: number;
  /** Median and 90th percentile of their hand-off times, whole seconds; null when none. */
  p50_s: number | null; p90_s: number | null;
  /** Of `through`, those that reached `to` after its target ran out, and their share in percent (null: no target or none through). */
  late: number; late_pct: number | null;
  /** Instances waiting at `to` now. */
  waiting: number;
}
export interface HandoffsValue { kind: 'handoffs'; flow: string; lanes: HandoffLane[] }

/** An instance waiting at a step past its target, for a queue. */
export interface FlowStuckItem {
  /** The instance: the key (`source/type/id`) of the record it is rooted at. */
  instance: string;
  /** The chain's customer account in its source, and the customer it resolves to where the hub has a customer map. */
  account?: { source: string; id: string };
  customer_id?: string;
  step: string; department: string;
  /** Since when it waits (the previous step reached) and when the target ran out (ISO). */
  waiting_since: string; due_at: string;
}
export interface FlowStuckValue {
  kind: 'flow-stuck'; flow: string;
  total: number;
  /** Stuck instances per department responsible for the step they wait at, most first. */
  departments: { department: string; count: number }[];
  /** Per (step, department) with a stuck instance, in step order: how many, and since when the longest waiting one waits (ISO). */
  groups: { step: string; department: string; count: number; oldest_since: string }[];
  /** The longest waiting first. */
  items: FlowStuckItem[];
}

/**
 * How instances entered within the window move through a flow's steps: per step, how many reached it, entered the
 * flow there, wait there now and are broken there (waiting past its target: a 流程断点); `links` the moves from one
 * step reached to the next reached, `breaks` from the last step reached to the step not reached in time.
 */
export interface FlowPathsValue {
  kind: 'flow-paths'; flow: string;
  instances: number; completed: number;
  steps: { step: string; department: string; reached: number; entered: number; waiting: number; broken: number }[];
  links: { from: string; to: string; value: number }[];
  breaks: { from: string; to: string; value: number }[];
}

/**
 * Tickets passed between groups (踢皮球, `tickets.reassignments`). A pass is a `group` event whose `to` differs from the
 * ticket's group just before it (the first group assignment is no pass).
 */
export interface ReassignmentsValue {
  kind: 'reassignments';
  /** Tickets passed between groups within the window (at least one pass), and of them those passed `min` or more times. */
  passed: number; bounced: number; min: number;
  /** Unordered group pairs the window's passes went between, most passes first (`a` < `b` by string order), top `limit`. */
  pairs: { a: string; b: string; passes: number; tickets: number }[];
  /** The bounced tickets with most passes first, top `limit`: ticket key `source/ticket/id`, passes, groups in order visited. */
  items: { ticket: string; source: string; id: string; passes: number; groups: string[]; subject?: string }[];
}

export type MetricPayload =
  | FlowValue | DurationsValue | ScalarValue | BreakdownValue | SeriesValue | FunnelValue | SlaSummaryValue | SlaQueueValue
  | HandoffsValue | FlowStuckValue | FlowPathsValue | ReassignmentsValue;

/** What the hub pushes for one metric key (docs/api.md, Socket.IO). */
export interface MetricValue<V extends MetricPayload = MetricPayload> {
  key: string;
  id: string;
  params: MetricParams;
  value: V;
  /** Rises by one each time this key's value changes within one epoch. */
  version: number;
  /** Time of the newest source data behind the value (ISO); null when no source has delivered yet. */
  asOf: string | null;
  computedAt: string;
  /** True while a source behind the value is failing, late or still in its first sync. */
  stale: boolean;
  /**
   * `syncing` while a source behind the value is in its first sync (its records are still arriving: the value is not
   * the whole picture yet, and a wall says so rather than show it as data); absent once they all have synced.
   */
  phase?: 'syncing';
}
