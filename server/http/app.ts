import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessHttp } from './access';
import { createAlertsRouter, type AlertsDeps } from './alerts';
import { createApiRouter, type ApiDeps } from './api';
import { createIngestRouter, type IngestDeps } from './ingest';
import type { HubMetrics } from './prometheus';
import { createSlaRouter } from './sla';
import { createSourcesRouter, type SourcesDeps } from './sources';
import { errorHandler } from './errors';

/** The Express app: the REST API under /api and the built wall (an SPA) for everything else. */
export function createHttpApp(deps: ApiDeps & IngestDeps & SourcesDeps & AlertsDeps & { clientDir: string; hubMetrics: HubMetrics; accessHttp: AccessHttp; trustProxy: boolean | number }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(deps.accessHttp.front); // security headers; who asks and whether they may (docs/access.md)
  app.use(deps.hubMetrics.router()); // GET /metrics: Prometheus text
  app.use('/api/ingest', deps.accessHttp.limits.ingest, createIngestRouter(deps)); // its own body limit per source
  app.use(deps.accessHttp.routes); // sign-in, pairing, displays, audit log
  app.use('/api/sla', express.json({ limit: '1mb' }), createSlaRouter());
  app.use('/api/sources', createSourcesRouter(deps)); // POST /:id/pause, /:id/resume; GET falls through
  app.use('/api', createAlertsRouter(deps)); // alerts and silences
  app.use('/api', express.json({ limit: '1mb' }), createApiRouter(deps));
  const index = join(deps.clientDir, 'index.html');
  app.use(express.static(deps.clientDir, { index: false, maxAge: '1h' }));
  app.get('/{*splat}', (_req, res) => {
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text').send('The wall is not built yet: run `npm run build` (npm start does it for you).');
  });
  app.use(errorHandler);
  return app;
}
