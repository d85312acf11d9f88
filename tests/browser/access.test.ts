import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { call, testHash } from '../support/access';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screenOf, screensDir, startTestHub, waitFor, withinToday } from '../support/hub';
import { paintedPixels, waitForValues } from '../support/wall-page';

/**
 * Access control in the real wall: pairing a TV from a phone, the demo banner, the Content-Security-Policy
 * with charts drawing, and record text that looks like HTML shown as text.
 */
process.env.OPSWALL_TEST_BROWSER_FEED = 'browser-feed-token';
const XSS = '<img src=x onerror="window.__xss=1">';
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

let browser: Browser;
const hubs: Hub[] = [];
const dirs: { remove(): void }[] = [];
beforeAll(async () => {
  ensureBuiltWall();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.close();
  for (const dir of dirs) dir.remove();
});

async function hubWith(screens: Record<string, unknown>, config: object): Promise<Hub> {
  const dir = screensDir(screens);
  dirs.push(dir);
  const hub = await startTestHub({ screensDir: dir.dir, config });
  hubs.push(hub);
  return hub;
}

/** Records every CSP violation the page reports, from its first script on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

const feed = { sources: [{ id: 'feed', kind: 'push', token_env: 'OPSWALL_TEST_BROWSER_FEED' }] };
const push = (hub: Hub, records: unknown[]) => call(hub, 'POST', '/api/ingest/feed', { token: 'browser-feed-token' }, { records });

describe('the demo (access control off)', () => {
  it('says on every page that nobody needs to sign in', async () => {
    const hub = await hubWith({ 'a.json': screenOf('a', { open: { id: 'tickets.open' } }) }, {});
    const page = await browser.newPage();
    try {
      for (const path of ['/', '/s/a']) {
        await page.goto(`${hub.url}${path}`);
        await expect.poll(() => page.locator('[data-testid="demo-banner"]').textContent(), { timeout: 10_000 }).toBe('演示模式：未启用登录');
      }
      await page.goto(`${hub.url}/s/a?lang=en`);
      await expect.poll(() => page.locator('[data-testid="demo-banner"]').textContent(), { timeout: 10_000 }).toBe('Demo: no login');
    } finally {
      await page.close();
    }
  });
});

describe('the Content-Security-Policy', () => {
  it('is sent with the wall, and the wall runs under it: charts draw, no violation', async () => {
    const screen = {
      id: 'charts', title: '图表', canvas: { width: 1920, height: 1080 },
      widgets: {
        count: { type: 'kpi', metric: { id: 'orders.count', params: { window: 'today' } } },
        ring: { type: 'pie', metric: { id: 'orders.by_status', params: { window: 'today' } }, options: { ring: true } },
        trend: { type: 'line', metric: { id: 'orders.throughput', params: { window: '24h' } } },
      },
      layout: { wall: { columns: 3, rows: 1, items: [{ widget: 'count', x: 0, y: 0, w: 1, h: 1 }, { widget: 'ring', x: 1, y: 0, w: 1, h: 1 }, { widget: 'trend', x: 2, y: 0, w: 1, h: 1 }] } },
    };
    const hub = await hubWith({ 'charts.json': screen }, feed);
    // Orders of today at any hour the test runs (an hour ago would be yesterday just after local midnight).
    const created = withinToday(3_600_000);
    await push(hub, ['new', 'shipped', 'delivered'].map((status, i) => ({ type: 'order', id: `O${i}`, status, amount: 10, created_at: created, updated_at: created })));
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      const violations = await watchCsp(page);
      const res = await page.goto(`${hub.url}/s/charts?kiosk`);
      const csp = res!.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      await waitForValues(page);
      await expect.poll(async () => (await paintedPixels(page)).filter((n) => n > 500).length, { timeout: 15_000 }).toBe(2);
      // A tooltip: ECharts writes it as HTML with style attributes (the colour dots).
      const ring = (await page.locator('[data-widget-id="ring"] canvas').first().boundingBox())!;
      const dotStyled = () => page.$$eval('[data-widget-id="ring"] div span', (spans) => spans.filter((s) => (s as HTMLElement).style.borderRadius === '50%' && getComputedStyle(s).width === '10px').length);
      const r = Math.min(ring.width, ring.height) * 0.3; // on the ring, whatever the angle
      for (let angle = 0; angle < 2 * Math.PI && await dotStyled() === 0; angle += Math.PI / 6) {
        await page.mouse.move(ring.x + ring.width / 2 + r * Math.cos(angle), ring.y + ring.height / 2 + r * Math.sin(angle), { steps: 4 });
        await page.waitForTimeout(250);
      }
      expect(await dotStyled()).toBeGreaterThan(0);
      expect(await violations()).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('record text that looks like HTML', () => {
  it('a ticket subject with <img onerror> is shown as text on every widget that shows subjects', async () => {
    const screen = {
      id: 'queue', title: '工单', canvas: { width: 1920, height: 1080 },
      widgets: {
        queue: { type: 'sla-queue', metric: { id: 'tickets.sla.queue', params: {} } },
        table: { type: 'table', metric: { id: 'tickets.sla.queue', params: {} }, options: { columns: ['ticket_id', 'subject', 'due'] } },
        feed: { type: 'alert-feed' },
      },
      layout: { wall: { columns: 3, rows: 1, items: [{ widget: 'queue', x: 0, y: 0, w: 1, h: 1 }, { widget: 'table', x: 1, y: 0, w: 1, h: 1 }, { widget: 'feed', x: 2, y: 0, w: 1, h: 1 }] } },
    };
    const hub = await hubWith({ 'queue.json': screen }, {
      ...feed, sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
    });
    // Two hours without a reply: in the queue (breached) and in the alert feed (its breach alert's title is the subject).
    await push(hub, [{ type: 'ticket', id: 'X1', subject: XSS, priority: 'urgent', status: 'open', group: 'L1', created_at: ago(7_200_000), updated_at: ago(7_200_000) }]);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/queue?kiosk`);
      for (const id of ['queue', 'table', 'feed']) {
        await expect.poll(() => page.locator(`[data-widget-id="${id}"]`).innerText(), { timeout: 15_000, message: id }).toContain(XSS);
      }
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    } finally {
      await page.close();
    }
  });
});

describe('pairing a TV', () => {
  it('from /pair on the TV to approval on a phone, the fleet, identify, and revoking', async () => {
    const hub = await hubWith({
      'lobby.json': screenOf('lobby', { open: { id: 'tickets.open' } }),
      'other.json': screenOf('other', { orders: { id: 'orders.count', params: { window: 'today' } } }),
    }, { access: { enabled: true, users: [{ username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-password') }] } });
    const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const tvPage = await tv.newPage();
      await tvPage.goto(`${hub.url}/pair`);
      const code = (await tvPage.locator('[data-testid="pair-code"]').textContent({ timeout: 10_000 }))!.trim();
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(await tvPage.locator('[data-testid="pair-qr"]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      // Nobody is signed in on the TV: the rest of the wall sends it to sign in.
      expect((await call(hub, 'GET', '/api/screens')).status).toBe(401);

      // The admin scans the QR code: the fleet page with the code filled in, behind a sign-in.
      const phonePage = await phone.newPage();
      phonePage.on('dialog', (d) => void d.accept());
      await phonePage.goto(`${hub.url}/admin/devices?code=${code}`);
      await phonePage.waitForURL(/\/login\?next=/);
      await phonePage.fill('input[name="username"]', 'root');
      await phonePage.fill('input[name="password"]', 'root-password');
      await phonePage.click('button[type="submit"]');
      await phonePage.waitForURL(/\/admin\/devices\?code=/);
      expect(await phonePage.inputValue('input[name="code"]')).toBe(code);
      await phonePage.fill('input[name="name"]', '大堂电视');
      await phonePage.selectOption('select[name="target"]', 'screen:lobby');
      await phonePage.click('[data-testid="approve-form"] button[type="submit"]');
      await expect.poll(() => phonePage.locator('[data-testid="approve-notice"]').textContent(), { timeout: 10_000 }).toContain('大堂电视');

      // The TV takes its token and shows its screen, live, with no sign-in.
      await tvPage.waitForURL(/\/display/, { timeout: 10_000 });
      await tvPage.waitForSelector('[data-screen-id="lobby"]', { timeout: 15_000 });
      await waitForValues(tvPage);
      const stored = await tvPage.evaluate(() => JSON.parse(localStorage.getItem('opswall.device') ?? 'null') as { token: string; name: string } | null);
      expect(stored).toMatchObject({ name: '大堂电视', token: expect.stringMatching(/^owd_/) as string });
      expect(await tvPage.locator('[data-testid="demo-banner"]').count()).toBe(0);

      // The fleet shows it online, with what it shows and what it reported.
      const card = phonePage.locator('[data-testid="device"]').first();
      await expect.poll(() => card.innerText(), { timeout: 20_000 }).toMatch(/在线[\s\S]*screen:lobby[\s\S]*0\.1\.0[\s\S]*\d+ MB[\s\S]*\d+ ms/);

      // Identify: its name, big, on the TV for a few seconds.
      await card.locator('[data-testid="device-identify"]').click();
      await expect.poll(() => tvPage.locator('[data-testid="identify"]').textContent(), { timeout: 5_000 }).toBe('大堂电视');

      // Switch it to another screen: the TV follows without a reload.
      await card.locator('select').selectOption('screen:other');
      await card.locator('[data-testid="device-switch"]').click();
      await tvPage.waitForSelector('[data-screen-id="other"]', { timeout: 10_000 });

      // Revoke: the TV is dropped at once, forgets its token and asks to be paired again.
      const t0 = Date.now();
      await card.locator('[data-testid="device-revoke"]').click();
      await tvPage.waitForURL(/\/pair$/, { timeout: 10_000 });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(await tvPage.evaluate(() => localStorage.getItem('opswall.device'))).toBeNull();
      await waitFor('the fleet to show it revoked', async () => ((await card.innerText()).includes('已撤销') ? true : undefined), 10_000);
    } finally {
      await tv.close();
      await phone.close();
    }
  });
});
