import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screenOf, screensDir, startTestHub, waitFor } from '../support/hub';
import { heldBuild, storeHolding } from '../support/rebuild';

/**
 * Back on the wall at once after a restart: a hub started on a store that holds records serves the wall while it builds
 * its values from the store. The wall draws no zeros meanwhile: each widget says the hub is rebuilding and the header
 * shows how far; when the build ends the numbers appear. The build is held between chunks by the test.
 */
const ORDERS = 900;
const OPEN_TICKETS = 400;
const dir = mkdtempSync(join(tmpdir(), 'opswall-warm-wall-'));
const screens = screensDir({ 'warm.json': screenOf('warm', { orders: { id: 'orders.count', params: { window: 'today' } }, open: { id: 'tickets.open' } }) });
let browser: Browser;
let hub: Hub;
const build = heldBuild(3);

beforeAll(async () => {
  ensureBuiltWall();
  browser = await launchChromium();
  storeHolding(join(dir, 'hub.db'), { orders: ORDERS, open: OPEN_TICKETS });
  hub = await startTestHub({
    dbPath: join(dir, 'hub.db'), screensDir: screens.dir, rebuilding: true,
    config: { timezone: 'Asia/Shanghai', sources: [{ id: 'p', kind: 'push' }] },
    warmUp: { chunk: 200, pause: build.pause },
  });
}, 60_000);
afterAll(async () => {
  build.release();
  await browser?.close();
  await hub?.close();
  screens.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('the wall while the hub rebuilds at start', () => {
  it('says rebuilding in each widget and its progress in the header, draws no number; then the numbers', async () => {
    await waitFor('the build held', () => (build.reached() ? true : undefined), 10_000, 10);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/warm`);
      await expect.poll(() => page.locator('[data-testid="widget-rebuilding"]').count(), { timeout: 15_000 }).toBe(2);
      expect(await page.locator('[data-testid="widget-rebuilding"]').first().textContent()).toBe('服务刚启动，正在重建数值…');
      expect(await page.locator('.kpi-number').count()).toBe(0); // no grey 0 meanwhile
      // 400 open tickets' clocks, then the pass over 1,300 records held after its first chunks: under half of them read.
      const header = page.locator('[data-testid="sources-health"]');
      expect(await header.textContent()).toMatch(/^启动重建中 \d{1,2}%$/);
      expect(await page.locator('[data-testid="connection-banner"]').count()).toBe(0); // not "connection lost"

      build.release();
      await expect.poll(() => page.locator('[data-widget-id="orders"] .kpi-number').textContent(), { timeout: 15_000 }).toBe('900');
      expect(await page.locator('[data-widget-id="open"] .kpi-number').textContent()).toBe('400');
      expect(await page.locator('[data-testid="widget-rebuilding"]').count()).toBe(0);
      await expect.poll(() => header.textContent(), { timeout: 10_000 }).not.toMatch(/重建/);
    } finally {
      await page.close();
    }
  });
});
