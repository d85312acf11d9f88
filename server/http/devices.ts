import express, { type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Access, Principal } from '../access';
import { approveDeviceSchema, deviceTargetSchema, displaySettingsSchema, type DeviceCommand, type DeviceTarget } from '../protocol';
import type { AuditNote } from './audit-trail';
import { sendBadBody, sendError } from './errors';
import { param, type RouteHandlers } from './router';

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
  display: displaySettingsSchema.optional(),
}).strict();

const IDENTIFY_S = 8;

/**
 * Display pairing and the fleet: a TV starts a pairing (`POST /api/pair`) and polls it; an admin approves
 * its code (`POST /api/devices`), lists, changes, reloads, identifies and revokes displays.
 */
export function devicesRoutes(deps: DevicesDeps): RouteHandlers<'pair.start' | 'pair.poll' | 'devices.list' | 'devices.approve' | 'devices.change' | 'devices.revoke' | 'devices.command' | 'audit.list'> {
  const { access } = deps;
  const json = express.json({ limit: '16kb' });
  const admin = (res: Response) => res.locals.principal as Principal;
  const tag = (id: string) => `device:${id}`;
  /** What the route's audit entry records (server/http/audit-trail.ts). */
  const note = (res: Response, n: AuditNote) => { res.locals.audit = n; };
  const checkScope = (res: Response, target: DeviceTarget | undefined, departments: string[] | undefined) => {
    if (target && !deps.targetExists(target)) { sendError(res, 422, 'unknown_target', `no ${'screen' in target ? `screen "${target.screen}"` : `playlist "${target.playlist}"`}`, 'target'); return false; }
    const unknown = departments?.find((d) => d !== '*' && !deps.departments.includes(d));
    if (unknown) { sendError(res, 422, 'unknown_department', `no department "${unknown}"`, 'departments'); return false; }
    return true;
  };

  return {
  'pair.start': [deps.pairingLimit, (_req, res) => {
    if (!access.enabled) return sendError(res, 409, 'access_off', 'access control is off: open any screen directly, no pairing needed');
    try { res.status(201).json(access.pairing.start()); } catch (err) { sendError(res, 503, 'busy', (err as Error).message); }
  }],
  'pair.poll': (req, res) => {
    const state = access.pairing.state(param(req, 'id'), req.get('x-pairing-secret') ?? '');
    if (!state) return sendError(res, 404, 'not_found', 'no such pairing (expired, or already taken): start again');
    res.json(state);
  },

  'devices.list': (_req, res) => { res.json(access.devices.list()); },
  'devices.approve': [json, (req, res) => {
    const body = approveDeviceSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'approve a display: expected { code, name, target: { screen } | { playlist }, departments?, amounts?, display? }', body.error);
    if (!checkScope(res, body.data.target, body.data.departments)) return;
    const pending = access.pairing.byCode(body.data.code);
    if (!pending) return sendError(res, 404, 'unknown_code', `no display is waiting with code "${body.data.code}" (codes last ten minutes)`, 'code');
    const { code, ...d } = body.data;
    const { device, token } = access.devices.create({ ...d, created_by: `${admin(res).kind}:${admin(res).id}` });
    access.pairing.approve(pending.id, { token, device: { id: device.id, name: device.name, target: device.target } });
    note(res, { target: tag(device.id), detail: { code, ...d } });
    res.status(201).json(device);
  }],
  'devices.change': [json, (req, res) => {
    const body = changeSchema.safeParse(req.body ?? {});
    if (!body.success) return sendBadBody(res, 'change a display: expected { name?, target?, departments?, amounts?, display? }', body.error);
    if (!checkScope(res, body.data.target, body.data.departments)) return;
    const device = access.devices.update(param(req, 'id'), body.data);
    if (!device) return sendError(res, 404, 'not_found', `no display "${req.params.id}" (or it was revoked)`);
    note(res, { target: tag(device.id), detail: body.data });
    // Its sockets carry the scope they connected with: a new scope needs a new connection.
    if (body.data.departments || body.data.amounts !== undefined) deps.disconnect(tag(device.id));
    else {
      if (body.data.target) deps.command(tag(device.id), { command: 'show', target: device.target });
      if (body.data.display) deps.command(tag(device.id), { command: 'display', display: device.display });
    }
    res.json(device);
  }],
  'devices.revoke': (req, res) => {
    const device = access.devices.revoke(param(req, 'id'));
    if (!device) return sendError(res, 404, 'not_found', `no display "${req.params.id}"`);
    deps.disconnect(tag(device.id));
    note(res, { target: tag(device.id), detail: { name: device.name } });
    res.json(device);
  },
  'devices.command': (req, res) => {
    const device = access.devices.get(param(req, 'id'));
    if (!device || device.revoked_at) return sendError(res, 404, 'not_found', `no display "${req.params.id}" (or it was revoked)`);
    const command = req.params.command;
    if (command !== 'reload' && command !== 'identify') return sendError(res, 404, 'not_found', `no command "${command}": reload or identify`);
    deps.command(tag(device.id), command === 'reload' ? { command } : { command, name: device.name, seconds: IDENTIFY_S });
    note(res, { action: `device.${command}`, target: tag(device.id) });
    res.status(202).json({ sent: device.online });
  },

  'audit.list': (req, res) => {
    const once = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? undefined : NaN);
    const limit = Number(once(req.query.limit) ?? 100);
    const before = req.query.before === undefined ? undefined : Number(once(req.query.before));
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sendError(res, 400, 'bad_request', 'limit: a whole number from 1 to 1000', 'limit');
    if (before !== undefined && !Number.isInteger(before)) return sendError(res, 400, 'bad_request', 'before: an entry id', 'before');
    const action = req.query.action;
    if (action !== undefined && typeof action !== 'string') return sendError(res, 400, 'bad_request', 'action: one action name or prefix, given once', 'action');
    res.json(access.auditList({ limit, before, action }));
  },
  };
}
