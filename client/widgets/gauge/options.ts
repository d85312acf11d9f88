import { z } from 'zod';
import { thresholdOptions } from '../levels';
import { SLA_FIELDS } from '../pick';

export const gaugeOptionsSchema = z.strictObject({
  min: z.number().default(0),
  max: z.number().default(100),
  unit: z.string().default(''),
  /** 'auto' is a percent for SLA compliance, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto'),
  decimals: z.number().int().min(0).max(4).optional(),
  /** Which number of an SLA summary to show. */
  field: z.enum(SLA_FIELDS).default('compliance'),
  ...thresholdOptions,
}).refine((o) => o.max > o.min, { message: 'max must be greater than min', path: ['max'] });

export type GaugeOptions = z.output<typeof gaugeOptionsSchema>;
