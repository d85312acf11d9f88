import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { screensDir, sourcesOk, startTestHub } from '../support/hub';
import { paintedPixels, waitForValues } from '../support/wall-page';

/**
 * The same eight widgets on the demo's data, once per theme, at 1920×1080: every widget takes its colours
 * from the theme (client/charts/palette.ts), and text stays readable against its widget in each.
 */
const THEMES = ['dark', 'light', 'high-contrast'] as const;
type Theme = (typeof THEMES)[number];
// 30 days, not today: all seven demo regions have orders at any hour, even just after midnight.
const byRegion = { id: 'orders.by_region', params: { window: '30d' } };

function screen(theme: Theme) {
  return {
    id: `theme-${theme}`, title: `Theme ${theme}`, canvas: { width: 1920, height: 1080 }, theme,
    widgets: {
      kpi: { type: 'kpi', title: '今日订单', metric: { id: 'orders.count', params: { window: 'today' } }, options: { unit: '单' } },
      line: { type: 'line', title: '订单吞吐', metric: { id: 'orders.throughput', params: { window: '24h' } }, options: { area: true, seriesName: '订单' } },
      bar: { type: 'bar', title: '工单优先级', metric: { id: 'tickets.by_priority', params: {} }, options: { keys: 'ticket_priority' } },
      queue: { type: 'sla-queue', title: '即将超时', metric: { id: 'tickets.sla.queue', params: { limit: 6 } }, options: { showGroup: true } },
      table: { type: 'table', title: '区域明细', metric: byRegion, options: { sort: 'desc', keys: 'none' } },
      ranking: { type: 'ranking', title: '区域排行', metric: byRegion, options: { limit: 8, keys: 'none' } },
      alerts: { type: 'alert-feed', title: '未处理告警' },
      sources: { type: 'source-status', title: '数据源' },
    },
    layout: { wall: { columns: 24, rows: 12, items: [
      { widget: 'kpi', x: 0, y: 0, w: 6, h: 4 },
      { widget: 'line', x: 6, y: 0, w: 10, h: 4 },
      { widget: 'bar', x: 16, y: 0, w: 8, h: 4 },
      { widget: 'queue', x: 0, y: 4, w: 12, h: 4 },
      { widget: 'table', x: 12, y: 4, w: 12, h: 4 },
      { widget: 'ranking', x: 0, y: 8, w: 8, h: 4 },
      { widget: 'alerts', x: 8, y: 8, w: 8, h: 4 },
      { widget: 'sources', x: 16, y: 8, w: 8, h: 4 },
    ] } },
  };
}

type Rgba = [number, number, number, number];
/** `rgb(r, g, b)` or `rgba(r, g, b, a)` as computed styles give them. */
function parseColor(css: string): Rgba {
  const m = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}
/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1) as Rgba;
}
/** WCAG 2 relative luminance and contrast ratio. */
function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface Look { page: string; pageText: string; frame: string; kpi: string; cell: string; cellBackground: string; linePixels: number; outlines: string[] }

let hub: Hub;
let browser: Browser;
let dir: ReturnType<typeof screensDir>;
const looks = {} as Record<Theme, Look>;

async function look(page: Page): Promise<Look> {
  const style = (selector: string, prop: 'color' | 'backgroundColor') =>
    page.$eval(selector, (el, p) => getComputedStyle(el)[p as 'color'], prop);
  // A cell of an even row: the odd ones carry the row tint. The first column is the rank badge, so the second.
  const cell = '[data-widget-id="table"] .table-rows .table-row:not(.row-odd) > span:nth-child(2)';
  const owners = await page.$$eval('canvas', (cs) => cs.map((c) => c.closest('[data-widget-id]')?.getAttribute('data-widget-id')));
  const pixels = await paintedPixels(page);
  return {
    page: await style('.screen-page', 'backgroundColor'),
    pageText: await style('.screen-page', 'color'),
    frame: await style('[data-widget-id="table"]', 'backgroundColor'),
    kpi: await style('[data-widget-id="kpi"] .kpi-number', 'color'),
    cell: await style(cell, 'color'),
    cellBackground: await style(`${cell.replace(' > span:nth-child(2)', '')}`, 'backgroundColor'),
    linePixels: pixels.filter((_, i) => owners[i] === 'line').reduce((a, b) => a + b, 0),
    outlines: await page.$$eval('.queue-row.health-at_risk, .queue-row.health-breached', (rows) => rows.map((r) => getComputedStyle(r).boxShadow)),
  };
}

