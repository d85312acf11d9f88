import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MetricValue, SubscribeAck, SubscribeRequest } from '../../server/protocol';
import { useAlertsStore, useConnectionStore, useScreenStore, useSourcesStore, useValuesStore } from '../stores';
import { startRealtime } from './client';
import type { HubLink, LinkHandlers } from './link';

function value(key: string, version: number, n = version): MetricValue {
  return { key, id: key, params: {}, value: { kind: 'scalar', value: n, previous: null }, version, asOf: null, computedAt: '2026-01-01T00:00:00Z', stale: false };
}

/** A hub link driven by the test: it records subscriptions and answers them on demand. */
class FakeLink implements HubLink {
  handlers!: LinkHandlers;
  requests: { body: SubscribeRequest; answer: (ack: SubscribeAck) => void; fail: () => void }[] = [];
  reconnects = 0;
  closed = false;
  open(h: LinkHandlers) { this.handlers = h; }
  subscribe(body: SubscribeRequest) {
    return new Promise<SubscribeAck>((answer, reject) => this.requests.push({ body, answer, fail: () => reject(new Error('timeout')) }));
  }
  reconnectNow() { this.reconnects++; }
  close() { this.closed = true; }
  answerLast(epoch: string, metrics: Record<string, MetricValue>) {
    this.requests.at(-1)!.answer({ ok: true, snapshot: { epoch, timezone: 'Asia/Shanghai', metrics, alerts: [], sources: [] } });
  }
}

const flush = () => new Promise<void>((r) => queueMicrotask(r)).then(() => Promise.resolve());

describe('realtime client', () => {
  let link: FakeLink;
  let t: number;
  let stores: Parameters<typeof startRealtime>[0]['stores'];
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    stores = { values: useValuesStore(), connection: useConnectionStore(), sources: useSourcesStore(), alerts: useAlertsStore(), screen: useScreenStore() };
    link = new FakeLink();
    t = 1_000_000;
  });
  const start = () => startRealtime({ link, screenId: 'ops', stores, clock: () => t });

  async function connectWith(epoch: string, metrics: Record<string, MetricValue>) {
    link.handlers.connect();
    link.answerLast(epoch, metrics);
    await flush();
  }

  it('subscribes on connect and goes live with the snapshot', async () => {
    start();
    expect(stores.connection.phase).toBe('connecting');
    await connectWith('e1', { a: value('a', 3) });
    expect(link.requests[0]!.body).toEqual({ screen: 'ops' });
    expect(stores.connection.phase).toBe('live');
    expect(stores.values.get('a')?.version).toBe(3);
    expect(stores.connection.timezone).toBe('Asia/Shanghai');
  });

  it('takes a drop after the hub said "restarting" as a restart until the next snapshot, then as a fault again', async () => {
    start();
    await connectWith('e1', {});
    link.handlers.phase({ phase: { state: 'restarting', syncing: [] } });
    link.handlers.disconnect('io server disconnect');
    expect(stores.connection.phase).toBe('lost');
    expect(stores.connection.restarting).toBe(true);
    await connectWith('e2', {}); // the restarted hub: a new epoch
    expect(stores.connection.phase).toBe('live');
    expect(stores.connection.restarting).toBe(false);
    link.handlers.disconnect('transport close');
    expect(stores.connection.restarting).toBe(false);
  });

  it('ignores old versions, applies the next one, re-subscribes on a gap', async () => {
    start();
    await connectWith('e1', { a: value('a', 3) });
    link.handlers.metrics({ values: { a: value('a', 3, 99) } });
    expect(stores.values.get('a')?.value).toEqual({ kind: 'scalar', value: 3, previous: null });
    link.handlers.metrics({ values: { a: value('a', 4) } });
    expect(stores.values.get('a')?.version).toBe(4);
    expect(link.requests).toHaveLength(1);
    link.handlers.metrics({ values: { a: value('a', 7) } });
    expect(stores.values.get('a')?.version).toBe(7);
    expect(link.requests).toHaveLength(2);
  });

  it('asks for a fresh snapshot when the heartbeat shows a new epoch, and the new epoch replaces values', async () => {
    start();
    await connectWith('e1', { a: value('a', 9), gone: value('gone', 1) });
    link.handlers.heartbeat({ epoch: 'e1', now: new Date(t).toISOString() });
    expect(link.requests).toHaveLength(1);
    link.handlers.heartbeat({ epoch: 'e2', now: new Date(t).toISOString() });
    expect(link.requests).toHaveLength(2);
    link.answerLast('e2', { a: value('a', 1) });
    await flush();
    expect(stores.values.get('a')?.version).toBe(1);
    expect(stores.values.get('gone')).toBeUndefined();
    expect(stores.connection.epoch).toBe('e2');
  });

  it('computes the server clock offset from heartbeats', async () => {
    start();
    await connectWith('e1', {});
    link.handlers.heartbeat({ epoch: 'e1', now: new Date(t + 60_000).toISOString() });
    expect(stores.connection.clockOffsetMs).toBe(60_000);
  });

  it('treats 15 s without a heartbeat as lost and dials again', async () => {
    start();
    await connectWith('e1', {});
    t += 14_000;
    vi.advanceTimersByTime(1000);
    expect(stores.connection.phase).toBe('live');
    t += 2_000;
    vi.advanceTimersByTime(1000);
    expect(stores.connection.phase).toBe('lost');
    expect(link.reconnects).toBe(1);
  });

  it('shows lost on disconnect and recovers by itself on reconnect', async () => {
    start();
    await connectWith('e1', { a: value('a', 2) });
    link.handlers.disconnect('transport close');
    expect(stores.connection.phase).toBe('lost');
    expect(stores.connection.disconnectedSince).toBe(t);
    await connectWith('e1', { a: value('a', 5) });
    expect(stores.connection.phase).toBe('live');
    expect(stores.values.get('a')?.version).toBe(5);
  });

  it('retries a subscription that timed out, and ignores acks from an older connection', async () => {
    start();
    link.handlers.connect();
    link.requests[0]!.fail();
    await flush();
    vi.advanceTimersByTime(3_000);
    expect(link.requests).toHaveLength(2);
    link.handlers.connect(); // a new connection before the second answer
    link.requests[1]!.answer({ ok: true, snapshot: { epoch: 'old', timezone: 'UTC', metrics: {}, alerts: [], sources: [] } });
    await flush();
    expect(stores.connection.phase).toBe('connecting');
    link.answerLast('e1', {});
    await flush();
    expect(stores.connection.epoch).toBe('e1');
  });

  it('keeps the refusal for the page to show', async () => {
    start();
    link.handlers.connect();
    link.requests[0]!.answer({ ok: false, error: { code: 'not_found', message: 'no screen "ops"' } });
    await flush();
    expect(stores.connection.error?.code).toBe('not_found');
  });

  it('stops everything', async () => {
    const session = start();
    await connectWith('e1', {});
    session.stop();
    expect(link.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
