import express, { type Response } from 'express';
import type { z } from 'zod';
import { ackRequestSchema, silenceRequestSchema, ALERT_STATES, type Alert, type Silence } from '../protocol';
import { sendBadBody, sendError } from './errors';
import { param, type RouteHandlers } from './router';

export interface AlertsDeps {
  alerts: {
    list(state?: Alert['state'] | 'open'): Alert[];
    get(key: string): Alert | undefined;
    ack(key: string, ack: { by: string; until?: string }, now: number): Alert;
    unack(key: string, now: number): Alert;
    silences(now: number): Silence[];
    silence(body: z.output<typeof silenceRequestSchema>, now: number): Silence;
    expireSilence(id: string, now: number): Silence;
  };
}

const STATES = new Set<string>([...ALERT_STATES, 'open']);

/** With access control on, a signed-in user acts under their own name, whatever the body says. */
function actor(res: Response): string | undefined {
  const p = res.locals.principal as { kind?: string; name?: string } | undefined;
  return p?.kind === 'user' || p?.kind === 'token' ? p.name : undefined;
}

/** Errors of the alerts room (AlertError) carry a code: not_found → 404, conflict → 409. */
function fail(res: Response, err: unknown) {
  const e = err as Error & { code?: string };
  if (e.code === 'not_found') return sendError(res, 404, 'not_found', e.message);
  if (e.code === 'conflict') return sendError(res, 409, 'conflict', e.message);
  throw err;
}

/**
 * Alerts and silences over REST (docs/api.md, REST): list, acknowledge (and withdraw it), silence and
 * un-silence. Every change also goes out on the dashboard stream at once.
 */
export function alertsRoutes(deps: AlertsDeps): RouteHandlers<'alerts.list' | 'alerts.get' | 'alerts.ack' | 'alerts.unack' | 'silences.list' | 'silences.create' | 'silences.expire'> {
  const json = express.json({ limit: '64kb' });
  const keyOf = (req: express.Request) => param(req, 'key');
  return {
    'alerts.list': (req, res) => {
      const state = req.query.state;
      if (state !== undefined && (typeof state !== 'string' || !STATES.has(state))) {
        return sendError(res, 400, 'bad_request', `state: expected one of ${[...STATES].join(', ')}, given once, got ${JSON.stringify(state)}`, 'state');
      }
      res.json(deps.alerts.list(state as Alert['state'] | 'open' | undefined));
    },
    'alerts.ack': [json, (req, res) => {
      const body = ackRequestSchema.safeParse(req.body ?? {});
      if (!body.success) return sendBadBody(res, 'acknowledge: expected { by, until?, comment? }', body.error);
      try { res.json(deps.alerts.ack(keyOf(req), { ...body.data, by: actor(res) ?? body.data.by }, Date.now())); } catch (err) { fail(res, err); }
    }],
    'alerts.unack': (req, res) => {
      try { res.json(deps.alerts.unack(keyOf(req), Date.now())); } catch (err) { fail(res, err); }
    },
    'alerts.get': (req, res) => {
      const alert = deps.alerts.get(keyOf(req));
      if (!alert) return sendError(res, 404, 'not_found', `no alert "${keyOf(req)}"`);
      res.json(alert);
    },
    'silences.list': (_req, res) => { res.json(deps.alerts.silences(Date.now())); },
    'silences.create': [json, (req, res) => {
      const body = silenceRequestSchema.safeParse(req.body ?? {});
      if (!body.success) return sendBadBody(res, 'silence: expected { matchers: [{ name, op, value }], ends_at | duration, created_by, comment? }', body.error);
      try { res.status(201).json(deps.alerts.silence({ ...body.data, created_by: actor(res) ?? body.data.created_by }, Date.now())); } catch (err) { fail(res, err); }
    }],
    'silences.expire': (req, res) => {
      try { res.json(deps.alerts.expireSilence(param(req, 'id'), Date.now())); } catch (err) { fail(res, err); }
    },
  };
}
