import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, sourcesOk, startTestHub } from '../support/hub';
import { waitForValues } from '../support/wall-page';

/**
 * Drill-through: a click on a queue row, a bar or a gauge opens the widget's link in a new tab, filled from the item.
 * The links point at the hub itself, so the tab loads; `/api/health` ignores the query.
 */
const queueMetric = { id: 'tickets.sla.queue', params: { limit: 6 } };
const SCREEN = {
  id: 'drill', title: '下钻', canvas: { width: 1920, height: 1080 },
  widgets: {
    queue: { type: 'sla-queue', title: '工单队列', metric: queueMetric, options: { showGroup: true },
      link: { url: '/api/health?ticket={ticket_id}&group={group}&subject={subject}&metric={metric}', target: '_blank' } },
    status: { type: 'bar', title: '订单状态', metric: { id: 'orders.by_status', params: { window: '30d' } }, options: { keys: 'none' },
      link: { url: '/api/health?status={key}&window={window}', target: '_blank' } },
    plain: { type: 'sla-queue', title: '无链接', metric: queueMetric },
    // The whole gauge is its item: its link takes the metric's id and params.
    rate: { type: 'gauge', title: '准时率', metric: { id: 'tickets.sla.summary', params: { window: '7d' } },
      link: '/api/health?metric={metric}&window={window}' },
  },
  layout: { wall: { columns: 24, rows: 12, items: [
    { widget: 'queue', x: 0, y: 0, w: 12, h: 8 },
    { widget: 'status', x: 12, y: 0, w: 12, h: 8 },
    { widget: 'plain', x: 0, y: 8, w: 18, h: 4 },
    { widget: 'rate', x: 18, y: 8, w: 6, h: 4 },
  ] } },
};

let hub: Hub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let screens: ReturnType<typeof screensDir>;

beforeAll(async () => {
  ensureBuiltWall();
  screens = screensDir({ 'drill.json': SCREEN });
  hub = await startTestHub({ screensDir: screens.dir });
  await sourcesOk(hub);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  page = await context.newPage();
  await page.goto(`${hub.url}/s/drill`);
  await waitForValues(page);
  await page.waitForSelector('[data-widget-id="queue"] .queue-row', { timeout: 30_000 });
  await page.waitForTimeout(800); // chart updates animate for at most 300 ms
});
afterAll(async () => { await context?.close(); await browser?.close(); await hub?.close(); screens?.remove(); });

/** Runs `act` and returns the query of the tab it opens, once that tab has loaded. */
async function openedQuery(act: () => Promise<void>): Promise<URLSearchParams> {
  const [popup] = await Promise.all([context.waitForEvent('page', { timeout: 10_000 }), act()]);
  await popup.waitForLoadState();
  const url = new URL(popup.url());
  await popup.close();
  expect(url.origin).toBe(hub.url);
  expect(url.pathname).toBe('/api/health');
  return url.searchParams;
}

describe('drill-through links', () => {
  it('a queue row opens its ticket, every value URL-encoded', async () => {
    const row = page.locator('[data-widget-id="queue"] .queue-row').nth(1);
    // What the row shows: "#<id>", its group and its subject (Chinese in the demo, so the encoding is exercised).
    const shownId = (await row.locator('.queue-id').innerText()).replace(/^#/, '');
    const shownGroup = (await row.locator('.queue-group').first().innerText()).trim();
    const shownSubject = (await row.locator('.queue-subject').innerText()).trim();
    const query = await openedQuery(() => row.click());
    expect(query.get('ticket')).toBe(shownId);
    expect(query.get('group')).toBe(shownGroup);
    expect(shownSubject).toMatch(/[^\x20-\x7e]/);
    expect(query.get('subject')).toBe(shownSubject);
    expect(query.get('metric')).toMatch(/^[a-z_]+$/); // the row's SLA metric (first_reply_time, …), not the widget's metric id
  });

  it('the raw URL carries the values percent-encoded', async () => {
    const row = page.locator('[data-widget-id="queue"] .queue-row').first();
    const shownSubject = (await row.locator('.queue-subject').innerText()).trim();
    const [popup] = await Promise.all([context.waitForEvent('page'), row.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toContain(`&subject=${encodeURIComponent(shownSubject)}&`);
    await popup.close();
  });

  it('Enter on a focused row opens it too; linked rows show a pointer, rows without a link do not', async () => {
    const row = page.locator('[data-widget-id="queue"] .queue-row').first();
    const shownId = (await row.locator('.queue-id').innerText()).replace(/^#/, '');
    await row.focus();
    const query = await openedQuery(() => page.keyboard.press('Enter'));
    expect(query.get('ticket')).toBe(shownId);
    expect(await row.evaluate((el) => getComputedStyle(el).cursor)).toBe('pointer');
    const plain = page.locator('[data-widget-id="plain"] .queue-row').first();
    expect(await plain.evaluate((el) => ({ cursor: getComputedStyle(el).cursor, tab: el.getAttribute('tabindex'), role: el.getAttribute('role') })))
      .toEqual({ cursor: 'auto', tab: null, role: null });
  });

  it('a bar opens its key, with the widget’s metric params', async () => {
    const canvas = page.locator('[data-widget-id="status"] canvas').first();
    const box = (await canvas.boundingBox())!;
    // Sweep just above the axis until the tooltip names a bar: that is the bar under the mouse, as a person sees it.
    const tooltip = page.locator('[data-widget-id="status"] .chart > div:not(:first-child)').last();
    const y = box.y + box.height * 0.85;
    let shown = '';
    let x = box.x + 4;
    for (; x < box.x + box.width; x += 12) {
      await page.mouse.move(x, y);
      await page.waitForTimeout(30);
      if (await tooltip.isVisible()) shown = (await tooltip.innerText()).split('\n')[0]!.trim();
      if (shown) break;
    }
    expect(shown).not.toBe('');
    const query = await openedQuery(() => page.mouse.click(x, y));
    expect(query.get('status')).toBe(shown);
    expect(query.get('window')).toBe('30d');
  });

  it('a gauge opens as a whole, with its metric id and params, under a pointer', async () => {
    const canvas = page.locator('[data-widget-id="rate"] canvas').first();
    // Over a blank corner, where ECharts sets its own box's cursor to the default.
    await canvas.hover({ position: { x: 10, y: 10 } });
    await page.waitForTimeout(100);
    expect(await canvas.evaluate((el) => getComputedStyle(el).cursor)).toBe('pointer');
    const query = await openedQuery(() => canvas.click({ position: { x: 10, y: 10 } }));
    expect(query.get('metric')).toBe('tickets.sla.summary');
    expect(query.get('window')).toBe('7d');
  });
});