beforeAll(async () => {
  ensureBuiltWall();
  dir = screensDir(Object.fromEntries(THEMES.map((t) => [`theme-${t}.json`, screen(t)])));
  hub = await startTestHub({ screensDir: dir.dir });
  await sourcesOk(hub);
  browser = await launchChromium();
  for (const theme of THEMES) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(`${hub.url}/s/theme-${theme}`);
      await waitForValues(page);
      await page.waitForSelector('[data-widget-id="table"] .table-rows .table-row');
      await page.waitForTimeout(800); // chart updates animate for at most 300 ms
      looks[theme] = await look(page);
    } finally {
      await page.close();
    }
  }
});
afterAll(async () => { await browser?.close(); await hub?.close(); dir?.remove(); });

describe('themes on a 1920×1080 wall', () => {
  it('paint page, widget frames and text from each theme’s palette', () => {
    // From palette.ts: background dark #0b1426, light #eef3fa, high contrast #000000; panel dark
    // rgba(16, 33, 62, 0.78), light #ffffff, high contrast #000000; text dark #e6f1ff, light #0f172a,
    // high contrast #ffffff. A KPI without thresholds and a plain table cell are in the text colour.
    const expected: Record<Theme, Pick<Look, 'page' | 'frame' | 'kpi' | 'cell'>> = {
      dark: { page: 'rgb(11, 20, 38)', frame: 'rgba(16, 33, 62, 0.78)', kpi: 'rgb(230, 241, 255)', cell: 'rgb(230, 241, 255)' },
      light: { page: 'rgb(238, 243, 250)', frame: 'rgb(255, 255, 255)', kpi: 'rgb(15, 23, 42)', cell: 'rgb(15, 23, 42)' },
      'high-contrast': { page: 'rgb(0, 0, 0)', frame: 'rgb(0, 0, 0)', kpi: 'rgb(255, 255, 255)', cell: 'rgb(255, 255, 255)' },
    };
    for (const theme of THEMES) {
      const { page, frame, kpi, cell } = looks[theme];
      expect({ page, frame, kpi, cell }, theme).toEqual(expected[theme]);
    }
    for (const key of ['frame', 'kpi', 'cell'] as const) expect(looks.dark[key], key).not.toBe(looks.light[key]);
    expect(looks['high-contrast'].pageText).toBe('rgb(255, 255, 255)');
  });

  it('draws the line chart in every theme', () => {
    for (const theme of THEMES) expect(looks[theme].linePixels, theme).toBeGreaterThan(1_000);
  });

  it('keeps table text readable: 7:1 in high contrast, 4.5:1 in dark and light', () => {
    // By hand from the palette: dark #e6f1ff on the panel over #0b1426 (≈ rgb(14.9, 30.1, 56.7)) ≈ 14.5:1;
    // light #0f172a on #ffffff ≈ 17.9:1; high contrast white on black 21:1.
    const minimum: Record<Theme, number> = { dark: 4.5, light: 4.5, 'high-contrast': 7 };
    for (const theme of THEMES) {
      const l = looks[theme];
      const behind = over(parseColor(l.cellBackground), over(parseColor(l.frame), parseColor(l.page)));
      const ratio = contrast(parseColor(l.cell), behind);
      expect(ratio, theme).toBeGreaterThanOrEqual(minimum[theme]);
    }
    expect(contrast(parseColor(looks['high-contrast'].cell), [0, 0, 0, 1])).toBeCloseTo(21, 5);
  });

  it('outlines rows at risk or breached in high contrast, not only tints them', () => {
    // Whether the demo has such a row right now depends on the hour; when it has, the outline must be there.
    // High contrast: warn #ffd700 = rgb(255, 215, 0), critical #ff4040 = rgb(255, 64, 64), stateOutline 2 px.
    for (const shadow of looks['high-contrast'].outlines) expect(shadow).toMatch(/^rgb\((255, 215, 0|255, 64, 64)\) 0px 0px 0px 2px inset$/);
    for (const shadow of [...looks.dark.outlines, ...looks.light.outlines]) expect(shadow).toMatch(/ 0px 0px 0px 0px inset$/);
  });
});
