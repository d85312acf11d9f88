import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyGroupSchema, keyLabelOptions } from '../labels';

export const orderFlowOptionsSchema = z.strictObject({
  /** A sankey of the moves between stages, or one bar per stage (the orders that reached it). */
  mode: z.enum(['sankey', 'bars']).default('sankey'),
  /** Leave out stages no order reached in the window (and that no move touches). */
  hideEmpty: z.boolean().default(true),
  /** Counts beside the stage names. */
  showValues: z.boolean().default(true),
  colors: colorsOption,
  ...keyLabelOptions,
  keys: keyGroupSchema.default('order_status'),
});

export type OrderFlowOptions = z.output<typeof orderFlowOptionsSchema>;
