import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MetricValue, SourceHealth } from '../../server/protocol';
import { connect, getJson, recordMetrics, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

const TOKEN_ENV = 'OPSWALL_TEST_PUSH_TOKEN';
const TOKEN = 'integration-secret';
const KEY = 'orders.count?window=today';
let hub: Hub;
let socket: Client;

beforeAll(async () => {
  process.env[TOKEN_ENV] = TOKEN;
  hub = await startTestHub({ config: {
    timezone: 'Asia/Shanghai',
    sources: [{ id: 'p', kind: 'push', token_env: TOKEN_ENV }, { id: 'tiny', kind: 'push', max_body: '1kb' }],
  } });
  socket = await connect(hub);
});
afterAll(async () => { socket?.disconnect(); await hub?.close(); delete process.env[TOKEN_ENV]; });

let serial = 0;
/** An order created just now, so it falls in today's window. */
function newOrder(over: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return { type: 'order', id: `T-${++serial}`, status: 'new', amount: 100, created_at: now, updated_at: now, ...over };
}

/** POSTs a body; `token` null sends no Authorization header. */
function post(source: string, body: string, token: string | null = TOKEN) {
  return fetch(`${hub.url}/api/ingest/${source}`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}
const records = async (id: string) => (await getJson<SourceHealth[]>(`${hub.url}/api/sources`)).body.find((s) => s.id === id)!.records;
const count = async () => ((await getJson<MetricValue>(`${hub.url}/api/metrics/orders.count?window=today`)).body.value as { value: number }).value;

async function expectError(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe('POST /api/ingest/:source', () => {
  it('a pushed order reaches a subscriber as exactly that key, version + 1 and value + 1', async () => {
    const ack = await subscribe(socket, { metrics: [{ id: 'orders.count', params: { window: 'today' } }] });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const before = ack.snapshot.metrics[KEY]!;
    const beforeValue = (before.value as { value: number }).value;
    const messages = recordMetrics(socket);

    const res = await post('p', JSON.stringify({ records: [newOrder()] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });

    const [first] = await waitFor('a metrics message', () => (messages.length > 0 ? messages : undefined), 5_000);
    expect(Object.keys(first!)).toEqual([KEY]);
    expect(first![KEY]!.version).toBe(before.version + 1);
    expect((first![KEY]!.value as { value: number }).value).toBe(beforeValue + 1);
    // Everything the POST caused was emitted before its response; a round trip on the same (ordered)
    // connection therefore comes back after any further message: there must be none.
    const again = await subscribe(socket, { metrics: [{ id: 'orders.count', params: { window: 'today' } }] });
    expect(messages).toHaveLength(1);
    expect(again.ok && again.snapshot.metrics[KEY]!.version).toBe(before.version + 1);
  });

  it('a batch with one bad record: 200, the bad index named, the good ones stored', async () => {
    const [storedBefore, countBefore] = [await records('p'), await count()];
    const ticket = { type: 'ticket', id: 'K-1', priority: 'high', status: 'open', created_at: new Date().toISOString(), updated_at: new Date().toISOString() };
    const res = await post('p', JSON.stringify({ records: [newOrder(), newOrder({ status: 'teleported' }), ticket] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; error: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]!.index).toBe(1);
    expect(body.rejected[0]!.error).toMatch(/^status: /);
    expect(await records('p')).toBe(storedBefore + 2); // one order and one ticket
    expect(await count()).toBe(countBefore + 1);
    const open = (await getJson<MetricValue>(`${hub.url}/api/metrics/tickets.open`)).body.value as { value: number };
    expect(open.value).toBe(1);
  });

  it('the same batch delivered twice stores nothing new', async () => {
    const order = newOrder();
    await post('p', JSON.stringify({ records: [order] }));
    const stored = await records('p');
    const again = await post('p', JSON.stringify({ records: [order] }));
    expect(again.status).toBe(200);
    expect(await records('p')).toBe(stored);
  });

  it('invalid JSON: 400 in the error shape', async () => {
    const error = await expectError(await post('p', '{"records": [ {"type": "order",'), 400);
    expect(error.code).toBe('invalid_json');
  });

  it('a body without records: 400 naming `records`', async () => {
    const res = await post('p', JSON.stringify({ rows: [] }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { path?: string } }).error.path).toBe('records');
  });

  it('a wrong or missing token: 401, nothing stored', async () => {
    const stored = await records('p');
    await expectError(await post('p', JSON.stringify({ records: [newOrder()] }), 'wrong-secret'), 401);
    await expectError(await post('p', JSON.stringify({ records: [newOrder()] }), null), 401);
    expect(await records('p')).toBe(stored);
  });

  it('a body over the source\'s size limit: 413, nothing stored', async () => {
    const big = JSON.stringify({ records: [newOrder({ extra: { note: 'x'.repeat(2_000) } })] }); // > 1 kb
    const error = await expectError(await post('tiny', big, null), 413);
    expect(error.code).toBe('too_large');
    expect(await records('tiny')).toBe(0);
    const small = await post('tiny', JSON.stringify({ records: [newOrder()] }), null);
    expect(small.status).toBe(200);
    expect(await records('tiny')).toBe(1);
  });

  it('an unknown or non-push source: 404', async () => {
    await expectError(await post('nope', JSON.stringify({ records: [] })), 404);
  });
});
