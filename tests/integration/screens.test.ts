import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { builtinMetrics } from '../../server/catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import { metricKey, type MetricRef, type MetricValue, type ScreenDefinition } from '../../server/protocol';
import { connect, getJson, screenOf, screensDir, sourcesOk, startTestHub, subscribe, type Client } from '../support/hub';

// The screens the product ships, read at test time.
const SHIPPED_DIR = fileURLToPath(new URL('../../screens', import.meta.url));
const shipped = existsSync(SHIPPED_DIR)
  ? readdirSync(SHIPPED_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => f.slice(0, -'.json'.length)).sort()
  : [];

/** The key the hub gives a metric reference (params defaults applied), asked of the REST API. */
async function keyOf(hub: Hub, ref: MetricRef): Promise<string> {
  const query = new URLSearchParams(Object.entries(ref.params ?? {}).map(([k, v]) => [k, String(v)]));
  const { status, body } = await getJson<MetricValue>(`${hub.url}/api/metrics/${encodeURIComponent(ref.id)}?${query}`);
  expect(status, `${ref.id} ${query}`).toBe(200);
  return body.key;
}

/** Subscribes to a screen and checks the snapshot holds a value for every widget's metric. */
async function expectFullSnapshot(hub: Hub, socket: Client, id: string) {
  const { body: definition, status } = await getJson<ScreenDefinition>(`${hub.url}/api/screens/${id}`);
  expect(status, `screen ${id} must be valid`).toBe(200);
  const refs = Object.values(definition.widgets).flatMap((w) => (w.metric ? [w.metric] : []));
  const keys = new Set(await Promise.all(refs.map((r) => keyOf(hub, r))));

  const ack = await subscribe(socket, { screen: id });
  if (!ack.ok) throw new Error(`subscribe ${id}: ${JSON.stringify(ack.error)}`);
  expect(ack.screen?.id).toBe(id);
  expect(ack.screen, 'REST and the socket serve one screen shape').toEqual(definition);
  expect(ack.snapshot.epoch).toBe(hub.epoch);
  // The screen in the ack spells out every param, so the wall computes exactly the keys the hub pushes.
  const ackKeys = Object.values(ack.screen!.widgets).flatMap((w) => (w.metric ? [metricKey(w.metric.id, w.metric.params)] : []));
  expect(new Set(ackKeys)).toEqual(keys);
  for (const key of keys) {
    const value = ack.snapshot.metrics[key];
    expect(value, `${id}: no value for ${key}`).toBeDefined();
    expect(value!.key).toBe(key);
    expect(value!.version).toBeGreaterThanOrEqual(1);
    expect(value!.value).toHaveProperty('kind');
  }
  return keys;
}

describe('each shipped screen on the built-in demo', () => {
  let hub: Hub;
  let socket: Client;
  beforeAll(async () => {
    hub = await startTestHub({ screensDir: SHIPPED_DIR });
    await sourcesOk(hub);
    socket = await connect(hub);
  }, 120_000); // the demo's first run backfills 62 days
  afterAll(async () => { socket?.disconnect(); await hub?.close(); });

  it('the product ships at least one screen, and the hub lists every one as valid', async () => {
    expect(shipped.length, `no screens in ${SHIPPED_DIR}`).toBeGreaterThan(0);
    const { body } = await getJson<{ id: string; valid: boolean; error?: string }[]>(`${hub.url}/api/screens`);
    expect(body.map((s) => s.id)).toEqual(shipped);
    for (const s of body) expect(s.valid, `${s.id}: ${s.error}`).toBe(true);
  });

  for (const id of shipped) {
    it(`${id}: the subscribe snapshot holds a value for every widget's metric`, async () => {
      await expectFullSnapshot(hub, socket, id);
    });
  }
});

describe('a screen showing every catalogue metric (own screen folder)', () => {
  // The flow metrics name the flow they are about: a configured one (docs/flows.md); the others take no params.
  const FLOWS = [{ id: 'o2d', steps: [{ id: 'won', on: { type: 'deal', stage: 'won' }, department: 'sales' },
    { id: 'confirmed', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h' }] }];
  const every = screensDir({ 'every.json': screenOf('every', Object.fromEntries(BUILTINS.map((m, i) =>
    [`m${i}`, m.input === 'flow' ? { id: m.id, params: { flow: 'o2d' } } : { id: m.id }]))) });
  let hub: Hub;
  let socket: Client;
  beforeAll(async () => {
    hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }], flows: FLOWS }, screensDir: every.dir });
    socket = await connect(hub);
  });
  afterAll(async () => { socket?.disconnect(); await hub?.close(); every.remove(); });

  it('the snapshot holds one value per metric, keyed with its defaults', async () => {
    const keys = await expectFullSnapshot(hub, socket, 'every');
    expect(keys.size).toBe(BUILTINS.length);
    expect(keys).toContain('orders.count?window=today');
    expect(keys).toContain('deals.funnel?window=30d');
    expect(keys).toContain('tickets.sla.queue?limit=10');
    expect(keys).toContain('flow.stuck?flow=o2d&limit=10');
  });
});
