import express, { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { ackRequestSchema, silenceRequestSchema, ALERT_STATES, type Alert, type Silence } from '../protocol';
import { sendBadBody, sendError } from './errors';

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

/** An alert key has slashes (`zd/4711/first_reply_time/1/breach`): taken whole, encoded or not. */
const keyOf = (req: Request) => {
  const k = (req.params as { key: string | string[] }).key;
  return Array.isArray(k) ? k.join('/') : k;
};

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
 * Alerts and silences over REST (ARCHITECTURE §5.2): list, acknowledge (and withdraw it), silence and
 * un-silence. Every change also goes out on the dashboard stream at once.
 */
export function createAlertsRouter(deps: AlertsDeps): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  router.get('/alerts', (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (state !== undefined && !STATES.has(state)) return sendError(res, 400, 'bad_request', `state: expected one of ${[...STATES].join(', ')}, got "${state}"`, 'state');
    res.json(deps.alerts.list(state as Alert['state'] | 'open' | undefined));
  });
  router.post('/alerts/*key/ack', json, (req, res) => {
    const body = ackRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'acknowledge: expected { by, until?, comment? }', body.error);
    try { res.json(deps.alerts.ack(keyOf(req), { ...body.data, by: actor(res) ?? body.data.by }, Date.now())); } catch (err) { fail(res, err); }
  });
  router.delete('/alerts/*key/ack', (req, res) => {
    try { res.json(deps.alerts.unack(keyOf(req), Date.now())); } catch (err) { fail(res, err); }
  });
  router.get('/alerts/*key', (req, res) => {
    const alert = deps.alerts.get(keyOf(req));
    if (!alert) return sendError(res, 404, 'not_found', `no alert "${keyOf(req)}"`);
    res.json(alert);
  });
  router.get('/silences', (_req, res) => { res.json(deps.alerts.silences(Date.now())); });
  router.post('/silences', json, (req, res) => {
    const body = silenceRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'silence: expected { matchers: [{ name, op, value }], ends_at | duration, created_by, comment? }', body.error);
    try { res.status(201).json(deps.alerts.silence({ ...body.data, created_by: actor(res) ?? body.data.created_by }, Date.now())); } catch (err) { fail(res, err); }
  });
  router.delete('/silences/:id', (req, res) => {
    try { res.json(deps.alerts.expireSilence(req.params.id, Date.now())); } catch (err) { fail(res, err); }
  });
  return router;
}
