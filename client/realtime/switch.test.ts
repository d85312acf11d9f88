import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricValue, ScreenDefinition, SubscribeAck, SubscribeRequest } from '../../server/protocol';
import { useAlertsStore, useConnectionStore, useScreenStore, useSourcesStore, useValuesStore } from '../stores';
import { startRealtime } from './client';
import type { HubLink, LinkHandlers } from './link';

const value = (key: string, version: number): MetricValue =>
  ({ key, id: key, params: {}, value: { kind: 'scalar', value: version, previous: null }, version, asOf: null, computedAt: '2026-01-01T00:00:00Z', stale: false });
const screen = (id: string, title = id) => ({ id, title, canvas: { width: 1920, height: 1080, fit: 'contain', reflow: true }, theme: 'dark', widgets: {}, layout: { wall: { columns: 1, rows: 1, items: [] } } }) satisfies ScreenDefinition;

/** Records subscribe and unsubscribe calls; the test answers subscriptions. */
class Link implements HubLink {
  handlers!: LinkHandlers;
  log: string[] = [];
  pending: ((ack: SubscribeAck) => void)[] = [];
  open(h: LinkHandlers) { this.handlers = h; }
  subscribe(body: SubscribeRequest) {
    this.log.push(`subscribe ${JSON.stringify(body)}`);
    return new Promise<SubscribeAck>((answer) => this.pending.push(answer));
  }
  unsubscribe(body: SubscribeRequest) { this.log.push(`unsubscribe ${JSON.stringify(body)}`); }
  reconnectNow() {}
  close() {}
  answer(i: number, def: ScreenDefinition, metrics: Record<string, MetricValue>) {
    this.pending[i]!({ ok: true, screen: def, snapshot: { epoch: 'e1', timezone: 'UTC', metrics, alerts: [], sources: [] } });
  }
}

const flush = () => new Promise<void>((r) => queueMicrotask(r)).then(() => Promise.resolve());

describe('realtime client: another screen on the same connection, and hot reload', () => {
  let link: Link;
  let stores: Parameters<typeof startRealtime>[0]['stores'];
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    stores = { values: useValuesStore(), connection: useConnectionStore(), sources: useSourcesStore(), alerts: useAlertsStore(), screen: useScreenStore() };
    link = new Link();
  });

  it('show(): leaves the old room, keeps the old screen up until the new snapshot, then holds only the new keys', async () => {
    const session = startRealtime({ link, screenId: 'a', stores });
    link.handlers.connect();
    link.answer(0, screen('a'), { ka: value('ka', 1) });
    await flush();
    session.show('b');
    expect(link.log).toEqual(['subscribe {"screen":"a"}', 'unsubscribe {"screen":"a"}', 'subscribe {"screen":"b"}']);
    expect(stores.screen.definition?.id).toBe('a');
    link.answer(1, screen('b'), { kb: value('kb', 4) });
    await flush();
    expect(stores.screen.definition?.id).toBe('b');
    expect([...stores.values.byKey.keys()]).toEqual(['kb']);
    session.show('b'); // already shown: nothing
    expect(link.log).toHaveLength(3);
    session.stop();
  });

  it('a `screen` event for the shown screen replaces the definition and the values in place, and asks for nothing', async () => {
    const session = startRealtime({ link, screenId: 'a', stores });
    link.handlers.connect();
    link.answer(0, screen('a'), { ka: value('ka', 1), gone: value('gone', 1) });
    await flush();
    link.handlers.metrics({ values: { ka: value('ka', 2) } });
    const snapshot = (metrics: Record<string, MetricValue>) => ({ epoch: 'e1', timezone: 'UTC', metrics, alerts: [], sources: [] });
    link.handlers.screen({ id: 'other', definition: screen('other'), snapshot: snapshot({ ko: value('ko', 1) }) });
    expect(stores.screen.definition?.title).toBe('a');
    expect(stores.values.get('ko')).toBeUndefined();
    // The event's snapshot was cut before the delta the wall holds: the newer version stays.
    link.handlers.screen({ id: 'a', definition: screen('a', 'Edited'), snapshot: snapshot({ ka: value('ka', 1), new: value('new', 1) }) });
    expect(stores.screen.definition?.title).toBe('Edited');
    expect([...stores.values.byKey.keys()].sort()).toEqual(['ka', 'new']);
    expect(stores.values.get('ka')?.version).toBe(2);
    expect(stores.values.get('new')?.version).toBe(1);
    expect(stores.connection.phase).toBe('live');
    expect(link.log).toEqual(['subscribe {"screen":"a"}']);
    session.stop();
  });
});
