import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/model';
import { createHubspotConnector, hubspotOptionsSchema, type HubspotCursor } from '../../server/sources/connectors/hubspot';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeHubspot } from '../support/vendors/hubspot';

const TOKEN_ENV = 'OPSWALL_TEST_HS_TICKETS_TOKEN';
const src = useConnectorHub('hs-tickets', async () => {
  const fake = await startFakeHubspot({ cap: 4 });
  return { fake, env: { [TOKEN_ENV]: fake.token }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' },
    source: { id: 'hs', kind: 'hubspot', interval: '300ms', options: {
      base_url: fake.url, token_env: TOKEN_ENV, page_size: 2, search_cap: 4, overlap_seconds: 60, archived_every_minutes: 0,
      tickets: true, ticket_status_map: { 'In Progress': 'on_hold' }, team_map: { 5012345: '二线支持' }, ticket_department: 'service',
      ticket_links: [{ field: 'erp_order_number', type: 'order', source: 'erp' }],
    } } };
});
const tickets = () => src.records<Ticket>('ticket');

describe('HubSpot tickets against a fake CRM API', () => {
  it('reads every ticket with its status from the ticket pipelines, its primary company and its deals', async () => {
    const stored = await waitFor('four tickets', () => (tickets().size === 4 ? tickets() : undefined));
    // tests/support/vendors/hubspot.ts hubspotTickets(), HUBSPOT_TICKET_PIPELINES, hubspotTicketAssociations():
    // stage "1" of pipeline "0" is "New" (OPEN) → new; MEDIUM → normal; primary company (type 26) Brightlane; its one deal.
    expect(stored.get('183534428')).toMatchObject({ type: 'ticket', subject: 'Product Installation Issue', status: 'new', priority: 'normal',
      account_id: '4320142817', links: [{ type: 'deal', id: '31500000003' }], assignee: '50103167', channel: 'email', department: 'service',
      created_at: '2025-03-13T11:05:00.000Z', updated_at: '2025-03-13T12:00:00.000Z',
      events: [{ at: '2025-03-13T11:40:00.000Z', kind: 'comment', by: 'agent', public: true }] });
    // Stage "4" is CLOSED → closed at closed_date; HIGH → high; team 5012345 through team_map; Northgate primary though listed
    // second; two deals, then the erp_order_number property as a link to the order in "erp".
    expect(stored.get('183534429')).toMatchObject({ status: 'closed', priority: 'high', group: '二线支持', account_id: '4320142806', channel: 'phone',
      links: [{ type: 'deal', id: '31500000003' }, { type: 'deal', id: '31702218877' }, { type: 'order', id: 'SAL-ORD-2025-00868', source: 'erp' }],
      events: [{ at: '2025-03-14T08:30:00.000Z', kind: 'status', to: 'closed' }] });
    // "In Progress" (OPEN) would be open; the config maps the label to on_hold. No priority → normal; no company, no deal.
    expect(stored.get('183534430')).toMatchObject({ status: 'on_hold', priority: 'normal', channel: 'form', extra: { stage_label: 'In Progress', pipeline: 'My ticket pipeline' } });
    expect(stored.get('183534430')).not.toHaveProperty('account_id');
    expect(stored.get('183534430')).not.toHaveProperty('links'); // erp_order_number ""
    // "Waiting on contact" → pending (the default pipeline's label); URGENT → urgent.
    expect(stored.get('183534431')).toMatchObject({ status: 'pending', priority: 'urgent', channel: 'chat' });
    expect(src.fake.searches('tickets').slice(0, 2)).toEqual([{}, { after: '2' }]);
    expect((await src.health()).entities).toEqual(['deal', 'account', 'ticket']);
    // Open: new (…428), on_hold (…430), pending (…431); …429 is closed.
    expect(await src.scalar('tickets.open')).toBe(3);
  });

  it('gives the SLA clocks what they measure: first reply and resolution stop at HubSpot\'s own dates', async () => {
    // POST /api/sla/evaluate (docs/api.md) on the stored tickets, with targets in calendar hours (no calendar).
    const policy = { id: 'hs', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }, { metric: 'resolution', targets: { '*': { minutes: 1440 } } }] };
    const evaluate = async (id: string) => {
      const res = await fetch(`${src.hub.url}/api/sla/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ policy, ticket: tickets().get(id), at: '2025-03-14T12:00:00Z' }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { instances: { metric: string; clock: string; outcome?: string; fulfilled_at?: string; business_elapsed_s: number }[] }).instances;
    };
    // …428: created 11:05, first agent reply 11:40 → 35 min = 2100 s, met; not solved → resolution running.
    expect(await evaluate('183534428')).toEqual([
      expect.objectContaining({ metric: 'first_reply_time', clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-13T11:40:00.000Z', business_elapsed_s: 2100 }),
      expect.objectContaining({ metric: 'resolution', clock: 'running' })]);
    // …429: created 03-13 14:00, closed 03-14 08:30 = 18 h 30 min = 66600 s ≤ 24 h, met; no agent reply read, so the first
    // reply clock stops at the close too (docs/sla.md: the first solve ends it), 66600 s > 60 min: missed.
    expect(await evaluate('183534429')).toEqual([
      expect.objectContaining({ metric: 'first_reply_time', outcome: 'missed', fulfilled_at: '2025-03-14T08:30:00.000Z' }),
      expect.objectContaining({ metric: 'resolution', clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-14T08:30:00.000Z', business_elapsed_s: 66600 })]);
  });

  it('polls on from the tickets\' own watermark and reads their associations per page', async () => {
    // The newest ticket change is …431's 09:20:00.000; the next run searches from it minus 60 s.
    await waitFor('an incremental ticket search', () => src.fake.searches('tickets').find((s) => s.filterMs === Date.parse('2025-03-14T09:19:00.000Z')));
    expect(src.cursor<HubspotCursor>()?.tickets).toMatchObject({ watermark: '2025-03-14T09:20:00.000Z' });
    const reads = src.fake.requests.filter((r) => r.path === '/crm/v4/associations/tickets/deals/batch/read').map((r) => JSON.parse(r.body) as { inputs: unknown[] });
    expect(reads[0]).toEqual({ inputs: [{ id: '183534428' }, { id: '183534429' }] });
    expect(src.fake.requests.filter((r) => r.path === '/crm/v3/pipelines/tickets')).toHaveLength(1);
  });

  it('picks up a ticket closed and a ticket archived (deleted) between two polls', async () => {
    Object.assign(src.fake.tickets.find((t) => t.id === '183534428')!.properties,
      { hs_pipeline_stage: '4', closed_date: '2025-03-14T10:00:00.000Z', hs_lastmodifieddate: '2025-03-14T10:00:01.000Z' });
    Object.assign(src.fake.tickets.find((t) => t.id === '183534431')!, { archived: true, archivedAt: '2025-03-14T10:05:00.000Z' });
    const stored = await waitFor('the changes', () => {
      const t = tickets();
      return t.get('183534428')!.status === 'closed' && t.get('183534431')!.status === 'deleted' ? t : undefined;
    });
    expect(stored.get('183534428')).toMatchObject({ updated_at: '2025-03-14T10:00:01.000Z', events: [
      { at: '2025-03-13T11:40:00.000Z', kind: 'comment', by: 'agent', public: true }, { at: '2025-03-14T10:00:00.000Z', kind: 'status', to: 'closed' }] });
    // The archived list: a tombstone at archivedAt, without associations (they are not read for archived tickets).
    expect(stored.get('183534431')).toMatchObject({ status: 'deleted', priority: 'urgent', updated_at: '2025-03-14T10:05:00.000Z' });
    expect(src.fake.requests.some((r) => r.path === '/crm/v3/objects/tickets' && r.url.searchParams.get('archived') === 'true')).toBe(true);
    await waitFor('one open ticket', async () => ((await src.scalar('tickets.open')) === 1 ? true : undefined)); // …430 on_hold
  });
});

describe('HubSpot tickets: options and scopes', () => {
  it('tickets are off by default: an existing config reads no tickets', () => {
    expect(hubspotOptionsSchema.parse({}).tickets).toBe(false);
    expect(createHubspotConnector(hubspotOptionsSchema.parse({}), { env: {}, sourceId: 'x', timezone: 'UTC' }).entities).toEqual(['deal', 'account']);
  });

  it('ticket_extra_fields: asked for in the tickets\' search properties and kept in each ticket\'s extra', async () => {
    const fake = await startFakeHubspot();
    fake.token = src.fake.token;
    const connector = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: fake.url, token_env: TOKEN_ENV, page_size: 10, companies: false,
      include_archived: false, tickets: true, ticket_extra_fields: [{ field: 'hs_ticket_category', as: 'category' }] }), { env: process.env, sourceId: 'hs-ticket-extra', timezone: 'UTC' });
    const ctx = (cursor: HubspotCursor | undefined) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log: silent });
    try {
      const deals = await connector.poll(ctx(undefined));
      const byId = new Map(((await connector.poll(ctx(deals.cursor))).records as Ticket[]).map((t) => [t.id, t]));
      const search = fake.requests.find((r) => r.path === '/crm/v3/objects/tickets/search')!;
      expect((JSON.parse(search.body) as { properties: string[] }).properties.at(-1)).toBe('hs_ticket_category');
      // tests/support/vendors/hubspot.ts hubspotTickets(): PRODUCT_ISSUE on 183534428, BILLING_ISSUE on 183534431, none on the others.
      expect(byId.get('183534428')!.extra).toMatchObject({ category: 'PRODUCT_ISSUE', stage_id: '1' });
      expect(byId.get('183534431')!.extra).toMatchObject({ category: 'BILLING_ISSUE' });
      expect(byId.get('183534429')!.extra).not.toHaveProperty('category');
    } finally { await fake.close(); }
  });

  it('a ticket that cannot be mapped is logged and left out, the others of its page stored', async () => {
    const fake = await startFakeHubspot();
    fake.token = src.fake.token;
    fake.tickets[0]!.properties.createdate = 'yesterday';
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    const connector = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: fake.url, token_env: TOKEN_ENV, page_size: 10, companies: false,
      include_archived: false, tickets: true }), { env: process.env, sourceId: 'hs-bad-ticket', timezone: 'UTC' });
    const ctx = (cursor: HubspotCursor | undefined) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
    try {
      const deals = await connector.poll(ctx(undefined));
      const page = await connector.poll(ctx(deals.cursor));
      expect((page.records as Ticket[]).map((t) => t.id)).toEqual(['183534429', '183534430', '183534431']);
      expect(warned).toEqual(['vendor record skipped: cannot map it']);
    } finally { await fake.close(); }
  });

  it('a token that may not read tickets: one warning, the run ends, deals go on', async () => {
    const fake = await startFakeHubspot();
    fake.token = src.fake.token;
    fake.forbidden.add('tickets');
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    const connector = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: fake.url, token_env: TOKEN_ENV, page_size: 10, companies: false,
      include_archived: false, tickets: true }), { env: process.env, sourceId: 'hs-ticket-scope', timezone: 'UTC' });
    const ctx = (cursor: HubspotCursor | undefined) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
    try {
      const deals = await connector.poll(ctx(undefined)); // all five deals on one page; then the tickets' turn
      expect(deals).toMatchObject({ more: true, cursor: { phase: 'tickets' } });
      const refused = await connector.poll(ctx(deals.cursor));
      expect(refused.records).toEqual([]);
      expect(refused.more).toBe(false);
      expect(refused.cursor).not.toHaveProperty('phase');
      expect(warned).toContain('HubSpot tickets unreadable (scope tickets); the source goes on without ticket records');
      const next = await connector.poll(ctx(refused.cursor)); // the next run: deals only, no ticket phase
      expect(next.more).toBe(false);
    } finally { await fake.close(); }
  });
});
