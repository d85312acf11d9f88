import express from 'express';
import { z } from 'zod';
import { slaConfigSchema } from '../sla';
import { ticketSchema } from '../model';
import { evaluateTicket, HORIZON_DAYS, HORIZON_MS, NoBusinessHoursError, selectPolicy, TargetBeyondHorizonError } from '../sla';
import { sendError } from './errors';
import type { RouteHandlers } from './router';

const requestSchema = z.object({
  calendar: z.unknown().optional(),
  policy: z.unknown(),
  ticket: z.unknown(),
  at: z.iso.datetime({ offset: true }).optional(),
}).strict();

const pathOf = (prefix: string, path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');

/**
 * `POST /api/sla/evaluate`: a stateless what-if. The calendar and policy have exactly their config-file
 * shape, the ticket its canonical shape; the answer lists every SLA instance at `at` (default: now).
 */
export function slaRoutes(): RouteHandlers<'sla.evaluate'> {
  return { 'sla.evaluate': [express.json({ limit: '1mb' }), (req, res) => {
    const body = requestSchema.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      return sendError(res, 400, 'bad_request', `expected { calendar?, policy, ticket, at? }: ${issue.message}`, pathOf('', issue.path));
    }
    // A policy that names no calendar uses the one sent with it.
    const rawPolicy = body.data.policy && typeof body.data.policy === 'object' && body.data.calendar !== undefined
      && !('calendar' in body.data.policy) && typeof (body.data.calendar as { id?: unknown })?.id === 'string'
      ? { ...body.data.policy, calendar: (body.data.calendar as { id: string }).id } : body.data.policy;
    // The config file's own schema and cross-checks: the same rules, the same messages.
    const sla = slaConfigSchema.safeParse({ calendars: body.data.calendar === undefined ? [] : [body.data.calendar], policies: [rawPolicy] });
    if (!sla.success) {
      const issue = sla.error.issues[0]!;
      const [list, , ...rest] = issue.path;
      const where = list === 'calendars' ? 'calendar' : 'policy';
      // A policy's missing or unknown calendar is mended by sending `calendar`: point there.
      const path = where === 'policy' && rest.length === 1 && rest[0] === 'calendar' ? 'calendar' : [where, ...rest.map(String)].join('.');
      return sendError(res, 400, where === 'calendar' ? 'bad_calendar' : 'bad_policy', issue.message, path);
    }
    const ticket = ticketSchema.safeParse({ type: 'ticket', ...(body.data.ticket as object) });
    if (!ticket.success) {
      const issue = ticket.error.issues[0]!;
      return sendError(res, 400, 'bad_ticket', issue.message, pathOf('ticket', issue.path));
    }
    const { calendars, policies: [policy] } = sla.data;
    const at = body.data.at ? Date.parse(body.data.at) : Date.now();
    // SLA arithmetic looks ten years ahead at most (server/sla/horizon.ts), and a what-if as far back: business
    // time is counted from the ticket's oldest instant to `at`, so an older one is refused, not walked from.
    const instants = [['ticket.created_at', ticket.data.created_at] as const,
      ...(ticket.data.events ?? []).map((e, i) => [`ticket.events.${i}.at`, e.at] as const)];
    const oldest = instants.reduce((a, b) => (Date.parse(b[1]) < Date.parse(a[1]) ? b : a));
    if (at - Date.parse(oldest[1]) > HORIZON_MS) {
      return sendError(res, 422, 'beyond_horizon', `${oldest[1]} is more than 10 years (${HORIZON_DAYS} days) before \`at\` `
        + `(${new Date(at).toISOString()}): a what-if counts business time at most that far back`, oldest[0]);
    }
    // A what-if applies the policy whatever its match conditions say, and tells whether they hold.
    const applied = { ...policy!, match: { all: [], any: [] } };
    let instances;
    try {
      instances = evaluateTicket(ticket.data, [applied], at, calendars);
    } catch (err) {
      // The SLA engine's refusals (server/sla/horizon.ts) blame what is at fault: the target too large for the
      // ten-year horizon, or a calendar that opens not once in it. Anything else is the hub's fault: a logged 500.
      if (err instanceof TargetBeyondHorizonError) return sendError(res, 422, 'target_beyond_horizon', err.message, ['policy', ...err.path].join('.'));
      if (err instanceof NoBusinessHoursError) return sendError(res, 422, 'unsatisfiable', err.message, 'calendar');
      throw err;
    }
    res.json({ matched: selectPolicy(ticket.data, [policy!]) !== undefined, at: new Date(at).toISOString(), instances });
  }] };
}
