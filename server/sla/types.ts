export type SlaMetric = 'first_reply_time' | 'resolution';
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
}

/** A clock's inputs once the ticket's history has been read: all instants in epoch ms. */
export interface ClockInput {
  metric: SlaMetric;
  startedAt: number;
  /** Pause intervals in time order; `end` undefined while the pause is still on. */
  pauses: { start: number; end?: number }[];
  fulfilledAt?: number;
  cancelled: boolean;
  targetSeconds: number;
  /** Targets that applied before a priority change, each until the change (retarget_from_start). */
  earlierTargets?: { until: number; targetSeconds: number }[];
  warnPcts: number[];
}
