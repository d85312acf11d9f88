import { z } from 'zod';
import { keyGroupSchema, keyLabelOptions } from '../labels';

export const funnelOptionsSchema = z.strictObject({
  measure: z.enum(['count', 'amount']).default('count').describe('Width of each stage by the number of deals that reached it, or by their amount.'),
  showConversion: z.boolean().default(true).describe('Conversion from the previous stage, beside each stage.'),
  ...keyLabelOptions,
  keys: keyGroupSchema.default('deal_stage').describe("Which canonical keys the stages are, for their labels; 'none' shows them as they come."),
});

export type FunnelOptions = z.output<typeof funnelOptionsSchema>;
