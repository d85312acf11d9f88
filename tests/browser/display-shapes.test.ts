import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { startDemoWall } from '../support/demo-wall';
import { smallText, waitForValues } from '../support/wall-page';

/** Screens on walls and TVs of other shapes than designed for: panels, bezels, pages, legible text (client/screen/arrange.ts). */
let hub: Hub;
let browser: Browser;
beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

async function open(path: string, size: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  await page.goto(`${hub.url}${path}`);
  await waitForValues(page);
  return page;
}
const boxes = (page: Page) => page.$$eval('.widget', (ws) => ws.map((w) => {
  const r = w.getBoundingClientRect();
  return { id: w.getAttribute('data-widget-id'), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
}));

describe('a wall of panels', () => {
  it('the video wall on three panels with 40 px bezels: no widget within 20 px of a seam', async () => {
    const page = await open('/s/video-wall?panels=3x1&bezel=40', { width: 5760, height: 1080 });
    try {
      const all = await boxes(page);
      expect(all.length).toBe(18);
      const across = all.flatMap((b) => [1920, 3840].filter((seam) => b.left < seam + 20 && b.right > seam - 20).map((seam) => `${b.id} at ${seam}`));
      expect(across).toEqual([]);
    } finally { await page.close(); }
  });

  it('a 16:9 screen on three panels: at its own shape on the middle panel, not stretched across the bezels', async () => {
    const page = await open('/s/ops-overview?panels=3x1', { width: 5760, height: 1080 });
    try {
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-arrangement')).toBe('centred');
      const all = await boxes(page);
      expect(all.filter((b) => b.left < 1920 || b.right > 3840).map((b) => b.id)).toEqual([]);
    } finally { await page.close(); }
  });

  it('a phone-first screen on a TV: its rows side by side, every widget on the screen, no scrolling', async () => {
    const page = await open('/s/manager-phone', { width: 1920, height: 1080 });
    try {
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-arrangement')).toBe('side-by-side');
      const all = await boxes(page);
      expect(all.length).toBe(8);
      expect(all.filter((b) => b.bottom > 1080 || b.right > 1920).map((b) => b.id)).toEqual([]);
      // The header keeps to a header's height, not a fifth of the screen.
      const header = await page.$eval('.screen-header', (h) => h.getBoundingClientRect().height);
      expect(header).toBeLessThan(1080 * 0.1);
    } finally { await page.close(); }
  });
});

describe('one TV showing a wall', () => {
  it('the 48:9 video wall on a 16:9 4K TV: a third a page, text at least 24 px (the 1080p size in physical terms)', async () => {
    const page = await open('/s/video-wall', { width: 3840, height: 2160 });
    try {
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-arrangement')).toBe('pages');
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-page')).toMatch(/^[123]\/3$/);
      expect(await page.textContent('[data-testid="page-mark"]')).toMatch(/^[123] \/ 3$/);
      expect((await boxes(page)).length).toBeLessThanOrEqual(8);
      expect(await smallText(page, 24)).toEqual([]);
    } finally { await page.close(); }
  });

  it('?page=2 pins the second third: the widgets placed in columns 24–47 of the design', async () => {
    const page = await open('/s/video-wall?page=2', { width: 1920, height: 1080 });
    try {
      const design = (await (await fetch(`${hub.url}/api/screens/video-wall`)).json()) as { layout: { wall: { items: { widget: string; x: number }[] } } };
      const middle = design.layout.wall.items.filter((i) => i.x >= 24 && i.x < 48).map((i) => i.widget).sort();
      expect((await boxes(page)).map((b) => b.id).sort()).toEqual(middle);
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-page')).toBe('2/3');
    } finally { await page.close(); }
  });
});
