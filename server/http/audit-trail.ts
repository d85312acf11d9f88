import type { RequestHandler } from 'express';
import type { Access, Principal } from '../access';

/** Changes made through other rooms' routes that the audit log records: method, path, action. */
const AUDITED: readonly [string, RegExp, string | ((m: RegExpExecArray) => string)][] = [
  ['POST', /^\/api\/alerts\/(.+)\/ack$/, 'alert.ack'],
  ['DELETE', /^\/api\/alerts\/(.+)\/ack$/, 'alert.unack'],
  ['POST', /^\/api\/silences$/, 'silence.create'],
  ['DELETE', /^\/api\/silences\/(.+)$/, 'silence.expire'],
  ['POST', /^\/api\/sources\/([^/]+)\/(pause|resume)$/, (m) => `source.${m[2]}`],
];

/**
 * Writes who acknowledged, silenced or paused what, once the answer is sent: the routes stay the alerts'
 * and sources' own. Refused requests are recorded too, with their status.
 */
export function auditTrail(access: Access): RequestHandler {
  return (req, res, next) => {
    const hit = AUDITED.map(([m, re, action]) => (m === req.method ? [re.exec(req.path), action] as const : undefined)).find((h) => h?.[0]);
    if (!hit) return next();
    const [match, action] = hit as [RegExpExecArray, string | ((m: RegExpExecArray) => string)];
    res.on('finish', () => {
      const principal = res.locals.principal as Principal | undefined;
      const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body as Record<string, unknown> : undefined;
      const target = match[1] ? decodeURIComponent(match[1]) : undefined;
      access.audit(principal ?? 'anonymous', {
        action: typeof action === 'string' ? action : action(match),
        outcome: res.statusCode < 400 ? 'ok' : `refused ${res.statusCode}`,
        ...(target ? { target } : {}), ip: req.ip,
        ...(body ? { detail: body } : {}),
      });
    });
    next();
  };
}
