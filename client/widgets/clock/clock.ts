import type { Locale } from '../../format';
import type { ClockOptions } from './options';

const formats = new Map<string, Intl.DateTimeFormat>();
// Made once per language, zone and shape, not once per tick.
function format(locale: Locale, zone: string | undefined, what: 'time' | 'time-s' | 'date' | 'weekday'): Intl.DateTimeFormat {
  const id = `${locale}|${zone ?? ''}|${what}`;
  let f = formats.get(id);
  if (!f) {
    const shape: Intl.DateTimeFormatOptions =
      what === 'date' ? { year: 'numeric', month: 'long', day: 'numeric' }
      : what === 'weekday' ? { weekday: 'long' }
      : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(what === 'time-s' ? { second: '2-digit' } : {}) };
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { ...shape, timeZone: zone });
    formats.set(id, f);
  }
  return f;
}

/** The clock's two lines at `now` in `zone`: the time, and the date and/or weekday ('' when neither is wanted). */
export function clockText(now: number, o: ClockOptions, locale: Locale, zone: string | undefined): { time: string; date: string } {
  const time = format(locale, zone, o.showSeconds ? 'time-s' : 'time').format(now);
  const date = o.showDate ? format(locale, zone, 'date').format(now) : '';
  const weekday = o.showWeekday ? format(locale, zone, 'weekday').format(now) : '';
  // "2026年11月24日 星期二", but "Tuesday 24 November 2026".
  const parts = locale === 'en' ? [weekday, date] : [date, weekday];
  return { time, date: parts.filter(Boolean).join(' ') };
}
