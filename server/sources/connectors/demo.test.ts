import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Connector, PollPage } from '../types';
import { createDemoConnector, type DemoCursor } from './demo';

const OPTIONS = { seed: 11, speed: 30, history_days: 1, timezone: 'Asia/Shanghai' };
const T = Date.parse('2025-03-10T04:00:00Z');
const log = pino({ level: 'silent' });

/** Polls page after page until the connector says there is no more (bounded), as the scheduler does. */
async function pollAll(connector: Connector<DemoCursor>, cursor: DemoCursor | undefined, now: number) {
  const pages: PollPage<DemoCursor>[] = [];
  for (let i = 0; i < 1000; i++) {
    const page = await connector.poll({ cursor, now, signal: new AbortController().signal, log });
    pages.push(page);
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { records: pages.flatMap((p) => p.records), cursor: cursor!, pages };
}

describe('demo connector', () => {
  it('backfills the history in pages, then says how far it has stored', async () => {
    const { cursor, pages } = await pollAll(createDemoConnector({ ...OPTIONS, history_days: 5 }), undefined, T);
    expect(cursor).toEqual({ start: T, until: T });
    expect(pages.length).toBeGreaterThan(1); // five busy days are more than one page of 2 000 records
    expect(pages.at(-1)!.more).toBeFalsy();
    // Every page but the last keeps the cursor before the batch, so a crash re-reads it whole.
    for (const page of pages.slice(0, -1)) expect(page.cursor.until).toBe(T - 5 * 86_400_000);
  });

  it('continues after a restart exactly where one long-running connector would', async () => {
    const later = T + 30 * 60_000;
    const running = createDemoConnector(OPTIONS);
    const first = await pollAll(running, undefined, T);
    const continuous = await pollAll(running, first.cursor, later);

    const restarted = createDemoConnector(OPTIONS); // a new process, with the stored cursor
    const resumed = await pollAll(restarted, first.cursor, later);
    expect(resumed.cursor).toEqual({ start: T, until: later });
    expect(resumed.records.length).toBeGreaterThan(0);
    expect(resumed.records).toEqual(continuous.records);
  });
});
