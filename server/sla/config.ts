import { z } from 'zod';
import { ianaZone } from '../fields';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../model';
import { SLA_METRICS } from '../protocol';

/** The `sla` section of the config file: business calendars and SLA policies (docs/sla.md). */

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time "HH:MM" from 00:00 to 24:00');
const localInterval = z.tuple([hhmm, hhmm]).refine(([start, end]) => start < end,
  { message: 'start before end; an interval that crosses midnight is written as two' });
const isoDate = z.iso.date({ message: 'a date such as "2025-05-01"' });

export const calendarSchema = z.object({
  id: z.string().min(1),
  timezone: ianaZone,
  weekly: z.object(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    .map((d) => [d, z.array(localInterval).optional()])) as Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', z.ZodOptional<z.ZodArray<typeof localInterval>>>).strict(),
  holidays: z.array(z.union([
    z.object({ from: isoDate, to: isoDate.optional(), name: z.string().optional() }).strict(),
    z.object({ month_day: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a month and day "MM-DD"'), recurring: z.literal(true), name: z.string().optional() }).strict(),
  ])).default([]),
  /** Hours for one date that replace the week and any holiday: make-up working days (调休), short days. */
  overrides: z.array(z.object({ date: isoDate, intervals: z.array(localInterval), name: z.string().optional() }).strict()).default([]),
  version: z.number().int().optional(),
}).strict();

const targetSchema = z.object({
  minutes: z.number().positive(),
  /**
   * Business hours count only the calendar's open intervals; calendar hours count every second (T5).
   * Unset: business hours when the policy names a calendar, calendar hours when it does not.
   */
  hours: z.enum(['business', 'calendar']).optional(),
}).strict();


const slaMetricSchema = z.object({
  metric: z.enum(SLA_METRICS),
  targets: z.partialRecord(z.enum([...TICKET_PRIORITIES, '*']), targetSchema),
  pause_statuses: z.array(z.enum(TICKET_STATUSES)).optional(),
  /** At risk once ANY is reached: a share of the target elapsed, or so many business minutes before due (T7). */
  warn: z.object({
    elapsed_pct: z.array(z.number().gt(0).lt(100)).default([75]),
    before_minutes: z.number().positive().optional(),
  }).strict().default({ elapsed_pct: [75] }),
  on_priority_change: z.enum(['retarget_from_start', 'restart_at_change']).default('retarget_from_start'),
  on_reopen: z.enum(['resume', 'new_cycle', 'ignore']).default('resume'),
  escalations: z.array(z.object({
    offset: z.string().regex(/^[+-]?\d+(m|h)$/, 'an offset from the due time such as "-30m", "0m" or "+1h"'),
    kind: z.enum(['at_risk_notify', 'breach_notify', 'escalate']),
    to: z.array(z.string()).min(1),
  }).strict()).default([]),
}).strict();

const conditionSchema = z.object({
  field: z.enum(['group', 'priority', 'department', 'channel']),
  op: z.enum(['is', 'is_not']),
  value: z.string(),
}).strict();

export const slaPolicySchema = z.object({
  id: z.string().min(1),
  position: z.number().int().default(0),
  match: z.object({ all: z.array(conditionSchema).default([]), any: z.array(conditionSchema).default([]) })
    .strict().default({ all: [], any: [] }),
  /** The business calendar for targets in business hours. */
  calendar: z.string().optional(),
  metrics: z.array(slaMetricSchema).min(1),
}).strict().transform((policy) => ({
  ...policy,
  metrics: policy.metrics.map((m) => ({
    ...m,
    targets: Object.fromEntries(Object.entries(m.targets).map(([priority, t]) =>
      [priority, { minutes: t!.minutes, hours: t!.hours ?? (policy.calendar ? 'business' as const : 'calendar' as const) }])) as
      Partial<Record<(typeof TICKET_PRIORITIES)[number] | '*', { minutes: number; hours: 'business' | 'calendar' }>>,
  })),
}));

/** A policy whose targets count business hours must name a calendar that exists. */
function checkCalendars(sla: { calendars: { id: string }[]; policies: z.output<typeof slaPolicySchema>[] }, ctx: z.RefinementCtx) {
  const ids = new Set(sla.calendars.map((c) => c.id));
  sla.policies.forEach((policy, i) => {
    const business = policy.metrics.some((m) => Object.values(m.targets).some((t) => t?.hours === 'business'));
    if (policy.calendar !== undefined && !ids.has(policy.calendar)) {
      ctx.addIssue({ code: 'custom', path: ['policies', i, 'calendar'], message: `no calendar "${policy.calendar}" in sla.calendars` });
    } else if (business && policy.calendar === undefined) {
      ctx.addIssue({ code: 'custom', path: ['policies', i, 'calendar'], message: 'targets in business hours need a calendar: name one, or use "hours": "calendar"' });
    }
  });
}

export const slaConfigSchema = z.object({
  calendars: z.array(calendarSchema).default([]),
  policies: z.array(slaPolicySchema).default([]),
}).strict().superRefine(checkCalendars);


export type SlaPolicyConfig = z.output<typeof slaPolicySchema>;
export type SlaMetricConfig = SlaPolicyConfig['metrics'][number];
export type CalendarConfig = z.output<typeof calendarSchema>;
export type SlaConfig = z.output<typeof slaConfigSchema>;
