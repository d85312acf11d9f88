import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { connect, sourcesOk, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

/**
 * GET /metrics after a known poll sequence: the vendor answers 500 once, then serves 25 orders in three
 * pages (10, 10, 5, with a total for progress); a socket watches orders.count meanwhile.
 */
let vendor: FakeVendor;
let hub: Hub;
let other: Hub;
let socket: Client;

beforeAll(async () => {
  process.env.FAKE_VENDOR_TOKEN = 'x';
  vendor = await startFakeVendor();
  for (let i = 0; i < 25; i++) { const o = vendorOrder(); vendor.records.set(o.id as string, o); }
  vendor.faults.push({ kind: 'status', status: 500 });
  // A long interval: after the failure, one retry (backoff from 5 s), then no poll during the test.
  hub = await startTestHub({ config: { sources: [{ id: 'crm', kind: 'http-json', interval: '1h', options: httpJsonOptions(vendor.url, 'offset') }] } });
  other = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] } }); // a second hub in the same process: its own registry
  socket = await connect(hub);
  const ack = await subscribe(socket, { metrics: [{ id: 'orders.count', params: { window: '30d' } }] });
  expect(ack.ok).toBe(true);
  await sourcesOk(hub, 15_000);
}, 30_000);
afterAll(async () => {
  socket?.disconnect();
  await Promise.all([hub?.close(), other?.close()]);
  await vendor?.close();
  delete process.env.FAKE_VENDOR_TOKEN;
});

/** Every sample of the exposition as `name{labels}` → value. */
async function scrape(h: Hub) {
  const res = await fetch(`${h.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('counts the polls by outcome, the errors, the records stored, and reports state, lag, backfill and sockets', async () => {
    const m = await scrape(hub);
    expect(vendor.requests.length).toBe(4); // the 500, then three pages
    expect(m.get('opswall_source_polls_total{source="crm",outcome="error"}')).toBe(1);
    expect(m.get('opswall_source_polls_total{source="crm",outcome="ok"}')).toBe(1);
    expect(m.get('opswall_source_polls_total{source="crm",outcome="timeout"}')).toBe(0);
    expect(m.get('opswall_source_errors_total{source="crm"}')).toBe(1);
    expect(m.get('opswall_source_records_stored_total{source="crm"}')).toBe(25);
    expect(m.get('opswall_source_records_rejected_total{source="crm"}')).toBe(0);
    expect(m.get('opswall_source_records{source="crm"}')).toBe(25);
    expect(m.get('opswall_source_poll_duration_seconds_count{source="crm"}')).toBe(2);
    expect(m.get('opswall_source_state{source="crm",state="ok"}')).toBe(1);
    expect(m.get('opswall_source_state{source="crm",state="degraded"}')).toBe(0);
    expect(m.get('opswall_source_lag_seconds{source="crm"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('opswall_source_backfill_ratio{source="crm"}')).toBe(1);
    expect(m.get('opswall_socket_connections')).toBe(1);
    // The change reached the watching socket: one push per stored page that changed its value.
    expect(m.get('opswall_push_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(m.get('opswall_push_latency_seconds_sum')).toBeLessThan(1);
    // Process metrics (prom-client defaults).
    expect(m.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('a second hub in the same process has its own registry: its own sources only', async () => {
    const m = await scrape(other);
    expect(m.get('opswall_source_records_stored_total{source="p"}')).toBe(0);
    expect([...m.keys()].some((k) => k.includes('source="crm"'))).toBe(false);
    expect(m.get('opswall_socket_connections')).toBe(0);
  });

  it('counts a pushed batch as stored and rejected records', async () => {
    const now = new Date().toISOString();
    const res = await fetch(`${other.url}/api/ingest/p`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ type: 'order', id: 'a', status: 'new', amount: 1, created_at: now, updated_at: now }, { type: 'order' }] }) });
    expect(res.status).toBe(200);
    const m = await waitFor('the counters', async () => { const s = await scrape(other); return s.get('opswall_source_records_stored_total{source="p"}') === 1 ? s : undefined; });
    expect(m.get('opswall_source_records_rejected_total{source="p"}')).toBe(1);
  });
});
