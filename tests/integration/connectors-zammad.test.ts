import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Ticket } from '../../server/model';
import { createStore } from '../../server/store';
import type { ZammadCursor } from '../../server/sources/connectors/zammad';
import { getJson, startTestHub, waitFor } from '../support/hub';
import { startFakeZammad, type FakeZammad } from '../support/vendors/zammad';

const dir = mkdtempSync(join(tmpdir(), 'opswall-zammad-'));
const dbPath = join(dir, 'hub.db');
let hub: Hub;
let fake: FakeZammad;

beforeAll(async () => {
  process.env.TEST_ZAMMAD_TOKEN = 'zm-secret-token';
  fake = await startFakeZammad('zm-secret-token');
  hub = await startTestHub({ dbPath, config: { timezone: 'Europe/Berlin', sources: [{
    id: 'zm', kind: 'zammad', interval: '1s',
    options: { base_url: `${fake.url}/`, token_env: 'TEST_ZAMMAD_TOKEN', per_page: 2, backfill_days: 3650, overlap: '2m',
      group_map: { '2nd Level': 'L2' }, priority_map: { '1 low': 'normal' } },
  }] } });
});
afterAll(async () => {
  await hub?.close(); await fake?.close(); rmSync(dir, { recursive: true, force: true });
  delete process.env.TEST_ZAMMAD_TOKEN;
});

function read<T>(fn: (store: ReturnType<typeof createStore>) => T): T {
  const store = createStore(dbPath);
  try { return fn(store); } finally { store.close(); }
}
const stored = (): Record<string, Ticket> =>
  read((s) => Object.fromEntries([...s.iterateRecords('ticket')].filter((r) => r.source === 'zm').map((r) => [r.id, r as Ticket])));
const searches = () => fake.requests.filter((r) => r.path === '/api/v1/tickets/search');
const openCount = async () => ((await getJson<{ value: { value: number } }>(`${hub.url}/api/metrics/tickets.open`)).body.value.value);

describe('zammad connector against a fake Zammad', () => {
  it('first poll: the lookups, then the search page by page; states by type, priorities by name, names from expand', async () => {
    await waitFor('the first pass stored', () => (Object.keys(stored()).length === 3 && read((s) => s.getCursor<ZammadCursor>('zm'))?.page === 1 ? true : undefined));
    const [p1, p2] = searches();
    expect(p1!.url.searchParams.get('query')).toMatch(/^updated_at:\["\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z" TO \*\]$/);
    expect(p1!.url.searchParams.get('sort_by')).toBe('updated_at');
    expect(p1!.url.searchParams.get('order_by')).toBe('asc');
    expect(p1!.url.searchParams.get('expand')).toBe('true');
    expect([p1!.url.searchParams.get('page'), p2!.url.searchParams.get('page')]).toEqual(['1', '2']);
    expect(fake.requests.filter((r) => r.path === '/api/v1/ticket_states')).toHaveLength(1);

    const t = stored();
    expect(t['1042']).toMatchObject({ status: 'on_hold', priority: 'normal', group: 'Billing', assignee: 'j.keller@acme.example',
      customer: 'Brightlane Retail GmbH', channel: 'email', created_at: '2025-03-13T16:20:11.402Z', updated_at: '2025-03-14T08:15:27.640Z',
      subject: 'Invoice INV/2025/0311 shows wrong VAT rate', extra: { number: '31042' } });
    expect(t['1042']!.vendor_due).toBeUndefined(); // pending: Zammad clears the escalation times
    expect(t['1047']).toMatchObject({ status: 'open', priority: 'high', group: 'L2', assignee: 's.brandt@acme.example', channel: 'phone',
      vendor_due: [{ metric: 'next_reply_time', due_at: '2025-03-14T11:40:02.000Z' }, { metric: 'resolution', due_at: '2025-03-14T15:52:30.000Z' }] });
    expect(t['1047']!.events).toEqual([
      { at: '2025-03-14T08:04:41.530Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T09:40:02.774Z', kind: 'comment', by: 'customer', public: true },
    ]);
    expect(t['1050']).toMatchObject({ status: 'new', priority: 'normal', group: 'Users', customer: 'offers@toner.example',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-14T10:41:12.000Z' }] });
    expect(t['1050']!.assignee).toBeUndefined(); // owner "-" (id 1) is nobody
    // Newest updated_at seen (1050, 09:41:12) less the 2 min overlap.
    expect(read((s) => s.getCursor<ZammadCursor>('zm'))).toMatchObject({ since: '2025-03-14T09:39:12.000Z', page: 1, newest: '2025-03-14T09:41:12.000Z' });
    expect(await openCount()).toBe(3);
  });

  it('a later poll: an unknown state reloads the lookups; closed and removed tickets replace the open ones', async () => {
    fake.advance();
    await waitFor('the changes stored', () => (stored()['1042']?.status === 'pending' && stored()['1050']?.status === 'deleted' ? true : undefined));
    expect(searches().some((r) => r.url.searchParams.get('query') === 'updated_at:["2025-03-14T09:39:12.000Z" TO *]')).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/api/v1/ticket_states').length).toBeGreaterThanOrEqual(2);

    const t = stored();
    expect(t['1042']).toMatchObject({ status: 'pending', updated_at: '2025-03-14T10:03:00.000Z', extra: { zammad_state: 'waiting for customer' } });
    expect(t['1047']).toMatchObject({ status: 'closed', updated_at: '2025-03-14T10:01:44.260Z' });
    expect(t['1047']!.vendor_due).toBeUndefined();
    expect(t['1047']!.events!.at(-1)).toEqual({ at: '2025-03-14T10:01:44.250Z', kind: 'status', to: 'closed' });
    expect(t['1050']).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T10:02:05.117Z' });
    await waitFor('the window moved on', () => (read((s) => s.getCursor<ZammadCursor>('zm'))?.since === '2025-03-14T10:01:00.000Z' ? true : undefined));
    expect(await openCount()).toBe(1); // 1042 waiting for the customer
  });

  it('the token goes in "Authorization: Token token=…" and never into the URL', () => {
    for (const r of fake.requests) {
      expect(r.headers.authorization).toBe('Token token=zm-secret-token');
      expect(r.url.search).not.toContain('zm-secret-token');
    }
  });
});
