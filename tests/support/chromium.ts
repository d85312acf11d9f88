import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium fonts-wqy-microhei';

/**
 * The system Chromium for browser tests, with a CJK font. Where either is missing and we are root (as on
 * CI and the dev machines), they are installed with apt-get; a missing browser otherwise stops the run at
 * once with the command to run.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM) && hasCjkFont()) return CHROMIUM;
  if (process.getuid?.() === 0) {
    console.log(`Chromium or a CJK font is missing: running "${INSTALL}"`);
    execFileSync('bash', ['-c', `${INSTALL} -qq`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync(CHROMIUM)) return CHROMIUM;
  }
  if (existsSync(CHROMIUM)) return CHROMIUM; // without a CJK font the text is drawn as boxes, but measured the same way
  throw new Error(`The browser tests need Chromium at ${CHROMIUM}. Install it with: sudo ${INSTALL}`);
}

/** Whether a font for Chinese text is installed (the wall's default language is zh-CN). */
function hasCjkFont(): boolean {
  try { return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0; } catch { return false; }
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background networking). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
