import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { CustomerTimeline, FlowStuckValue, MetricValue } from '../../server/protocol';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { getJson, sourcesOk, startTestHub, waitFor } from '../support/hub';

/**
 * The customer timeline page `/c/:id` at TV (1920×1080) and phone (390×844) sizes: first against a hand-made answer
 * (every state the page draws, with values worked by hand), then against the demo hub's own
 * `GET /api/customers/:id/timeline` for a customer with a stuck hand-off, as a click on the stuck queue opens it.
 */
const TV = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
// The demo flow's steps, in order (server/config/demo.ts, flow order-to-delivery).
const DEMO_STEPS = ['赢单', '订单确认', '发货', '签收', '售后工单'];

// Times in UTC; the browser runs in Asia/Shanghai (UTC+8), so 02:00Z is shown as 10:00.
const FIXTURE: CustomerTimeline = {
  customer: { id: 'tax:91310000MA1FL0000X', name: '上海星河贸易有限公司', accounts: [
    { source: 'salesforce', id: '001A000001', name: '星河贸易' },
    { source: 'erpnext', id: 'CUST-00017', name: '上海星河贸易' },
    { source: 'zendesk', id: '9001' },
  ] },
  instances: [{ flow: 'order-to-delivery', id: 'salesforce/deal/006A000001', title: '赢单到签收', steps: [
    { step: 'won', title: '赢单', department: 'sales', reached_at: '2026-12-01T02:00:00Z', late: null, waiting: false, stuck: false, due_at: null },
    { step: 'confirmed', title: '订单确认', department: 'operations', reached_at: '2026-12-01T12:00:00Z', late: true, waiting: false, stuck: false, due_at: '2026-12-01T10:00:00Z' },
    { step: 'shipped', title: '发货', department: 'logistics', reached_at: null, late: null, waiting: true, stuck: true, due_at: '2026-12-02T12:00:00Z' },
    { step: 'delivered', title: '签收', department: 'logistics', reached_at: null, late: null, waiting: false, stuck: false, due_at: null },
    { step: 'aftersales', title: '售后工单', department: 'service', reached_at: null, late: null, waiting: false, stuck: false, due_at: null },
  ] }],
  entries: [
    { at: '2026-11-28T03:00:00Z', kind: 'record', type: 'deal', source: 'salesforce', id: '006A000001', title: '星河 2027 年度采购', status: 'negotiation',
      amount: 128_000, currency: 'CNY', department: 'sales', url: 'https://xinghe.lightning.force.com/lightning/r/Opportunity/006A000001/view', event: 'created' },
    { at: '2026-12-01T02:00:00Z', kind: 'record', type: 'deal', source: 'salesforce', id: '006A000001', title: '星河 2027 年度采购', status: 'won',
      amount: 128_000, currency: 'CNY', department: 'sales', url: 'https://xinghe.lightning.force.com/lightning/r/Opportunity/006A000001/view', event: 'updated' },
    { at: '2026-12-01T02:00:00Z', kind: 'step', flow: 'order-to-delivery', instance: 'salesforce/deal/006A000001', step: 'won', title: '赢单', department: 'sales',
      record: { source: 'salesforce', type: 'deal', id: '006A000001' } },
    // The order's amount is hidden from this viewer: absent, so nothing is shown.
    { at: '2026-12-01T06:00:00Z', kind: 'record', type: 'order', source: 'erpnext', id: 'SAL-ORD-2026-00042', status: 'confirmed', department: 'operations',
      url: 'https://erp.example.cn/app/sales-order/SAL-ORD-2026-00042', event: 'created' },
    { at: '2026-12-01T12:00:00Z', kind: 'step', flow: 'order-to-delivery', instance: 'salesforce/deal/006A000001', step: 'confirmed', title: '订单确认', department: 'operations',
      record: { source: 'erpnext', type: 'order', id: 'SAL-ORD-2026-00042' }, handoff_s: 36_000, late: true },
    { at: '2026-12-02T01:00:00Z', kind: 'hidden', step: 'shipped', department: 'logistics' },
    // A record outside the viewer's scope: only its time and department.
    { at: '2026-12-02T02:00:00Z', kind: 'hidden', department: 'finance' },
    { at: '2026-12-02T03:00:00Z', kind: 'record', type: 'ticket', source: 'zendesk', id: '4242', title: '发票抬头错误', status: 'open', department: 'service',
      url: 'https://xinghe.zendesk.com/agent/tickets/4242', event: 'created' },
  ],
};
const EMPTY: CustomerTimeline = { customer: { id: 'name:空客户', accounts: [] }, entries: [], instances: [] };

