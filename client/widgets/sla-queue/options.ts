import { z } from 'zod';

export const slaQueueOptionsSchema = z.strictObject({
  rowHeight: z.number().int().min(40).max(140).default(60).describe('Row height in design px; the widget shows the rows that fit.'),
  showGroup: z.boolean().default(true).describe("Tag each row with its ticket's group (on a wall-sized box)."),
  showAssignee: z.boolean().default(false).describe("Tag each row with its ticket's assignee (on a wall-sized box)."),
  showMetric: z.boolean().default(true).describe('Tag each row with its SLA metric (首次响应 / 解决时长).'),
});

export type SlaQueueOptions = z.output<typeof slaQueueOptionsSchema>;
