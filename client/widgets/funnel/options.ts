import { z } from 'zod';
import { keyGroupSchema, keyLabelOptions } from '../labels';

export const funnelOptionsSchema = z.strictObject({
  /** Width of each stage by the number of deals that reached it, or by their amount. */
  measure: z.enum(['count', 'amount']).default('count'),
  /** Conversion from the previous stage, beside each stage. */
  showConversion: z.boolean().default(true),
  ...keyLabelOptions,
  keys: keyGroupSchema.default('deal_stage'),
});

export type FunnelOptions = z.output<typeof funnelOptionsSchema>;
