import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyGroupSchema, keyLabelOptions } from '../labels';

export const orderFlowOptionsSchema = z.strictObject({
  mode: z.enum(['sankey', 'bars']).default('sankey').describe('A sankey of the moves between stages, or one bar per stage (the orders that reached it).'),
  hideEmpty: z.boolean().default(true).describe('Leave out stages no order reached in the window (and that no move touches).'),
  showValues: z.boolean().default(true).describe('Counts beside the stage names.'),
  colors: colorsOption,
  ...keyLabelOptions,
  keys: keyGroupSchema.default('order_status').describe("Which canonical keys the stages are, for their labels; 'none' shows them as they come."),
});

export type OrderFlowOptions = z.output<typeof orderFlowOptionsSchema>;
