import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createZendeskConnector, mapZendeskTicket, zendeskOptionsSchema, type ZendeskTicket } from './zendesk';

const opts = zendeskOptionsSchema.parse({ subdomain: 'acme-support' });
const ticket = (over: Partial<ZendeskTicket> = {}): ZendeskTicket => ({
  id: 148213, status: 'open', priority: 'urgent', subject: 'Checkout API returning 502 for EU customers',
  created_at: '2025-03-14T08:47:12Z', updated_at: '2025-03-14T09:58:40Z', generated_timestamp: 1741946320,
  assignee_id: 381204917553, group_id: 360001422113, organization_id: 1500093311214, via: { channel: 'email' }, custom_status_id: 18203447, ...over,
});

describe('mapZendeskTicket', () => {
  it('maps every system status, hold to on_hold', () => {
    const statuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'].map((status) => mapZendeskTicket(ticket({ status }), opts).status);
    expect(statuses).toEqual(['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'deleted']);
  });

  it('config overrides win: by custom status id, by status, by priority (null included)', () => {
    const o = zendeskOptionsSchema.parse({ subdomain: 'a', status_map: { 18203449: 'on_hold', pending: 'on_hold' }, priority_map: { null: 'low', normal: 'low' } });
    expect(mapZendeskTicket(ticket({ status: 'open', custom_status_id: 18203449 }), o).status).toBe('on_hold');
    expect(mapZendeskTicket(ticket({ status: 'pending', custom_status_id: 1 }), o).status).toBe('on_hold');
    expect(mapZendeskTicket(ticket({ priority: null }), o).priority).toBe('low');
    expect(mapZendeskTicket(ticket({ priority: 'normal' }), o).priority).toBe('low');
    expect(mapZendeskTicket(ticket({ priority: null }), opts).priority).toBe('normal'); // default_priority
  });

  it('keeps ids as text, names from sideloads or the id, UTC instants', () => {
    const names = { users: new Map([[381204917553, 'Lena Vogt']]), groups: new Map<number, string>(), organizations: new Map([[1500093311214, 'Brightlane Retail GmbH']]) };
    const t = mapZendeskTicket(ticket(), opts, undefined, names);
    expect(t).toMatchObject({ id: '148213', assignee: 'Lena Vogt', group: '360001422113', customer: 'Brightlane Retail GmbH', channel: 'email',
      created_at: '2025-03-14T08:47:12.000Z', updated_at: '2025-03-14T09:58:40.000Z' });
    expect(ticketSchema.safeParse(t).success).toBe(true);
  });

  it('vendor_due from SLA breach_at: paused (null) left out, names aligned with OpsWall metrics', () => {
    const t = mapZendeskTicket(ticket({ slas: { policy_metrics: [
      { metric: 'first_reply_time', breach_at: '2025-03-14T09:47:12Z', stage: 'achieved' },
      { metric: 'periodic_update_time', breach_at: '2025-03-14T11:00:00Z', stage: 'active' },
      { metric: 'requester_wait_time', breach_at: null, stage: 'paused' }] } }), opts);
    expect(t.vendor_due).toEqual([
      { metric: 'first_reply_time', due_at: '2025-03-14T09:47:12.000Z' }, { metric: 'periodic_update', due_at: '2025-03-14T11:00:00.000Z' }]);
  });

  it('a deletion that only moved generated_timestamp still makes the tombstone the newest version', () => {
    const t = mapZendeskTicket(ticket({ status: 'deleted', updated_at: '2025-03-14T09:04:10Z', generated_timestamp: 1741943400 }), opts);
    expect(t).toMatchObject({ status: 'deleted', updated_at: '2025-03-14T09:10:00.000Z' });
  });

  it('events from the metric set: solved_at for a solved ticket; a latest comment of unknown author left out', () => {
    const t = mapZendeskTicket(ticket({ status: 'solved' }), opts, {
      ticket_id: 148213, reply_time_in_seconds: { calendar: null }, reply_time_in_minutes: { calendar: 42 }, solved_at: '2025-03-14T10:00:00Z',
      status_updated_at: '2025-03-14T10:00:00Z', latest_comment_added_at: '2025-03-14T09:59:00Z', requester_updated_at: '2025-03-14T09:58:40Z' });
    expect(t.events).toEqual([
      { at: '2025-03-14T09:29:12.000Z', kind: 'comment', by: 'agent', public: true },
      { at: '2025-03-14T10:00:00.000Z', kind: 'status', to: 'solved' }]);
  });
});

describe('zendesk options', () => {
  it('need exactly one of subdomain and base_url; secrets only as variable names', () => {
    expect(zendeskOptionsSchema.safeParse({}).success).toBe(false);
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', base_url: 'https://a.zendesk.com' }).success).toBe(false);
    expect(zendeskOptionsSchema.safeParse({ subdomain: 'a', token_env: 'abc-123' }).success).toBe(false);
    expect(zendeskOptionsSchema.parse({ base_url: 'https://a.zendesk.com' })).toMatchObject({ token_env: 'ZENDESK_TOKEN', page_size: 1000, slas: true, overlap: 120_000 });
  });
});

describe('zendesk connector', () => {
  const log = pino({ level: 'silent' });
  afterEach(() => { vi.unstubAllGlobals(); });

  it('a refused cursor restarts the export from the watermark less the overlap', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: URL) => { urls.push(String(url)); return new Response('{"error":"InvalidCursor"}', { status: 422 }); });
    const c = createZendeskConnector({ ...opts, slas: false }, { ZENDESK_TOKEN: 't' }, 'zd');
    const page = await c.poll({ cursor: { after_cursor: 'old', watermark: 1741946320 }, now: Date.parse('2025-03-14T10:05:00Z'), signal: new AbortController().signal, log });
    expect(page).toEqual({ records: [], cursor: { start_time: 1741946200, watermark: 1741946320 }, more: true });
    expect(urls[0]).toContain('cursor=old');
  });

  it('the first poll starts backfill_days back (never within the last minute), bearer auth without email_env', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      seen = { url: String(url), auth: new Headers(init.headers).get('authorization') };
      return Response.json({ tickets: [], after_cursor: 'c1', end_of_stream: true });
    });
    const now = Date.parse('2025-03-14T10:05:00Z');
    const c = createZendeskConnector({ ...opts, backfill_days: 0 }, { ZENDESK_TOKEN: 'oauth' }, 'zd');
    const page = await c.poll({ cursor: undefined, now, signal: new AbortController().signal, log });
    expect(new URL(seen!.url).searchParams.get('start_time')).toBe(String(now / 1000 - 60));
    expect(seen!.auth).toBe('Bearer oauth');
    expect(page).toEqual({ records: [], cursor: { after_cursor: 'c1' }, more: false });
  });
});
