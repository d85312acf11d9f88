import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { DEMO_CONFIG } from '../../server/config';
import type { MetricValue } from '../../server/protocol';
import { connect, recordMetrics, screenOf, screensDir, sourcesOk, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

// A fast demo: one day of history, then 1000× activity polled twice a second, so records change all the time.
// Beside it a push source: the simulated company is quiet at night (its local hours), so the test of a client's own keys
// makes its own changes rather than wait for the company's.
const CONFIG = { ...DEMO_CONFIG, sources: [{ id: 'demo', kind: 'demo', interval: '500ms', options: { seed: 5, speed: 1000, history_days: 1 } },
  { id: 'shop', kind: 'push' }] };
// A region no simulated order has: this key's value is 0 for ever and must never be pushed. Its previous is null:
// the source covers from one day before its first poll, after yesterday's midnight, where today's previous span begins.
const NEVER = 'orders.count?region=nowhere&window=today';
const screens = screensDir({ 'live.json': screenOf('live', {
  count: { id: 'orders.count', params: { window: 'today' } },
  amount: { id: 'orders.amount', params: { window: '30d' } },
  open: { id: 'tickets.open' },
  sla: { id: 'tickets.sla.summary' },
  queue: { id: 'tickets.sla.queue', params: { limit: 5 } },
  deals: { id: 'deals.funnel' },
  never: { id: 'orders.count', params: { window: 'today', region: 'nowhere' } },
}) });

let hub: Hub;
let socket: Client;
beforeAll(async () => {
  hub = await startTestHub({ config: CONFIG, screensDir: screens.dir });
  await sourcesOk(hub); // after the first batch: no stale → fresh flip pushes every key
  socket = await connect(hub);
}, 30_000);
afterAll(async () => { socket?.disconnect(); await hub?.close(); screens.remove(); });

describe('deltas from the simulator', () => {
  it('push only changed keys of the screen, each one version up with a different value', async () => {
    const messages = recordMetrics(socket);
    const ack = await subscribe(socket, { screen: 'live' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const known: Record<string, MetricValue> = { ...ack.snapshot.metrics };
    expect(Object.keys(known)).toHaveLength(7);
    expect(known[NEVER]!.value).toEqual({ kind: 'scalar', value: 0, previous: null });

    await waitFor('three metrics messages', () => (messages.length >= 3 ? true : undefined), 20_000);
    const seen = new Set<string>();
    for (const values of messages.slice()) {
      expect(Object.keys(values).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(values)) {
        const before = known[key];
        expect(before, `${key} is not a key of this screen`).toBeDefined();
        expect(key).not.toBe(NEVER);
        expect(value.key).toBe(key);
        expect(value.version, key).toBe(before!.version + 1); // one change, one version: no gap
        expect(JSON.stringify(value.value), `${key} was pushed without changing`).not.toBe(JSON.stringify(before!.value));
        expect(value.stale).toBe(false);
        known[key] = value;
        seen.add(key);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('a client watching metrics (not a screen) gets only its own changed keys', async () => {
    const other = await connect(hub);
    try {
      const messages = recordMetrics(other);
      const ack = await subscribe(other, { metrics: [{ id: 'orders.count', params: { window: 'today' } }, { id: 'orders.count', params: { window: 'today', region: 'nowhere' } }] });
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      let version = ack.snapshot.metrics['orders.count?window=today']!.version;
      // Two new orders of today (no region), one after the other: today's count moves twice, the region's never.
      for (const n of [1, 2]) {
        const at = new Date(Date.now() - 1000).toISOString();
        const res = await fetch(`${hub.url}/api/ingest/shop`, { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ records: [{ type: 'order', id: `WEB-${n}`, status: 'new', amount: 10, created_at: at, updated_at: at }] }) });
        expect(res.status).toBe(200);
        await waitFor(`orders.count message ${n}`, () => (messages.length >= n ? true : undefined), 20_000);
      }
      for (const values of messages.slice()) {
        expect(Object.keys(values)).toEqual(['orders.count?window=today']);
        expect(values['orders.count?window=today']!.version).toBe(++version);
      }
    } finally { other.disconnect(); }
  });
});
