import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { killHubProcesses, startHubProcess } from '../support/hub-process';
import { waitForValues } from '../support/wall-page';

/**
 * The wall on a TV while the hub is restarted as a service manager does it: SIGTERM to the process `npm start`
 * gave. The wall says "restarting" (not "connection lost") and comes back by itself when the hub is up again; a
 * hub that dies without a word (SIGKILL) is "connection lost".
 */
const dir = mkdtempSync(join(tmpdir(), 'opswall-restart-'));
const CONFIG = join(dir, 'config.json');
let browser: Browser;
let page: Page;
let port: number;

const start = () => startHubProcess({ via: 'npm-start', args: ['--config', CONFIG, '--db', join(dir, 'hub.db'), '--port', String(port), '--host', '127.0.0.1'] });

beforeAll(async () => {
  ensureBuiltWall();
  writeFileSync(CONFIG, JSON.stringify({ sources: [{ id: 'desk', kind: 'push' }] }));
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
});
afterAll(async () => { await browser?.close(); killHubProcesses(); rmSync(dir, { recursive: true, force: true }); });

const banner = () => page.locator('[data-testid="connection-banner"]');

describe('the wall across a restart of the hub', () => {
  it('says the hub is restarting on SIGTERM to npm start, and is live again by itself on the restarted hub', async () => {
    let hub = await start();
    await page.goto(`${hub.url}/s/ops-overview`);
    await waitForValues(page);
    expect(await banner().count()).toBe(0);

    hub.child.kill('SIGTERM');
    expect(await hub.exited).toEqual({ code: 0, signal: null });
    await banner().waitFor({ state: 'visible', timeout: 10_000 });
    expect(await banner().getAttribute('data-state')).toBe('restarting');
    expect(await banner().innerText()).toContain('服务正在重启');
    expect(await banner().innerText()).not.toContain('连接已中断');
    // Amber, not the red of a fault.
    expect(await banner().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(245, 158, 11, 0.94)');

    hub = await start();
    await banner().waitFor({ state: 'detached', timeout: 30_000 });
    await waitForValues(page);

    // A hub killed without a word: that is a lost connection, in red.
    process.kill(hub.pid, 'SIGKILL');
    await banner().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await banner().getAttribute('data-state')).toBe('lost');
    expect(await banner().innerText()).toContain('连接已中断');
  }, 120_000);
});
