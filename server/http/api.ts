import { basename } from 'node:path';
import { type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { MetricDefinition } from '../metrics';
import { MetricError } from '../metrics';
import { phaseOf, type MetricRef, type MetricValue, type ScreenDefinition, type SourceHealth } from '../protocol';
import type { DefinitionEntry } from '../catalogue';
import type { PlaylistEntry, ScreenEntry } from '../screens';
import { sendError } from './errors';
import { sendScreenAsset } from './assets';
import { param, type RouteHandlers } from './router';

export interface ApiDeps {
  startedAt: number;
  /** Whether the store can write (`GET /api/health`); absent: it can. */
  store?(): { writable: boolean; reason?: string; since?: string };
  sources(): SourceHealth[];
  /** Every metric now, built-in and defined (the catalogue changes when a definition file does). */
  catalogue(): readonly MetricDefinition<never>[];
  /** The company's definition files, valid or not. */
  definitions(): readonly DefinitionEntry[];
  /** The configured reporting currency, the unit the catalogue serves money in (default CNY). */
  reportingCurrency?: string;
  /**
   * Computes one metric value now, creating its key if needed: a MetricError `rate_limited` when `holder`
   * (who asks: a principal or an address) has had too many keys created this minute.
   */
  metricValue(ref: MetricRef, holder: string): MetricValue;
  screens(): ScreenEntry[];
  /** A screen as walls are served it (params resolved, before scoping), the same as a `subscribe` gives; undefined when none. */
  screen(id: string): ScreenDefinition | undefined;
  playlists(): PlaylistEntry[];
  /** `screens/assets/`: files screens refer to (GeoJSON for maps), served read-only. */
  assetsDir: string;
  /** What this request's holder may see when access control is on (from the guard); absent: everything. */
  view?(res: Response): RequestView | undefined;
}

/** Scoping of REST answers for one holder (docs/access.md); a refusal throws an error with code `forbidden`. */
export interface RequestView {
  metric(ref: MetricRef): MetricRef;
  value(v: MetricValue): MetricValue;
  screen(def: ScreenDefinition): ScreenDefinition;
  /** Whether a screen (by id and its `access`) is in this holder's list. */
  listsScreen(id: string, def: ScreenDefinition | undefined): boolean;
  listsPlaylist(id: string): boolean;
}

/** A refusal of the access room (or anything else with code `forbidden`) as a 403. */
function forbidden(res: Response, err: unknown): boolean {
  const e = err as Error & { code?: string; path?: string };
  if (e.code !== 'forbidden') return false;
  sendError(res, 403, 'forbidden', e.message, e.path);
  return true;
}

/** A screen or playlist in a list: whether its file is valid, what is wrong and where, and whether an older good version is served. */
const listed = ({ id, title, description, valid, error, problems, lastGood }: ScreenEntry | PlaylistEntry) =>
  ({ id, title, description, valid, error, problems, lastGood });

/**
 * A metric's unit as served: the catalogue writes money in CNY, the default reporting currency, and every money
 * value is in the configured one (docs/metrics.md § Money), so that is the unit users see.
 */
export const servedUnit = (m: Pick<MetricDefinition<never>, 'unit' | 'money'>, reporting: string): string | undefined =>
  (m.money !== undefined && m.unit === 'CNY' ? reporting : m.unit);

/** The REST API of docs/api.md, REST: health, sources, the metric catalogue and values, screens and playlists. */
export function apiRoutes(deps: ApiDeps): RouteHandlers<'health' | 'sources.list' | 'metrics.list' | 'metrics.get' | 'definitions.list' | 'screens.list' | 'screens.asset' | 'screens.get' | 'playlists.list' | 'playlists.get'> {
  // Each metric as listed, made once per definition (a definition edit makes a new object).
  const listedMetrics = new WeakMap<MetricDefinition<never>, object>();
  const listedMetric = (m: MetricDefinition<never>): object => {
    let out = listedMetrics.get(m);
    if (!out) {
      out = {
        id: m.id, title: m.title, description: m.description, unit: servedUnit(m, deps.reportingCurrency ?? 'CNY'), entity: m.entity,
        params: z.toJSONSchema(m.params as z.ZodType, { io: 'input', unrepresentable: 'any' }),
        origin: m.origin ?? 'code', ...(m.definition !== undefined ? { definition: m.definition, file: m.file } : {}),
      };
      listedMetrics.set(m, out);
    }
    return out;
  };

  const metric: RequestHandler = (req, res) => {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.query)) {
      if (typeof value !== 'string') return sendError(res, 400, 'bad_params', `query parameter "${name}" must be given once, as plain text`, `params.${name}`);
      params[name] = value;
    }
    try {
      const view = deps.view?.(res);
      const ref = { id: param(req, 'id'), params };
      const who = res.locals.principal as { kind: string; id: string } | undefined;
      const holder = who ? `${who.kind}:${who.id}` : `ip:${req.ip ?? '?'}`;
      res.json(view ? view.value(deps.metricValue(view.metric(ref), holder)) : deps.metricValue(ref, holder));
    } catch (err) {
      if (forbidden(res, err)) return;
      if (!(err instanceof MetricError)) throw err;
      sendError(res, err.code === 'unknown_metric' ? 404 : err.code === 'rate_limited' ? 429 : 400, err.code, err.message, err.path);
    }
  };
  return {
    'health': (_req, res) => {
      const sources = deps.sources();
      const store = deps.store?.() ?? { writable: true };
      // A first sync is no fault: `syncing` while sources are in it and nothing else is wrong; `degraded` for real faults.
      const phase = phaseOf(sources);
      const faults = !store.writable || sources.some((s) => s.state !== 'ok' && s.state !== 'syncing');
      res.json({ status: faults ? 'degraded' : phase.state === 'syncing' ? 'syncing' : 'ok',
        uptime_s: Math.round((Date.now() - deps.startedAt) / 1000), phase, store, sources });
    },
    'sources.list': (_req, res) => { res.json(deps.sources()); },
    'metrics.list': (_req, res) => { res.json(deps.catalogue().map(listedMetric)); },
    'definitions.list': (_req, res) => {
      res.json(deps.definitions().map(({ id, file, valid, title, error, problems, lastGood }) =>
        ({ id, file: basename(file), valid, title, error, problems, lastGood })));
    },
    'metrics.get': metric,
    'screens.list': (_req, res) => {
      const view = deps.view?.(res);
      res.json(deps.screens().filter((s) => !view || view.listsScreen(s.id, s.definition)).map((s) => ({ ...listed(s), devices: s.definition?.devices })));
    },
    'screens.asset': (req, res, next) => sendScreenAsset(deps.assetsDir, req, res, next),
    'screens.get': (req, res) => {
      const entry = deps.screens().find((s) => s.id === req.params.id);
      if (!entry) return sendError(res, 404, 'not_found', `no screen "${req.params.id}"`);
      const served = deps.screen(entry.id);
      if (!served) return sendError(res, 422, 'invalid_screen', entry.error ?? 'invalid screen');
      const view = deps.view?.(res);
      try { res.json(view ? view.screen(served) : served); } catch (err) { if (!forbidden(res, err)) throw err; }
    },
    'playlists.list': (_req, res) => {
      const view = deps.view?.(res);
      res.json(deps.playlists().filter((p) => !view || view.listsPlaylist(p.id)).map(listed));
    },
    'playlists.get': (req, res) => {
      const entry = deps.playlists().find((p) => p.id === req.params.id);
      if (!entry) return sendError(res, 404, 'not_found', `no playlist "${req.params.id}"`);
      if (deps.view?.(res)?.listsPlaylist(entry.id) === false) return sendError(res, 403, 'forbidden', `you may not open playlist "${entry.id}"`);
      if (!entry.definition) return sendError(res, 422, 'invalid_playlist', entry.error ?? 'invalid playlist');
      res.json(entry.definition);
    },
  };
}
