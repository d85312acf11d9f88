import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, startTestHub } from '../support/hub';

const SCREEN = {
  id: 'desk', title: '服务台', canvas: { width: 1920, height: 1080 },
  widgets: { open: { type: 'kpi', title: '未结工单', metric: { id: 'tickets.open', params: {} } } },
  layout: { wall: { columns: 24, rows: 12, items: [{ widget: 'open', x: 0, y: 0, w: 8, h: 4 }] } },
};
const CONFIG = {
  timezone: 'Asia/Shanghai',
  sources: [{ id: 'desk', kind: 'push' }],
  sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
  alerts: { rules: [{ id: 'open-tickets', kind: 'threshold', metric: { id: 'tickets.open', params: {} }, op: '>=', threshold: 3, severity: 'critical' }] },
};
// The summary must be at least this share of the window's height: 7.5 % is 81 px of 1080, about 3× a 27 px body line,
// readable from the back of a control room.
const MIN_TITLE_SHARE = 0.075;

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

/** What the takeover for `key` shows, once it is up: its text by part, its summary's font size, the window's height. */
async function takeoverOf(page: Page, key: string) {
  const overlay = await page.waitForSelector(`[data-testid="takeover"][data-alert-key="${key}"]`, { timeout: 20_000 });
  return {
    box: await overlay.boundingBox(),
    text: await overlay.innerText(),
    ...await page.evaluate(() => {
      const part = (id: string) => (document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.innerText ?? '').replace(/\s+/g, ' ').trim();
      return {
        titlePx: parseFloat(getComputedStyle(document.querySelector('[data-testid="takeover-title"]')!).fontSize),
        winH: window.innerHeight,
        value: part('takeover-value'), threshold: part('takeover-threshold'), fired: part('takeover-fired'),
        late: part('takeover-late'), countdown: part('takeover-countdown'),
      };
    }),
  };
}

describe('the takeover, sized for a control room', () => {
  it('fills 1080p and 4K with the value against its threshold, the firing time, the source and the countdown', async () => {
    const hd = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const uhd = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    try {
      for (const p of [hd, uhd]) {
        await p.goto(`${hub.url}/s/desk?kiosk&takeover=8`);
        await p.waitForSelector('[data-widget-id="open"]');
      }
      // Three open tickets (the rule: open ≥ 3, critical), one of them two hours without a reply: an SLA breach too.
      const now = Date.now();
      const ticket = (id: string, ageMs: number) => ({ type: 'ticket', id, priority: 'urgent', status: 'open', group: 'L1', assignee: 'zhao.min',
        subject: `工单 ${id}`, created_at: new Date(now - ageMs).toISOString(), updated_at: new Date(now - ageMs).toISOString() });
      const res = await fetch(`${hub.url}/api/ingest/desk`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ records: [ticket('T1', 2 * 3_600_000), ticket('T2', 60_000), ticket('T3', 60_000)] }) });
      expect(res.status).toBe(200);

      const [rule, breach] = await Promise.all([takeoverOf(hd, 'rule/open-tickets'), takeoverOf(uhd, 'desk/T1/first_reply_time/1/breach')]);
      // The rule: 3 open tickets against ">= 3", its default summary, fired moments ago, back to the wall in ≤ 8 s.
      expect(rule.box).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
      expect(rule.text).toContain('tickets.open >= 3');
      expect(rule.value).toBe('当前值 3');
      expect(rule.threshold).toBe('阈值 >= 3');
      expect(rule.fired).toMatch(/^触发于 \d{2}:\d{2} · \d+秒前$/);
      expect(rule.countdown).toMatch(/^[1-8] 秒后返回大屏$/);
      expect(rule.titlePx / rule.winH).toBeGreaterThanOrEqual(MIN_TITLE_SHARE);

      // The breach on 4K: its ticket, about an hour late (due 60 min after creation, 2 h ago), its source and assignee.
      expect(breach.box).toEqual({ x: 0, y: 0, width: 3840, height: 2160 });
      expect(breach.text).toContain('#T1');
      expect(breach.late).toMatch(/^-(0:59|1:00):\d{2}$/);
      expect(breach.fired).toMatch(/^触发于 \d{2}:\d{2} · \d+秒前$/);
      expect(breach.text).toMatch(/数据源\s+desk/);
      expect(breach.text).toMatch(/处理人\s+zhao\.min/);
      expect(breach.countdown).toMatch(/^[1-8] 秒后返回大屏$/);
      expect(breach.titlePx / breach.winH).toBeGreaterThanOrEqual(MIN_TITLE_SHARE);
      expect(breach.titlePx).toBeGreaterThanOrEqual(2160 * MIN_TITLE_SHARE);
    } finally {
      await hd.close();
      await uhd.close();
    }
  });
});
