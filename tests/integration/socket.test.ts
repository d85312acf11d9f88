import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { SubscribeAck } from '../../server/protocol';
import { connect, getJson, screenOf, screensDir, startTestHub, subscribe, type Client } from '../support/hub';

const screens = screensDir({ 'good.json': screenOf('good', { open: { id: 'tickets.open' } }) });
let hub: Hub;
let socket: Client;

beforeAll(async () => {
  hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] }, screensDir: screens.dir, heartbeatMs: 200 });
  socket = await connect(hub);
});
afterAll(async () => { socket?.disconnect(); await hub?.close(); screens.remove(); });

function failure(ack: SubscribeAck) {
  if (ack.ok) throw new Error(`expected a refusal, got ${JSON.stringify(ack)}`);
  expect(typeof ack.error.code).toBe('string');
  expect(typeof ack.error.message).toBe('string');
  return ack.error;
}

describe('heartbeat', () => {
  it('arrives at the configured interval carrying the epoch and the hub time', async () => {
    const beat = await new Promise<{ epoch: string; now: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no heartbeat within 3 s')), 3_000);
      socket.once('heartbeat', (msg) => { clearTimeout(timer); resolve(msg); });
    });
    expect(beat.epoch).toBe(hub.epoch);
    expect(Math.abs(Date.parse(beat.now) - Date.now())).toBeLessThan(5_000);
  });
});

describe('subscribe', () => {
  it('a screen: the definition and a snapshot with this run\'s epoch and every key', async () => {
    const ack = await subscribe(socket, { screen: 'good' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.screen?.id).toBe('good');
    expect(ack.snapshot.epoch).toBe(hub.epoch);
    expect(Object.keys(ack.snapshot.metrics)).toEqual(['tickets.open']);
    expect(ack.snapshot.metrics['tickets.open']!.value).toEqual({ kind: 'scalar', value: 0, previous: null });
    expect(ack.snapshot.sources.map((s) => s.id)).toEqual(['p']);
  });

  it('metrics by id and params: keys with the defaults applied', async () => {
    const ack = await subscribe(socket, { metrics: [{ id: 'orders.count', params: {} }, { id: 'deals.won_amount', params: { region: '华东' } }] });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(Object.keys(ack.snapshot.metrics).sort()).toEqual([
      'deals.won_amount?region=%E5%8D%8E%E4%B8%9C&window=mtd', 'orders.count?window=today',
    ]);
  });

  it('refuses a body of the wrong shape', async () => {
    expect(failure(await subscribe(socket, { foo: 1 })).code).toBe('bad_request');
    expect(failure(await subscribe(socket, 'screen')).code).toBe('bad_request');
    expect(failure(await subscribe(socket, { metrics: [] })).code).toBe('bad_request');
  });

  it('refuses an unknown screen', async () => {
    const error = failure(await subscribe(socket, { screen: 'nope' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('nope');
  });

  it('refuses an unknown metric and bad params, naming them', async () => {
    const unknown = failure(await subscribe(socket, { metrics: [{ id: 'orders.nope', params: {} }] }));
    expect(unknown.code).toBe('unknown_metric');
    expect(unknown.message).toContain('orders.nope');
    const bad = failure(await subscribe(socket, { metrics: [{ id: 'orders.count', params: { window: 'yesterday' } }] }));
    expect(bad.code).toBe('bad_params');
    expect(bad.path).toBe('params.window');
  });

  it('keeps serving after refusals: the same socket subscribes again, REST answers', async () => {
    expect(socket.connected).toBe(true);
    const ack = await subscribe(socket, { screen: 'good' });
    expect(ack.ok).toBe(true);
    const health = await getJson<{ status: string }>(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    const other = await connect(hub);
    try { expect((await subscribe(other, { metrics: [{ id: 'tickets.open', params: {} }] })).ok).toBe(true); } finally { other.disconnect(); }
  });

  it('unsubscribe answers with the same ack shape', async () => {
    const ok = await socket.timeout(5_000).emitWithAck('unsubscribe', { metrics: [{ id: 'orders.count', params: {} }] });
    expect(ok).toEqual({ ok: true });
    const bad = await socket.timeout(5_000).emitWithAck('unsubscribe', { nothing: true } as never);
    expect(bad.ok).toBe(false);
  });
});
