import { z } from 'zod';

export const slaQueueOptionsSchema = z.strictObject({
  /** Row height in design px; the widget shows the rows that fit. */
  rowHeight: z.number().int().min(40).max(140).default(60),
  showGroup: z.boolean().default(true),
  showAssignee: z.boolean().default(false),
  /** Tag each row with its SLA metric (首次响应 / 解决时长). */
  showMetric: z.boolean().default(true),
});

export type SlaQueueOptions = z.output<typeof slaQueueOptionsSchema>;
