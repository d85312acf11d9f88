import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { startDemoWall } from '../support/demo-wall';
import { waitForValues } from '../support/wall-page';

let hub: Hub;
let browser: Browser;

beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

describe('a phone', () => {
  it('gets the stack, and a tap on a chart shows its tooltip', async () => {
    // An iPhone-sized touch screen: 390×844 CSS px at 3× (what isMobile and hasTouch make of it).
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(`${hub.url}/s/ticket-sla?kiosk`);
      await waitForValues(page);
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-layout')).toBe('mobile');
      const chart = page.locator('[data-widget-id="by-priority"] canvas').first();
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      // ECharts draws its tooltip as a div beside the canvas; none is visible before the tap.
      const tooltip = () => page.$$eval('[data-widget-id="by-priority"] div', (divs) => divs.filter((d) =>
        getComputedStyle(d).position === 'absolute' && getComputedStyle(d).display !== 'none' && getComputedStyle(d).opacity !== '0'
        && (d.textContent ?? '').trim() !== '' && d.style.zIndex !== '').map((d) => d.textContent!.trim()));
      expect(await tooltip()).toEqual([]);
      // Taps across the plot until one lands on a bar (where the bars stand depends on the day's counts: a short bar can
      // leave the middle of the plot empty), from the middle outwards; one tap on a bar shows one tooltip.
      let shown: string[] = [];
      const spots = [0.5, 0.3, 0.7, 0.2, 0.4, 0.6, 0.8].flatMap((y) => [0.5, 0.3, 0.15, 0.7].map((x) => [x, y] as const));
      for (const [x, y] of spots) {
        await page.touchscreen.tap(box.x + box.width * x, box.y + box.height * y);
        await page.waitForTimeout(300);
        shown = await tooltip();
        if (shown.length > 0) break;
      }
      expect(shown.length).toBe(1);
      expect(shown[0]).toMatch(/紧急|高|普通|低/);
    } finally {
      await context.close();
    }
  });
});
