import { z } from 'zod';
import { isTimeZone } from '../../format/zone';

export const clockOptionsSchema = z.strictObject({
  /** Seconds in the time: "14:05:09" rather than "14:05". */
  showSeconds: z.boolean().default(true),
  /** The date under the time. */
  showDate: z.boolean().default(true),
  /** The day of the week beside the date (or alone, without the date). */
  showWeekday: z.boolean().default(true),
  /** IANA zone, e.g. a second office's clock; the hub's business zone otherwise. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional(),
});

export type ClockOptions = z.output<typeof clockOptionsSchema>;
