import { z } from 'zod';
import { duration, sourceId } from '../fields';
import { DEAL_STAGES, ORDER_STATUSES, TICKET_STATUSES } from '../model';
import { parseDuration } from '../protocol';
import { businessHours, type BusinessCalendar } from '../sla';

/** The `flows` section of the config file (docs/flows.md): business flows across systems, step by step. */

/**
 * Where a linked record's type sits in a chain: deals become orders, orders get tickets. A record's parent in its
 * chain is a linked record of a lower rank, so a chain can never loop, whatever the links say (docs/flows.md).
 */
export const TYPE_RANK = { deal: 0, order: 1, ticket: 2 } as const;
export type LinkableType = keyof typeof TYPE_RANK;

/** The event that reaches a step: a deal's stage, an order's status, a ticket's creation or status. */
const stepOn = z.discriminatedUnion('type', [
  z.object({ type: z.literal('deal'), stage: z.enum(DEAL_STAGES) }).strict(),
  z.object({ type: z.literal('order'), status: z.enum(ORDER_STATUSES) }).strict(),
  z.object({
    type: z.literal('ticket'),
    event: z.literal('created').optional(),
    status: z.enum(TICKET_STATUSES).exclude(['deleted']).optional(),
  }).strict().refine((on) => (on.event === undefined) !== (on.status === undefined),
    { message: 'a ticket step names either "event": "created" or a "status", not both' }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'expected "type": "deal", "order" or "ticket"' : undefined) })
  .transform((on): StepOn => (on.type !== 'ticket' ? on : on.status === undefined ? { type: 'ticket', event: 'created' } : { type: 'ticket', status: on.status }));

export type StepOn =
  | { type: 'deal'; stage: (typeof DEAL_STAGES)[number] }
  | { type: 'order'; status: (typeof ORDER_STATUSES)[number] }
  | { type: 'ticket'; event: 'created' }
  | { type: 'ticket'; status: Exclude<(typeof TICKET_STATUSES)[number], 'deleted'> };

const stepSchema = z.object({
  id: sourceId,
  title: z.string().min(1).max(200).optional(),
  on: stepOn,
  /** The department responsible for reaching this step: the hand-off into it is charged to it. */
  department: z.string().min(1),
  /** How long the hand-off into this step may take, from the previous step reached. */
  target: duration.optional(),
  /** An SLA calendar (`sla.calendars`): the hand-off into this step counts its business time. */
  calendar: z.string().min(1).optional(),
  /** Never waited for: an instance never waits at it, stalls at it or breaks at it. */
  optional: z.boolean().default(false),
}).strict();

const withArticle = (type: LinkableType) => (type === 'order' ? `an ${type}` : `a ${type}`);

const flowSchema = z.object({
  id: sourceId,
  title: z.string().min(1).max(200).optional(),
  steps: z.array(stepSchema).min(2, 'a flow has at least two steps (a hand-off is between two)'),
}).strict().superRefine((flow, ctx) => {
  const first = flow.steps[0]!;
  const rootRank = TYPE_RANK[first.on.type];
  if (first.optional) ctx.addIssue({ code: 'custom', path: ['steps', 0, 'optional'], message: 'the first step roots every instance: it cannot be optional' });
  if (first.target !== undefined) ctx.addIssue({ code: 'custom', path: ['steps', 0, 'target'], message: 'the first step has no step before it to measure a target from' });
  const seen = new Map<string, number>();
  const events = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `"${step.id}" is used twice (step ${seen.get(step.id)})` });
    seen.set(step.id, i);
    const event = JSON.stringify(step.on);
    if (events.has(event)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'on'], message: `the same event as step ${events.get(event)}` });
    events.set(event, i);
    if (TYPE_RANK[step.on.type] < rootRank) {
      ctx.addIssue({ code: 'custom', path: ['steps', i, 'on', 'type'],
        message: `${withArticle(step.on.type)} cannot follow a flow rooted at ${withArticle(first.on.type)}: chains run deal → order → ticket` });
    }
  });
});

export const flowsConfigSchema = z.array(flowSchema).default([]);

export type FlowStepConfig = z.output<typeof stepSchema>;
export type FlowConfig = z.output<typeof flowSchema>;

/** A step's target in seconds, or null without one. */
export const targetSeconds = (step: Pick<FlowStepConfig, 'target'>): number | null =>
  (step.target === undefined ? null : parseDuration(step.target) / 1000);

/**
 * Cross-checks with the rest of the config: flow ids are unique, each step's department is a configured one, its
 * calendar one of `sla.calendars`, and a business-time target is reachable on it (within the SLA room's horizon).
 */
export function checkFlowReferences(
  config: { departments: readonly string[]; sla: { calendars: readonly BusinessCalendar[] }; flows: readonly FlowConfig[] },
  ctx: z.RefinementCtx, now: number,
): void {
  const calendars = new Map(config.sla.calendars.map((c) => [c.id, c]));
  const departments = new Set(config.departments);
  const ids = new Map<string, number>();
  config.flows.forEach((flow, f) => {
    if (ids.has(flow.id)) ctx.addIssue({ code: 'custom', path: ['flows', f, 'id'], message: `"${flow.id}" is used twice (flows[${ids.get(flow.id)}])` });
    ids.set(flow.id, f);
    flow.steps.forEach((step, s) => {
      const at = ['flows', f, 'steps', s];
      if (!departments.has(step.department)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'department'], message: `no department "${step.department}" in departments (${config.departments.join(', ')})` });
      }
      if (step.calendar === undefined) return;
      const calendar = calendars.get(step.calendar);
      if (!calendar) {
        const known = [...calendars.keys()].join(', ') || 'none';
        ctx.addIssue({ code: 'custom', path: [...at, 'calendar'], message: `no calendar "${step.calendar}" in sla.calendars (known: ${known})` });
        return;
      }
      const target = targetSeconds(step);
      if (target === null) return;
      try { businessHours(calendar).add(now, target); } catch (err) {
        ctx.addIssue({ code: 'custom', path: [...at, 'target'], message: `cannot be met on calendar "${step.calendar}": ${(err as Error).message}` });
      }
    });
  });
}
