import { z } from 'zod';
import { flowNameOptions } from '../flow-options';

export const flowStuckOptionsSchema = z.strictObject({
  rowHeight: z.number().int().min(40).max(140).default(64).describe('Row height in design px; the widget shows the rows that fit.'),
  showDepartment: z.boolean().default(true).describe("Tag each row with the department responsible for the step (on a wall-sized box)."),
  showWaited: z.boolean().default(true).describe('Show how long each instance has been waiting at its step (besides how far past the target it is).'),
  ...flowNameOptions,
});

export type FlowStuckOptions = z.output<typeof flowStuckOptionsSchema>;
