import { z } from 'zod';
import { flowNameOptions } from '../flow-options';

export const handoffLanesOptionsSchema = z.strictObject({
  stuck: z.boolean().default(true).describe(
    "Show each lane's stuck count, from a `flow.stuck` value of the same flow on this screen (another widget must show it): "
    + 'one without a `department` param, else one for the department all lanes share. Without one, the stuck column is left out.'),
  showLate: z.boolean().default(true).describe("Show each lane's late share (hand-offs that arrived after the target) in percent."),
  ...flowNameOptions,
});

export type HandoffLanesOptions = z.output<typeof handoffLanesOptionsSchema>;
