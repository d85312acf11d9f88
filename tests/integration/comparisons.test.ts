import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { DEMO_CONFIG } from '../../server/config';
import { DEMO_TIMEZONE } from '../../server/demo';
import type { MetricValue, ScalarValue, SourceHealth } from '../../server/protocol';
import { demoOrders, previousSpanCounts } from '../support/demo-company';
import { connect, getJson, recordMetrics, sourcesOk, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

// The in-process demo company with 3 days of history, and a push source that has sent nothing yet.
const DAY = 86_400_000;
const SIM = { seed: 11, speed: 5, historyDays: 3 };
const CONFIG = {
  ...DEMO_CONFIG,
  sources: [
    { id: 'demo', kind: 'demo', interval: '1s', options: { seed: SIM.seed, speed: SIM.speed, history_days: SIM.historyDays } },
    { id: 'hook', kind: 'push' },
  ],
};
const TODAY = 'orders.count?window=today';
const WEEK = 'orders.count?window=7d';
const WON = 'deals.won_amount?window=today';
const REFS = [
  { id: 'orders.count', params: { window: 'today' } }, { id: 'orders.count', params: { window: '7d' } },
  { id: 'deals.won_amount', params: { window: 'today' } },
];

let hub: Hub;
let socket: Client;
let start: number; // the demo company's start, as its cursor keeps it
beforeAll(async () => {
  hub = await startTestHub({ config: CONFIG, screensDir: '/nonexistent-screens' });
  await waitFor('the demo source to cover its history', async () => {
    const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    return body.find((s) => s.id === 'demo')?.coveredFrom;
  }, 30_000);
  await sourcesOk(hub);
  start = hub.store.getCursor<{ start: number }>('demo')!.start;
  socket = await connect(hub);
}, 60_000);
afterAll(async () => { socket?.disconnect(); await hub?.close(); });

const rest = async (key: string) => {
  const { status, body } = await getJson<MetricValue<ScalarValue>>(`${hub.url}/api/metrics/${key}`);
  expect(status, key).toBe(200);
  return body;
};
const snapshot = async () => {
  const ack = await subscribe(socket, { metrics: REFS });
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack.snapshot.metrics as Record<string, MetricValue<ScalarValue>>;
};

describe('previous only where the store covers the whole previous span', () => {
  it('the demo source covers from 3 days before its first poll, and says so', async () => {
    const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    const demo = body.find((s) => s.id === 'demo')!;
    // Its backfill began at its first poll − 3 days; that poll is when the company started (its cursor's `start`),
    // and the scheduler asks once the first page is in: a moment later, never earlier.
    expect(Date.parse(demo.coveredFrom!)).toBeGreaterThanOrEqual(start - 3 * DAY);
    expect(Date.parse(demo.coveredFrom!)).toBeLessThan(start - 3 * DAY + 10_000);
    expect(body.find((s) => s.id === 'hook')!.coveredFrom).toBeUndefined(); // nothing pushed yet
  });

  it('today (previous span from yesterday 00:00, within 3 days): the count of that span; 7d (from 14 days back): null', async () => {
    const orders = demoOrders({ ...SIM, start, timezone: DEMO_TIMEZONE }, Date.now());
    const expectAt = (value: MetricValue<ScalarValue>) => {
      const at = Date.parse(value.computedAt);
      const counts = previousSpanCounts(orders, 'today', at - 2_000, at, DEMO_TIMEZONE);
      expect(value.value.previous).not.toBeNull();
      expect([...counts]).toContain(value.value.previous);
    };
    const today = await rest(TODAY);
    expectAt(today);
    expect((await rest(WEEK)).value.previous).toBeNull();
    expect((await rest(WEEK)).value.value).toBeGreaterThan(0);

    const metrics = await snapshot();
    expectAt(metrics[TODAY]!);
    expect(metrics[WEEK]!.value.previous).toBeNull();
    expect(metrics[WON]!.value.previous).not.toBeNull(); // deals: the same single source, the same coverage
  });

  it('a first push starts the push source\'s coverage: every value of every entity it may feed loses its previous, over REST and the socket', async () => {
    const messages = recordMetrics(socket);
    const before = Date.now();
    const now = new Date().toISOString();
    const res = await fetch(`${hub.url}/api/ingest/hook`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ type: 'order', id: 'PUSH-1', status: 'new', amount: 5, created_at: now, updated_at: now }] }) });
    expect(res.status).toBe(200);
    const after = Date.now();

    // Orders and deals now need the push source to cover yesterday too, which it does not: it covers from this push.
    const previousOf = (m: Record<string, MetricValue>, key: string) => (m[key] as MetricValue<ScalarValue> | undefined)?.value.previous;
    await waitFor('a metrics message with today\'s orders without previous', () => (messages.some((m) => previousOf(m, TODAY) === null) ? true : undefined), 5_000, 20);
    await waitFor('the won amount without previous', () => (messages.some((m) => previousOf(m, WON) === null) ? true : undefined), 5_000, 20);
    expect((await rest(TODAY)).value.previous).toBeNull();
    expect((await rest(WON)).value.previous).toBeNull();

    const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    const hook = Date.parse(body.find((s) => s.id === 'hook')!.coveredFrom!);
    expect(hook).toBeGreaterThanOrEqual(before);
    expect(hook).toBeLessThanOrEqual(after);
  });
});
