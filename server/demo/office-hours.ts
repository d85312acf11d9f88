import { zoneOffset } from '../model';

/**
 * The simulated company's office (sales, order desk, warehouse): Monday to Friday 09:00–18:00 local time, closed on
 * New Year's Day. The demo config's `office` SLA calendar is the same hours, so the flow's business-time targets
 * measure what the simulation does.
 */
export const OFFICE_HOURS = { days: [1, 2, 3, 4, 5] as readonly number[], open: '09:00', close: '18:00', holidays: ['01-01'] as readonly string[] };

const DAY = 86_400_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const OPEN = minutes(OFFICE_HOURS.open) * 60_000;
const CLOSE = minutes(OFFICE_HOURS.close) * 60_000;
/** Office days in a year are ~250: a search this long has passed any delay the simulation draws. */
const MAX_DAYS = 5 * 366;

/**
 * The instant `ms` of office time after `from`: time outside the office hours does not count, so work handed over
 * on a Friday evening continues on Monday morning. Walks local days in `zone` (its offset read at each day's start;
 * a daylight-saving change inside office hours would shift that day by its hour, which the demo's zone never has).
 */
export function addOfficeTime(from: number, ms: number, zone: string): number {
  let t = from;
  let left = Math.max(0, ms);
  for (let i = 0; i < MAX_DAYS; i++) {
    const offset = zoneOffset(zone, t) * 60_000;
    const local = t + offset;
    const dayStart = Math.floor(local / DAY) * DAY;
    const day = new Date(dayStart);
    const open = OFFICE_HOURS.days.includes(day.getUTCDay()) && !OFFICE_HOURS.holidays.includes(day.toISOString().slice(5, 10));
    if (open && local < dayStart + CLOSE) {
      const begin = Math.max(local, dayStart + OPEN);
      const available = dayStart + CLOSE - begin;
      if (left <= available) return begin + left - offset;
      left -= available;
    }
    t = dayStart + DAY - offset; // the next local midnight
  }
  throw new Error(`no office time within ${MAX_DAYS} days of ${new Date(from).toISOString()}`);
}
