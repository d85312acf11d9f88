import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { builtinMetrics } from '../../server/catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import type { MetricValue, SourceHealth } from '../../server/protocol';
import { getJson, screenOf, screensDir, startTestHub } from '../support/hub';

type ApiError = { error: { code: string; message: string; path?: string } };

const screens = screensDir({
  'good.json': screenOf('good', { orders: { id: 'orders.count', params: { window: 'today' } }, pipeline: { id: 'deals.pipeline_value' } }),
  'broken.json': screenOf('broken', { nope: { id: 'orders.nope' } }),
  'notjson.json': '{ "id": "notjson", ',
});
let hub: Hub;

beforeAll(async () => {
  hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] }, screensDir: screens.dir });
});
afterAll(async () => { await hub?.close(); screens.remove(); });

function expectError(body: unknown, code: string): ApiError['error'] {
  const { error } = body as ApiError;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

describe('GET /api/health and /api/sources', () => {
  it('health: ok with uptime and the sources', async () => {
    const { status, body } = await getJson<{ status: string; uptime_s: number; sources: SourceHealth[] }>(`${hub.url}/api/health`);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
    expect(body.sources.map((s) => s.id)).toEqual(['p']);
  });

  it('sources: one SourceHealth per configured source', async () => {
    const { status, body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ id: 'p', kind: 'push', state: 'ok', lastSuccessAt: null, records: 0 });
  });
});

describe('GET /api/metrics', () => {
  it('lists every built-in metric with its title, description, params and origin', async () => {
    const { status, body } = await getJson<{ id: string; title: string; description: string; origin: string; params: { properties?: Record<string, unknown> } }[]>(`${hub.url}/api/metrics`);
    expect(status).toBe(200);
    // A throw-away screens folder: no metrics/ folder beside it, so only the built-ins (the demo's own: definitions.test.ts).
    expect(body.map((m) => m.id).sort()).toEqual(BUILTINS.map((m) => m.id).sort());
    expect(body.find((m) => m.id === 'orders.count')?.origin).toBe('builtin');
    for (const m of body) {
      expect(m.title, m.id).toBeTruthy();
      expect(m.description, m.id).toBe(BUILTINS.find((c) => c.id === m.id)!.description);
      expect(typeof m.params, m.id).toBe('object');
    }
    expect(Object.keys(body.find((m) => m.id === 'orders.count')!.params.properties ?? {})).toEqual(
      expect.arrayContaining(['window', 'status', 'department', 'region']));
  });

  it('computes one metric value with its key and version', async () => {
    const { status, body } = await getJson<MetricValue>(`${hub.url}/api/metrics/orders.count?window=24h`);
    expect(status).toBe(200);
    expect(body.key).toBe('orders.count?window=24h');
    expect(body.params).toEqual({ window: '24h' });
    expect(body.value).toEqual({ kind: 'scalar', value: 0, previous: 0 }); // nothing pushed yet
    expect(body.version).toBeGreaterThanOrEqual(1);
  });

  it('bad params: 400 naming the param', async () => {
    const { status, body } = await getJson(`${hub.url}/api/metrics/orders.count?window=yesterday`);
    expect(status).toBe(400);
    expect(expectError(body, 'bad_params').path).toBe('params.window');
    const unknown = await getJson(`${hub.url}/api/metrics/orders.count?colour=blue`);
    expect(unknown.status).toBe(400);
    expectError(unknown.body, 'bad_params');
    const twice = await getJson(`${hub.url}/api/metrics/orders.count?window=today&window=24h`);
    expect(twice.status).toBe(400);
    expect(expectError(twice.body, 'bad_params').path).toBe('params.window');
  });

  it('unknown metric: 404', async () => {
    const { status, body } = await getJson(`${hub.url}/api/metrics/orders.nope`);
    expect(status).toBe(404);
    expectError(body, 'unknown_metric');
  });
});

describe('GET /api/screens', () => {
  it('lists every screen file with its validity; invalid ones name the file and the path', async () => {
    const { status, body } = await getJson<{ id: string; valid: boolean; title?: string; error?: string }[]>(`${hub.url}/api/screens`);
    expect(status).toBe(200);
    expect(body.map((s) => [s.id, s.valid])).toEqual([['broken', false], ['good', true], ['notjson', false]]);
    const [broken, good, notjson] = body;
    expect(good!.title).toBe('Test good');
    expect(broken!.error).toContain('broken.json');
    expect(broken!.error).toContain('widgets.nope.metric');
    expect(notjson!.error).toContain('notjson.json');
    expect(notjson!.error).toMatch(/not valid JSON/);
  });

  it('one valid screen, with defaults filled in, params too (as a subscribe gives it)', async () => {
    const { status, body } = await getJson<{ id: string; theme: string; canvas: { fit: string }; widgets: Record<string, { metric?: unknown }> }>(`${hub.url}/api/screens/good`);
    expect(status).toBe(200);
    expect(body.id).toBe('good');
    expect(body.theme).toBe('dark');
    expect(body.canvas.fit).toBe('contain');
    expect(Object.keys(body.widgets)).toEqual(['orders', 'pipeline']);
    // orders.count: `window` given; `status`, `department` and `region` have no default and stay out.
    expect(body.widgets.orders!.metric).toEqual({ id: 'orders.count', params: { window: 'today' } });
    // deals.pipeline_value, written without params: `weighted` defaults to 'false'.
    expect(body.widgets.pipeline!.metric).toEqual({ id: 'deals.pipeline_value', params: { weighted: 'false' } });
  });

  it('an invalid screen: 422; an unknown one: 404; an unknown route: 404', async () => {
    const broken = await getJson(`${hub.url}/api/screens/broken`);
    expect(broken.status).toBe(422);
    expectError(broken.body, 'invalid_screen');
    const missing = await getJson(`${hub.url}/api/screens/nope`);
    expect(missing.status).toBe(404);
    expectError(missing.body, 'not_found');
    const route = await getJson(`${hub.url}/api/nothing-here`);
    expect(route.status).toBe(404);
    expectError(route.body, 'not_found');
  });
});
