import { Router, type Request, type Response } from 'express';
import type { SourceHealth } from '../protocol';
import { sendError } from './errors';

export interface SourcesDeps {
  sources(): SourceHealth[];
  /** Stops polling a polled source (its stored records stay); see Scheduler.pause. */
  pauseSource(id: string): void;
  /** Polls a paused source again, at once; see Scheduler.resume. */
  resumeSource(id: string): void;
}

/**
 * `POST /api/sources/:id/pause` and `POST /api/sources/:id/resume`: an operator stops a source that
 * misbehaves (or is under maintenance) without editing the config. Both answer the source's health
 * after the change and are idempotent. Runtime only: a restart goes back to the config's `paused`.
 */
export function createSourcesRouter(deps: SourcesDeps): Router {
  const router = Router();
  const act = (action: 'pause' | 'resume') => (req: Request<{ id: string }>, res: Response) => {
    const { id } = req.params;
    const source = deps.sources().find((s) => s.id === id);
    if (!source) return sendError(res, 404, 'not_found', `no source "${id}" (GET /api/sources lists them)`, 'id');
    if (source.kind === 'push') {
      return sendError(res, 409, 'not_polled', `source "${id}" is a push source: it is not polled, so it cannot be ${action === 'pause' ? 'paused' : 'resumed'}`, 'id');
    }
    if (action === 'pause') deps.pauseSource(id);
    else deps.resumeSource(id);
    res.json(deps.sources().find((s) => s.id === id));
  };
  router.post('/:id/pause', act('pause'));
  router.post('/:id/resume', act('resume'));
  return router;
}
