import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { HubPhase, MetricValue } from '../../server/protocol';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { connect, getJson, startTestHub, subscribe, waitFor, withinToday, type Client } from '../support/hub';

/**
 * The hub's phase over REST and Socket.IO while a source's first sync runs (docs/api.md, The hub's phase): a vendor
 * that answers each page slowly until the test lets it go.
 */
let vendor: FakeVendor;
let hub: Hub;
let socket: Client;
const phases: HubPhase[] = [];
beforeAll(async () => {
  process.env.FAKE_VENDOR_TOKEN = 'first-sync-token';
  vendor = await startFakeVendor({ pageSize: 2 });
  for (let i = 0; i < 4; i++) { const o = vendorOrder({}, new Date(withinToday(60_000))); vendor.records.set(o.id as string, o); }
  vendor.delayMs = 3_000; // two pages of two: six seconds of first sync
  hub = await startTestHub({ config: { timezone: 'Asia/Shanghai', sources: [
    { id: 'erp', kind: 'http-json', interval: '300ms', timeout: '30s', options: httpJsonOptions(vendor.url, 'offset', { paging: { type: 'offset', limit: 2 } }) },
  ] } });
  socket = await connect(hub);
  socket.on('phase', ({ phase }) => { phases.push(phase); });
});
afterAll(async () => { socket?.disconnect(); await hub?.close(); await vendor?.close(); delete process.env.FAKE_VENDOR_TOKEN; });

describe('a first sync', () => {
  it('is the syncing phase on REST, in the snapshot and on each value; its end is one phase event and a delta', async () => {
    const health = (await getJson<{ status: string; phase: HubPhase; sources: { state: string }[] }>(`${hub.url}/api/health`)).body;
    expect(health.status).toBe('syncing');
    expect(health.phase).toEqual({ state: 'syncing', syncing: [{ id: 'erp', records: 0, total: null, pct: null }] }); // nothing read yet
    expect(health.sources[0]!.state).toBe('syncing');

    const ack = await subscribe(socket, { metrics: [{ id: 'orders.count', params: { window: 'today' } }] });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.snapshot.phase?.state).toBe('syncing');
    expect(ack.snapshot.metrics['orders.count?window=today']).toMatchObject({ phase: 'syncing', stale: true });

    const values: MetricValue[] = [];
    socket.on('metrics', ({ values: v }) => { const c = v['orders.count?window=today']; if (c) values.push(c); });
    vendor.delayMs = 0;
    const ready = await waitFor('the ready phase', () => phases.find((p) => p.state === 'ready'), 30_000);
    expect(ready).toEqual({ state: 'ready', syncing: [] });
    // The four orders of today, and no phase: the value as data. The sync read the vendor's whole history (no `since`),
    // so yesterday's span is covered: previous 0, not null (docs/metrics.md § Comparisons).
    const last = await waitFor('the synced value', () => values.find((v) => v.phase === undefined && !v.stale));
    expect(last.value).toEqual({ kind: 'scalar', value: 4, previous: 0 });
    expect((await getJson<{ status: string }>(`${hub.url}/api/health`)).body.status).toBe('ok');
    expect(phases.filter((p) => p.state === 'ready')).toHaveLength(1);
  });
});
