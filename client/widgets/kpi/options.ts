import { z } from 'zod';
import { thresholdOptions } from '../levels';
import { SLA_FIELDS } from '../pick';

export const kpiOptionsSchema = z.strictObject({
  unit: z.string().default('').describe('Shown after the number, e.g. "单".'),
  format: z.enum(['auto', 'number', 'currency', 'percent', 'duration']).default('auto').describe("'auto' is a percent for SLA compliance, a plain number otherwise."),
  compact: z.boolean().default(true).describe('万/亿 (K/M) for big numbers.'),
  decimals: z.number().int().min(0).max(4).optional().describe("Digits after the decimal point; the format's usual number otherwise."),
  field: z.enum(SLA_FIELDS).default('compliance').describe('Which number of an SLA summary (or a durations value) to show.'),
  showChange: z.boolean().default(true).describe('Change against the previous period, when the metric has one (for a series: see `changeFrom`).'),
  changeFrom: z.enum(['previous', 'first']).default('previous').describe('For a series: compare its last point with the one before it, or with its first point.'),
  sparkline: z.boolean().default(true).describe('For a series: a small trend line of its points under the number.'),
  ...thresholdOptions,
});

export type KpiOptions = z.output<typeof kpiOptionsSchema>;
