import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';

/** The one error shape of the REST API (docs/api.md, REST). */
export function sendError(res: Response, status: number, code: string, message: string, path?: string): void {
  res.status(status).json({ error: { code, message, ...(path ? { path } : {}) } });
}

/** A body that failed its zod schema, as a 400: what was expected, and where the first problem is. */
export function sendBadBody(res: Response, what: string, error: z.ZodError): void {
  const issue = error.issues[0]!;
  sendError(res, 400, 'bad_request', `${what}: ${issue.path.join('.') || 'body'}: ${issue.message}`, issue.path.join('.'));
}

/**
 * The hub-wide safety net: every route's error ends here, answered in the one shape and never a crash.
 * Malformed input (bad JSON, an oversized body, a path escape that does not decode) is the client's 4xx; a
 * change the store cannot keep (full disk, read-only file) a 503 with Retry-After; anything else is a 500,
 * logged with the request it came from.
 */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
    if (res.headersSent) { log.error({ err, method: req.method, path: req.path }, 'error after the answer began'); return res.end(); }
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', `request body is not valid JSON: ${e.message}`);
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', 'request body is over the size limit');
    if (err instanceof URIError || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return sendError(res, 400, 'bad_request', `${e.message ?? 'malformed request'}: expected a valid percent-encoded UTF-8 path and body`);
    }
    // The store cannot write now (a full disk, a read-only file): nothing was kept, try again later.
    if ((err as { code?: string }).code === 'store_unavailable') {
      res.set('Retry-After', String((err as { retryAfterS?: number }).retryAfterS ?? 5));
      log.warn({ method: req.method, path: req.path, reason: e.message }, 'request refused: the store cannot write');
      return sendError(res, 503, 'store_unavailable', e.message ?? 'the store cannot write');
    }
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) return sendError(res, status, 'bad_request', e.message ?? 'bad request');
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    sendError(res, 500, 'internal', 'internal error (logged on the hub)');
  };
}