let hub: Hub;
let browser: Browser;
beforeAll(async () => {
  ensureBuiltWall();
  hub = await startTestHub();
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); });

async function open(viewport: { width: number; height: number }, path: string, answers: Record<string, CustomerTimeline> = {}, timelinePage = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  for (const [id, body] of Object.entries(answers)) {
    await page.route(`**/api/customers/${encodeURIComponent(id)}/timeline`, (route) => route.fulfill({ json: body }));
  }
  await page.goto(`${hub.url}${path}`);
  if (timelinePage) await page.waitForSelector('[data-testid="entries"], [data-testid="timeline-error"], [data-testid="timeline-empty"]', { timeout: 30_000 });
  return { context, page };
}

/**
 * Text that does not fit: an element holding text whose box reaches past the viewport's width, or whose own content is
 * wider than its box (clipped) unless cut short on purpose with an ellipsis and the whole text in a title.
 */
function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) faults.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('main *')) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!hasText || el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      const text = el.textContent!.trim().slice(0, 40);
      const ellipsised = getComputedStyle(el).textOverflow === 'ellipsis' && (el.getAttribute('title') ?? '') !== '';
      if (r.right > width + 1 || r.left < -1) faults.push(`"${text}" sticks out (${Math.round(r.left)}–${Math.round(r.right)})`);
      else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !ellipsised) faults.push(`"${text}" is clipped`);
    }
    return faults;
  });
}

const texts = (page: Page, selector: string): Promise<string[]> => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));

