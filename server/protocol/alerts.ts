import { z } from 'zod';

/** One alert per SLA instance and kind: `at_risk` when the warning point passes, `breach` when the due time does. */
export const ALERT_KINDS = ['at_risk', 'breach'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** `pending` until a poll confirms the condition, then `firing`, until it is `resolved` (sla-and-alerts.md §2.5). */
export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

const instant = z.string().min(1);

/**
 * An SLA alert as the dashboard stream carries it (ARCHITECTURE §5.3 `alert` event, `snapshot.alerts`).
 * Labels are its identity and never change; annotations may change without making a new alert.
 * `version` rises by one on every change of this alert, so a re-sent message is recognised.
 */
export const alertSchema = z.object({
  /** `source/ticket_id/metric/cycle/kind`. */
  alert_key: z.string().min(1),
  version: z.number().int().min(0),
  state: z.enum(ALERT_STATES),
  labels: z.object({
    source: z.string(),
    ticket_id: z.string(),
    metric: z.string(),
    cycle: z.number().int(),
    kind: z.enum(ALERT_KINDS),
  }),
  annotations: z.object({
    priority: z.string(),
    assignee: z.string().optional(),
    group: z.string().optional(),
    due_at: instant,
    title: z.string().optional(),
  }),
  /** A flag on a firing alert; cleared when it resolves. */
  acknowledged: z.boolean(),
  ack_by: z.string().optional(),
  ack_at: instant.optional(),
  ack_until: instant.optional(),
  fired_at: instant.optional(),
  resolved_at: instant.optional(),
  resolved_reason: z.enum(['fulfilled', 'retargeted', 'cancelled', 'retracted']).optional(),
  /** Still tracked and shown, but not notified. */
  suppressed: z.object({ silenced_by: z.array(z.string()), inhibited_by: z.array(z.string()) }).optional(),
  /** Fired after `max_unconfirmed` while its source was failing. */
  unconfirmed: z.boolean().optional(),
});

export type Alert = z.infer<typeof alertSchema>;
