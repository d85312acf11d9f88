import express, { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Access, Principal } from '../access';
import { approveDeviceSchema, deviceTargetSchema, type DeviceCommand, type DeviceTarget } from '../protocol';
import { sendBadBody, sendError } from './errors';

export interface DevicesDeps {
  access: Access;
  pairingLimit: RequestHandler;
  /** Whether a screen or playlist of this id exists (a display is assigned only what exists). */
  targetExists(target: DeviceTarget): boolean;
  /** Drops every socket of this tag at once. */
  disconnect(tag: string): void;
  command(tag: string, msg: DeviceCommand): void;
  departments: readonly string[];
}

const changeSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  target: deviceTargetSchema.optional(),
  departments: z.array(z.string().min(1)).min(1).optional(),
  amounts: z.boolean().optional(),
}).strict();

const IDENTIFY_S = 8;

/**
 * Display pairing and the fleet: a TV starts a pairing (`POST /api/pair`) and polls it; an admin approves
 * its code (`POST /api/devices`), lists, changes, reloads, identifies and revokes displays.
 */
export function createDevicesRouter(deps: DevicesDeps): Router {
  const { access } = deps;
  const router = Router();
  const json = express.json({ limit: '16kb' });
  const admin = (res: Response) => res.locals.principal as Principal;
  const tag = (id: string) => `device:${id}`;
  const checkScope = (res: Response, target: DeviceTarget | undefined, departments: string[] | undefined) => {
    if (target && !deps.targetExists(target)) { sendError(res, 422, 'unknown_target', `no ${'screen' in target ? `screen "${target.screen}"` : `playlist "${target.playlist}"`}`, 'target'); return false; }
    const unknown = departments?.find((d) => d !== '*' && !deps.departments.includes(d));
    if (unknown) { sendError(res, 422, 'unknown_department', `no department "${unknown}"`, 'departments'); return false; }
    return true;
  };

  router.post('/pair', deps.pairingLimit, (req, res) => {
    if (!access.enabled) return sendError(res, 409, 'access_off', 'access control is off: open any screen directly, no pairing needed');
    try { res.status(201).json(access.pairing.start()); } catch (err) { sendError(res, 503, 'busy', (err as Error).message); }
  });
  router.get('/pair/:id', (req, res) => {
    const state = access.pairing.state(req.params.id, req.get('x-pairing-secret') ?? '');
    if (!state) return sendError(res, 404, 'not_found', 'no such pairing (expired, or already taken): start again');
    res.json(state);
  });

  router.get('/devices', (_req, res) => { res.json(access.devices.list()); });
  router.post('/devices', json, (req, res) => {
    const body = approveDeviceSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'approve a display: expected { code, name, target: { screen } | { playlist }, departments?, amounts? }', body.error);
    if (!checkScope(res, body.data.target, body.data.departments)) return;
    const pending = access.pairing.byCode(body.data.code);
    if (!pending) return sendError(res, 404, 'unknown_code', `no display is waiting with code "${body.data.code}" (codes last ten minutes)`, 'code');
    const { code, ...d } = body.data;
    const { device, token } = access.devices.create({ ...d, created_by: `${admin(res).kind}:${admin(res).id}` });
    access.pairing.approve(pending.id, { token, device: { id: device.id, name: device.name, target: device.target } });
    access.audit(admin(res), { action: 'device.pair', outcome: 'ok', target: `device:${device.id}`, ip: req.ip, detail: { code, ...d } });
    res.status(201).json(device);
  });
  router.patch('/devices/:id', json, (req, res) => {
    const body = changeSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'change a display: expected { name?, target?, departments?, amounts? }', body.error);
    if (!checkScope(res, body.data.target, body.data.departments)) return;
    const device = access.devices.update(req.params.id, body.data);
    if (!device) return sendError(res, 404, 'not_found', `no display "${req.params.id}" (or it was revoked)`);
    access.audit(admin(res), { action: 'device.change', outcome: 'ok', target: tag(device.id), ip: req.ip, detail: body.data });
    // Its sockets carry the scope they connected with: a new scope needs a new connection.
    if (body.data.departments || body.data.amounts !== undefined) deps.disconnect(tag(device.id));
    else if (body.data.target) deps.command(tag(device.id), { command: 'show', target: device.target });
    res.json(device);
  });
  router.delete('/devices/:id', (req, res) => {
    const device = access.devices.revoke(req.params.id);
    if (!device) return sendError(res, 404, 'not_found', `no display "${req.params.id}"`);
    deps.disconnect(tag(device.id));
    access.audit(admin(res), { action: 'device.revoke', outcome: 'ok', target: tag(device.id), ip: req.ip, detail: { name: device.name } });
    res.json(device);
  });
  router.post('/devices/:id/:command', (req, res) => {
    const device = access.devices.get(req.params.id);
    if (!device || device.revoked_at) return sendError(res, 404, 'not_found', `no display "${req.params.id}" (or it was revoked)`);
    const command = req.params.command;
    if (command !== 'reload' && command !== 'identify') return sendError(res, 404, 'not_found', `no command "${command}": reload or identify`);
    deps.command(tag(device.id), command === 'reload' ? { command } : { command, name: device.name, seconds: IDENTIFY_S });
    access.audit(admin(res), { action: `device.${command}`, outcome: 'ok', target: tag(device.id), ip: req.ip });
    res.status(202).json({ sent: device.online });
  });

  router.get('/audit', (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    const before = req.query.before === undefined ? undefined : Number(req.query.before);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sendError(res, 400, 'bad_request', 'limit: a whole number from 1 to 1000', 'limit');
    if (before !== undefined && !Number.isInteger(before)) return sendError(res, 400, 'bad_request', 'before: an entry id', 'before');
    const action = typeof req.query.action === 'string' ? req.query.action : undefined;
    res.json(access.auditList({ limit, before, action }));
  });
  return router;
}
