import type { Locale } from '../../format';
import type { ClockOptions } from './options';

const formats = new Map<string, Intl.DateTimeFormat>();
type Shape = 'time' | 'time-s' | DateForm | `weekday-${DateForm}`;
/** The date's forms, longest first: a narrow clock takes the longest that fits ("2026年11月24日 星期二", "11月24日 周二", "11/24"). */
export const DATE_FORMS = ['long', 'short', 'numeric'] as const;
export type DateForm = (typeof DATE_FORMS)[number];
const SHAPES: Record<string, Intl.DateTimeFormatOptions> = {
  long: { year: 'numeric', month: 'long', day: 'numeric' },
  short: { month: 'long', day: 'numeric' },
  numeric: { month: 'numeric', day: 'numeric' },
  'weekday-long': { weekday: 'long' },
  'weekday-short': { weekday: 'short' },
};
// Made once per language, zone and shape, not once per tick.
function format(locale: Locale, zone: string | undefined, what: Shape): Intl.DateTimeFormat {
  const id = `${locale}|${zone ?? ''}|${what}`;
  let f = formats.get(id);
  if (!f) {
    const shape: Intl.DateTimeFormatOptions = SHAPES[what]
      ?? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(what === 'time-s' ? { second: '2-digit' } : {}) };
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { ...shape, timeZone: zone });
    formats.set(id, f);
  }
  return f;
}

/** The clock's two lines at `now` in `zone`: the time, and the date and/or weekday in a `form` ('' when neither is wanted). */
export function clockText(now: number, o: ClockOptions, locale: Locale, zone: string | undefined, form: DateForm = 'long'): { time: string; date: string } {
  const time = format(locale, zone, o.showSeconds ? 'time-s' : 'time').format(now);
  const date = o.showDate ? format(locale, zone, form).format(now) : '';
  // The numeric form is for the narrowest clocks: no weekday.
  const weekday = o.showWeekday && form !== 'numeric' ? format(locale, zone, form === 'long' ? 'weekday-long' : 'weekday-short').format(now) : '';
  // "2026年11月24日 星期二", but "Tuesday 24 November 2026".
  const parts = locale === 'en' ? [weekday, date] : [date, weekday];
  return { time, date: parts.filter(Boolean).join(' ') };
}
