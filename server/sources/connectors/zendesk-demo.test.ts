import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDerivedHistory, type Ticket } from '../../model';
import { DEMO_SECRETS } from '../../demo/constants';
import { startDemoVendors, type DemoVendors } from '../../demo/serve';
import { createZendeskConnector, zendeskOptionsSchema, type ZendeskCursor } from './zendesk';

// The Zendesk connector against the demo's simulated Zendesk: the tickets the simulated company passes between groups
// (踢皮球) reach the hub with their group events, read from the ticket events export. The check is the simulated account's
// own metric sets: `group_stations`, the groups a ticket passed through (Ticket Metrics), is its first group plus one per pass.
const START = Date.parse('2025-03-13T04:00:00Z');
const NOW = START + 20 * 60_000;
let vendors: DemoVendors;

beforeAll(async () => { vendors = await startDemoVendors({ simulation: { seed: 7, speed: 30, historyDays: 3 }, timezone: 'Asia/Shanghai', start: () => START, now: () => NOW }); });
afterAll(async () => { await vendors?.close(); });

/** A ticket's passes: group events whose group differs from the one before (the first is its first assignment). */
const passes = (t: Ticket) => {
  const groups = (t.events ?? []).filter((e) => e.kind === 'group').map((e) => e.to);
  return groups.filter((g, i) => i > 0 && g !== groups[i - 1]).length;
};

describe('zendesk connector: group moves from the demo\'s ticket events export', () => {
  it('every ticket\'s passes read from the events export equal its metric set\'s group_stations − 1; some bounce 3+ times', async () => {
    const opts = zendeskOptionsSchema.parse({ base_url: vendors.urls.zendesk, email_env: DEMO_SECRETS.zendesk_email, token_env: DEMO_SECRETS.zendesk_token,
      backfill_days: 30, slas: false, accounts: false }); // back past every ticket's creation: all their audits are read
    const connector = createZendeskConnector(opts, vendors.env, 'zendesk');
    // The store's merge (newest wins; moves kept, each once), as applyBatch does it.
    const stored = new Map<string, Ticket>();
    let cursor: ZendeskCursor | undefined;
    for (let page = 0, more = true; more; page++) {
      expect(page).toBeLessThan(5_000);
      const result = await connector.poll({ cursor, now: NOW, signal: new AbortController().signal, log: pino({ level: 'silent' }) });
      for (const t of result.records as Ticket[]) {
        const before = stored.get(t.id);
        if (before && before.updated_at > t.updated_at) continue;
        stored.set(t.id, withDerivedHistory(t, before) as Ticket);
      }
      cursor = result.cursor;
      more = result.more === true;
    }
    expect(cursor?.ticket_events?.start_time).toBeGreaterThan(0);

    // The simulated account's metric sets, through the tickets export's sideload.
    const stations = new Map<string, number>();
    const auth = `Basic ${Buffer.from(`${vendors.env[DEMO_SECRETS.zendesk_email]}/token:${vendors.env[DEMO_SECRETS.zendesk_token]}`).toString('base64')}`;
    for (let url: string | undefined = `${vendors.urls.zendesk}/api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets`; url;) {
      const body = await (await fetch(url, { headers: { authorization: auth } })).json() as
        { metric_sets: { ticket_id: number; group_stations: number }[]; after_cursor: string; end_of_stream: boolean };
      for (const m of body.metric_sets) stations.set(String(m.ticket_id), m.group_stations);
      url = body.end_of_stream ? undefined : `${vendors.urls.zendesk}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(body.after_cursor)}&include=metric_sets`;
    }
    expect(stored.size).toBeGreaterThan(50);
    let bounced = 0;
    for (const [id, t] of stored) {
      if (t.status === 'deleted') continue;
      expect(passes(t), `ticket ${id}`).toBe(stations.get(id)! - 1);
      // A ticket passed on carries its moves, the last naming the group it is in now; one only ever in its first group is
      // not fetched again for them, and carries none (its first assignment is no pass).
      const groups = (t.events ?? []).filter((e) => e.kind === 'group');
      if (passes(t) > 0) expect(groups.at(-1)?.to, `ticket ${id}`).toBe(t.group);
      else expect(groups.length, `ticket ${id}`).toBeLessThanOrEqual(1);
      if (passes(t) >= 3) bounced++;
    }
    expect(bounced).toBeGreaterThan(0);
  }, 60_000);
});
