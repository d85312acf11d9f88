import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { ScreenDefinition } from '../../server/protocol';
import { startDemoWall } from '../support/demo-wall';
import { textOverflows, waitForValues } from '../support/wall-page';

const SCREENS_DIR = new URL('../../screens/', import.meta.url);
const screens = readdirSync(SCREENS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, SCREENS_DIR), 'utf8')) as ScreenDefinition);

let hub: Hub;
let browser: Browser;
beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

/**
 * Text that is data, not the wall's words: what the vendors' records hold (ticket subjects, groups, people, region
 * keys, the table's name column) and what the operator wrote in the hub's config (alert summaries). The demo's are Chinese.
 */
const DATA = ['.queue-subject', '.queue-group', '.feed-title', '.malerts-title', '.rank-name', '.pair-label', '.ticket-title', '.ticket-path',
  '.table-rows .align-left'].join(', ');

/** Every element on the page, data aside, whose own text holds a Chinese character, as `widget/class: text`. */
function chineseText(page: Page): Promise<string[]> {
  return page.$$eval('body *', (els, data) => els.flatMap((el) => {
    if (el.matches(data)) return [];
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (!/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(own)) return [];
    return [`${el.closest('.widget')?.getAttribute('data-widget-id') ?? 'page'}/${el.getAttribute('class') ?? el.tagName}: ${own.slice(0, 40)}`];
  }), DATA);
}

/** Widget titles cut short (an ellipsis): in English the data age beside them must leave them room. */
function cutTitles(page: Page): Promise<string[]> {
  return page.$$eval('.widget-title', (ts) => ts.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent ?? ''));
}

describe('every shipped screen in English', () => {
  for (const screen of screens) {
    // A screen on the device it is made for: a TV at its canvas size, the phone-first one on a phone.
    const size = screen.canvas.width >= screen.canvas.height ? { width: screen.canvas.width, height: screen.canvas.height } : { width: 390, height: 844 };
    it(`${screen.id} at ${size.width}×${size.height}: no Chinese in the wall's own words, titles whole, text fitting`, async () => {
      const page = await browser.newPage({ viewport: size });
      try {
        await page.goto(`${hub.url}/s/${screen.id}?lang=en`);
        await waitForValues(page);
        await page.waitForTimeout(800);
        expect(await chineseText(page)).toEqual([]);
        // The header says the screen's English title; every widget says its English title, whole.
        const title = await page.$eval('.screen-header h1, [data-testid="screen-canvas"] h1', (h) => h.textContent?.trim());
        expect(title).toBe(screen.locales?.en?.title);
        expect(await cutTitles(page)).toEqual([]);
        // English units and labels are longer than Chinese ones: they must still fit their boxes.
        expect(await textOverflows(page)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
