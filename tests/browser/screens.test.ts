import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { ScreenDefinition } from '../../server/protocol';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { sourcesOk, startTestHub } from '../support/hub';
import { paintedPixels, textOverflows, waitForValues } from '../support/wall-page';

const SCREENS_DIR = new URL('../../screens/', import.meta.url);
const screens = readdirSync(SCREENS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, SCREENS_DIR), 'utf8')) as ScreenDefinition);
const SIZES = [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }];
const CHART_TYPES = new Set(['line', 'bar', 'funnel', 'gauge', 'pie']);

let hub: Hub;
let browser: Browser;

beforeAll(async () => {
  ensureBuiltWall();
  hub = await startTestHub();
  await sourcesOk(hub);
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); });

describe('every shipped screen on a TV', () => {
  it('ships the three screens of the demo', () => {
    expect(screens.map((s) => s.id)).toEqual(expect.arrayContaining(['order-flow', 'ticket-sla', 'sales-funnel']));
  });

  for (const screen of screens) {
    for (const size of SIZES) {
      it(`${screen.id} at ${size.width}×${size.height}: charts painted, text fits, data age shown`, async () => {
        const page = await browser.newPage({ viewport: size });
        try {
          await page.goto(`${hub.url}/s/${screen.id}`);
          await waitForValues(page);
          await page.waitForTimeout(800); // chart updates animate for at most 300 ms

          const placed = screen.layout.wall.items.map((i) => i.widget);
          const shown = await page.$$eval('.widget', (ws) => ws.map((w) => w.getAttribute('data-widget-id')));
          expect(shown.sort()).toEqual([...placed].sort());

          const ages = await page.$$eval('.widget', (ws) => ws.map((w) => w.querySelector('[data-testid="data-age"]')?.textContent?.trim() ?? ''));
          expect(ages.every((a) => a.length > 0)).toBe(true);

          const charts = placed.filter((w) => CHART_TYPES.has(screen.widgets[w]!.type)).length;
          const pixels = await paintedPixels(page);
          expect(pixels.length).toBeGreaterThanOrEqual(charts);
          // An unpainted canvas has no pixels at all. Just after local midnight a "today" chart holds little
          // more than its axes (a few hundred pixels), so the bar is low enough not to depend on the hour.
          for (const painted of pixels) expect(painted).toBeGreaterThan(100);

          expect(await textOverflows(page)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }
});
