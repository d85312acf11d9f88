import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { DEMO_CONFIG } from '../../server/config';
import { ensureBuiltWall } from '../support/built-wall';
import { launchChromium } from '../support/chromium';
import { startTestHub } from '../support/hub';
import { waitForValues } from '../support/wall-page';

let hub: Hub;
let browser: Browser;

beforeAll(async () => {
  ensureBuiltWall();
  hub = await startTestHub({ config: { sources: [{ id: 'zd', kind: 'push' }], sla: DEMO_CONFIG.sla } });
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); await hub?.close(); });

describe('a source that reports its own SLA due times', () => {
  it('marks on the wall the tickets whose due time differs from ours by more than 60 s', async () => {
    const now = Date.now();
    // Urgent first replies are due 30 calendar minutes after creation under the demo policy (ours);
    // the source says 5 min later, 20 s later, and 10 min earlier: the first and the last are marked.
    const ticket = (id: string, minutesAgo: number, shiftS: number) => {
      const created = now - minutesAgo * 60_000;
      return { type: 'ticket', id, subject: `工单 ${id}`, priority: 'urgent', status: 'open', group: 'L1',
        created_at: new Date(created).toISOString(), updated_at: new Date(created).toISOString(),
        vendor_due: [{ metric: 'first_reply_time', due_at: new Date(created + 30 * 60_000 + shiftS * 1000).toISOString() }] };
    };
    const res = await fetch(`${hub.url}/api/ingest/zd`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [ticket('9001', 10, 300), ticket('9002', 5, 20), ticket('9003', 40, -600)] }) });
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] });

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hub.url}/s/ticket-sla`);
    await waitForValues(page);
    const marked = await page.$$eval('[data-testid="vendor-disagrees"]', (els) =>
      els.map((el) => el.closest('.queue-row')?.querySelector('.queue-id')?.textContent?.trim()));
    expect(marked.sort()).toEqual(['#9001', '#9003']);
    await page.close();
  });
});
