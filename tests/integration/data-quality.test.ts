import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MetricValue, SourceHealth } from '../../server/protocol';
import { connect, getJson, startTestHub, subscribe } from '../support/hub';

/**
 * Money in one currency through the real hub: orders and deals pushed in CNY, USD (rated), JPY (no rate) and
 * without a currency, read back over REST, the socket and /metrics; then the hub restarted on the same file
 * with other rates, which converts the stored records again. Expected values worked by hand from
 * docs/metrics.md § Money (rate × amount, to the cent; base amount in the reporting currency first).
 */
const dir = mkdtempSync(join(tmpdir(), 'opswall-money-'));
const DB = join(dir, 'hub.db');
const noScreens = join(dir, 'no-screens');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let hub: Hub | undefined;
afterAll(async () => { await hub?.close(); });

const start = (currency: unknown) => startTestHub({
  dbPath: DB, screensDir: noScreens,
  config: { timezone: 'Asia/Shanghai', sources: [{ id: 'shop', kind: 'push' }, { id: 'desk', kind: 'push' }], currency },
});

// An hour ago: inside the rolling 30 days whatever the time of day.
const at = new Date(Date.now() - 3_600_000).toISOString();
const order = (id: string, amount: number, more: Record<string, unknown> = {}) =>
  ({ type: 'order', id, status: 'confirmed', amount, created_at: at, updated_at: at, ...more });
const deal = (id: string, amount: number, currency: string) =>
  ({ type: 'deal', id, stage: 'proposal', amount, currency, created_at: at, updated_at: at });

const RECORDS = [
  order('A', 1000, { currency: 'CNY' }),
  order('B', 100, { currency: 'USD' }),
  order('C', 12.345, { currency: 'USD' }),
  order('D', 10_000, { currency: 'JPY' }),
  order('E', 300), // no currency: taken as the reporting currency
  // The vendor's own amount in its CNY books (ERPNext base_grand_total), at its own rate of the day.
  order('F', 250, { currency: 'USD', base_amount: 1760.5, base_currency: 'CNY' }),
  order('G', 5_000, { currency: 'JPY', deleted: true }), // a tombstone: in no metric, not counted
  // A sender's own amount_reporting is ignored: worked out again (100 × 7.1).
  order('H', 100, { currency: 'USD', amount_reporting: 1 }),
  deal('P1', 1000, 'USD'),
  deal('P2', 5000, 'JPY'),
];

const value = async (h: Hub, path: string) => ((await getJson<MetricValue>(`${h.url}/api/metrics/${path}`)).body.value as { value: number }).value;
const shop = async (h: Hub) => (await getJson<SourceHealth[]>(`${h.url}/api/sources`)).body.find((s) => s.id === 'shop')!;
async function scrape(h: Hub): Promise<string[]> {
  return (await (await fetch(`${h.url}/metrics`)).text()).split('\n').filter((l) => l.startsWith('opswall_records_without_rate'));
}

