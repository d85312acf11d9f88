import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, sourcesOk, startTestHub } from '../support/hub';
import { paintedPixels, textOverflows } from '../support/wall-page';

/**
 * The pie, ranking, clock, text and source-status widgets, a KPI over a series and a paging table, on one
 * screen of the built-in demo at 1920×1080.
 */
const TEXT = '值班电话 400-800-1234\n紧急工单 15 分钟内响应 <b>不是 HTML</b>';
// 30 days, not today: all seven demo regions have orders at any hour, even just after midnight.
const byRegion = { id: 'orders.by_region', params: { window: '30d' } };
const screen = {
  id: 'widgets-basic', title: '组件测试', canvas: { width: 1920, height: 1080 },
  widgets: {
    'orders-today': { type: 'kpi', title: '今日订单', metric: { id: 'orders.count', params: { window: 'today' } }, options: { unit: '单' } },
    // 24 h rather than today: enough hourly points for a sparkline at any hour, even just after midnight.
    'throughput': { type: 'kpi', title: '下单节奏', metric: { id: 'orders.throughput', params: { window: '24h' } }, options: { unit: '单/时', changeFrom: 'first' } },
    'clock': { type: 'clock', title: '北京时间' },
    'heading': { type: 'text', options: { text: '运营值班大屏', size: 'title', align: 'center' } },
    'priority-ring': { type: 'pie', title: '工单优先级', metric: { id: 'tickets.by_priority', params: {} }, options: { ring: true, keys: 'ticket_priority' } },
    'region-pie': { type: 'pie', title: '区域成交额', metric: byRegion, options: { measure: 'amount', limit: 3, keys: 'none' } },
    'region-ranking': { type: 'ranking', title: '区域排行', metric: byRegion, options: { limit: 8, keys: 'none' } },
    'sources': { type: 'source-status', title: '数据源' },
    'region-table': { type: 'table', title: '区域明细', metric: byRegion, options: { sort: 'desc', keys: 'none', scroll: 'page', scrollSeconds: 2 } },
    'notes': { type: 'text', title: '值班说明', options: { text: TEXT } },
  },
  layout: { wall: { columns: 24, rows: 12, items: [
    { widget: 'orders-today', x: 0, y: 0, w: 5, h: 3 },
    { widget: 'throughput', x: 5, y: 0, w: 5, h: 3 },
    { widget: 'clock', x: 10, y: 0, w: 5, h: 3 },
    { widget: 'heading', x: 15, y: 0, w: 9, h: 3 },
    { widget: 'priority-ring', x: 0, y: 3, w: 8, h: 5 },
    { widget: 'region-pie', x: 8, y: 3, w: 8, h: 5 },
    { widget: 'region-ranking', x: 16, y: 3, w: 8, h: 5 },
    { widget: 'sources', x: 0, y: 8, w: 8, h: 4 },
    // 4 rows of the grid hold 4 table rows of 48 px: the demo's seven regions need more, so the table pages.
    { widget: 'region-table', x: 8, y: 8, w: 8, h: 4 },
    { widget: 'notes', x: 16, y: 8, w: 8, h: 4 },
  ] } },
};

let hub: Hub;
let browser: Browser;
let page: Page;
let dir: { dir: string; remove(): void };

const inWidget = (id: string, selector: string): string => `[data-widget-id="${id}"] ${selector}`;

