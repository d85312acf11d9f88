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

export type MetricPayload =
  | FlowValue | DurationsValue | ScalarValue | BreakdownValue | SeriesValue | FunnelValue | SlaSummaryValue | SlaQueueValue;

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
  /** True while a source behind the value is failing or late. */
  stale: boolean;
}
