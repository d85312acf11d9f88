import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyLabelOptions } from '../labels';

export const barOptionsSchema = z.strictObject({
  horizontal: z.boolean().default(false).describe('Bars from the left, one per row (long names read better), instead of columns.'),
  stacked: z.boolean().default(false).describe('All items as segments of one bar: the make-up of a whole, e.g. orders by status.'),
  measure: z.enum(['value', 'amount']).default('value').describe('Which number of each item: its count, or its amount where the metric has one.'),
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto').describe("'auto' is currency for amounts, a plain number otherwise."),
  sort: z.enum(['none', 'desc', 'asc']).default('none').describe('Order of the items: as the metric gives them, largest first, or smallest first.'),
  limit: z.number().int().min(1).max(50).optional().describe('Show only the first N items (after sorting), e.g. a top-8 ranking.'),
  showValues: z.boolean().default(true).describe('The value at the end of each bar (inside each segment when stacked).'),
  colors: colorsOption,
  ...keyLabelOptions,
});

export type BarOptions = z.output<typeof barOptionsSchema>;
