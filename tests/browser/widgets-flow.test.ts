import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import type { Alert } from '../../server/protocol';
import { getJson, screensDir, sourcesOk, startTestHub } from '../support/hub';
import { paintedPixels, textOverflows } from '../support/wall-page';

// One screen with the order flow (sankey), the alert feed and the tile-grid map, on the demo's own data.
const SCREEN = {
  id: 'flow-alerts-map', title: '订单流向 · 告警 · 区域', canvas: { width: 1920, height: 1080 },
  widgets: {
    flow: { type: 'order-flow', title: '订单流向（24 小时）', metric: { id: 'orders.flow', params: { window: '24h' } }, options: { mode: 'sankey' } },
    alerts: { type: 'alert-feed', title: '未处理告警' },
    regions: { type: 'map', title: '区域订单', metric: { id: 'orders.by_region', params: { window: '24h' } } },
  },
  layout: { wall: { columns: 24, rows: 12, items: [
    { widget: 'flow', x: 0, y: 0, w: 12, h: 7 },
    { widget: 'alerts', x: 0, y: 7, w: 12, h: 5 },
    { widget: 'regions', x: 12, y: 0, w: 12, h: 12 },
  ] } },
};

let hub: Hub;
let browser: Browser;
let screens: ReturnType<typeof screensDir>;

beforeAll(async () => {
  ensureBuiltWall();
  screens = screensDir({ 'flow-alerts-map.json': SCREEN });
  hub = await startTestHub({ screensDir: screens.dir });
  await sourcesOk(hub);
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); screens?.remove(); });

/** Waits until the widgets with a metric have their value (the alert feed has none to wait for). */
async function waitForMetricWidgets(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction((wanted) => wanted.every((id) => {
    const age = document.querySelector(`[data-widget-id="${id}"] [data-testid="data-age"]`)?.textContent ?? '';
    return age !== '' && !/等待|waiting/i.test(age);
  }), ids, { timeout: 30_000, polling: 250 });
}

/** Painted pixels per widget: the sum over the canvases inside it. */
async function pixelsByWidget(page: Page): Promise<Record<string, number>> {
  const owners = await page.$$eval('canvas', (cs) => cs.map((c) => c.closest('[data-widget-id]')?.getAttribute('data-widget-id') ?? ''));
  const pixels = await paintedPixels(page);
  const out: Record<string, number> = {};
  owners.forEach((id, i) => { out[id] = (out[id] ?? 0) + pixels[i]!; });
  return out;
}

describe('order flow, alert feed and map on a 1920×1080 wall', () => {
  it('draws the sankey and the tile grid, lists the open alerts, and all text fits', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/${SCREEN.id}`);
      await waitForMetricWidgets(page, ['flow', 'regions']);
      await page.waitForTimeout(800); // chart updates animate for at most 300 ms

      const shown = await page.$$eval('.widget', (ws) => ws.map((w) => `${w.getAttribute('data-widget-id')}:${w.getAttribute('data-widget-type')}`));
      expect(shown.sort()).toEqual(['alerts:alert-feed', 'flow:order-flow', 'regions:map']);
      expect(await page.$$eval('.widget-problem', (els) => els.map((e) => e.textContent))).toEqual([]);

      const pixels = await pixelsByWidget(page);
      // Map: 12 of 24 columns × all 12 rows of 1920×1080 is 960×1080; the frame leaves 928×1012 (16 px padding,
      // 52 px head). Tiles: min(928 / 7, (1012 − 44 scale) / 8) = min(132.6, 121) = 121 px. 34 tiles of 121² less
      // their gaps (about 8 px each way) ≈ 34 × 113² ≈ 434,000 px; at least half of that is a safe floor.
      expect(pixels.regions).toBeGreaterThan(200_000);
      // Sankey over a day of demo orders: six node columns 16 px wide, each about as tall as the box holds
      // (≈ 500 px), and the links between them: well above 6 × 16 × 100.
      expect(pixels.flow).toBeGreaterThan(10_000);
      expect(await page.$$eval('[data-widget-id="flow"] .flow-empty', (els) => els.length)).toBe(0);

      // The demo's alerts: the feed lists alerts the hub has (or is calm when none is open and not inhibited).
      const feedKeys = await page.$$eval('[data-widget-id="alerts"] .feed-row', (els) => els.map((e) => e.getAttribute('data-alert-key')!));
      const all = (await getJson<Alert[]>(`${hub.url}/api/alerts`)).body;
      const listable = all.filter((a) => a.state !== 'resolved' && !a.suppressed?.inhibited_by.length);
      if (feedKeys.length === 0) {
        expect(listable).toEqual([]);
        expect(await page.$eval('[data-widget-id="alerts"] [data-testid="alert-feed-empty"]', (el) => (el as HTMLElement).innerText)).toContain('没有未处理的告警');
      } else {
        const known = new Set(all.map((a) => a.alert_key));
        expect(feedKeys.filter((k) => !known.has(k))).toEqual([]);
      }

      expect(await textOverflows(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