describe('money in one currency, end to end', () => {
  beforeAll(async () => {
    hub = await start({ reporting: 'CNY', rates: { USD: 7.1 } });
    const res = await fetch(`${hub.url}/api/ingest/shop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: RECORDS }) });
    expect(await res.json()).toEqual({ accepted: 10, rejected: [] });
    await fetch(`${hub.url}/api/ingest/desk`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ type: 'ticket', id: 'T1', priority: 'low', status: 'open', created_at: at, updated_at: at }] }) });
  });

  it('sums every order in CNY at the configured rate and leaves the one with no rate out', async () => {
    const h = hub!;
    // A 1000 + B 100×7.1 = 710 + C 12.345×7.1 = 87.6495 → 87.65 + E 300 + F 1760.50 (base) + H 710; D (JPY) and G (tombstone) out
    // = 1000 + 710 + 87.65 + 300 + 1760.5 + 710 = 4568.15
    expect(await value(h, 'orders.amount?window=30d')).toBe(4568.15);
    expect(await value(h, 'orders.count?window=30d')).toBe(7); // A–F and H: D counts as an order, not as money
    expect(await value(h, 'deals.pipeline_value')).toBe(7100); // P1 1000 × 7.1; P2 (JPY) out
  });

  it('counts the records with no rate per source and currency: /api/sources, /api/data-quality, /metrics, the socket', async () => {
    const h = hub!;
    const noRate = { records: 2, byCurrency: { JPY: 2 } }; // order D and deal P2; G is a tombstone
    expect((await shop(h)).amountsWithoutRate).toEqual(noRate);
    const { status, body } = await getJson(`${h.url}/api/data-quality`);
    expect(status).toBe(200);
    // No record carries an account id and no customers section is configured: no unmatched accounts, no mapping file.
    const noAccounts = { accounts: 0, withoutRecord: 0, sample: [] };
    expect(body).toEqual({ reportingCurrency: 'CNY', sources: [
      { id: 'shop', kind: 'push', amountsWithoutRate: noRate, unmatchedAccounts: noAccounts },
      { id: 'desk', kind: 'push', amountsWithoutRate: { records: 0, byCurrency: {} }, unmatchedAccounts: noAccounts },
    ], customerMap: { file: null, ok: true, customers: 0 } });
    expect(await scrape(h)).toContain('opswall_records_without_rate{source="shop",currency="JPY"} 2');
    const socket = await connect(h);
    try {
      const ack = await subscribe(socket, { metrics: [{ id: 'orders.amount', params: { window: '30d' } }] });
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      expect(ack.snapshot.currency).toBe('CNY');
      expect(ack.snapshot.sources.find((s) => s.id === 'shop')!.amountsWithoutRate).toEqual(noRate);
    } finally { socket.disconnect(); }
  });

  it('keeps what the vendor sent beside the converted amount', () => {
    expect(hub!.store.getRecord('shop', 'order', 'B')).toMatchObject({ amount: 100, currency: 'USD', amount_reporting: 710 });
    expect(hub!.store.getRecord('shop', 'order', 'D')).toMatchObject({ amount: 10_000, currency: 'JPY' });
    expect(hub!.store.getRecord('shop', 'order', 'D')).not.toHaveProperty('amount_reporting');
  });

  it('a JPY order re-sent in CNY leaves the count at once', async () => {
    const later = new Date().toISOString();
    await fetch(`${hub!.url}/api/ingest/shop`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ ...order('D', 480, { currency: 'CNY' }), updated_at: later }] }) });
    expect((await shop(hub!)).amountsWithoutRate).toEqual({ records: 1, byCurrency: { JPY: 1 } });
    expect(await value(hub!, 'orders.amount?window=30d')).toBe(5048.15); // 4568.15 + 480
    // Back to JPY for the restarts below.
    await fetch(`${hub!.url}/api/ingest/shop`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ ...order('D', 10_000, { currency: 'JPY' }), updated_at: new Date(Date.parse(later) + 1000).toISOString() }] }) });
    expect((await shop(hub!)).amountsWithoutRate).toEqual({ records: 2, byCurrency: { JPY: 2 } });
  });

  it('a restart with other rates converts the stored records again', async () => {
    await hub!.close();
    hub = await start({ reporting: 'CNY', rates: { USD: 7.2, JPY: 0.05 } });
    // A 1000 + B 720 + C 12.345×7.2 = 88.884 → 88.88 + D 10000×0.05 = 500 + E 300 + F 1760.50 + H 720 = 5089.38
    expect(await value(hub, 'orders.amount?window=30d')).toBe(5089.38);
    expect(await value(hub, 'deals.pipeline_value')).toBe(7450); // 1000 × 7.2 + 5000 × 0.05
    expect(hub.store.getRecord('shop', 'order', 'B')).toMatchObject({ amount: 100, currency: 'USD', amount_reporting: 720 });
    expect((await shop(hub)).amountsWithoutRate).toEqual({ records: 0, byCurrency: {} });
    expect(await scrape(hub)).toEqual([]); // no series left (the HELP and TYPE lines start with #)
  });

  it('a restart in another reporting currency serves its unit, and counts what has no rate to it', async () => {
    await hub!.close();
    hub = await start({ reporting: 'USD' });
    // P1 is in USD: 1000 as it is; P2 (JPY) has no rate to USD.
    expect(await value(hub, 'deals.pipeline_value')).toBe(1000);
    // No rates now: A (CNY) has none to USD, nor D and P2 (JPY). F counts its USD amount (its base is in CNY), E is taken as USD.
    expect((await shop(hub)).amountsWithoutRate).toEqual({ records: 3, byCurrency: { CNY: 1, JPY: 2 } });
    const catalogue = (await getJson<{ id: string; unit?: string }[]>(`${hub.url}/api/metrics`)).body;
    expect(catalogue.find((m) => m.id === 'orders.amount')!.unit).toBe('USD');
    expect(catalogue.find((m) => m.id === 'deals.by_owner')!.unit).toBe('USD');
    expect(catalogue.find((m) => m.id === 'orders.count')!.unit).toBe('orders');
    expect((await getJson(`${hub.url}/api/data-quality`)).body).toMatchObject({ reportingCurrency: 'USD' });
  });
});
