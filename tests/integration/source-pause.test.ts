import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MetricValue, SourceHealth } from '../../server/protocol';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { getJson, startTestHub, waitFor } from '../support/hub';

/**
 * Pausing and resuming a source over REST in a real hub. `fast` polls every 200 ms, so a pause that did not
 * stop it would show as new requests; `slow` polls hourly, so a request right after resume is the resume's own.
 */
let hub: Hub;
let fast: FakeVendor;
let slow: FakeVendor;
type ApiError = { error: { code: string; message: string; path?: string } };

beforeAll(async () => {
  process.env.FAKE_VENDOR_TOKEN = 'pause-test-token';
  [fast, slow] = await Promise.all([startFakeVendor(), startFakeVendor()]);
  for (let i = 0; i < 3; i++) { const o = vendorOrder(); fast.records.set(o.id as string, o); }
  for (let i = 0; i < 2; i++) { const o = vendorOrder(); slow.records.set(o.id as string, o); }
  hub = await startTestHub({ config: { timezone: 'UTC', sources: [
    { id: 'fast', kind: 'http-json', interval: '200ms', options: httpJsonOptions(fast.url, 'cursor', { defaults: { department: 'fast' } }) },
    { id: 'slow', kind: 'http-json', interval: '1h', options: httpJsonOptions(slow.url, 'cursor', { defaults: { department: 'slow' } }) },
    { id: 'hook', kind: 'push' },
  ] } });
  await waitFor('both sources ok', async () => {
    const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    return ['fast', 'slow'].every((id) => body.find((s) => s.id === id)?.state === 'ok') ? true : undefined;
  });
});
afterAll(async () => {
  await hub?.close();
  await Promise.all([fast?.close(), slow?.close()]);
  delete process.env.FAKE_VENDOR_TOKEN;
});

const post = async <T>(path: string) => {
  const res = await fetch(`${hub.url}${path}`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as T };
};
const source = async (id: string) => (await getJson<SourceHealth[]>(`${hub.url}/api/sources`)).body.find((s) => s.id === id)!;
const ordersOf = async (department: string) =>
  ((await getJson<MetricValue>(`${hub.url}/api/metrics/orders.count?window=24h&department=${department}`)).body.value as { value: number }).value;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST /api/sources/:id/pause and /resume', () => {
  it('pause stops polling; the source shows paused and its records stay and keep counting', async () => {
    expect(await ordersOf('fast')).toBe(3);
    const { status, body } = await post<SourceHealth>('/api/sources/fast/pause');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'fast', kind: 'http-json', state: 'paused', records: 3 });
    expect(body.nextPollAt).toBeUndefined();
    const o = vendorOrder();
    fast.records.set(o.id as string, o); // a change the paused source must not pick up
    const seen = fast.requests.length;
    await sleep(1_000); // five intervals
    expect(fast.requests.length).toBe(seen);
    expect(await source('fast')).toMatchObject({ state: 'paused', records: 3 });
    expect(await ordersOf('fast')).toBe(3);
    // Pausing again changes nothing; the other source is untouched.
    expect((await post<SourceHealth>('/api/sources/fast/pause')).body).toMatchObject({ state: 'paused', records: 3 });
    expect((await source('slow')).state).toBe('ok');
  });

  it('resume polls at once and picks up what changed meanwhile', async () => {
    const { status, body } = await post<SourceHealth>('/api/sources/fast/resume');
    expect(status).toBe(200);
    expect(body.state).not.toBe('paused');
    await waitFor('the fourth order', async () => ((await ordersOf('fast')) === 4 ? true : undefined));
    expect(await source('fast')).toMatchObject({ state: 'ok', records: 4 });
  });

  it('resume of an hourly source polls now, not in an hour', async () => {
    expect((await post<SourceHealth>('/api/sources/slow/pause')).body.state).toBe('paused');
    const o = vendorOrder();
    slow.records.set(o.id as string, o);
    const seen = slow.requests.length;
    await post('/api/sources/slow/resume');
    await waitFor('a poll of the hourly source', () => (slow.requests.length > seen ? true : undefined), 10_000, 20);
    await waitFor('the third order', async () => ((await ordersOf('slow')) === 3 ? true : undefined));
    expect(Date.parse((await source('slow')).nextPollAt!) - Date.now()).toBeGreaterThan(50 * 60_000); // then hourly again
  });

  it('an unknown source is a 404 and a push source a 409, in the error shape', async () => {
    for (const action of ['pause', 'resume']) {
      const missing = await post<ApiError>(`/api/sources/nope/${action}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', path: 'id' });
      expect(missing.body.error.message).toContain('"nope"');
      const push = await post<ApiError>(`/api/sources/hook/${action}`);
      expect(push.status).toBe(409);
      expect(push.body.error).toMatchObject({ code: 'not_polled', path: 'id' });
      expect(push.body.error.message).toContain('push source');
    }
    expect((await source('hook')).state).toBe('ok');
  });
});
