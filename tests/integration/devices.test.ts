import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { DeviceCommand, DeviceEntry, PairingStart, PairingState } from '../../server/protocol';
import type { AuditRow } from '../../server/store';
import { call, connectAs, login, testHash } from '../support/access';
import { screenOf, screensDir, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

/** Display devices over the real hub: pairing, a read-only token scoped to its assignment, the fleet, revoking. */
let hub: Hub;
let dir: { dir: string; remove(): void };
let admin: string;
let viewer: string;
const sockets: Client[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub?.close();
  dir?.remove();
});

beforeAll(async () => {
  dir = screensDir({
    'lobby.json': screenOf('lobby', { open: { id: 'tickets.open' } }),
    'sales.json': screenOf('sales', { orders: { id: 'orders.count', params: { window: 'today' } } }),
    'playlists/rotation.json': { id: 'rotation', title: 'Rotation', screens: [{ screen: 'lobby' }, { screen: 'sales' }] },
  });
  hub = await startTestHub({
    screensDir: dir.dir,
    config: { access: { enabled: true, users: [
      { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
      { username: 'vi', role: 'viewer', departments: ['sales'], password_hash: await testHash('vi-pw') },
    ] } },
  });
  [admin, viewer] = await Promise.all([login(hub, 'root', 'root-pw'), login(hub, 'vi', 'vi-pw')]);
});

/** A TV pairs: starts, the admin approves its code, the TV's poll takes the token. */
async function pair(name: string, target: object, extra: object = {}): Promise<{ token: string; device: DeviceEntry }> {
  const start = await call<PairingStart>(hub, 'POST', '/api/pair');
  expect(start.status).toBe(201);
  const poll = () => fetch(`${hub.url}/api/pair/${start.body.id}`, { headers: { 'x-pairing-secret': start.body.secret } });
  expect(await (await poll()).json()).toMatchObject({ state: 'waiting', code: start.body.code });
  const approved = await call<DeviceEntry>(hub, 'POST', '/api/devices', { cookie: admin }, { code: start.body.code, name, target, ...extra });
  expect(approved.status).toBe(201);
  const taken = (await (await poll()).json()) as PairingState;
  if (taken.state !== 'approved') throw new Error('not approved');
  expect(taken.device).toEqual({ id: approved.body.id, name, target });
  expect((await poll()).status).toBe(404); // the token is handed over once
  return { token: taken.token, device: approved.body };
}

describe('pairing a display', () => {
  it('only an admin approves a code; a wrong code or target is a clear error', async () => {
    const start = await call<PairingStart>(hub, 'POST', '/api/pair');
    expect((await call(hub, 'POST', '/api/devices', { cookie: viewer }, { code: start.body.code, name: 'x', target: { screen: 'lobby' } })).status).toBe(403);
    const wrongCode = await call<{ error: { code: string; path: string } }>(hub, 'POST', '/api/devices', { cookie: admin }, { code: 'ZZZZ-ZZZZ', name: 'x', target: { screen: 'lobby' } });
    expect(wrongCode).toMatchObject({ status: 404, body: { error: { code: 'unknown_code', path: 'code' } } });
    const wrongTarget = await call<{ error: { code: string } }>(hub, 'POST', '/api/devices', { cookie: admin }, { code: start.body.code, name: 'x', target: { screen: 'nope' } });
    expect(wrongTarget).toMatchObject({ status: 422, body: { error: { code: 'unknown_target' } } });
    const badBody = await call<{ error: { code: string; message: string } }>(hub, 'POST', '/api/devices', { cookie: admin }, { code: start.body.code });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/name/);
  });

  it('gives a read-only token for what was assigned: its screen opens, nothing else does', async () => {
    const { token } = await pair('Lobby TV', { screen: 'lobby' });
    const socket = await connectAs(hub, { token });
    sockets.push(socket);
    expect(await subscribe(socket, { screen: 'lobby' })).toMatchObject({ ok: true, screen: { id: 'lobby' } });
    expect(await subscribe(socket, { screen: 'sales' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subscribe(socket, { metrics: [{ id: 'orders.count', params: {} }] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call(hub, 'GET', '/api/screens/lobby', { token })).status).toBe(200);
    expect((await call(hub, 'GET', '/api/screens/sales', { token })).status).toBe(403);
    expect((await call(hub, 'GET', '/api/metrics/orders.count', { token })).status).toBe(403);
    expect((await call(hub, 'POST', '/api/alerts/x/ack', { token }, { by: 'tv' })).status).toBe(403);
    expect((await call(hub, 'GET', '/api/auth/me', { token })).body).toMatchObject({ principal: { kind: 'device', name: 'Lobby TV', role: 'device', target: { screen: 'lobby' } } });
  });

  it('a playlist display opens each of its screens and lists only its playlist', async () => {
    const { token } = await pair('Hall TV', { playlist: 'rotation' });
    const socket = await connectAs(hub, { token });
    sockets.push(socket);
    for (const id of ['lobby', 'sales']) expect((await subscribe(socket, { screen: id })).ok, id).toBe(true);
    expect((await call<{ id: string }[]>(hub, 'GET', '/api/playlists', { token })).body.map((p) => p.id)).toEqual(['rotation']);
  });
});

describe('the fleet', () => {
  it('lists each display with what it shows and what it reported; commands reach it; a new target is sent to it', async () => {
    const { token, device } = await pair('Ops TV', { screen: 'lobby' });
    const socket = await connectAs(hub, { token });
    sockets.push(socket);
    const commands: DeviceCommand[] = [];
    socket.on('device', (c) => commands.push(c));
    expect(await socket.timeout(2000).emitWithAck('report', { version: '0.1.0', showing: 'screen:lobby', memory: 52_000_000, latency_ms: 12 })).toEqual({ ok: true });
    expect(await socket.timeout(2000).emitWithAck('report', { version: 7 } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const fleet = await call<DeviceEntry[]>(hub, 'GET', '/api/devices', { cookie: admin });
    expect(fleet.body.find((d) => d.id === device.id)).toMatchObject({
      name: 'Ops TV', target: { screen: 'lobby' }, online: true, revoked_at: null,
      report: { version: '0.1.0', showing: 'screen:lobby', memory: 52_000_000, latency_ms: 12 },
    });
    expect((await call(hub, 'POST', `/api/devices/${device.id}/identify`, { cookie: admin })).status).toBe(202);
    expect((await call(hub, 'POST', `/api/devices/${device.id}/reload`, { cookie: admin })).status).toBe(202);
    expect((await call(hub, 'PATCH', `/api/devices/${device.id}`, { cookie: admin }, { target: { playlist: 'rotation' } })).status).toBe(200);
    await waitFor('three commands', () => (commands.length === 3 ? commands : undefined), 3000);
    expect(commands).toEqual([{ command: 'identify', name: 'Ops TV', seconds: 8 }, { command: 'reload' }, { command: 'show', target: { playlist: 'rotation' } }]);
    // The new assignment holds at once: the playlist's other screen opens now.
    expect((await subscribe(socket, { screen: 'sales' })).ok).toBe(true);
  });

  it('a display\'s panels, bezels and viewing distance: set at pairing or later, told to the TV at once, checked', async () => {
    const { token, device } = await pair('Wall', { screen: 'lobby' }, { display: { panels: { columns: 3, rows: 1 }, bezel_px: 24 } });
    expect(device.display).toEqual({ panels: { columns: 3, rows: 1 }, bezel_px: 24 });
    const me = await call<{ principal: { display: object } }>(hub, 'GET', '/api/auth/me', { token });
    expect(me.body.principal.display).toEqual({ panels: { columns: 3, rows: 1 }, bezel_px: 24 });
    const socket = await connectAs(hub, { token });
    sockets.push(socket);
    const commands: DeviceCommand[] = [];
    socket.on('device', (c) => commands.push(c));
    const display = { panels: { columns: 3, rows: 1 }, bezel_px: 30, distance_m: 5, diagonal_in: 55 };
    expect((await call(hub, 'PATCH', `/api/devices/${device.id}`, { cookie: admin }, { display })).status).toBe(200);
    await waitFor('the display command', () => (commands.length === 1 ? commands : undefined), 3000);
    expect(commands).toEqual([{ command: 'display', display }]);
    // Settings of another kind or out of range are refused with the field named; nothing changes.
    const bad = await call<{ error: { message: string } }>(hub, 'PATCH', `/api/devices/${device.id}`, { cookie: admin }, { display: { panels: { columns: 0, rows: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/display\.panels\.columns/);
    expect((await call<DeviceEntry[]>(hub, 'GET', '/api/devices', { cookie: admin })).body.find((d) => d.id === device.id)?.display).toEqual(display);
  });

  it('a revoked display is disconnected within 2 s, and its token opens nothing after', async () => {
    const { token, device } = await pair('Old TV', { screen: 'lobby' });
    const socket = await connectAs(hub, { token });
    sockets.push(socket);
    const gone = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(performance.now())));
    const t0 = performance.now();
    expect((await call<DeviceEntry>(hub, 'DELETE', `/api/devices/${device.id}`, { cookie: admin })).body.revoked_at).not.toBeNull();
    const after = (await Promise.race([gone, new Promise<number>((r) => setTimeout(() => r(Infinity), 2000))])) - t0;
    expect(after).toBeLessThan(2000);
    await expect(connectAs(hub, { token })).rejects.toThrow(/sign in|pair/);
    expect((await call(hub, 'GET', '/api/screens/lobby', { token })).status).toBe(401);
    const audit = await call<AuditRow[]>(hub, 'GET', '/api/audit?action=device.', { cookie: admin });
    expect(audit.body.find((e) => e.action === 'device.revoke')).toMatchObject({ actor: 'user:root', target: `device:${device.id}`, outcome: 'ok' });
    expect(audit.body.some((e) => e.action === 'device.pair' && e.target === `device:${device.id}`)).toBe(true);
  });
});
