import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { sourcesOk, startTestHub, waitFor } from '../support/hub';
import { waitForValues, widgetTexts } from '../support/wall-page';

let hub: Hub;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'opswall-browser-'));
const dbPath = join(dir, 'wall.db');
// The demo at high speed, so values move within a second or two of the hub coming back.
const config = { sources: [{ id: 'demo', kind: 'demo', interval: '1s', options: { seed: 7, speed: 200, history_days: 2 } }] };

beforeAll(async () => {
  ensureBuiltWall();
  hub = await startTestHub({ dbPath, config, heartbeatMs: 1_000 });
  await sourcesOk(hub);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
});
afterAll(async () => { await browser?.close(); await hub?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('the wall when the hub goes away and comes back', () => {
  it('says the hub is away and how old the data is, then recovers by itself', async () => {
    await page.goto(`${hub.url}/s/order-flow`);
    await waitForValues(page);
    const banner = page.locator('[data-testid="connection-banner"]');
    expect(await banner.count()).toBe(0);

    const port = hub.port;
    await hub.close();
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    // In words, with the data's age (a number of seconds or minutes).
    await waitFor('the banner to state the data age', async () => {
      const text = await banner.innerText();
      return /\d/.test(text) ? text : undefined;
    }, 10_000);

    const before = await widgetTexts(page);
    hub = await startTestHub({ dbPath, config, port, heartbeatMs: 1_000 });
    await banner.waitFor({ state: 'detached', timeout: 30_000 });

    // Values move again: some widget shows something new once the hub has polled on.
    const moved = await waitFor('a widget value to move after reconnecting', async () => {
      const now = await widgetTexts(page);
      const changed = Object.keys(now).filter((id) => now[id]!.replace(/\d+\s*(秒|分钟|s|min)[^\n]*/g, '') !== before[id]!.replace(/\d+\s*(秒|分钟|s|min)[^\n]*/g, ''));
      return changed.length > 0 ? changed : undefined;
    }, 30_000, 500);
    expect(moved.length).toBeGreaterThan(0);
  });
});
