import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { SourcedRecord } from '../../server/model';
import type { SourceHealth } from '../../server/protocol';
import type { ZendeskCursor } from '../../server/sources/connectors/zendesk';
import { createStore, type Store } from '../../server/store';
import { getJson, sourcesOk, startTestHub, waitFor } from '../support/hub';

const dir = mkdtempSync(join(tmpdir(), 'opswall-demo-'));
let hub: Hub;
let store: Store; // a second connection to the hub's file, to see what it stored
let first: SourceHealth[];

beforeAll(async () => {
  // The built-in demo (no config), its company sped up so tickets change within seconds. Three days of history hold
  // orders in every region whenever the test runs (a weekend's orders come mostly from the online shop).
  hub = await startTestHub({ dbPath: join(dir, 'hub.db'), screensDir: join(dir, 'no-screens'), demo: { speed: 3000, historyDays: 3 } });
  first = await sourcesOk(hub);
  store = createStore(join(dir, 'hub.db'));
}, 60_000);
afterAll(async () => { store?.close(); await hub?.close(); rmSync(dir, { recursive: true, force: true }); });

/** The position a Zendesk export cursor stands for: the simulated Zendesk's cursors are Zendesk's own shape. */
const exportedUpTo = (cursor: string) => Number(/^(\d+)\.0\|\|\d+\|$/.exec(Buffer.from(cursor, 'base64').toString())![1]);

describe('the built-in demo runs on the real path', () => {
  it('polls a simulated Zendesk, Salesforce and ERPNext on loopback through the real connectors', async () => {
    expect(first.map((s) => [s.id, s.kind])).toEqual([['zendesk', 'zendesk'], ['salesforce', 'salesforce'], ['erpnext', 'erpnext']]);
    const urls = hub.demo!.urls;
    for (const url of Object.values(urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const options = Object.fromEntries(hub.config.sources.map((s) => [s.id, 'options' in s ? s.options as Record<string, unknown> : {}]));
    expect([options.zendesk!.base_url, options.salesforce!.instance_url, options.erpnext!.url]).toEqual([urls.zendesk, urls.salesforce, urls.erpnext]);
    // Credentials come from environment variables the config names, as for a customer's sources.
    expect(options.zendesk!.token_env).toBe('OPSWALL_DEMO_ZENDESK_TOKEN');

    const served = hub.demo!.served();
    for (const name of ['zendesk', 'salesforce', 'erpnext'] as const) expect(served[name], name).toBeGreaterThan(1);
    await waitFor('more requests to every vendor', () => {
      const now = hub.demo!.served();
      return now.zendesk > served.zendesk && now.salesforce > served.salesforce && now.erpnext > served.erpnext ? true : undefined;
    });
  });

  it('stores tickets, deals and orders from their own sources, and the metrics see them', async () => {
    for (const s of first) expect(s.records, s.id).toBeGreaterThan(0);
    const types = new Map<string, Set<string>>();
    for (const r of store.iterateRecords()) types.set(r.source, (types.get(r.source) ?? new Set()).add(r.type));
    // Each vendor's customers come as its own accounts (the customer map joins them on the tax id).
    expect(Object.fromEntries([...types].map(([source, t]) => [source, [...t].sort()])))
      .toEqual({ zendesk: ['account', 'ticket'], salesforce: ['account', 'deal'], erpnext: ['account', 'order'] });
    const metric = async (path: string) => (await getJson<{ value: Record<string, unknown> }>(`${hub.url}/api/metrics/${path}`)).body.value;
    expect((await metric('orders.count?window=7d')).value).toBeGreaterThan(0);
    expect((await metric('orders.by_region?window=7d')).items).toHaveLength(7); // regions from ERPNext's territory
    expect((await metric('deals.funnel?window=30d')).stages).toContainEqual(expect.objectContaining({ stage: 'won', count: expect.any(Number) }));
    const sla = await metric('tickets.sla.summary?window=7d');
    expect(Number(sla.met) + Number(sla.missed) + Number(sla.running)).toBeGreaterThan(0);
  });

  it('a ticket changed in the simulated Zendesk arrives through the incremental export on a later poll', async () => {
    const cursor = store.getCursor<ZendeskCursor>('zendesk')!;
    expect(cursor.after_cursor).toBeDefined(); // the backfill is over: from now on the export is read from its cursor
    // Tickets of the history change at their own pace; new ones get their replies within seconds at this speed.
    const seen = new Map<string, string>();
    const changed = await waitFor('a stored ticket changed in Zendesk', () => {
      let found: SourcedRecord | undefined;
      for (const t of store.iterateRecords('ticket')) {
        const before = seen.get(t.id);
        if (before !== undefined && t.updated_at > before) found ??= t;
        seen.set(t.id, t.updated_at);
      }
      return found;
    }, 30_000, 500);
    expect(changed.source).toBe('zendesk');
    const later = store.getCursor<ZendeskCursor>('zendesk')!;
    expect(later.after_cursor).not.toBe(cursor.after_cursor);
    // The cursor stored with that page stands at (or after) the change: it came through the export, not a new backfill.
    expect(exportedUpTo(later.after_cursor!)).toBeGreaterThanOrEqual(Math.floor(Date.parse(changed.updated_at) / 1000));
    expect(exportedUpTo(later.after_cursor!)).toBeGreaterThan(exportedUpTo(cursor.after_cursor!));
  });
});
