import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { httpJsonOptions, startFakeVendor, vendorOrder, type FakeVendor } from '../support/fake-vendor';
import { getJson, screensDir, startTestHub, waitFor, withinToday } from '../support/hub';

/**
 * The first minute (issue 17): a source's first sync is shown as syncing, with its progress, never as a fault, and no
 * widget draws a partial number meanwhile. The vendor answers each page slowly until the test lets it go.
 */
const screen = {
  id: 'first', title: '首次同步', canvas: { width: 1920, height: 1080 },
  widgets: { count: { type: 'kpi', title: '今日订单', metric: { id: 'orders.count', params: { window: 'today' } } } },
  layout: { wall: { columns: 24, rows: 12, items: [{ widget: 'count', x: 0, y: 0, w: 8, h: 4 }] } },
};

let browser: Browser;
let vendor: FakeVendor;
let hub: Hub;
let dir: { dir: string; remove(): void };
beforeAll(async () => {
  ensureBuiltWall();
  browser = await launchChromium();
  process.env.FAKE_VENDOR_TOKEN = 'first-minute-token';
  vendor = await startFakeVendor({ pageSize: 2 });
  // Five orders of today, two a page: three pages, each held 4 s while the test looks (12 s of syncing: room for a slow machine to load the page).
  for (let i = 0; i < 5; i++) { const o = vendorOrder({}, new Date(withinToday(60_000))); vendor.records.set(o.id as string, o); }
  vendor.delayMs = 4_000;
  dir = screensDir({ 'first.json': screen });
  hub = await startTestHub({ screensDir: dir.dir, config: { timezone: 'Asia/Shanghai', sources: [
    { id: 'erp', kind: 'http-json', interval: '300ms', timeout: '30s', options: httpJsonOptions(vendor.url, 'offset', { paging: { type: 'offset', limit: 2 } }) },
  ] } });
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await vendor?.close();
  dir?.remove();
  delete process.env.FAKE_VENDOR_TOKEN;
});

describe('the first minute on a fresh database', () => {
  it('says syncing, with progress, and draws no number until the sync is done; then the number, and no fault at any time', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/first`);
      const header = page.locator('[data-testid="sources-health"]');
      await expect.poll(() => header.textContent(), { timeout: 10_000 }).toMatch(/^首次同步中/);
      await expect.poll(() => page.locator('[data-testid="widget-syncing"]').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('[data-widget-id="count"] .kpi-number').count()).toBe(0); // no grey 0 meanwhile
      expect(await page.locator('.sources.bad').count()).toBe(0); // not counted as failing
      const { body: health } = await getJson<{ status: string; phase: { state: string; syncing: { id: string }[] } }>(`${hub.url}/api/health`);
      expect(health).toMatchObject({ status: 'syncing', phase: { state: 'syncing', syncing: [{ id: 'erp' }] } });

      vendor.delayMs = 0; // the vendor answers at once from now on: the sync ends
      await waitFor('the sync done', async () => ((await getJson<{ status: string }>(`${hub.url}/api/health`)).body.status === 'ok' ? true : undefined), 30_000);
      await expect.poll(() => page.locator('[data-widget-id="count"] .kpi-number').textContent(), { timeout: 10_000 }).toBe('5');
      expect(await page.locator('[data-testid="widget-syncing"]').count()).toBe(0);
      await expect.poll(() => header.textContent(), { timeout: 10_000 }).toBe('数据源正常');
    } finally {
      await page.close();
    }
  });
});
