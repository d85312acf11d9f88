import { Router, type Request, type RequestHandler } from 'express';
import { sendError } from './errors';
import { ROUTES, type RouteDeclaration, type RouteId } from './routes';

/** The handlers of some declared routes, by route id: one handler, or a chain (rate limits, body parsers, then the handler). */
export type RouteHandlers<K extends RouteId = RouteId> = { [P in K]: RequestHandler | RequestHandler[] };

/**
 * Builds the one router of every declared route: strict (no trailing-slash alias) and case-sensitive, so a
 * path answers only as declared. Each route runs what `front` puts before it (its audit trail and guard),
 * read from the same declaration. TypeScript requires a handler for every route of the table.
 */
export function buildRouter(handlers: RouteHandlers, front: (route: RouteDeclaration) => (RequestHandler | undefined)[]): Router {
  const router = Router({ caseSensitive: true, strict: true });
  for (const id of Object.keys(ROUTES) as RouteId[]) {
    const route: RouteDeclaration = ROUTES[id];
    const chain = [...front(route), queryCheck(route), ...[handlers[id]].flat()].filter((h): h is RequestHandler => h !== undefined);
    router[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](route.path, ...chain);
  }
  return router;
}

/** A route parameter as one string (a `*wildcard` arrives as its segments), decoded by the router. */
export function param(req: Request, name: string): string {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : v ?? '';
}

/** The route's declared query parameters, each once as plain text; anything else is named in a 400. */
function queryCheck(route: RouteDeclaration): RequestHandler | undefined {
  const names = route.query;
  if (!Array.isArray(names)) return undefined;
  const expected = names.length ? `expected ${names.join(', ')}, each at most once` : 'it takes none';
  return (req, res, next) => {
    for (const [name, value] of Object.entries(req.query)) {
      if (!names.includes(name)) return sendError(res, 400, 'bad_request', `unknown query parameter "${name}" for ${route.method} ${route.path}: ${expected}`, name);
      if (typeof value !== 'string') return sendError(res, 400, 'bad_request', `query parameter "${name}" must be given once, as plain text`, name);
    }
    return next();
  };
}
