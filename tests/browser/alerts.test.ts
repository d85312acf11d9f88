import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, startTestHub } from '../support/hub';

// A service-desk screen: open tickets and the alert feed.
const SCREEN = {
  id: 'desk', title: '服务台', canvas: { width: 1920, height: 1080 },
  widgets: {
    open: { type: 'kpi', title: '未结工单', metric: { id: 'tickets.open', params: {} } },
    alerts: { type: 'alert-feed', title: '未处理告警' },
  },
  layout: { wall: { columns: 24, rows: 12, items: [{ widget: 'open', x: 0, y: 0, w: 8, h: 4 }, { widget: 'alerts', x: 8, y: 0, w: 16, h: 12 }] } },
};
const CONFIG = {
  timezone: 'Asia/Shanghai',
  sources: [{ id: 'desk', kind: 'push' }],
  sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
};
// A subject meant to run script in the page: it must show as text.
const HOSTILE = '<img src=x onerror="window.__pwned=1">退款失败';
const KEY = 'desk/T9/first_reply_time/1/breach';

let hub: Hub;
let browser: Browser;
let screens: ReturnType<typeof screensDir>;

beforeAll(async () => {
  ensureBuiltWall();
  screens = screensDir({ 'desk.json': SCREEN });
  hub = await startTestHub({ screensDir: screens.dir, config: CONFIG });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); screens?.remove(); });

describe('a breach on the wall and on a phone', () => {
  it('takes the TV over, is acknowledged from a phone, and the TV shows it acknowledged within a second', async () => {
    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    try {
      await tv.goto(`${hub.url}/s/desk?kiosk&takeover=60`);
      await phone.goto(`${hub.url}/s/desk?kiosk`);
      await tv.waitForSelector('[data-widget-id="alerts"] [data-testid="alert-feed-empty"]');
      await phone.waitForSelector('[data-testid="screen-canvas"][data-layout="mobile"]');
      expect(await tv.$('[data-testid="takeover"]')).toBeNull();

      // A ticket two hours old with no reply: 60 min late on its first reply, confirmed at once (a pushed source).
      const created = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const res = await fetch(`${hub.url}/api/ingest/desk`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ records: [{ type: 'ticket', id: 'T9', priority: 'urgent', status: 'open', group: 'L1', assignee: 'zhao.min',
          subject: HOSTILE, created_at: created, updated_at: created }] }) });
      expect(res.status).toBe(200);

      // The TV: the takeover covers the whole window and names the ticket; the hostile subject is text.
      const overlay = await tv.waitForSelector(`[data-testid="takeover"][data-alert-key="${KEY}"]`, { timeout: 10_000 });
      expect(await overlay.boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
      const text = await overlay.innerText();
      expect(text).toContain('#T9');
      expect(text).toContain(HOSTILE);
      expect(text).toContain('已超时');
      expect(text).toContain('zhao.min');
      expect(await tv.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await tv.$$eval('.takeover img, .feed img', (imgs) => imgs.length)).toBe(0);

      // The phone: the alert is listed with an acknowledge button; the name is asked for first.
      const row = phone.locator(`[data-testid="mobile-alerts"] li[data-alert-key="${KEY}"]`);
      await row.waitFor({ timeout: 10_000 });
      await phone.fill('[data-testid="mobile-alerts-name"]', 'li.wei');
      await row.locator('[data-testid="mobile-alert-ack"]').tap();
      await row.locator('[data-testid="mobile-alert-acked"]').waitFor({ timeout: 5_000 });

      // The same `alert` event reached the TV: it shows who acknowledged within a second of the phone.
      const ack = await tv.waitForSelector('[data-testid="takeover-ack"]', { timeout: 1_000 });
      expect(await ack.innerText()).toContain('li.wei');
      // Then the TV goes back to its screen, where the feed row is styled as acknowledged.
      await tv.waitForSelector('[data-testid="takeover"]', { state: 'detached', timeout: 8_000 });
      const acked = await tv.$eval('[data-widget-id="alerts"] .feed-row', (el) => ({ acked: el.classList.contains('acked'), mark: el.querySelector('[data-testid="alert-ack"]') !== null }));
      expect(acked).toEqual({ acked: true, mark: true });
    } finally {
      await tv.close();
      await phoneContext.close();
    }
  });
});
