import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Hub } from '../../server/app';
import type { CanonicalRecord, RecordType } from '../../server/model';
import type { MetricPayload, SourceHealth } from '../../server/protocol';
import { createStore, type Store } from '../../server/store';
import { getJson, startTestHub } from './hub';

/** What a connector test runs: its fake vendor (closed after the hub), the env vars its options name, the hub's zone and the one source. */
export interface ConnectorSetup<F> {
  fake?: F;
  env?: Record<string, string>;
  timezone: string;
  source: { id: string; kind: string; interval: string; options: Record<string, unknown>; timeout?: string };
  /** The config's `currency` section (reporting currency and rates); default: the hub's (CNY, no rates). */
  currency?: { reporting?: string; rates?: Record<string, unknown> };
}

/**
 * One real hub polling one source (usually against a fake vendor on loopback), with its store in a fresh
 * temporary folder: registers the suite's beforeAll (setup, env, hub) and afterAll (store, hub, fake, env
 * and folder gone), and reads back what the hub stored through a second connection to its SQLite file.
 * `setup` gets the temporary folder, for files a source reads. A setup that fails (e.g. no PostgreSQL to test
 * against) fails every test of the suite with its error, rather than leaving them skipped.
 */
export function useConnectorHub<F extends { close(): Promise<void> }>(name: string, setup: (dir: string) => Promise<ConnectorSetup<F>>) {
  let dir: string | undefined;
  let ran: ConnectorSetup<F> | undefined;
  let hub: Hub | undefined;
  let store: Store | undefined;
  let failure: unknown;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test, after beforeAll`);
    return value;
  };

  beforeAll(async () => {
    try {
      dir = mkdtempSync(join(tmpdir(), `opswall-${name}-`));
      ran = await setup(dir);
      Object.assign(process.env, ran.env);
      hub = await startTestHub({ dbPath: join(dir, 'hub.db'), config: { timezone: ran.timezone, sources: [ran.source], ...(ran.currency ? { currency: ran.currency } : {}) } });
      store = createStore(join(dir, 'hub.db'));
    } catch (err) { failure = err; }
  });
  beforeEach(() => { if (failure) throw failure; });
  afterAll(async () => {
    store?.close();
    await hub?.close();
    await ran?.fake?.close();
    for (const key of Object.keys(ran?.env ?? {})) delete process.env[key];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sourceId = () => need(ran, 'the source').source.id;
  return {
    get hub(): Hub { return need(hub, 'the hub'); },
    get fake(): F { return need(ran?.fake, 'the fake vendor'); },
    get store(): Store { return need(store, 'the store'); },
    get dbPath(): string { return join(need(dir, 'the folder'), 'hub.db'); },
    /** The source's stored records of one type, by id (with `source` and the hub's derived history). */
    records<T extends CanonicalRecord>(type: RecordType): Map<string, T & { source: string }> {
      const rows = [...need(store, 'the store').iterateRecords(type)].filter((r) => r.source === sourceId());
      return new Map(rows.map((r) => [r.id, r as unknown as T & { source: string }]));
    },
    /** The cursor stored with the source's last page. */
    cursor<C>(): C | undefined { return need(store, 'the store').getCursor<C>(sourceId()); },
    /** The source's health on GET /api/sources. */
    async health(): Promise<SourceHealth> {
      return (await getJson<SourceHealth[]>(`${need(hub, 'the hub').url}/api/sources`)).body.find((s) => s.id === sourceId())!;
    },
    /** A metric's value through GET /api/metrics/:id. */
    async metric(id: string, params: Record<string, string> = {}): Promise<MetricPayload> {
      const query = new URLSearchParams(params).toString();
      const { status, body } = await getJson<{ value: MetricPayload }>(`${need(hub, 'the hub').url}/api/metrics/${id}${query ? `?${query}` : ''}`);
      if (status !== 200) throw new Error(`GET /api/metrics/${id}?${query}: ${status} ${JSON.stringify(body)}`);
      return body.value;
    },
    /** A scalar metric's current value. */
    async scalar(id: string, params: Record<string, string> = {}): Promise<number> {
      const value = await this.metric(id, params);
      if (value.kind !== 'scalar') throw new Error(`${id} is a ${value.kind}, not a scalar`);
      return value.value;
    },
  };
}
