import { Router } from 'express';
import { z } from 'zod';
import type { MetricDefinition } from '../metrics';
import { MetricError } from '../metrics';
import type { MetricRef, MetricValue, SourceHealth } from '../protocol';
import type { PlaylistEntry, ScreenEntry } from '../screens';
import { sendError } from './errors';
import { sendScreenAsset } from './assets';

export interface ApiDeps {
  startedAt: number;
  sources(): SourceHealth[];
  catalogue: readonly MetricDefinition<never>[];
  /** Computes one metric value now (creating its key if needed). */
  metricValue(ref: MetricRef): MetricValue;
  screens(): ScreenEntry[];
  playlists(): PlaylistEntry[];
  /** `screens/assets/`: files screens refer to (GeoJSON for maps), served read-only. */
  assetsDir: string;
}

/** A screen or playlist in a list: whether its file is valid, what is wrong and where, and whether an older good version is served. */
const listed = ({ id, title, description, valid, error, problems, lastGood }: ScreenEntry | PlaylistEntry) =>
  ({ id, title, description, valid, error, problems, lastGood });

/** The REST API of ARCHITECTURE §5.2. */
export function createApiRouter(deps: ApiDeps): Router {
  const api = Router();
  const catalogue = deps.catalogue.map((m) => ({
    id: m.id, title: m.title, description: m.description, unit: m.unit, entity: m.entity,
    params: z.toJSONSchema(m.params as z.ZodType, { io: 'input', unrepresentable: 'any' }),
  }));

  api.get('/health', (_req, res) => {
    const sources = deps.sources();
    res.json({ status: sources.every((s) => s.state === 'ok') ? 'ok' : 'degraded',
      uptime_s: Math.round((Date.now() - deps.startedAt) / 1000), sources });
  });
  api.get('/sources', (_req, res) => { res.json(deps.sources()); });
  api.get('/metrics', (_req, res) => { res.json(catalogue); });
  api.get('/metrics/:id', (req, res) => {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.query)) {
      if (typeof value !== 'string') return sendError(res, 400, 'bad_params', `query parameter "${name}" must be given once`, `params.${name}`);
      params[name] = value;
    }
    try {
      res.json(deps.metricValue({ id: req.params.id, params }));
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      sendError(res, err.code === 'unknown_metric' ? 404 : 400, err.code, err.message, err.path);
    }
  });
  api.get('/screens', (_req, res) => { res.json(deps.screens().map(listed)); });
  api.get('/screens/assets/{*path}', (req, res, next) => sendScreenAsset(deps.assetsDir, req, res, next));
  api.get('/screens/:id', (req, res) => {
    const entry = deps.screens().find((s) => s.id === req.params.id);
    if (!entry) return sendError(res, 404, 'not_found', `no screen "${req.params.id}"`);
    if (!entry.definition) return sendError(res, 422, 'invalid_screen', entry.error ?? 'invalid screen');
    res.json(entry.definition);
  });
  api.get('/playlists', (_req, res) => { res.json(deps.playlists().map(listed)); });
  api.get('/playlists/:id', (req, res) => {
    const entry = deps.playlists().find((p) => p.id === req.params.id);
    if (!entry) return sendError(res, 404, 'not_found', `no playlist "${req.params.id}"`);
    if (!entry.definition) return sendError(res, 422, 'invalid_playlist', entry.error ?? 'invalid playlist');
    res.json(entry.definition);
  });
  api.use((req, res) => sendError(res, 404, 'not_found', `no such API route: ${req.method} ${req.originalUrl}`));
  return api;
}
