import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyLabelOptions } from '../labels';

export const pieOptionsSchema = z.strictObject({
  /** A ring (doughnut) with the total in its hole, instead of a full pie. */
  ring: z.boolean().default(false),
  /** Which number of each item: its count, or its amount where the metric has one. */
  measure: z.enum(['value', 'amount']).default('value'),
  /** 'auto' is currency for amounts, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency']).default('auto'),
  /** The largest N items get a slice each; the rest are summed into one "other" slice. */
  limit: z.number().int().min(1).max(20).default(7),
  /** The legend: beside the pie in a wide box, under it in a tall one. */
  showLegend: z.boolean().default(true),
  /** A label on each slice with its name and share in percent. */
  showLabels: z.boolean().default(true),
  colors: colorsOption,
  ...keyLabelOptions,
});

export type PieOptions = z.output<typeof pieOptionsSchema>;
