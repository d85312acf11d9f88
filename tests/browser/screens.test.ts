import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { ScreenDefinition } from '../../server/protocol';
import { minTextPx } from '../../client/screen/legibility';
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
      it(`${screen.id} at ${size.width}×${size.height}: every page: charts painted, text fits and is legible, data age shown`, async () => {
        const page = await browser.newPage({ viewport: size });
        try {
          const phone = size.width < 768;
          const placedAll = (phone ? screen.layout.mobile?.items ?? screen.layout.wall.items : screen.layout.wall.items).map((i) => i.widget);
          const seen: string[] = [];
          // A wall too wide for the window shows it a page at a time (`?page=n` pins one): every page is checked.
          for (let n = 1, pages = 1; n <= pages; n++) {
            await page.goto(`${hub.url}/s/${screen.id}?page=${n}`);
            await waitForValues(page);
            await page.waitForTimeout(800); // chart updates animate for at most 300 ms

            expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-layout')).toBe(phone ? 'mobile' : 'wall');
            pages = Number((await page.getAttribute('[data-testid="screen-canvas"]', 'data-page'))?.split('/')[1] ?? 1);
            const shown = await page.$$eval('.widget', (ws) => ws.map((w) => w.getAttribute('data-widget-id') ?? ''));
            seen.push(...shown);
            const placed = placedAll.filter((w) => shown.includes(w));

            // Every widget that shows a metric says how old its data is; a clock or a text has no data to age.
            const ages = await page.$$eval('.widget', (ws) => Object.fromEntries(ws.map((w) =>
              [w.getAttribute('data-widget-id'), w.querySelector('[data-testid="data-age"]')?.textContent?.trim() ?? ''])));
            for (const id of placed) expect(ages[id]!.length > 0, `data age of ${id}`).toBe(screen.widgets[id]!.metric !== undefined);

            if (!phone) {
              // A wall fills the window on every size (no letterbox), unless it is shown at its own shape in the middle of a
              // much wider window (arrange.ts: centred); a `width` one of a close shape spans it and scrolls down.
              const kind = await page.getAttribute('[data-testid="screen-canvas"]', 'data-arrangement');
              const box = await page.$eval('[data-testid="screen-canvas"]', (c) => { const r = c.getBoundingClientRect(); return [r.width, r.height]; });
              const wide = kind === 'centred' ? size.height * (screen.canvas.width / screen.canvas.height) : size.width;
              expect(box[0]).toBeCloseTo(wide, -1);
              if (screen.canvas.fit !== 'width' || kind !== 'designed') expect(box[1]).toBeCloseTo(size.height, -1);
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
            // Text height in physical terms: a share of a TV's height (24 px on a 4K panel), 12 CSS px on a phone.
            expect(await smallText(page, minTextPx(size.height, {}, phone))).toEqual([]);
          }
          expect([...new Set(seen)].sort()).toEqual([...placedAll].sort());
        } finally {
          await page.close();
        }
      });
    }
  }
});
