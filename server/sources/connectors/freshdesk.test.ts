import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ticketSchema } from '../../model';
import { createFreshdeskConnector, freshdeskOptionsSchema, hasNextLink, mapFreshdeskTicket, type FreshdeskTicket } from './freshdesk';

const opts = freshdeskOptionsSchema.parse({ domain: 'acme-help' });
const ticket = (over: Partial<FreshdeskTicket> = {}): FreshdeskTicket => ({
  id: 10231, status: 2, priority: 4, source: 1, subject: 'Checkout API returning 502 for EU customers', group_id: 43000612346, responder_id: 43008811234,
  company_id: 43000455901, created_at: '2025-03-14T08:51:03Z', updated_at: '2025-03-14T09:44:18Z',
  due_by: '2025-03-14T12:51:03Z', fr_due_by: '2025-03-14T09:51:03Z', nr_due_by: '2025-03-14T10:35:02Z', ...over,
});

describe('mapFreshdeskTicket', () => {
  it('maps statuses 2–5 and priorities 1–4; a custom status by the config, else other_status', () => {
    expect([2, 3, 4, 5, 6].map((status) => mapFreshdeskTicket(ticket({ status }), opts).status)).toEqual(['open', 'pending', 'solved', 'closed', 'open']);
    expect([1, 2, 3, 4].map((priority) => mapFreshdeskTicket(ticket({ priority }), opts).priority)).toEqual(['low', 'normal', 'high', 'urgent']);
    const o = freshdeskOptionsSchema.parse({ domain: 'a', status_map: { 6: 'on_hold', 3: 'on_hold' }, priority_map: { 4: 'high' }, other_status: 'pending' });
    expect([3, 6, 7].map((status) => mapFreshdeskTicket(ticket({ status }), o).status)).toEqual(['on_hold', 'on_hold', 'pending']);
    expect(mapFreshdeskTicket(ticket(), o).priority).toBe('high');
  });

  it('deleted and spam tickets are tombstones', () => {
    expect(mapFreshdeskTicket(ticket({ deleted: true }), opts)).toMatchObject({ status: 'deleted', extra: { tombstone: 'deleted' } });
    expect(mapFreshdeskTicket(ticket({ spam: true }), opts)).toMatchObject({ status: 'deleted', extra: { tombstone: 'spam' } });
    expect(mapFreshdeskTicket(ticket(), opts, {}, true).status).toBe('deleted');
  });

  it('vendor_due from fr_due_by, nr_due_by and due_by; names from the lookups or the ids; valid canonical ticket', () => {
    const t = mapFreshdeskTicket(ticket(), { ...opts, group_map: { 43000612346: 'L2' }, department: 'service' }, { agents: new Map([[43008811234, 'Lena Vogt']]) });
    expect(t).toMatchObject({ id: '10231', group: 'L2', assignee: 'Lena Vogt', customer: '43000455901', channel: 'email', department: 'service',
      created_at: '2025-03-14T08:51:03.000Z', updated_at: '2025-03-14T09:44:18.000Z' });
    expect(t.vendor_due).toEqual([
      { metric: 'first_reply_time', due_at: '2025-03-14T09:51:03.000Z' }, { metric: 'next_reply_time', due_at: '2025-03-14T10:35:02.000Z' },
      { metric: 'resolution', due_at: '2025-03-14T12:51:03.000Z' }]);
    expect(ticketSchema.safeParse(t).success).toBe(true);
  });

  it('events from stats: reopen after resolve, pending since', () => {
    const stats = { resolved_at: '2025-03-14T09:00:00Z', reopened_at: '2025-03-14T09:30:00Z', pending_since: '2025-03-14T09:40:00Z', status_updated_at: '2025-03-14T09:40:00Z' };
    expect(mapFreshdeskTicket(ticket({ status: 3, stats }), opts).events).toEqual([
      { at: '2025-03-14T09:00:00.000Z', kind: 'status', to: 'solved' },
      { at: '2025-03-14T09:30:00.000Z', kind: 'status', to: 'open' },
      { at: '2025-03-14T09:40:00.000Z', kind: 'status', to: 'pending' }]);
  });
});

it('hasNextLink reads the Link header', () => {
  expect(hasNextLink('<https://a.freshdesk.com/api/v2/tickets?page=2>; rel="next"')).toBe(true);
  expect(hasNextLink('<https://a.freshdesk.com/api/v2/tickets?page=1>; rel="prev"')).toBe(false);
  expect(hasNextLink(null)).toBe(false);
});

describe('freshdesk connector', () => {
  const log = pino({ level: 'silent' });
  const signal = new AbortController().signal;
  afterEach(() => { vi.unstubAllGlobals(); });

  it('at the 300-page cap it restarts the window from the newest updated_at instead of asking for page 301', async () => {
    const urls: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      urls.push(new URL(url));
      return Response.json([ticket({ updated_at: '2025-03-14T09:44:18Z' })], { headers: { link: '<https://x/api/v2/tickets?page=301>; rel="next"' } });
    });
    const c = createFreshdeskConnector({ ...opts, resolve_names: false }, { FRESHDESK_API_KEY: 'k' }, 'fd');
    const page = await c.poll({ cursor: { since: '2025-03-01T00:00:00Z', pass_since: '2025-03-01T00:00:00Z', phase: 0, page: 300 }, now: 0, signal, log });
    expect(urls[0]!.origin).toBe('https://acme-help.freshdesk.com');
    expect(urls[0]!.searchParams.get('page')).toBe('300');
    expect(page.more).toBe(true);
    expect(page.cursor).toMatchObject({ since: '2025-03-14T09:44:18Z', pass_since: '2025-03-01T00:00:00Z', phase: 0, page: 1 });
  });

  it('the last page of the last filter ends the pass: the next starts at the newest change less the overlap', async () => {
    vi.stubGlobal('fetch', async () => Response.json([]));
    const c = createFreshdeskConnector({ ...opts, tombstones: [] }, { FRESHDESK_API_KEY: 'k' }, 'fd');
    const page = await c.poll({ cursor: { since: '2025-03-14T08:00:00Z', pass_since: '2025-03-14T08:00:00Z', phase: 0, page: 1, newest: '2025-03-14T09:44:18.000Z' }, now: 0, signal, log });
    expect(page).toEqual({ records: [], more: false,
      cursor: { since: '2025-03-14T09:42:18Z', pass_since: '2025-03-14T09:42:18Z', phase: 0, page: 1, newest: '2025-03-14T09:44:18.000Z' } });
  });

  it('a missing API key names the variable', async () => {
    const c = createFreshdeskConnector(opts, {}, 'fd');
    await expect(c.poll({ cursor: undefined, now: 0, signal, log })).rejects.toThrow('source "fd": environment variable FRESHDESK_API_KEY is not set');
  });
});
