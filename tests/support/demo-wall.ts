import type { Browser } from 'playwright-core';
import type { Hub } from '../../server/app';
import { ensureBuiltWall } from './built-wall';
import { launchChromium } from './chromium';
import { sourcesOk, startTestHub } from './hub';

/** The built wall, the built-in demo hub with every source synced, and a Chromium: what the shipped screens' browser tests open. */
export async function startDemoWall(): Promise<{ hub: Hub; browser: Browser }> {
  ensureBuiltWall();
  const hub = await startTestHub();
  await sourcesOk(hub);
  return { hub, browser: await launchChromium() };
}