describe('customer timeline, from a hand-made answer', () => {
  it('at TV size: name, accounts, the step strip, every entry in time order with its link, all fitting the screen', async () => {
    const { context, page } = await open(TV, `/c/${encodeURIComponent(FIXTURE.customer.id)}?flow=order-to-delivery&instance=${encodeURIComponent('salesforce/deal/006A000001')}`, { [FIXTURE.customer.id]: FIXTURE });
    try {
      expect(await page.locator('[data-testid="customer-name"]').innerText()).toBe('上海星河贸易有限公司');
      expect(await texts(page, '.account-name')).toEqual(['星河贸易', '上海星河贸易', '9001']);

      const strip = page.locator('.strip[data-instance="salesforce/deal/006A000001"]');
      expect(await strip.getAttribute('class')).toContain('highlighted');
      expect(await texts(page, '.strip .cell-title')).toEqual(DEMO_STEPS);
      expect(await strip.locator('.cell').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-state')))).toEqual(['done', 'late', 'stuck', 'pending', 'pending']);
      // Confirmed: reached 12:00Z = 20:00 in Shanghai; hand-off 36,000 s = 600 min = 10 h 00 min, late, in the critical red (#f87171).
      const confirmed = strip.locator('.cell[data-step="confirmed"]');
      expect(await confirmed.locator('.cell-time').innerText()).toBe('12-01 20:00 完成');
      expect(await confirmed.locator('.cell-handoff').innerText()).toBe('交接 10小时00分');
      expect(await confirmed.locator('.cell-handoff').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(248, 113, 113)');
      expect(await confirmed.locator('.cell-flag').innerText()).toBe('超时');
      // Shipped: stuck at logistics since the confirmation (20:00 on 1 Dec), due 12:00Z on 2 Dec = 20:00 on 2 Dec.
      const shipped = strip.locator('.cell[data-step="shipped"]');
      expect(await shipped.locator('.cell-owner').innerText()).toBe('负责：物流部');
      expect(await shipped.locator('.cell-since').innerText()).toMatch(/^自 12-01 20:00 起，已等 \d+天\d+小时$/);
      expect(await shipped.locator('.cell-due').innerText()).toBe('12-02 20:00 到期');

      // Eight entries, oldest first, over three Shanghai days: 28 Nov (11:00), 1 Dec (10:00, 10:00, 14:00, 20:00), 2 Dec (09:00, 10:00, 11:00).
      const ats = await page.$$eval('.entry', (els) => els.map((e) => e.getAttribute('data-at')!));
      expect(ats).toEqual(FIXTURE.entries.map((e) => e.at));
      expect(await texts(page, '.day-head')).toEqual(['2026-11-28', '2026-12-01', '2026-12-02']);
      expect(await texts(page, '.entry .when')).toEqual(['11-28 11:00', '12-01 10:00', '12-01 10:00', '12-01 14:00', '12-01 20:00', '12-02 09:00', '12-02 10:00', '12-02 11:00']);

      // Amounts: ¥128,000 for the deal, plain (grouped, two decimals as money is written in full); the order's hidden amount leaves its cell empty.
      expect(await texts(page, '.entry[data-kind="record"] .amount')).toEqual(['¥128,000.00', '¥128,000.00', '', '']);
      expect(await texts(page, '.entry[data-kind="record"] .status')).toEqual(['商务谈判', '赢单', '已确认', '处理中']);

      // Links: each record's own URL (and the steps the record reached), in a new tab without an opener.
      const links = await page.$$eval('.entry a.record-link', (as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
      expect(links.map((l) => l.href)).toEqual([
        'https://xinghe.lightning.force.com/lightning/r/Opportunity/006A000001/view',
        'https://xinghe.lightning.force.com/lightning/r/Opportunity/006A000001/view',
        'https://xinghe.lightning.force.com/lightning/r/Opportunity/006A000001/view',
        'https://erp.example.cn/app/sales-order/SAL-ORD-2026-00042',
        'https://erp.example.cn/app/sales-order/SAL-ORD-2026-00042',
        'https://xinghe.zendesk.com/agent/tickets/4242',
      ]);
      for (const l of links) { expect(l.target).toBe('_blank'); expect(l.rel).toContain('noopener'); }

      // The hidden entries: a step in words, or a record as just that, with time and department only, muted, no link, id or amount.
      const hidden = page.locator('.entry[data-kind="hidden"]');
      expect((await hidden.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        '12-02 09:00 流程 发货 无权查看的记录 物流部',
        '12-02 10:00 记录 无权查看的记录 财务部',
      ]);
      expect(await hidden.locator('a').count()).toBe(0);
      for (const opacity of await hidden.evaluateAll((els) => els.map((el) => Number(getComputedStyle(el).opacity)))) expect(opacity).toBeLessThan(1);

      // A typical customer fits the screen: the page itself does not scroll, and no text is cut.
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      expect(await page.evaluate(() => [...document.querySelectorAll('.entry, .strip')].every((el) => el.getBoundingClientRect().bottom <= window.innerHeight))).toBe(true);
      expect(await overflows(page)).toEqual([]);
      // Readable across a room: body text about 20 px (1.05 vw of 1920 px = 20.16 px).
      expect(parseFloat(await page.locator('.entry .what').first().evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(18);
    } finally { await context.close(); }
  });

  it('at phone size: one column, the steps one under another, nothing wider than the phone', async () => {
    const { context, page } = await open(PHONE, `/c/${encodeURIComponent(FIXTURE.customer.id)}`, { [FIXTURE.customer.id]: FIXTURE });
    try {
      const flows = (await page.locator('[data-testid="flows"]').boundingBox())!;
      const entries = (await page.locator('[data-testid="entries"]').boundingBox())!;
      expect(entries.y).toBeGreaterThanOrEqual(flows.y + flows.height - 1);
      expect(Math.abs(entries.x - flows.x)).toBeLessThan(2);
      const cells = await page.locator('.strip .cell').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().top));
      for (let i = 1; i < cells.length; i++) expect(cells[i]!).toBeGreaterThan(cells[i - 1]!);
      expect(await overflows(page)).toEqual([]);
    } finally { await context.close(); }
  });

  it('says so when the customer has nothing yet, and the back link goes to the screen list when opened directly', async () => {
    const { context, page } = await open(TV, `/c/${encodeURIComponent(EMPTY.customer.id)}`, { [EMPTY.customer.id]: EMPTY });
    try {
      expect(await page.locator('[data-testid="timeline-empty"]').innerText()).toBe('该客户暂无商机、订单或工单记录');
      expect(await page.locator('[data-testid="customer-name"]').innerText()).toBe('name:空客户');
      await page.locator('[data-testid="timeline-back"]').click();
      await page.waitForURL(`${hub.url}/`);
    } finally { await context.close(); }
  });

  it('a hub that fails says what failed', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.route('**/api/customers/*/timeline', (route) => route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'store busy' } } }));
      await page.goto(`${hub.url}/c/tax%3A1`);
      // The hub's own message after the page's words (ApiError carries error.message).
      expect(await page.locator('[data-testid="timeline-error"]').innerText()).toBe('无法读取客户记录: store busy');
    } finally { await context.close(); }
  });

  it('the back link returns to the page the user came from', async () => {
    // Came from `/?lang=zh-CN`: going back lands there, where the fallback for a page opened directly would be `/`.
    const { context, page } = await open(TV, '/?lang=zh-CN', { [FIXTURE.customer.id]: FIXTURE }, false);
    try {
      await page.waitForSelector('.list-page', { timeout: 15_000 });
      // An in-app navigation from the screen list, as a click on a stuck instance makes one from a screen.
      await page.evaluate(async (path) => {
        const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $router: { push(p: string): Promise<unknown> } } } } }).__vue_app__;
        await app.config.globalProperties.$router.push(path);
      }, `/c/${encodeURIComponent(FIXTURE.customer.id)}`);
      await page.waitForSelector('[data-testid="entries"]');
      expect(await page.locator('[data-testid="timeline-back"]').getAttribute('href')).toBe('/?lang=zh-CN');
      await page.locator('[data-testid="timeline-back"]').click();
      await page.waitForURL(`${hub.url}/?lang=zh-CN`);
      expect(await page.locator('.list-page').count()).toBe(1);
    } finally { await context.close(); }
  });
});

