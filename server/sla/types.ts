import type { SlaMetricName } from '../protocol';

export type { ClockState, Health, SlaInstance } from '../protocol';

export type SlaMetric = SlaMetricName;
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