beforeAll(async () => {
  ensureBuiltWall();
  dir = screensDir({ 'widgets-basic.json': screen });
  hub = await startTestHub({ screensDir: dir.dir });
  await sourcesOk(hub);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${hub.url}/s/widgets-basic`);
  // The widgets without a metric have no data age to wait for: wait for what each metric widget draws.
  await page.waitForSelector(inWidget('region-ranking', '[data-testid="rank-row"]'), { timeout: 30_000 });
  await page.waitForSelector(inWidget('throughput', '[data-testid="kpi-spark"]'), { timeout: 30_000 });
  await page.waitForSelector(inWidget('sources', '[data-testid="source-row"]'), { timeout: 30_000 });
  await page.waitForTimeout(800); // chart updates animate for at most 300 ms
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await hub?.close();
  dir?.remove();
});

describe('the basic widgets on a 1920×1080 wall', () => {
  it('places every widget, none with a problem', async () => {
    const shown = await page.$$eval('.widget', (ws) => ws.map((w) => w.getAttribute('data-widget-id')));
    expect(shown.sort()).toEqual(Object.keys(screen.widgets).sort());
    expect(await page.$$('.widget-problem')).toHaveLength(0);
  });

  it('pies: both canvases painted', async () => {
    expect(await page.$$('[data-widget-type="pie"] canvas')).toHaveLength(2);
    const pixels = await paintedPixels(page); // the only canvases on this screen are the two pies
    expect(pixels).toHaveLength(2);
    for (const painted of pixels) expect(painted).toBeGreaterThan(1000);
  });

  it('ranking: numbered rows with numbers, bars shortening down the list', async () => {
    const rows = await page.$$eval(inWidget('region-ranking', '[data-testid="rank-row"]'), (els) => els.map((el) => ({
      rank: el.querySelector('.rank-no')?.textContent?.trim(),
      name: el.querySelector('.rank-name')?.textContent?.trim(),
      value: el.querySelector('.rank-value')?.textContent?.trim(),
      bar: parseFloat((el.querySelector('.rank-bar') as HTMLElement | null)?.style.width ?? 'NaN'),
    })));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => String(i + 1)));
    for (const r of rows) {
      expect(r.name).toBeTruthy();
      expect(r.value).toMatch(/^\d[\d,.]*(万|亿)?$/);
    }
    expect(rows[0]!.bar).toBe(100);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.bar).toBeLessThanOrEqual(rows[i - 1]!.bar);
  });

  it('clock: the time in the hub’s zone (Asia/Shanghai in the demo) and the weekday', async () => {
    const before = Date.now();
    const text = await page.$eval(inWidget('clock', '.clock-time'), (el) => el.textContent?.trim() ?? '');
    const date = await page.$eval(inWidget('clock', '.clock-date'), (el) => el.textContent?.trim() ?? '');
    const hm = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    expect(text).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect([hm(before - 60_000), hm(before), hm(Date.now())]).toContain(text.slice(0, 5));
    expect(date).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 星期[一二三四五六日]$/);
  });

  it('text: shows the text as typed, markup included, and the heading', async () => {
    const notes = await page.$eval(inWidget('notes', '[data-testid="text-body"]'), (el) => ({ text: (el as HTMLElement).innerText, bold: el.querySelectorAll('b').length }));
    expect(notes.text).toBe(TEXT);
    expect(notes.bold).toBe(0);
    expect(await page.$eval(inWidget('heading', '[data-testid="text-body"]'), (el) => el.textContent)).toBe('运营值班大屏');
  });

  it('source status: the demo\'s three sources, state ok, with their records', async () => {
    const rows = await page.$$eval(inWidget('sources', '[data-testid="source-row"]'), (els) => els.map((el) => ({
      id: el.getAttribute('data-source-id'), state: el.getAttribute('data-state'), text: (el as HTMLElement).innerText,
    })));
    expect(rows.map((r) => [r.id, r.state])).toEqual([['zendesk', 'ok'], ['salesforce', 'ok'], ['erpnext', 'ok']]);
    for (const row of rows) {
      expect(row.text).toContain('正常');
      expect(row.text).toMatch(/[\d.]+万? 条/);
    }
  });

  it('kpi over a series: the number, the change against the first point and a sparkline', async () => {
    const kpi = await page.$eval(`[data-widget-id="throughput"]`, (w) => ({
      number: w.querySelector('.kpi-number')?.textContent?.trim(),
      label: w.querySelector('.kpi-change-label')?.textContent?.trim(),
      d: w.querySelector('.kpi-spark-line')?.getAttribute('d') ?? '',
      box: w.querySelector('[data-testid="kpi-spark"]')!.getBoundingClientRect().toJSON() as DOMRect,
    }));
    expect(kpi.number).toMatch(/^\d[\d,.]*(万)?$/);
    // 24 hourly buckets (25 when the window starts mid-hour): one segment between each two
    expect((kpi.d.match(/L/g) ?? []).length).toBeGreaterThanOrEqual(23);
    expect(kpi.box.width).toBeGreaterThan(200);
    expect(kpi.box.height).toBeGreaterThan(20);
    if (kpi.label !== undefined) expect(kpi.label).toBe('较起点');
    // The scalar KPI keeps its change against the previous period.
    const scalarLabel = await page.$eval(inWidget('orders-today', '.kpi-number'), (el) => el.textContent?.trim());
    expect(scalarLabel).toMatch(/^\d[\d,.]*(万)?$/);
  });

  it('table: pages through the rows that do not fit, every 2 s', async () => {
    // The page number and the rows, read together and between two page turns: while a page turns, its rows are
    // all leaving or entering (a read then would count none).
    const handle = await page.waitForFunction((sel) => {
      const w = document.querySelector(sel);
      if (!w || w.querySelector('.table-roll-leave-active, .table-roll-enter-active')) return null;
      return [w.querySelector('.table-more')?.textContent?.trim() ?? '', w.querySelectorAll('.table-rows .table-row').length] as const;
    }, inWidget('region-table', ''), { timeout: 5_000, polling: 50 });
    const [first, shown] = (await handle.jsonValue())!;
    expect(first).toMatch(/^第 \d+\/\d+ 页 · 共 \d+ 条$/);
    const [, at, pages, total] = /^第 (\d+)\/(\d+) 页 · 共 (\d+) 条$/.exec(first)!.map(Number);
    expect(pages).toBeGreaterThan(1);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total!);
    // A full page holds at least total / pages rows; the last one holds what is left after the full ones.
    if (at! < pages!) expect(shown * pages!).toBeGreaterThanOrEqual(total!);
    else expect(shown).toBeLessThanOrEqual(total! - Math.ceil(total! / pages!) * (pages! - 1));
    await page.waitForFunction(([sel, before]) => document.querySelector(sel)?.textContent?.trim() !== before,
      [inWidget('region-table', '.table-more'), first] as const, { timeout: 6_000, polling: 200 });
  });

  it('no text sticks out of its widget or is clipped', async () => {
    await page.waitForTimeout(700); // let a table page turn finish
    expect(await textOverflows(page)).toEqual([]);
  });
});
