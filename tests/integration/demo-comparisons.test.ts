import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { DEMO_SIMULATION, DEMO_TIMEZONE } from '../../server/demo';
import { windowRange, type WindowName } from '../../server/metrics';
import type { Order } from '../../server/model';
import type { MetricValue, ScalarValue, SourceHealth } from '../../server/protocol';
import { demoOrders, previousSpanCounts } from '../support/demo-company';
import { getJson, sourcesOk, startTestHub } from '../support/hub';

// The built-in demo exactly as `npm start` runs it on a fresh database: its company, its 62 days of history, its
// simulated Zendesk, Salesforce and ERPNext polled through the real connectors.
const DAY = 86_400_000;
let hub: Hub;
let sources: SourceHealth[];
let start: number;
let created: Order[]; // every order the company created, replayed apart from the hub
beforeAll(async () => {
  hub = await startTestHub({ screensDir: '/nonexistent-screens' });
  sources = await sourcesOk(hub);
  start = hub.store.getCursor<{ start: number }>('(demo)')!.start;
  // Every previous span ends a day or more ago: what the company creates from now on is never in one.
  created = demoOrders({ ...DEMO_SIMULATION, start, timezone: DEMO_TIMEZONE }, Date.now());
}, 150_000);
afterAll(async () => { await hub?.close(); });

const value = async (key: string) => {
  const { status, body } = await getJson<MetricValue<ScalarValue>>(`${hub.url}/api/metrics/${key}`);
  expect(status, key).toBe(200);
  return body;
};

describe('the demo on a fresh start compares every window with a whole previous span', () => {
  it('each source covers the company\'s whole history: Salesforce and ERPNext read everything, Zendesk 62 days back', () => {
    expect(DEMO_SIMULATION.historyDays).toBe(62);
    const covered = Object.fromEntries(sources.map((s) => [s.id, s.coveredFrom]));
    expect(covered.salesforce).toBe('1970-01-01T00:00:00.000Z');
    expect(covered.erpnext).toBe('1970-01-01T00:00:00.000Z');
    // Zendesk's first poll came with (or just after) the company's start: 62 days before it, where the history begins.
    expect(Date.parse(covered.zendesk!)).toBeGreaterThanOrEqual(start - 62 * DAY);
    expect(Date.parse(covered.zendesk!)).toBeLessThan(start - 62 * DAY + 60_000);
  });

  it.each(['mtd', 'today', '24h', '7d', '30d'] as WindowName[])(
    'orders.count with %s: previous is the count of orders the company created in the whole previous span', async (window) => {
      const v = await value(`orders.count?window=${window}`);
      const at = Date.parse(v.computedAt);
      // The span as the hub's windows last moved: at computedAt or up to a tick before (see demo-company.ts).
      const counts = previousSpanCounts(created, window, at - 2_000, at, DEMO_TIMEZONE);
      expect(v.value.previous).not.toBeNull();
      expect([...counts]).toContain(v.value.previous);
      // …and the company ran through the whole of that span: it begins after the history does (62 days before the
      // start), so the count is of a whole period, not of the few days of it a shorter history would hold.
      expect(windowRange(window, at - 2_000, DEMO_TIMEZONE).prevStart).toBeGreaterThanOrEqual(start - DEMO_SIMULATION.historyDays * DAY);
    });

  it('the month-to-date KPIs the shipped screens show have a previous: an arrow against the whole span, never ▲410,937%', async () => {
    for (const key of ['orders.amount?window=mtd', 'deals.won_amount?window=mtd']) {
      expect((await value(key)).value.previous, key).not.toBeNull();
    }
  });
});
