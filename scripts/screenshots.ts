// `npm run screenshots`: the docs' pictures of the built-in demo, taken in headless Chromium (docs/screenshots/).
// Run after a visible change to the wall; the pictures show the demo at the moment they are taken.
import { mkdirSync } from 'node:fs';
import { startDemoWall } from '../tests/support/demo-wall';
import { waitForValues } from '../tests/support/wall-page';

/** What the README and docs/screens.md show: each name, its page and the window it is taken in. */
const SHOTS = [
  { file: 'ticket-sla-1920x1080.png', path: '/s/ticket-sla', width: 1920, height: 1080 },
  { file: 'ops-overview-1920x1080.png', path: '/s/ops-overview', width: 1920, height: 1080 },
  { file: 'video-wall-5760x1080-3-panels.png', path: '/s/video-wall?panels=3x1&bezel=40', width: 5760, height: 1080 },
  { file: 'video-wall-on-a-4k-tv.png', path: '/s/video-wall?page=2', width: 3840, height: 2160 },
  { file: 'manager-phone-on-a-tv.png', path: '/s/manager-phone', width: 1920, height: 1080 },
  { file: 'manager-phone-390x844.png', path: '/s/manager-phone', width: 390, height: 844 },
  { file: 'ops-overview-en-1920x1080.png', path: '/s/ops-overview?lang=en', width: 1920, height: 1080 },
] as const;

const OUT = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const { hub, browser } = await startDemoWall();
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height } });
    await page.goto(`${hub.url}${shot.path}${shot.path.includes('?') ? '&' : '?'}kiosk`);
    await waitForValues(page);
    await page.waitForTimeout(1500); // chart updates animate for at most 300 ms; the clock ticks once more
    await page.screenshot({ path: new URL(shot.file, OUT).pathname });
    console.log(`wrote docs/screenshots/${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await hub.close();
}
