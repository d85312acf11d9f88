import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

/** The one error shape of the REST API (ARCHITECTURE §5.2). */
export function sendError(res: Response, status: number, code: string, message: string, path?: string): void {
  res.status(status).json({ error: { code, message, ...(path ? { path } : {}) } });
}

/** A body that failed its zod schema, as a 400: what was expected, and where the first problem is. */
export function sendBadBody(res: Response, what: string, error: z.ZodError): void {
  const issue = error.issues[0]!;
  sendError(res, 400, 'bad_request', `${what}: ${issue.path.join('.') || 'body'}: ${issue.message}`, issue.path.join('.'));
}

/** Malformed JSON, oversized bodies and anything unexpected become that shape too; the hub stays up. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { status?: number; type?: string; message?: string };
  if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', `request body is not valid JSON: ${e.message}`);
  if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', 'request body is over the size limit');
  sendError(res, e.status && e.status >= 400 && e.status < 500 ? e.status : 500, 'internal', e.message ?? 'internal error');
};
