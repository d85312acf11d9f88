import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { ScreenDefinition } from '../../server/protocol';
import { startDemoWall } from '../support/demo-wall';
import { waitForValues } from '../support/wall-page';

const SCREENS_DIR = new URL('../../screens/', import.meta.url);
const screens = readdirSync(SCREENS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, SCREENS_DIR), 'utf8')) as ScreenDefinition);
const SIZES = [{ width: 1920, height: 1080 }, { width: 5760, height: 1080 }, { width: 1280, height: 720 }, { width: 390, height: 844 }];

/** The KPI rows of a screen: KPI widgets with the same y and h on the wall grid, two or more. */
function kpiRows(screen: ScreenDefinition): string[][] {
  const rows = new Map<string, string[]>();
  for (const item of screen.layout.wall.items) {
    if (screen.widgets[item.widget]?.type !== 'kpi') continue;
    const key = `${item.y}:${item.h}`;
    rows.set(key, [...(rows.get(key) ?? []), item.widget]);
  }
  return [...rows.values()].filter((r) => r.length > 1);
}

let hub: Hub;
let browser: Browser;

beforeAll(async () => { ({ hub, browser } = await startDemoWall()); });
afterAll(async () => { await browser?.close(); await hub?.close(); });

describe('KPIs of one grid row draw their numbers at one size', () => {
  it('the shipped screens have KPI rows to check', () => {
    // ops-overview's top row: orders, amount, open tickets, SLA today and won this month
    expect(kpiRows(screens.find((s) => s.id === 'ops-overview')!)).toContainEqual(['orders-today', 'amount-today', 'open-tickets', 'sla-today', 'won-mtd']);
  });

  for (const screen of screens.filter((s) => kpiRows(s).length > 0)) {
    it(`${screen.id}: one number size per KPI row, at every size and on the phone`, async () => {
      for (const size of SIZES) {
        const page = await browser.newPage({ viewport: size });
        try {
          await page.goto(`${hub.url}/s/${screen.id}`);
          await waitForValues(page);
          const sizes = await page.$$eval('.widget[data-widget-type="kpi"]', (ws) => Object.fromEntries(ws.map((w) =>
            [w.getAttribute('data-widget-id'), parseFloat(getComputedStyle(w.querySelector('.kpi-number')!).fontSize)])));
          for (const row of kpiRows(screen)) {
            // The phone shows the widgets its mobile layout lists: a row counts where two or more of it are shown.
            const shown = row.filter((id) => sizes[id] !== undefined);
            // On a TV the whole row is shown, unless the wall is shown a page at a time (one band of columns a page).
            const paged = (await page.getAttribute('[data-testid="screen-canvas"]', 'data-page')) !== null;
            if (size.width >= 768 && !paged) expect(shown, `${screen.id} at ${size.width}: the row's KPIs shown`).toEqual(row);
            if (shown.length < 2) continue;
            expect(new Set(shown.map((id) => sizes[id])), `${screen.id} at ${size.width}×${size.height}: ${JSON.stringify(sizes)}`).toHaveProperty('size', 1);
          }
        } finally {
          await page.close();
        }
      }
    });
  }
});
