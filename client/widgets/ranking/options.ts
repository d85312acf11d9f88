import { z } from 'zod';
import { keyLabelOptions } from '../labels';

export const rankingOptionsSchema = z.strictObject({
  limit: z.number().int().min(1).max(50).default(10).describe('How many places the list has at most; fewer show when the box is too short for them.'),
  measure: z.enum(['value', 'amount']).default('value').describe('Which number of each item ranks it: its count, or its amount where the metric has one.'),
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto').describe("'auto' is currency for amounts, a plain number otherwise."),
  order: z.enum(['desc', 'asc']).default('desc').describe("'desc': the largest first (a top list); 'asc': the smallest first (e.g. the slowest regions)."),
  showBar: z.boolean().default(true).describe('A thin bar under each row, its length proportional to the largest value shown.'),
  ...keyLabelOptions,
});

export type RankingOptions = z.output<typeof rankingOptionsSchema>;
