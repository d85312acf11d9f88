import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { chartLabelFaults, chartProbes, hourFreeScreens } from '../support/chart-labels';
import { launchChromium } from '../support/chromium';
import { createI18n } from '../../client/i18n';
import { connect, screensDir, sourcesOk, startTestHub, subscribe } from '../support/hub';
import { waitForValues } from '../support/wall-page';

/**
 * Chart labels read through ECharts' own layout (the wall's chart probe): the shipped screens where pie labels ran
 * onto the legend and were cut to a few characters, the sankey's node labels ran into each other, and the phone's
 * bar chart left out half its categories. The screens are the shipped ones with "today" widened, so the charts are
 * full at any hour.
 */
let hub: Hub;
let browser: Browser;
let dir: ReturnType<typeof screensDir>;

beforeAll(async () => {
  ensureBuiltWall();
  dir = screensDir(hourFreeScreens());
  hub = await startTestHub({ screensDir: dir.dir, metricsDir: new URL('../../metrics', import.meta.url).pathname });
  await sourcesOk(hub, 180_000);
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); dir?.remove(); });

async function open(screen: string, size: { width: number; height: number }, lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  await page.goto(`${hub.url}/s/${screen}${screen.includes('?') ? '&' : '?'}lang=${lang}`);
  await waitForValues(page);
  await page.waitForTimeout(800); // chart updates animate for at most 300 ms
  return page;
}

/** The texts one widget's chart draws. */
async function textsOf(page: Page, widget: string): Promise<string[]> {
  const charts = (await chartProbes(page)).filter((c) => c.widget === widget);
  expect(charts, `a chart in ${widget}`).toHaveLength(1);
  return charts[0]!.texts.map((t) => t.text.replace(/\n/g, ' '));
}

/** The keys of a metric's current value with something in them: the slices, stages or bars a chart must name. */
async function keysOf(id: string, params: Record<string, string>): Promise<string[]> {
  const socket = await connect(hub);
  try {
    const ack = await subscribe(socket, { metrics: [{ id, params }] });
    if (!ack.ok) throw new Error(ack.error.message);
    const v = Object.values(ack.snapshot.metrics)[0]?.value;
    if (v?.kind === 'breakdown') return v.items.filter((i) => i.value > 0).map((i) => i.key);
    if (v?.kind === 'flow') return v.nodes.filter((n) => n.value > 0).map((n) => n.key);
    throw new Error(`${id}: no value`);
  } finally { socket.close(); }
}

/** The wall's words for a metric's keys in one language. */
async function namesOf(lang: 'en' | 'zh-CN', group: string, id: string, params: Record<string, string>): Promise<string[]> {
  const i18n = createI18n(lang);
  const keys = await keysOf(id, params);
  expect(keys.length, `${id} has items`).toBeGreaterThan(1);
  return keys.map((k) => i18n.t(`${group}.${k}` as Parameters<typeof i18n.t>[0]));
}

/** Every name is drawn whole, at the start of some text of the chart (a label "新建 40%", a legend item, an axis label). */
function expectNamed(texts: string[], names: string[]): void {
  for (const name of names) expect(texts.some((t) => t === name || t.startsWith(`${name} `)), `"${name}" in ${JSON.stringify(texts)}`).toBe(true);
}

describe('pie labels beside the legend, whole', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`ops-overview at 1920×1080 (${lang}): the status ring names every status in full, nothing on the legend`, async () => {
      const page = await open('ops-overview', { width: 1920, height: 1080 }, lang);
      try {
        expect(await chartLabelFaults(page)).toEqual([]);
        expectNamed(await textsOf(page, 'status-ring'), await namesOf(lang, 'order_status', 'orders.by_status', { window: '30d' }));
      } finally { await page.close(); }
    });
    it(`service-desk at 1920×1080 (${lang}): the ticket status pie, labels whole and clear of its legend`, async () => {
      const page = await open('service-desk', { width: 1920, height: 1080 }, lang);
      try {
        expect(await chartLabelFaults(page)).toEqual([]);
        expectNamed(await textsOf(page, 'status'), await namesOf(lang, 'ticket_status', 'tickets.by_status', { window: '30d' }));
      } finally { await page.close(); }
    });
  }
});

describe('sankey node labels apart', () => {
  it('video-wall at 1920×1080: the order flow names every stage, no label on another', async () => {
    // One 16:9 TV shows the 48:9 wall a third a page; the flow is on the first (columns 0–23).
    const page = await open('video-wall?page=1', { width: 1920, height: 1080 }, 'zh-CN');
    try {
      expect(await chartLabelFaults(page)).toEqual([]);
      expectNamed(await textsOf(page, 'flow'), await namesOf('zh-CN', 'order_status', 'orders.flow', { window: '30d' }));
    } finally { await page.close(); }
  });
});

describe('the phone bar chart', () => {
  it('order-flow at 390×844: every order status keeps its label', async () => {
    const page = await open('order-flow', { width: 390, height: 844 }, 'zh-CN');
    try {
      expect(await chartLabelFaults(page)).toEqual([]);
      const statuses = await namesOf('zh-CN', 'order_status', 'orders.by_status', { window: '30d' });
      const probe = (await chartProbes(page)).find((c) => c.widget === 'status-flow')!;
      // One category axis, with a drawn label for each order status.
      expect(probe.axes).toEqual([expect.objectContaining({ categories: statuses.length, drawn: statuses.length })]);
      expectNamed(probe.texts.map((t) => t.text.replace(/\n/g, '')), statuses);
    } finally { await page.close(); }
  });
});
