import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { ScreenDefinition } from '../../server/protocol';
import { startDemoWall } from '../support/demo-wall';
import { chartLabelFaults } from '../support/chart-labels';
import { paintedPixels, smallText, textOverflows, waitForValues } from '../support/wall-page';

const SCREENS_DIR = new URL('../../screens/', import.meta.url);
const screens = readdirSync(SCREENS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, SCREENS_DIR), 'utf8')) as ScreenDefinition);
// A TV, a 4K TV, a three-panel video wall, a small 720p panel and a phone (the phone stack, below 768 px).
const SIZES = [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }, { width: 5760, height: 1080 }, { width: 1280, height: 720 },
  { width: 390, height: 844 }];
const CHART_TYPES = new Set(['line', 'bar', 'funnel', 'gauge', 'pie', 'order-flow', 'map']);
/** The smallest text a viewer should have to read, in screen px (client/screen/fit.ts MIN_SCREEN_FONT_PX). */
const MIN_TEXT_PX = 12;

let hub: Hub;
let browser: Browser;

beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

describe('every shipped screen on a TV', () => {
  it('ships the demo\'s screens: an overview, one per department, a video wall and a phone screen', () => {
    expect(screens.map((s) => s.id)).toEqual(expect.arrayContaining(['ops-overview', 'order-flow', 'ticket-sla', 'sales-funnel',
      'service-desk', 'video-wall', 'manager-phone']));
  });

  for (const screen of screens) {
    for (const size of SIZES) {
      it(`${screen.id} at ${size.width}×${size.height}: charts painted, text fits and is legible, data age shown`, async () => {
        const page = await browser.newPage({ viewport: size });
        try {
          await page.goto(`${hub.url}/s/${screen.id}`);
          await waitForValues(page);
          await page.waitForTimeout(800); // chart updates animate for at most 300 ms

          const phone = size.width < 768;
          expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-layout')).toBe(phone ? 'mobile' : 'wall');
          const placed = (phone ? screen.layout.mobile?.items ?? screen.layout.wall.items : screen.layout.wall.items).map((i) => i.widget);
          const shown = await page.$$eval('.widget', (ws) => ws.map((w) => w.getAttribute('data-widget-id')));
          expect(shown.sort()).toEqual([...placed].sort());

          // Every widget that shows a metric says how old its data is; a clock or a text has no data to age.
          const ages = await page.$$eval('.widget', (ws) => Object.fromEntries(ws.map((w) =>
            [w.getAttribute('data-widget-id'), w.querySelector('[data-testid="data-age"]')?.textContent?.trim() ?? ''])));
          for (const id of placed) expect(ages[id]!.length > 0, `data age of ${id}`).toBe(screen.widgets[id]!.metric !== undefined);

          if (!phone) {
            // A contained wall fills the window on every size (no letterbox); a `width` one spans it and scrolls down.
            const box = await page.$eval('[data-testid="screen-canvas"]', (c) => { const r = c.getBoundingClientRect(); return [r.width, r.height]; });
            expect(box[0]).toBeCloseTo(size.width, -1);
            if (screen.canvas.fit !== 'width') expect(box[1]).toBeCloseTo(size.height, -1);
          }

          const charts = placed.filter((w) => CHART_TYPES.has(screen.widgets[w]!.type)).length;
          const pixels = await paintedPixels(page);
          // A chart with nothing to draw says so in words instead (the order flow of "today" before the day's first
          // order, in the demo company's night): it counts, if it says it.
          const saidEmpty = await page.$$eval('.widget .chart-empty', (es) => es.filter((e) => (e.textContent ?? '').trim().length > 0).length);
          expect(pixels.length + saidEmpty).toBeGreaterThanOrEqual(charts);
          // An unpainted canvas has no pixels at all. Just after local midnight a "today" chart holds little
          // more than its axes (a few hundred pixels), so the bar is low enough not to depend on the hour.
          for (const painted of pixels) expect(painted).toBeGreaterThan(100);

          expect(await textOverflows(page)).toEqual([]);
          expect(await chartLabelFaults(page)).toEqual([]);
          expect(await smallText(page, MIN_TEXT_PX)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }
});
