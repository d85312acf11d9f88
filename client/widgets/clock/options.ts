import { z } from 'zod';
import { isTimeZone } from '../../format/zone';

export const clockOptionsSchema = z.strictObject({
  showSeconds: z.boolean().default(true).describe('Seconds in the time: "14:05:09" rather than "14:05".'),
  showDate: z.boolean().default(true).describe('The date under the time.'),
  showWeekday: z.boolean().default(true).describe('The day of the week beside the date (or alone, without the date).'),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional().describe("IANA zone, e.g. a second office's clock; the hub's business zone otherwise."),
});

export type ClockOptions = z.output<typeof clockOptionsSchema>;
