import { z } from 'zod';
import { thresholdOptions } from '../levels';
import { SLA_FIELDS } from '../pick';

export const gaugeOptionsSchema = z.strictObject({
  min: z.number().default(0).describe('The value at the start of the dial.'),
  max: z.number().default(100).describe('The value at the end of the dial; greater than min.'),
  unit: z.string().default('').describe('Shown after the number, e.g. "%".'),
  format: z.enum(['auto', 'number', 'currency', 'percent']).default('auto').describe("'auto' is a percent for SLA compliance, a plain number otherwise."),
  decimals: z.number().int().min(0).max(4).optional().describe("Digits after the decimal point; the format's usual number otherwise."),
  field: z.enum(SLA_FIELDS).default('compliance').describe('Which number of an SLA summary to show.'),
  ...thresholdOptions,
}).refine((o) => o.max > o.min, { message: 'max must be greater than min', path: ['max'] });

export type GaugeOptions = z.output<typeof gaugeOptionsSchema>;
