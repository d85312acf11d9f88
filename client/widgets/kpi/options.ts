import { z } from 'zod';
import { thresholdOptions } from '../levels';
import { SLA_FIELDS } from '../pick';

export const kpiOptionsSchema = z.strictObject({
  /** Shown after the number, e.g. "单". */
  unit: z.string().default(''),
  /** 'auto' is a percent for SLA compliance, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency', 'percent', 'duration']).default('auto'),
  /** 万/亿 (K/M) for big numbers. */
  compact: z.boolean().default(true),
  decimals: z.number().int().min(0).max(4).optional(),
  /** Which number of an SLA summary (or a durations value) to show. */
  field: z.enum(SLA_FIELDS).default('compliance'),
  /** Change against the previous period, when the metric has one (for a series: see `changeFrom`). */
  showChange: z.boolean().default(true),
  /** For a series: compare its last point with the one before it, or with its first point. */
  changeFrom: z.enum(['previous', 'first']).default('previous'),
  /** For a series: a small trend line of its points under the number. */
  sparkline: z.boolean().default(true),
  ...thresholdOptions,
});

export type KpiOptions = z.output<typeof kpiOptionsSchema>;
