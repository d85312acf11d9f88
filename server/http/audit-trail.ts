import type { Request, RequestHandler, Response } from 'express';
import type { Access, Principal } from '../access';
import { param } from './router';
import type { RouteDeclaration } from './routes';

/** What a handler may add to its route's audit entry: a finer action, the target it resolved, the detail it kept. */
export interface AuditNote { action?: string; target?: string; detail?: Record<string, unknown> }

/** A request body kept as an entry's detail, up to this size: the audit log records who did what, not payloads. */
const MAX_DETAIL_CHARS = 2_000;

/** The thing a route acts on, from its declared parameters (decoded by the router, never by hand). */
const targetOf = (req: Request): string | undefined => param(req, 'key') || param(req, 'id') || undefined;

function detailOf(req: Request, res: Response, principal: Principal | undefined): Record<string, unknown> | undefined {
  const note = (res.locals.audit as AuditNote | undefined)?.detail;
  if (note) return note;
  // A refused anonymous request keeps nothing it sent: anyone can send one, so it must cost the log little.
  if (!principal) return undefined;
  const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body as Record<string, unknown> : undefined;
  if (!body) return undefined;
  const text = JSON.stringify(body);
  return text.length <= MAX_DETAIL_CHARS ? body : { truncated: true, chars: text.length };
}

/**
 * The audit trail of one declared route: once the answer is sent, who did what to which target, with the
 * outcome (refusals too, with their status). Routes that declare no audit action get no trail.
 */
export function auditTrail(access: Access): (route: RouteDeclaration) => RequestHandler | undefined {
  return (route) => {
    const action = route.audit;
    if (!action) return undefined;
    return (req, res, next) => {
      res.on('finish', () => {
        const principal = res.locals.principal as Principal | undefined;
        const note = res.locals.audit as AuditNote | undefined;
        const target = note?.target ?? targetOf(req);
        const detail = detailOf(req, res, principal);
        access.audit(principal ?? 'anonymous', {
          action: note?.action ?? action,
          outcome: res.statusCode < 400 ? 'ok' : `refused ${res.statusCode}`,
          ...(target ? { target } : {}), ip: req.ip,
          ...(detail ? { detail } : {}),
        });
      });
      next();
    };
  };
}
