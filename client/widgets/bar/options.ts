import { z } from 'zod';
import { colorsOption } from '../colors';
import { keyLabelOptions } from '../labels';

export const barOptionsSchema = z.strictObject({
  horizontal: z.boolean().default(false),
  /** All items as segments of one bar: the make-up of a whole, e.g. orders by status. */
  stacked: z.boolean().default(false),
  /** Which number of each item: its count, or its amount where the metric has one. */
  measure: z.enum(['value', 'amount']).default('value'),
  /** 'auto' is currency for amounts, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto'),
  sort: z.enum(['none', 'desc', 'asc']).default('none'),
  /** Show only the first N items (after sorting), e.g. a top-8 ranking. */
  limit: z.number().int().min(1).max(50).optional(),
  showValues: z.boolean().default(true),
  colors: colorsOption,
  ...keyLabelOptions,
});

export type BarOptions = z.output<typeof barOptionsSchema>;
