import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { HubPhase, MetricValue } from '../../server/protocol';
import { connect, getJson, recordMetrics, screenOf, screensDir, startTestHub, subscribe, waitFor, withinToday, type Client } from '../support/hub';
import { heldBuild, storeHolding } from '../support/rebuild';

/**
 * A hub started on a store that already holds records listens at once and serves while it builds its keys from the
 * store (the `rebuilding` phase): health, REST and socket subscriptions answer, values say `rebuilding` instead of
 * showing zeros, a record pushed meanwhile is stored and counted once, and when the build ends every key is whole.
 * The build is held between chunks by the test (the hub's `warmUp.pause` hook), so each state is seen for certain.
 */
const TOKEN_ENV = 'OPSWALL_TEST_WARM_TOKEN';
const ORDERS = 1_200;
const OPEN_TICKETS = 700;
const SOLVED_TICKETS = 300;
const dir = mkdtempSync(join(tmpdir(), 'opswall-warm-'));
const db = join(dir, 'hub.db');
const screens = screensDir({ 'warm.json': screenOf('warm', { orders: { id: 'orders.count', params: { window: 'today' } }, open: { id: 'tickets.open' } }) });
let hub: Hub;
let socket: Client;
// 250 records a chunk: the 2,200 stored take 9 chunks; the test holds the build after the second.
const build = heldBuild(2);

beforeAll(async () => {
  process.env[TOKEN_ENV] = 'warm-secret';
  storeHolding(db, { orders: ORDERS, open: OPEN_TICKETS, solved: SOLVED_TICKETS });
  hub = await startTestHub({
    dbPath: db, screensDir: screens.dir, rebuilding: true,
    config: { timezone: 'Asia/Shanghai', sources: [{ id: 'p', kind: 'push', token_env: TOKEN_ENV }] },
    warmUp: { chunk: 250, pause: build.pause },
  });
  socket = await connect(hub);
}, 60_000);
afterAll(async () => {
  build.release();
  socket?.disconnect();
  await hub?.close();
  screens.remove();
  rmSync(dir, { recursive: true, force: true });
  delete process.env[TOKEN_ENV];
});

const scalar = (v: MetricValue | undefined) => (v?.value.kind === 'scalar' ? v.value.value : undefined);

describe('serving while the hub builds from its store', () => {
  let phases: HubPhase[];
  let pushed: Record<string, MetricValue>[];

  it('health answers at once: status and phase rebuilding, with how far the build has come', async () => {
    await waitFor('the build held', () => (build.reached() ? true : undefined), 10_000, 10);
    const { status, body } = await getJson<{ status: string; phase: HubPhase }>(`${hub.url}/api/health`);
    expect(status).toBe(200);
    expect(body.status).toBe('rebuilding');
    expect(body.phase.state).toBe('rebuilding');
    // The open tickets' clocks (700) come first, then the pass over all 2,200 records, held at its first chunk boundary.
    expect(body.phase.rebuilding!.total).toBe(ORDERS + OPEN_TICKETS + SOLVED_TICKETS);
    expect(body.phase.rebuilding!.records).toBeLessThan(ORDERS + OPEN_TICKETS + SOLVED_TICKETS);
    expect(body.phase.rebuilding!.pct).toBe(Math.floor((body.phase.rebuilding!.records / 2_200) * 100));
  });

  it('a subscribe is answered with the screen and values that say rebuilding, not zeros as data', async () => {
    phases = [];
    socket.on('phase', (msg) => phases.push(msg.phase));
    pushed = recordMetrics(socket);
    const ack = await subscribe(socket, { screen: 'warm' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.snapshot.phase?.state).toBe('rebuilding');
    const values = Object.values(ack.snapshot.metrics);
    expect(values.map((v) => v.id).sort()).toEqual(['orders.count', 'tickets.open']);
    for (const v of values) expect(v.phase).toBe('rebuilding');
  });

  it('REST reads say rebuilding too; a record pushed meanwhile is stored at once', async () => {
    const { body } = await getJson<MetricValue>(`${hub.url}/api/metrics/tickets.open`);
    expect(body.phase).toBe('rebuilding');
    const now = withinToday(1_000);
    const res = await fetch(`${hub.url}/api/ingest/p`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer warm-secret' },
      body: JSON.stringify({ records: [{ type: 'order', id: 'O-new', status: 'new', amount: 10, created_at: now, updated_at: now },
        { type: 'ticket', id: 'T-0', priority: 'normal', status: 'solved', created_at: now, updated_at: now }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [] });
    expect((await getJson<MetricValue>(`${hub.url}/api/metrics/tickets.open`)).body.phase).toBe('rebuilding');
  });

  it('once the build ends the walls get whole values, counting the pushed records once, and the phase ready', async () => {
    build.release();
    await hub.built;
    // 1,200 stored orders + the pushed one; 700 open tickets less T-0, solved by the push.
    const last = await waitFor('whole values pushed', () => {
      const merged = Object.assign({}, ...pushed) as Record<string, MetricValue>;
      const orders = merged['orders.count?window=today'], open = merged['tickets.open'];
      return orders && open && !orders.phase && !open.phase ? { orders, open } : undefined;
    }, 10_000, 20);
    expect(scalar(last.orders)).toBe(ORDERS + 1);
    expect(scalar(last.open)).toBe(OPEN_TICKETS - 1);
    await waitFor('the phase event', () => (phases.some((p) => p.state === 'ready') ? true : undefined), 5_000, 20);
    // A source's health change during the build may have said `rebuilding` first; `ready` comes once, last.
    expect(phases.map((p) => p.state).filter((s) => s !== 'rebuilding')).toEqual(['ready']);
    expect(phases.at(-1)!.state).toBe('ready');
    const health = await getJson<{ status: string; phase: HubPhase }>(`${hub.url}/api/health`);
    expect(health.body.status).toBe('ok');
    expect(health.body.phase).toEqual({ state: 'ready', syncing: [] });
    const rest = await getJson<MetricValue>(`${hub.url}/api/metrics/tickets.open`);
    expect(rest.body.phase).toBeUndefined();
    expect(scalar(rest.body)).toBe(OPEN_TICKETS - 1);
  });
});
