import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, sourcesOk, startTestHub, waitFor } from '../support/hub';
import { textOverflows, waitForValues } from '../support/wall-page';

/**
 * The data-quality widget and money in the reporting currency on the real wall: a hub reporting in USD whose
 * push source sent amounts in currencies with and without a rate; then the shipped ops overview on the demo.
 */
const screen = {
  id: 'money', title: '金额', canvas: { width: 1920, height: 1080 },
  widgets: {
    'amount': { type: 'kpi', title: '订单金额', metric: { id: 'orders.amount', params: { window: '30d' } }, options: { format: 'currency' } },
    'quality': { type: 'data-quality', title: '数据质量' },
  },
  layout: { wall: { columns: 24, rows: 12, items: [{ widget: 'amount', x: 0, y: 0, w: 8, h: 4 }, { widget: 'quality', x: 8, y: 0, w: 10, h: 4 }] } },
};

const at = new Date(Date.now() - 3_600_000).toISOString(); // an hour ago: in the last 30 days at any time of day
const order = (id: string, amount: number, currency: string) => ({ type: 'order', id, status: 'new', amount, currency, created_at: at, updated_at: at });
const push = (hub: Hub, records: unknown[]) => fetch(`${hub.url}/api/ingest/shop`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }),
});
const inWidget = (id: string, selector: string) => `[data-widget-id="${id}"] ${selector}`;

let browser: Browser;
beforeAll(async () => { ensureBuiltWall(); browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

describe('a hub reporting in USD, with amounts no rate converts', () => {
  let hub: Hub;
  let page: Page;
  let dir: { dir: string; remove(): void };
  beforeAll(async () => {
    dir = screensDir({ 'money.json': screen });
    hub = await startTestHub({ screensDir: dir.dir, config: {
      timezone: 'Asia/Shanghai', sources: [{ id: 'shop', kind: 'push' }, { id: 'desk', kind: 'push' }],
      currency: { reporting: 'USD', rates: { CNY: 0.14 } },
    } });
    // 100 USD + 1000 CNY × 0.14 = 140 USD → 240 USD; two JPY orders and one KRW order have no rate to USD.
    expect((await (await push(hub, [order('u', 100, 'USD'), order('c', 1000, 'CNY'), order('j1', 5000, 'JPY'), order('j2', 2000, 'JPY'),
      order('k', 90_000, 'KRW')])).json())).toEqual({ accepted: 5, rejected: [] });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hub.url}/s/money`);
    await waitForValues(page);
    await page.waitForSelector(inWidget('quality', '[data-testid="quality-row"]'));
  });
  afterAll(async () => { await page?.close(); await hub?.close(); dir?.remove(); });

  it('writes the money KPI in US dollars', async () => {
    expect(await page.$eval(inWidget('amount', '.kpi-number'), (el) => el.textContent?.trim())).toBe('US$240');
  });

  it('says the amounts are in USD and how many records are left out, per source and currency', async () => {
    const heading = await page.$eval(inWidget('quality', '[data-testid="quality-heading"]'), (el) => ({
      text: el.textContent?.trim(), missing: el.getAttribute('data-missing'),
    }));
    expect(heading).toEqual({ text: '金额以 USD 计 · 3 条无汇率，未计入金额', missing: '3' });
    const rows = await page.$$eval(inWidget('quality', '[data-testid="quality-row"]'), (els) => els.map((el) => ({
      id: el.getAttribute('data-source-id'), clean: el.getAttribute('data-clean'),
      status: el.querySelector('.quality-status')?.textContent?.trim(), currencies: el.querySelector('.quality-currencies')?.textContent?.trim() ?? '',
    })));
    expect(rows).toEqual([
      { id: 'shop', clean: 'false', status: '3 条无汇率', currencies: 'JPY 2 · KRW 1' }, // JPY first: more records
      { id: 'desk', clean: 'true', status: '金额均已折算', currencies: '' },
    ]);
    expect(await textOverflows(page)).toEqual([]);
  });

  it('follows the sources as they change: a JPY order re-sent in USD leaves the count', async () => {
    const later = new Date().toISOString();
    await push(hub, [{ ...order('j2', 20, 'USD'), updated_at: later }]);
    // The sources' health reaches the walls at most every 5 s when no state changed.
    await waitFor('the widget to count 2', () => page.$eval(inWidget('quality', '[data-testid="quality-heading"]'),
      (el) => (el.getAttribute('data-missing') === '2' ? true : undefined)), 10_000, 250);
    expect(await page.$eval(inWidget('quality', '.quality-currencies'), (el) => el.textContent?.trim())).toBe('JPY 1 · KRW 1');
    expect(await page.$eval(inWidget('amount', '.kpi-number'), (el) => el.textContent?.trim())).toBe('US$260'); // 240 + 20
  });
});

describe('the shipped ops overview on the demo', () => {
  let hub: Hub;
  let page: Page;
  beforeAll(async () => {
    hub = await startTestHub();
    await sourcesOk(hub);
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hub.url}/s/ops-overview`);
    await page.waitForSelector(inWidget('data-quality', '[data-testid="quality-row"]'), { timeout: 30_000 });
  });
  afterAll(async () => { await page?.close(); await hub?.close(); });

  it('shows every amount of the demo\'s order and deal sources converted to CNY, fitting its box', async () => {
    expect(await page.$eval(inWidget('data-quality', '[data-testid="quality-heading"]'), (el) => [el.textContent?.trim(), el.getAttribute('data-missing')]))
      .toEqual(['金额以 CNY 计', '0']);
    const rows = await page.$$eval(inWidget('data-quality', '[data-testid="quality-row"]'), (els) => els.map((el) => [el.getAttribute('data-source-id'), el.getAttribute('data-clean')]));
    expect(rows).toEqual([['salesforce', 'true'], ['erpnext', 'true']]); // zendesk feeds only tickets
    expect((await textOverflows(page)).filter((f) => f.startsWith('data-quality'))).toEqual([]);
  });
});
