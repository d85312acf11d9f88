import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { getJson, screensDir, startTestHub, waitFor } from '../support/hub';

/** A one-widget screen: a KPI titled `title` on today's order count. */
function screen(id: string, title: string, theme?: string) {
  return {
    id, title: `Screen ${id}`, canvas: { width: 1920, height: 1080 }, ...(theme ? { theme } : {}),
    widgets: { k: { type: 'kpi', title, metric: { id: 'orders.count', params: { window: 'today' } }, options: {} } },
    layout: { wall: { columns: 4, rows: 2, items: [{ widget: 'k', x: 0, y: 0, w: 2, h: 1 }] } },
  };
}

const folder = screensDir({
  'alpha.json': screen('alpha', 'Alpha orders'),
  'beta.json': screen('beta', 'Beta orders'),
  'bright.json': screen('bright', 'Bright', 'light'),
  'stark.json': screen('stark', 'Stark', 'high-contrast'),
  'playlists/duo.json': { id: 'duo', title: 'Duo', screens: [{ screen: 'alpha', dwell: '2s' }, { screen: 'beta', dwell: '2s' }] },
});
const write = (name: string, content: unknown) => writeFileSync(join(folder.dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));

let hub: Hub;
let browser: Browser;
beforeAll(async () => {
  ensureBuiltWall();
  hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] }, screensDir: folder.dir });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); folder.remove(); });

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${hub.url}${path}`);
  await page.waitForSelector('.screen-page[data-screen-id]');
  // Survives only as long as the page is not reloaded.
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
  return page;
}
const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: number }).marker);
const widgetTitle = (page: Page) => page.textContent('.widget-title');
const shownScreen = (page: Page) => page.getAttribute('.screen-page', 'data-screen-id');
const background = (page: Page) => page.$eval('.screen-page', (el) => getComputedStyle(el).backgroundColor);

describe('hot reload on an open wall', () => {
  it('an edited widget title is redrawn within 2 s, without a reload', async () => {
    const page = await open('/s/alpha');
    try {
      expect(await widgetTitle(page)).toBe('Alpha orders');
      const before = Date.now();
      write('alpha.json', screen('alpha', 'Alpha orders, edited'));
      await page.waitForFunction(() => document.querySelector('.widget-title')?.textContent === 'Alpha orders, edited', undefined, { timeout: 5_000, polling: 50 });
      expect(Date.now() - before).toBeLessThan(2_000);
      expect(await marker(page)).toBe(42);
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('an invalid edit leaves the last good screen up; /api/screens and the screen list show the error', async () => {
    const page = await open('/s/alpha');
    try {
      // Line 3 is `  "title": "Oops",,`: "title" is columns 3-9, "Oops" 12-17, the first comma 18:
      // the second, at column 19, is where the parser gives up.
      write('alpha.json', '{\n  "id": "alpha",\n  "title": "Oops",,\n  "canvas": { "width": 1920, "height": 1080 }\n}');
      const entry = await waitFor('alpha listed invalid', async () => {
        const { body } = await getJson<{ id: string; valid: boolean; error?: string; lastGood?: boolean }[]>(`${hub.url}/api/screens`);
        return body.find((s) => s.id === 'alpha' && !s.valid);
      }, 5_000, 50);
      expect(entry.error).toBe('alpha.json:3:19 (root): not valid JSON: property name expected');
      expect(entry.lastGood).toBe(true);
      await page.waitForTimeout(700); // past the hub's debounce: nothing may reach the page
      expect(await widgetTitle(page)).toBe('Alpha orders, edited');
      expect(await marker(page)).toBe(42);

      const list = await browser.newPage();
      try {
        await list.goto(`${hub.url}/`);
        const error = await list.waitForSelector('[data-screen-id="alpha"] [data-testid="screen-error"]');
        expect(await error.textContent()).toContain('alpha.json:3:19 (root): not valid JSON: property name expected');
        expect(await list.locator('[data-screen-id="alpha"] [data-testid="screen-last-good"]').count()).toBe(1);
        expect(await list.locator('[data-screen-id="beta"] [data-testid="screen-error"]').count()).toBe(0);
      } finally {
        await list.close();
      }
      write('alpha.json', screen('alpha', 'Alpha orders'));
      await page.waitForFunction(() => document.querySelector('.widget-title')?.textContent === 'Alpha orders', undefined, { timeout: 5_000 });
    } finally {
      await page.close();
    }
  });
});

describe('playlists', () => {
  it('turns alpha → beta → alpha every 2 s on one page', async () => {
    const page = await open('/p/duo');
    try {
      const seen: { id: string | null; at: number }[] = [{ id: await shownScreen(page), at: Date.now() }];
      expect(seen[0]!.id).toBe('alpha');
      while (seen.length < 3) {
        const last = seen.at(-1)!.id;
        await page.waitForFunction((id) => document.querySelector('.screen-page')?.getAttribute('data-screen-id') !== id, last, { timeout: 6_000, polling: 50 });
        seen.push({ id: await shownScreen(page), at: Date.now() });
      }
      expect(seen.map((s) => s.id)).toEqual(['alpha', 'beta', 'alpha']);
      const gap = seen[2]!.at - seen[1]!.at; // one full dwell between two turns
      expect(gap).toBeGreaterThan(1_500);
      expect(gap).toBeLessThan(3_500);
      expect(await marker(page)).toBe(42);
      expect(await page.locator('[data-testid="playlist-next"]').count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('?pause stays put, next steps by hand, ?pin shows one screen', async () => {
    const paused = await open('/p/duo?pause');
    try {
      await paused.waitForTimeout(3_000);
      expect(await shownScreen(paused)).toBe('alpha');
      await paused.click('[data-testid="playlist-next"]');
      await paused.waitForFunction(() => document.querySelector('.screen-page')?.getAttribute('data-screen-id') === 'beta', undefined, { timeout: 3_000 });
    } finally {
      await paused.close();
    }
    const pinned = await open('/p/duo?pin=beta');
    try {
      expect(await shownScreen(pinned)).toBe('beta');
      await pinned.waitForTimeout(2_500);
      expect(await shownScreen(pinned)).toBe('beta');
    } finally {
      await pinned.close();
    }
  });

  it('?kiosk hides every control, on /p/:id and /s/:id', async () => {
    for (const [path, controls] of [['/p/duo', 1], ['/p/duo?kiosk', 0], ['/s/beta', 1], ['/s/beta?kiosk', 0]] as const) {
      const page = await open(path);
      try {
        expect(await page.locator('[data-testid="screen-controls"]').count(), path).toBe(controls);
        expect(await page.locator('button').count(), path).toBe(path === '/p/duo' ? 3 : 0);
      } finally {
        await page.close();
      }
    }
  });
});

describe('themes', () => {
  it('dark, light and high contrast set the background; a theme edit applies in place', async () => {
    // The palettes: dark #0b1426 = rgb(11, 20, 38); light #eef3fa = rgb(238, 243, 250); high contrast #000000.
    for (const [id, colour] of [['beta', 'rgb(11, 20, 38)'], ['bright', 'rgb(238, 243, 250)'], ['stark', 'rgb(0, 0, 0)']] as const) {
      const page = await open(`/s/${id}`);
      try {
        expect(await background(page), id).toBe(colour);
        if (id === 'stark') {
          expect(await page.$eval('.screen-page', (el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
          expect(await page.$eval('.widget', (el) => getComputedStyle(el).borderTopWidth)).toBe('2px');
        }
      } finally {
        await page.close();
      }
    }
    const page = await open('/s/beta');
    try {
      write('beta.json', screen('beta', 'Beta orders', 'high-contrast'));
      await page.waitForFunction(() => getComputedStyle(document.querySelector('.screen-page')!).backgroundColor === 'rgb(0, 0, 0)', undefined, { timeout: 3_000 });
      expect(await page.getAttribute('.screen-page', 'data-theme')).toBe('high-contrast');
      expect(await marker(page)).toBe(42);
    } finally {
      await page.close();
    }
  });
});
