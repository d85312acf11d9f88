/** The SLA metrics a clock can measure (docs/sla.md (SLA metrics)); `SlaInstance.metric` is one of them. */
export const SLA_METRICS = ['first_reply_time', 'next_reply_time', 'periodic_update', 'pausable_update',
  'requester_wait_time', 'agent_work_time', 'total_resolution_time', 'resolution'] as const;
export type SlaMetricName = (typeof SLA_METRICS)[number];

export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped' | 'cancelled';
export type Health = 'ok' | 'at_risk' | 'breached';

/** One SLA clock of one ticket (the what-if's and the queue's shape, docs/sla.md); instants are ISO UTC. */
export interface SlaInstance {
  metric: SlaMetricName;
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


/**
 * Where the finished (stopped or cancelled) SLA instances of each ticket are kept, with the ticket's
 * `updated_at` when they were kept: the SLA room reads them, the store keeps them (server/sla/finished.ts).
 */
export interface FinishedClocks {
  get(ticketKey: string): { updatedAt: string; instances: SlaInstance[] } | undefined;
  put(ticketKey: string, updatedAt: string, instances: SlaInstance[]): void;
}
