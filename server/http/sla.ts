import { Router } from 'express';
import { z } from 'zod';
import { calendarSchema, slaPolicySchema } from '../config';
import { ticketSchema } from '../model';
import { evaluateTicket, selectPolicy } from '../sla';
import { sendError } from './errors';

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
export function createSlaRouter(): Router {
  const router = Router();
  router.post('/evaluate', (req, res) => {
    const body = requestSchema.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      return sendError(res, 400, 'bad_request', `expected { calendar?, policy, ticket, at? }: ${issue.message}`, pathOf('', issue.path));
    }
    const calendar = body.data.calendar === undefined ? undefined : calendarSchema.safeParse(body.data.calendar);
    if (calendar && !calendar.success) {
      const issue = calendar.error.issues[0]!;
      return sendError(res, 400, 'bad_calendar', issue.message, pathOf('calendar', issue.path));
    }
    // A policy that names no calendar uses the one sent with it.
    const rawPolicy = body.data.policy && typeof body.data.policy === 'object' && calendar?.success && !('calendar' in body.data.policy)
      ? { ...body.data.policy, calendar: calendar.data.id } : body.data.policy;
    const policy = slaPolicySchema.safeParse(rawPolicy);
    if (!policy.success) {
      const issue = policy.error.issues[0]!;
      return sendError(res, 400, 'bad_policy', issue.message, pathOf('policy', issue.path));
    }
    const ticket = ticketSchema.safeParse({ type: 'ticket', ...(body.data.ticket as object) });
    if (!ticket.success) {
      const issue = ticket.error.issues[0]!;
      return sendError(res, 400, 'bad_ticket', issue.message, pathOf('ticket', issue.path));
    }
    const calendars = calendar?.success ? [calendar.data] : [];
    if (policy.data.calendar !== undefined && !calendars.some((c) => c.id === policy.data.calendar)) {
      return sendError(res, 400, 'bad_policy', `the policy uses calendar "${policy.data.calendar}": send it as "calendar"`, 'calendar');
    }
    const at = body.data.at ? Date.parse(body.data.at) : Date.now();
    // A what-if applies the policy whatever its match conditions say, and tells whether they hold.
    const applied = { ...policy.data, match: { all: [], any: [] } };
    res.json({
      matched: selectPolicy(ticket.data, [policy.data]) !== undefined,
      at: new Date(at).toISOString(),
      instances: evaluateTicket(ticket.data, [applied], at, calendars),
    });
  });
  return router;
}
