import { z } from 'zod';
import { isTimeZone } from '../../format/zone';

export const lineOptionsSchema = z.strictObject({
  area: z.boolean().default(true).describe('Fill under the line.'),
  smooth: z.boolean().default(true).describe('A curve through the points rather than straight segments.'),
  format: z.enum(['number', 'currency', 'percent']).default('number').describe('How values read on the axis and in the tooltip.'),
  seriesName: z.string().optional().describe('Name of the series in the tooltip, e.g. "订单数".'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as "#22d3ee"').optional().describe("Colour of the line; the theme's first colour otherwise."),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional().describe("IANA zone for the time axis; the hub's business zone otherwise."),
});

export type LineOptions = z.output<typeof lineOptionsSchema>;
