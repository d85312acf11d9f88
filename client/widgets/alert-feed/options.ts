import { z } from 'zod';

export const alertFeedOptionsSchema = z.strictObject({
  /** Row height in design px; the widget shows the rows that fit. */
  rowHeight: z.number().int().min(40).max(140).default(60),
  /** Also list alerts not yet confirmed by a poll (pending). */
  showPending: z.boolean().default(true),
  /** Also list acknowledged alerts (marked ✓, after the others). */
  showAcknowledged: z.boolean().default(true),
  /** Only alerts of these groups (annotation `group`); empty means all. */
  groups: z.array(z.string().min(1)).default([]),
  showGroup: z.boolean().default(true),
  /** Tag each row with its SLA metric (首次响应 / 解决时长). */
  showMetric: z.boolean().default(true),
});

export type AlertFeedOptions = z.output<typeof alertFeedOptionsSchema>;