describe('customer timeline, from the demo hub', () => {
  let item: { customer: string; instance: string; step: string; department: string };

  beforeAll(async () => {
    await sourcesOk(hub);
    // A stuck instance with a customer, as the stuck queue lists it (the demo stalls some orders for days).
    item = await waitFor('a stuck instance with a customer', async () => {
      const { body } = await getJson<MetricValue<FlowStuckValue>>(`${hub.url}/api/metrics/flow.stuck?flow=order-to-delivery&limit=50`);
      const found = body.value.items.find((i) => i.customer_id);
      return found ? { customer: found.customer_id!, instance: found.instance, step: found.step, department: found.department } : undefined;
    }, 60_000, 1000);
    const res = await getJson<CustomerTimeline>(`${hub.url}/api/customers/${encodeURIComponent(item.customer)}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeGreaterThan(0);
  }, 150_000);

  for (const [size, viewport] of [['TV', TV], ['phone', PHONE]] as const) {
    it(`at ${size} size: the customer, the stuck instance highlighted with the flow's steps, entries in time order with their vendor links`, async () => {
      const path = `/c/${encodeURIComponent(item.customer)}?flow=order-to-delivery&instance=${encodeURIComponent(item.instance)}`;
      // The demo keeps changing, so the page is checked against the answer it was given: its requests go to the hub
      // and the last answer is kept (the page refreshes on a timer).
      const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      let answer: CustomerTimeline | undefined;
      await page.route(`**/api/customers/${encodeURIComponent(item.customer)}/timeline`, async (route) => {
        const response = await route.fetch();
        const json = await response.json() as CustomerTimeline;
        answer = json;
        await route.fulfill({ response, json });
      });
      await page.goto(`${hub.url}${path}`);
      await page.waitForSelector('[data-testid="entries"]', { timeout: 30_000 });
      try {
        if (!answer) throw new Error('the page drew a timeline without asking the hub');
        expect(await page.locator('[data-testid="customer-name"]').innerText()).toBe(answer.customer.name ?? answer.customer.id);
        expect(answer.customer.accounts.length).toBeGreaterThan(0);
        expect(await page.locator('.account').count()).toBe(answer.customer.accounts.length);

        const strip = page.locator(`.strip[data-instance="${item.instance}"]`);
        expect(await strip.getAttribute('class')).toContain('highlighted');
        // The instance the page was opened for is the first strip, so it is in sight without scrolling.
        expect(await page.locator('.strip').first().getAttribute('data-instance')).toBe(item.instance);
        expect(await strip.locator('.cell-title').allInnerTexts()).toEqual(DEMO_STEPS);
        expect(await strip.locator(`.cell[data-step="${item.step}"]`).getAttribute('data-state')).toBe('stuck');
        // The demo's departments are named in words on the stuck step (sales 销售部, operations 运营部, logistics 物流部, service 客服部).
        const owner = await strip.locator(`.cell[data-step="${item.step}"] .cell-owner`).innerText();
        expect(owner).toMatch(/^负责：(销售部|运营部|物流部|客服部)$/);

        const ats = await page.$$eval('.entry', (els) => els.map((e) => Date.parse(e.getAttribute('data-at')!)));
        expect(ats.length).toBe(answer.entries.length);
        expect(ats.length).toBeGreaterThan(0);
        for (let i = 1; i < ats.length; i++) expect(ats[i]!).toBeGreaterThanOrEqual(ats[i - 1]!);

        // Every record with a URL is linked to it, in a new tab without an opener; the URL names the record's id.
        const withUrl = answer.entries.filter((e) => e.kind === 'record' && e.url);
        expect(withUrl.length).toBeGreaterThan(0);
        const links = await page.$$eval('.entry[data-kind="record"] a.record-link', (as) => as.map((a) => ({ href: a.getAttribute('href')!, target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
        expect(links.map((l) => l.href)).toEqual(withUrl.map((e) => (e.kind === 'record' ? e.url : '')));
        for (const [i, l] of links.entries()) {
          const e = withUrl[i]!;
          expect(l.href).toMatch(/^https?:\/\//);
          if (e.kind === 'record') expect(decodeURIComponent(l.href)).toContain(e.id);
          expect(l.target).toBe('_blank');
          expect(l.rel).toContain('noopener');
        }
        expect(await overflows(page)).toEqual([]);

        if (size === 'TV') {
          // Both columns end inside the screen and scroll on their own: the instance's first step is shown in the
          // entries column, and scrolled to its end the column shows its last entry whole.
          const panes = await page.$$eval('[data-testid="flows"] .pane, [data-testid="entries"] .pane', (els) => els.map((el) => ({
            bottom: el.getBoundingClientRect().bottom, overflow: getComputedStyle(el).overflowY, scrolls: el.scrollHeight > el.clientHeight })));
          for (const pane of panes) {
            expect(pane.bottom).toBeLessThanOrEqual(TV.height);
            if (pane.scrolls) expect(pane.overflow).toBe('auto');
          }
          const inSight = await page.evaluate(() => {
            const pane = document.querySelector('[data-testid="entries"] .pane')!.getBoundingClientRect();
            const first = document.querySelector('.entry.highlighted')!.getBoundingClientRect();
            return first.top >= pane.top && first.bottom <= pane.bottom;
          });
          expect(inSight).toBe(true);
          const lastShown = await page.evaluate(() => {
            const pane = document.querySelector<HTMLElement>('[data-testid="entries"] .pane')!;
            pane.scrollTop = pane.scrollHeight;
            const last = [...pane.querySelectorAll('.entry')].at(-1)!.getBoundingClientRect();
            return last.bottom <= pane.getBoundingClientRect().bottom + 1 && last.top >= pane.getBoundingClientRect().top;
          });
          expect(lastShown).toBe(true);
        }
      } finally { await context.close(); }
    });
  }

  it('an unknown customer: not found or not in scope', async () => {
    const { context, page } = await open(TV, '/c/nobody%3Ahere');
    try {
      expect(await page.locator('[data-testid="timeline-error"]').innerText()).toBe('未找到该客户，或该客户不在您的权限范围内');
    } finally { await context.close(); }
  });
});
