import { z } from 'zod';
import { flowNameOptions } from '../flow-options';

export const flowPathsOptionsSchema = z.strictObject({
  showDepartment: z.boolean().default(true).describe("Name each step's department with the step (under it on a wall, beside it on a phone)."),
  showBreaks: z.boolean().default(true).describe('Draw the breaks (流程断点: instances waiting past a step\'s target) as red links into a break node beside the step.'),
  showSummary: z.boolean().default(true).describe('A line under the diagram: instances, completed, broken.'),
  ...flowNameOptions,
});

export type FlowPathsOptions = z.output<typeof flowPathsOptionsSchema>;
