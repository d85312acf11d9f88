import type { SlaPolicyConfig } from './config';
import { businessHours, type BusinessCalendar } from './calendar';
import { HORIZON_DAYS, HORIZON_MS } from './horizon';
import { isoInstant as iso } from './iso';

/** One problem in the `sla` section of the config: `path` from `sla` down, as config problems are told. */
export interface SlaConfigProblem { path: (string | number)[]; message: string }

/**
 * The targets of the config that a clock starting at `now` could not meet within the horizon (ten years,
 * server/sla/horizon.ts), and the calendars used for business hours that open not once in it. Each is a
 * config error: evaluating such a clock would be refused for every ticket. A calendar's capacity is
 * counted once (its business minutes in the ten years from `now`, holidays and overrides included), so
 * the check costs a few milliseconds per calendar whatever the targets are.
 */
export function slaHorizonProblems(sla: { calendars: readonly BusinessCalendar[]; policies: readonly SlaPolicyConfig[] },
  now: number): SlaConfigProblem[] {
  const problems: SlaConfigProblem[] = [];
  const capacity = new Map<string, number>();
  const closedReported = new Set<string>();
  const years = `10 years (${HORIZON_DAYS} days)`;
  sla.policies.forEach((policy, p) => policy.metrics.forEach((metric, m) => {
    for (const [key, target] of Object.entries(metric.targets)) {
      if (!target) continue;
      const path = ['policies', p, 'metrics', m, 'targets', key, 'minutes'];
      if (target.hours === 'calendar') {
        if (target.minutes * 60_000 > HORIZON_MS) {
          problems.push({ path, message: `a target of ${target.minutes} minutes (calendar hours) is more than ${years}; at most ${HORIZON_MS / 60_000} minutes` });
        }
        continue;
      }
      const c = sla.calendars.findIndex((cal) => cal.id === policy.calendar);
      const calendar = sla.calendars[c];
      if (!calendar) continue; // a missing calendar is its own config error
      let seconds = capacity.get(calendar.id);
      if (seconds === undefined) capacity.set(calendar.id, (seconds = businessHours(calendar).elapsed(now, now + HORIZON_MS)));
      if (seconds === 0) {
        if (!closedReported.has(calendar.id)) {
          closedReported.add(calendar.id);
          problems.push({ path: ['calendars', c], message: `calendar "${calendar.id}" has no business hours in the ${years} from ${iso(now)}, `
            + `and policy "${policy.id}" counts targets in them: give it weekly hours or overrides` });
        }
      } else if (target.minutes * 60 > seconds) {
        problems.push({ path, message: `a target of ${target.minutes} business minutes is not reached within ${years} on calendar `
          + `"${calendar.id}" (counted from ${iso(now)}): at most ${Math.floor(seconds / 60)} minutes fit; lower the target or open the calendar longer` });
      }
    }
  }));
  return problems;
}
