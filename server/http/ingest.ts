import express, { Router, type RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { PushSourceConfig } from '../config';
import { sendError } from './errors';

export interface IngestDeps {
  pushSources: readonly PushSourceConfig[];
  env: NodeJS.ProcessEnv;
  ingest(sourceId: string, records: unknown[]): { accepted: number; rejected: { index: number; error: string }[] };
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `POST /api/ingest/:sourceId`: a pushed batch for a source of kind `push` (ARCHITECTURE §5.2). */
export function createIngestRouter(deps: IngestDeps): Router {
  const router = Router();
  const parsers = new Map<string, RequestHandler>(deps.pushSources.map((s) => [s.id, express.json({ limit: s.max_body, strict: true })]));

  router.post('/:sourceId', (req, res, next) => {
    const source = deps.pushSources.find((s) => s.id === req.params.sourceId);
    if (!source) return sendError(res, 404, 'not_found', `no push source "${req.params.sourceId}"`);
    if (source.token_env) {
      const expected = deps.env[source.token_env];
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      // Fails closed: a token named in the config but missing from the environment lets nobody in.
      if (!expected || !given || !sameSecret(given, expected)) return sendError(res, 401, 'unauthorized', 'missing or wrong bearer token');
    }
    parsers.get(source.id)!(req, res, next);
  }, (req, res) => {
    const body = req.body as { records?: unknown } | undefined;
    if (!body || !Array.isArray(body.records)) {
      return sendError(res, 400, 'bad_request', 'expected a JSON body { "records": [ ... ] }', 'records');
    }
    res.json(deps.ingest(req.params.sourceId as string, body.records));
  });
  return router;
}
