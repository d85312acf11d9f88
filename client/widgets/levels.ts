import { z } from 'zod';

export type Level = 'normal' | 'warn' | 'critical';

/** Option fields shared by widgets that colour a number by thresholds. */
export const thresholdOptions = {
  warn: z.number().optional().describe('The value from which the amber level applies (inclusive).'),
  critical: z.number().optional().describe('The value from which the red level applies (inclusive).'),
  goodWhen: z.enum(['up', 'down']).default('up').describe("'up': higher is better, so levels apply at or below the thresholds; 'down': at or above."),
};

export interface Thresholds { warn?: number | undefined; critical?: number | undefined; goodWhen: 'up' | 'down' }

export function levelOf(value: number | null, t: Thresholds): Level {
  if (value === null || !Number.isFinite(value)) return 'normal';
  const reached = (threshold: number | undefined): boolean =>
    threshold !== undefined && (t.goodWhen === 'up' ? value <= threshold : value >= threshold);
  if (reached(t.critical)) return 'critical';
  if (reached(t.warn)) return 'warn';
  return 'normal';
}
