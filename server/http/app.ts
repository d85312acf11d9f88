import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AccessHttp } from './access';
import { alertsRoutes, type AlertsDeps } from './alerts';
import { apiRoutes, type ApiDeps } from './api';
import { dataQualityRoutes, type DataQualityDeps } from './data-quality';
import { flowsRoutes, type FlowsDeps } from './flows';
import { createErrorHandler, sendError } from './errors';
import { ingestRoutes, type IngestDeps } from './ingest';
import type { HubMetrics } from './prometheus';
import { buildRouter } from './router';
import { isApiPath } from './routes';
import { securityHeaders } from './security';
import { slaRoutes } from './sla';
import { sourcesRoutes, type SourcesDeps } from './sources';

export type HttpAppDeps = ApiDeps & IngestDeps & SourcesDeps & AlertsDeps & DataQualityDeps & FlowsDeps & {
  clientDir: string; hubMetrics: HubMetrics; accessHttp: AccessHttp; trustProxy: boolean | number; log: Logger;
};

/** The Express app: every declared route (server/http/routes.ts), and the built wall (an SPA) for everything else. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.use(securityHeaders()); // on every answer, the wall's pages too (docs/access.md)
  app.use(buildRouter({
    ...deps.accessHttp.routes,
    ...apiRoutes(deps),
    ...alertsRoutes(deps),
    ...sourcesRoutes(deps),
    ...dataQualityRoutes(deps),
    ...flowsRoutes(deps),
    ...slaRoutes(),
    ...ingestRoutes(deps, deps.accessHttp.limits.ingest),
    'prometheus': deps.hubMetrics.handler,
  }, deps.accessHttp.front));
  // No route declared this: whatever its spelling, an API path is a JSON 404, never the wall's page.
  app.use((req, res, next) => (isApiPath(req.path) ? sendError(res, 404, 'not_found', `no such route: ${req.method} ${req.path}`) : next()));
  const index = join(deps.clientDir, 'index.html');
  app.use(express.static(deps.clientDir, { index: false, maxAge: '1h' }));
  app.get('/{*splat}', (_req, res) => {
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text').send('The wall is not built yet: run `npm run build` (npm start does it for you).');
  });
  app.use(createErrorHandler(deps.log));
  return app;
}
