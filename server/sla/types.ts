import type { SlaMetricName } from '../protocol/sla';

export type SlaMetric = SlaMetricName;
export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped' | 'cancelled';
export type Health = 'ok' | 'at_risk' | 'breached';

/** One SLA clock of one ticket (ARCHITECTURE §5.2 `SlaInstance`); instants are ISO UTC. */
export interface SlaInstance {
  metric: SlaMetric;
  cycle: number;
  clock: ClockState;
  in_hours: boolean;
  health: Health;
  outcome?: 'met' | 'missed';
  due_at: string | null;
  warn_at: string | null;
  business_elapsed_s: number;
  business_remaining_s: number;
  wall_until_due_s: number | null;
  fulfilled_at?: string;
  breached_at?: string;
  ever_breached: boolean;
  /** Why a cancelled clock stopped: the ticket went (deleted) or its target changed (restart_at_change). */
  cancel_reason?: 'cancelled' | 'retargeted';
  /** The source's own due time for this clock, where it reports one (decision 4). */
  vendor_due_at?: string;
  /** True when the source's due time and ours differ by more than 60 s: shown, never silently preferred. */
  vendor_disagrees?: boolean;
}

/** A clock's inputs once the ticket's history has been read: all instants in epoch ms. */
export interface ClockInput {
  metric: SlaMetric;
  cycle: number;
  startedAt: number;
  /** Pause intervals in time order; `end` undefined while the pause is still on. */
  pauses: { start: number; end?: number }[];
  fulfilledAt?: number;
  /** When the clock was cancelled, and why. */
  cancelledAt?: number;
  cancelReason?: 'cancelled' | 'retargeted';
  targetSeconds: number;
  /** Targets that applied before a priority change, each until the change (retarget_from_start). */
  earlierTargets?: { until: number; targetSeconds: number }[];
  warnPcts: number[];
  /** At risk this many counted seconds before due, if earlier than the percentages (T7). */
  warnBeforeSeconds?: number;
}
