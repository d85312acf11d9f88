import type { Request, Response } from 'express';
import type { SourceHealth } from '../protocol';
import { sendError } from './errors';
import { param, type RouteHandlers } from './router';

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
export function sourcesRoutes(deps: SourcesDeps): RouteHandlers<'sources.pause' | 'sources.resume'> {
  const act = (action: 'pause' | 'resume') => (req: Request, res: Response) => {
    const id = param(req, 'id');
    const source = deps.sources().find((s) => s.id === id);
    if (!source) return sendError(res, 404, 'not_found', `no source "${id}" (GET /api/sources lists them)`, 'id');
    if (source.kind === 'push') {
      return sendError(res, 409, 'not_polled', `source "${id}" is a push source: it is not polled, so it cannot be ${action === 'pause' ? 'paused' : 'resumed'}`, 'id');
    }
    if (action === 'pause') deps.pauseSource(id);
    else deps.resumeSource(id);
    res.json(deps.sources().find((s) => s.id === id));
  };
  return { 'sources.pause': act('pause'), 'sources.resume': act('resume') };
}
