import { z } from 'zod';
import { keyLabelOptions } from '../labels';

export const rankingOptionsSchema = z.strictObject({
  /** How many places the list has at most; fewer show when the box is too short for them. */
  limit: z.number().int().min(1).max(50).default(10),
  /** Which number of each item ranks it: its count, or its amount where the metric has one. */
  measure: z.enum(['value', 'amount']).default('value'),
  /** 'auto' is currency for amounts, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto'),
  /** 'desc': the largest first (a top list); 'asc': the smallest first (e.g. the slowest regions). */
  order: z.enum(['desc', 'asc']).default('desc'),
  /** A thin bar under each row, its length proportional to the largest value shown. */
  showBar: z.boolean().default(true),
  ...keyLabelOptions,
});

export type RankingOptions = z.output<typeof rankingOptionsSchema>;
