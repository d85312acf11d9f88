import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { sendError } from './errors';

/**
 * Security headers on every answer, with a strict Content-Security-Policy: only the hub's own scripts,
 * style sheets, images and sockets; no inline script, no eval, no plugin, no framing by other sites. Style
 * attributes alone stay allowed (`style-src-attr`), not <style> elements: ECharts writes its tooltips as
 * HTML with style attributes (tests/browser/access.test.ts checks both).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // Only meaningful over HTTPS, where browsers honour it; over plain HTTP on a LAN they ignore it.
    strictTransportSecurity: { maxAge: 180 * 86_400 },
  });
}

const sourceKey = (req: Parameters<RequestHandler>[0]) => `source:${String(req.params.sourceId)}`;

export interface RateLimitConfig { login_per_15m: number; login_free_failures: number; pairing_per_10m: number; ingest_per_minute: number }

/**
 * Request limits per client address (login, pairing) or per source (ingest). Failed logins beyond the free
 * ones wait 0.5 s longer each (up to 10 s), then are refused; each refusal is logged and reported.
 */
export function createRateLimits(o: RateLimitConfig, log: Logger, onLimited: (what: string, ip: string | undefined, key: string) => void) {
  const refuse = (what: string, key: (req: Parameters<RequestHandler>[0]) => string): Partial<Options> => ({
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res, _next, options) => {
      log.warn({ ip: req.ip, what, key: key(req) }, 'rate limit reached');
      onLimited(what, req.ip, key(req));
      sendError(res, options.statusCode, 'rate_limited', `too many ${what} requests: try again in ${Math.ceil(options.windowMs / 60_000)} minutes`);
    },
  });
  const failedLogins = { windowMs: 15 * 60_000, skipSuccessfulRequests: true };
  return {
    login: [
      slowDown({ ...failedLogins, delayAfter: o.login_free_failures, delayMs: (used) => (used - o.login_free_failures) * 500, maxDelayMs: 10_000 }),
      rateLimit({ ...failedLogins, limit: o.login_per_15m, ...refuse('login', (req) => req.ip ?? '') }),
    ] as RequestHandler[],
    pairing: rateLimit({ windowMs: 10 * 60_000, limit: o.pairing_per_10m, ...refuse('pairing', (req) => req.ip ?? '') }) as RequestHandler,
    // Per source, by the route's decoded `:sourceId`: no other spelling of the path gets a fresh quota.
    ingest: rateLimit({ windowMs: 60_000, limit: o.ingest_per_minute, keyGenerator: sourceKey, ...refuse('ingest', sourceKey) }) as RequestHandler,
  };
}
