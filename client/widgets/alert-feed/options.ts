import { z } from 'zod';

export const alertFeedOptionsSchema = z.strictObject({
  rowHeight: z.number().int().min(40).max(140).default(60).describe('Row height in design px; the widget shows the rows that fit.'),
  showPending: z.boolean().default(true).describe('Also list alerts not yet confirmed by a poll (pending).'),
  showAcknowledged: z.boolean().default(true).describe('Also list acknowledged alerts (marked ✓, after the others).'),
  groups: z.array(z.string().min(1)).default([]).describe('Only alerts of these groups (annotation `group`); empty means all.'),
  showGroup: z.boolean().default(true).describe("Tag each row with its ticket's group."),
  showMetric: z.boolean().default(true).describe('Tag each row with its SLA metric (首次响应 / 解决时长).'),
});

export type AlertFeedOptions = z.output<typeof alertFeedOptionsSchema>;
