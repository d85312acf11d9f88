import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyLabelOptions } from '../labels';

export const pieOptionsSchema = z.strictObject({
  ring: z.boolean().default(false).describe('A ring (doughnut) with the total in its hole, instead of a full pie.'),
  measure: z.enum(['value', 'amount']).default('value').describe('Which number of each item: its count, or its amount where the metric has one.'),
  format: z.enum(['auto', 'number', 'currency']).default('auto').describe("'auto' is currency for amounts, a plain number otherwise."),
  limit: z.number().int().min(1).max(20).default(7).describe('The largest N items get a slice each; the rest are summed into one "other" slice.'),
  showLegend: z.boolean().default(true).describe('The legend: beside the pie in a wide box, under it in a tall one.'),
  showLabels: z.boolean().default(true).describe('A label on each slice with its name and share in percent.'),
  colors: colorsOption,
  ...keyLabelOptions,
});

export type PieOptions = z.output<typeof pieOptionsSchema>;
