/** The SLA metrics a clock can measure (sla-and-alerts.md §2.2); `SlaInstance.metric` is one of them. */
export const SLA_METRICS = ['first_reply_time', 'next_reply_time', 'periodic_update', 'pausable_update',
  'requester_wait_time', 'agent_work_time', 'total_resolution_time', 'resolution'] as const;
export type SlaMetricName = (typeof SLA_METRICS)[number];
