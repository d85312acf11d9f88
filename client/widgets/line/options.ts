import { z } from 'zod';
import { isTimeZone } from '../../format/zone';

export const lineOptionsSchema = z.strictObject({
  /** Fill under the line. */
  area: z.boolean().default(true),
  smooth: z.boolean().default(true),
  format: z.enum(['number', 'currency', 'percent']).default('number'),
  /** Name of the series in the tooltip, e.g. "订单数". */
  seriesName: z.string().optional(),
  /** Colour of the line; the theme's first colour otherwise. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as "#22d3ee"').optional(),
  /** IANA zone for the time axis; the hub's business zone otherwise. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional(),
});

export type LineOptions = z.output<typeof lineOptionsSchema>;
