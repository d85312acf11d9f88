import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { FlowStuckValue, HandoffsValue, MetricValue } from '../../server/protocol';
import { startDemoWall } from '../support/demo-wall';
import { getJson } from '../support/hub';
import { paintedPixels, smallText, textOverflows, waitForValues } from '../support/wall-page';

// The shipped 跨部门协同 screen (screens/cross-department.json) on the demo's linked Salesforce → ERPNext → Zendesk
// data and its flow order-to-delivery (server/config/demo.ts): 赢单 (sales) → 订单确认 (operations) → 发货 (logistics)
// → 签收 (logistics), 售后工单 (service) optional. So four lanes, one per step after the first, named by the
// department of the step they lead into: 运营部, 物流部, 物流部, 客服部.
const LANE_DEPARTMENTS = ['运营部', '物流部', '物流部', '客服部'];
const WIDGETS = ['bounced-total', 'lanes', 'paths', 'reassignments', 'stuck', 'stuck-total'];

let hub: Hub;
let browser: Browser;

beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

/** Painted pixels of the canvases inside one widget. */
async function widgetPixels(page: Page, id: string): Promise<number> {
  const owners = await page.$$eval('canvas', (cs) => cs.map((c) => c.closest('[data-widget-id]')?.getAttribute('data-widget-id') ?? ''));
  const pixels = await paintedPixels(page);
  return owners.reduce((sum, owner, i) => sum + (owner === id ? pixels[i]! : 0), 0);
}

async function checkScreen(page: Page): Promise<void> {
  await waitForValues(page);
  await page.waitForTimeout(800); // chart updates animate for at most 300 ms

  expect((await page.$$eval('.widget', (ws) => ws.map((w) => w.getAttribute('data-widget-id')))).sort()).toEqual(WIDGETS);
  expect(await page.$$eval('.widget-problem', (els) => els.map((e) => e.textContent))).toEqual([]);

  // Lanes: one per step boundary, with the department's name, as many as the hub's value has.
  const handoffs = (await getJson<MetricValue<HandoffsValue>>(`${hub.url}/api/metrics/flow.handoffs?flow=order-to-delivery&window=7d`)).body.value;
  expect(handoffs.lanes.map((l) => l.department)).toEqual(['operations', 'logistics', 'logistics', 'service']);
  expect(await page.$$eval('[data-widget-id="lanes"] [data-testid="lane-department"]', (els) => els.map((e) => e.textContent?.trim()))).toEqual(LANE_DEPARTMENTS);
  // The stuck column is there (the screen's flow.stuck value is found) and adds up to the hub's groups per lane.
  const stuck = (await getJson<MetricValue<FlowStuckValue>>(`${hub.url}/api/metrics/flow.stuck?flow=order-to-delivery&limit=20`)).body.value;
  const expectedStuck = handoffs.lanes.map((l) => stuck.groups.filter((g) => g.step === l.to && g.department === l.department).reduce((n, g) => n + g.count, 0));
  const shownStuck = await page.$$eval('[data-widget-id="lanes"] [data-testid="lane-stuck"] b', (els) => els.map((e) => Number(e.textContent)));
  expect(shownStuck).toEqual(expectedStuck);

  // The path diagram draws: five step nodes 16 px wide and their links over a box several hundred px tall is far
  // beyond 5 × 16 × 50 = 4,000 painted pixels; an empty canvas has 0.
  expect(await widgetPixels(page, 'paths')).toBeGreaterThan(4_000);
  expect(await page.$$eval('[data-widget-id="paths"] .paths-empty', (els) => els.length)).toBe(0);

  expect(await textOverflows(page)).toEqual([]);
  expect(await smallText(page, 12)).toEqual([]);
}

/** Clicks the first stuck row with a link and checks the wall went to that customer's timeline. */
async function clickStuckRow(page: Page): Promise<void> {
  const row = page.locator('[data-widget-id="stuck"] [data-testid="stuck-row"][data-href]').first();
  await row.scrollIntoViewIfNeeded();
  const href = (await row.getAttribute('data-href'))!;
  expect(href).toMatch(/^\/c\/[^/?]+\?flow=order-to-delivery&instance=/);
  await row.click();
  await page.waitForURL((url) => url.pathname.startsWith('/c/'), { timeout: 10_000 });
  const url = new URL(page.url());
  expect(`${url.pathname}${url.search}`).toBe(href);
}

describe('跨部门协同 (cross-department)', () => {
  it('the demo has stuck hand-offs with a customer to open', async () => {
    const stuck = (await getJson<MetricValue<FlowStuckValue>>(`${hub.url}/api/metrics/flow.stuck?flow=order-to-delivery&limit=20`)).body.value;
    // The demo stalls some won deals for days (server/demo/): at least one is stuck, and each item names an account.
    expect(stuck.total).toBeGreaterThan(0);
    expect(stuck.items.every((i) => i.customer_id !== undefined || i.account !== undefined)).toBe(true);
  });

  it('on a 1920×1080 TV: lanes by department, the path diagram, and a stuck row opens the customer timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/cross-department`);
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-layout')).toBe('wall');
      await checkScreen(page);
      await clickStuckRow(page);
    } finally {
      await page.close();
    }
  });

  it('on a 390×844 phone: the same widgets stacked, readable, and the row click works', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(`${hub.url}/s/cross-department`);
      expect(await page.getAttribute('[data-testid="screen-canvas"]', 'data-layout')).toBe('mobile');
      await checkScreen(page);
      await clickStuckRow(page);
    } finally {
      await context.close();
    }
  });

  it('is in the control-room playlist', async () => {
    const { status, body } = await getJson<{ screens: { screen: string }[] }>(`${hub.url}/api/playlists/control-room`);
    expect(status).toBe(200);
    expect(body.screens.map((s) => s.screen)).toContain('cross-department');
  });
});
