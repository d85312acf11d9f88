import type { Logger } from 'pino';
import { z } from 'zod';
import type { Account, Ticket, TicketPriority, TicketStatus } from '../../model';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { basicAuth, getJson, HttpError, joinUrl, secretFrom } from './http';
import { envVarName } from '../../fields';
import { accountsInterval, backfillProgress, isoSeconds, mapEach, mapped, maybeUtc, serviceDeskOptions, ticketEvents, utcInstant } from './service-desk';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { dimensionText, valueAt } from './mapping';

/**
 * Where a pass over `updated_since` stands. A pass reads the live list, then each tombstone filter
 * (deleted, spam), page by page; the next pass starts at the newest `updated_at` seen, less the overlap.
 */
export interface FreshdeskCursor {
  /** `updated_since` of the live list (moves on when the 300-page cap forces a restart). */
  since: string;
  /** `updated_since` of the tombstone filters: where this pass began. */
  pass_since: string;
  /** 0 = the live list, 1… = the tombstone filters in order. */
  phase: number;
  page: number;
  newest?: string;
  backfill?: { from: number; to: number };
  /**
   * The companies' sweep: `page` while one runs (it began at `started`, epoch ms), and when the last one began (`read_at`),
   * so the next waits `accounts_interval`.
   */
  companies?: { page?: number; started?: number; read_at?: number };
}

/** A Company's field: a custom one as `custom_fields.<name>`, or a standard one such as `description`. */
const companyField = z.string().regex(/^(custom_fields\.[A-Za-z0-9_]+|[a-z_]+)$/,
  'a Company field: "custom_fields.<name>" for a custom field, or a standard field such as "description"');

/** A ticket custom field's name, as the ticket's `custom_fields` map keys it (`cf_…`). */
const ticketCustomField = z.string().regex(/^[A-Za-z0-9_]+$/, 'a ticket custom field name such as "cf_erp_order"');
/** The keys mapFreshdeskTicket writes in `extra` itself. */
const FRESHDESK_TICKET_EXTRA = ['freshdesk_status', 'ticket_type', 'tags', 'tombstone'];

export const freshdeskOptionsSchema = z.object({
  /** `acme` or `acme.freshdesk.com`; or give `base_url`. */
  domain: z.string().regex(/^[a-z0-9][a-z0-9-]*(\.freshdesk\.com)?$/, 'a Freshdesk domain such as "acme" or "acme.freshdesk.com"').optional(),
  base_url: z.url().optional(),
  api_key_env: envVarName.default('FRESHDESK_API_KEY'),
  per_page: z.number().int().min(1).max(100).default(100),
  /** `include=stats` (reply, resolve and close times → events); costs extra API credits per request. */
  stats: z.boolean().default(true),
  /** Predefined filters read after the live list; their tickets are stored as tombstones (status deleted). */
  tombstones: z.array(z.enum(['deleted', 'spam'])).default(['deleted', 'spam']),
  /** Resolve group and agent names from /api/v2/groups and /api/v2/agents (once, and again on an unknown id). */
  resolve_names: z.boolean().default(true),
  /** Canonical status of a custom status (≥ 6) that `status_map` does not name. */
  other_status: z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']).default('open'),
  /** Ticket custom fields (their `name`, e.g. `cf_erp_order`) holding a linked record's id. */
  links: linkFieldsSchema(ticketCustomField),
  /** Ticket custom fields (their `name`, e.g. `cf_customer_tier`) kept in each ticket's `extra`, as `custom_fields` gives them. */
  extra_fields: extraFieldsSchema(ticketCustomField, FRESHDESK_TICKET_EXTRA),
  /** Read the companies (`/api/v2/companies`) as accounts, what the customer map matches on. */
  accounts: z.boolean().default(true),
  /** Companies are read whole (the list has no filter by change), at most this often. */
  accounts_interval: accountsInterval(3_600_000),
  /** Company fields holding a tax id and an external id, e.g. `custom_fields.tax_id`. */
  account_fields: accountFieldsSchema(companyField),
  ...serviceDeskOptions,
}).strict().refine((o) => (o.domain === undefined) !== (o.base_url === undefined),
  { message: 'give either "domain" or "base_url"', path: ['domain'] });
export type FreshdeskOptions = z.output<typeof freshdeskOptionsSchema>;

const STATUSES: Record<string, TicketStatus> = { 2: 'open', 3: 'pending', 4: 'solved', 5: 'closed' };
const PRIORITIES: Record<string, TicketPriority> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' };
const CHANNELS: Record<number, string> = { 1: 'email', 2: 'portal', 3: 'phone', 7: 'chat', 9: 'feedback_widget', 10: 'outbound_email' };
/** Freshdesk refuses pages beyond 300 of one listing. */
const MAX_PAGE = 300;
/** An unknown group or agent id reloads the name lists at once, then at most this often. */
const NAMES_TTL_MS = 10 * 60_000;

export interface FreshdeskTicket {
  id: number; status: number; priority: number; subject?: string | null; type?: string | null; source?: number;
  created_at: string; updated_at: string; group_id?: number | null; responder_id?: number | null; company_id?: number | null;
  due_by?: string | null; fr_due_by?: string | null; nr_due_by?: string | null; deleted?: boolean; spam?: boolean; tags?: string[];
  custom_fields?: Record<string, unknown> | null;
  stats?: { agent_responded_at?: string | null; requester_responded_at?: string | null; first_responded_at?: string | null;
    status_updated_at?: string | null; reopened_at?: string | null; resolved_at?: string | null; closed_at?: string | null; pending_since?: string | null };
}
export interface FreshdeskNames { groups?: Map<number, string>; agents?: Map<number, string> }
/** A company as `GET /api/v2/companies` lists it. */
export interface FreshdeskCompany {
  id: number; name?: string | null; description?: string | null; note?: string | null; domains?: string[] | null;
  custom_fields?: Record<string, unknown> | null; created_at: string; updated_at: string;
}

/** One Freshdesk ticket (list shape, with or without stats) as a canonical ticket; `tombstone` for the deleted/spam filters. */
export function mapFreshdeskTicket(t: FreshdeskTicket, opts: FreshdeskOptions, names: FreshdeskNames = {}, tombstone = false): Ticket {
  const status: TicketStatus = tombstone || t.deleted || t.spam ? 'deleted' : mapped(t.status, opts.status_map, STATUSES) ?? opts.other_status;
  const s = t.stats ?? {};
  const events = ticketEvents([
    { at: maybeUtc(s.first_responded_at), kind: 'comment', by: 'agent', public: true },
    { at: maybeUtc(s.agent_responded_at), kind: 'comment', by: 'agent', public: true },
    { at: maybeUtc(s.requester_responded_at), kind: 'comment', by: 'customer', public: true },
    { at: maybeUtc(s.resolved_at), kind: 'status', to: 'solved' },
    { at: maybeUtc(s.reopened_at), kind: 'status', to: 'open' },
    { at: maybeUtc(s.closed_at), kind: 'status', to: 'closed' },
    ...(status === 'pending' ? [{ at: maybeUtc(s.pending_since), kind: 'status' as const, to: status }] : []),
  ], status, status === 'deleted' ? undefined : maybeUtc(s.status_updated_at));
  const due = [['first_reply_time', t.fr_due_by], ['next_reply_time', t.nr_due_by], ['resolution', t.due_by]] as const;
  const vendorDue = due.flatMap(([metric, at]) => (at ? [{ metric, due_at: utcInstant(at) }] : []));
  const group = t.group_id == null ? undefined : opts.group_map[String(t.group_id)] ?? names.groups?.get(t.group_id) ?? String(t.group_id);
  const links = readLinks(opts.links, (field) => t.custom_fields?.[field]);
  return {
    type: 'ticket', id: String(t.id), status,
    priority: mapped(t.priority, opts.priority_map, PRIORITIES) ?? 'normal',
    created_at: utcInstant(t.created_at), updated_at: utcInstant(t.updated_at),
    ...(t.subject ? { subject: t.subject } : {}),
    ...(group ? { group } : {}),
    ...(t.responder_id != null ? { assignee: names.agents?.get(t.responder_id) ?? String(t.responder_id) } : {}),
    ...(t.company_id != null ? { customer: String(t.company_id), account_id: String(t.company_id) } : {}),
    ...(links ? { links } : {}),
    ...(t.source !== undefined ? { channel: CHANNELS[t.source] ?? `source_${t.source}` } : {}),
    ...(opts.department ? { department: opts.department } : {}),
    ...(events.length > 0 ? { events } : {}),
    ...(vendorDue.length > 0 ? { vendor_due: vendorDue } : {}),
    extra: { ...readExtra(opts.extra_fields, (field) => t.custom_fields?.[field]), freshdesk_status: t.status, ticket_type: t.type ?? null, tags: t.tags ?? [], ...(status === 'deleted' ? { tombstone: t.spam ? 'spam' : 'deleted' } : {}) },
  };
}

/**
 * One company as an account: its id (what a ticket's `company_id` holds), `name`, the first of `domains`, and the
 * `account_fields` (paths on the company, e.g. `custom_fields.tax_id`) as tax id and external id.
 */
export function mapFreshdeskCompany(c: FreshdeskCompany, opts: Partial<Pick<FreshdeskOptions, 'account_fields'>> = {}): Account {
  const fields = opts.account_fields ?? {};
  const taxId = fields.tax_id ? dimensionText(valueAt(c, fields.tax_id)) : undefined;
  const externalId = fields.external_id ? dimensionText(valueAt(c, fields.external_id)) : undefined;
  const domain = c.domains?.find((d) => typeof d === 'string' && d !== '');
  return {
    type: 'account', id: String(c.id), name: c.name || String(c.id),
    ...(taxId ? { tax_id: taxId.trim() } : {}),
    ...(externalId ? { external_id: externalId.trim() } : {}),
    ...(domain ? { domain } : {}),
    created_at: utcInstant(c.created_at), updated_at: utcInstant(c.updated_at),
  };
}

/** The `Link: <…>; rel="next"` header Freshdesk sends while more pages follow. */
export function hasNextLink(link: string | null): boolean {
  return link !== null && /rel="?next"?/.test(link);
}

const later = (a: string | undefined, b: string) => (a && Date.parse(a) >= Date.parse(b) ? a : b);
const restartAt = (newest: string | undefined, fallback: string) => (newest ? isoSeconds(Date.parse(newest)) : fallback);

/** Freshdesk tickets through `updated_since` and page paging, with deleted and spam tickets as tombstones. */
export function createFreshdeskConnector(opts: FreshdeskOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<FreshdeskCursor> {
  const base = opts.base_url ?? `https://${opts.domain!.replace(/\.freshdesk\.com$/, '')}.freshdesk.com`;
  const phases = [undefined, ...opts.tombstones];
  const names: FreshdeskNames = {};
  const headers = () => ({ authorization: basicAuth(secretFrom(env, opts.api_key_env, sourceId), 'X') });

  /** id → name from a paged lookup list (groups, agents). */
  async function lookup(path: string, nameOf: (item: Record<string, unknown>) => unknown, signal: AbortSignal) {
    const out = new Map<number, string>();
    for (let page = 1; page <= MAX_PAGE; page++) {
      const url = joinUrl(base, path);
      url.searchParams.set('per_page', '100');
      url.searchParams.set('page', String(page));
      const res = await getJson<Record<string, unknown>[]>(url, { signal, headers: headers() });
      for (const item of res.body) if (typeof nameOf(item) === 'string') out.set(Number(item.id), nameOf(item) as string);
      if (!hasNextLink(res.headers.get('link'))) break;
    }
    return out;
  }
  const missedAt = { groups: -Infinity, agents: -Infinity }; // the last reload caused by an unknown id
  async function refreshNames(tickets: FreshdeskTicket[], now: number, signal: AbortSignal, log: Logger) {
    const stale = (which: 'groups' | 'agents', ids: (number | null | undefined)[]) => {
      if (!names[which]) return true;
      const miss = now - missedAt[which] > NAMES_TTL_MS && ids.some((id) => id != null && !names[which]!.has(id));
      if (miss) missedAt[which] = now;
      return miss;
    };
    // A key without the right to list groups or agents (403) keeps ids instead of names; nothing else stops.
    const load = (path: string, nameOf: (item: Record<string, unknown>) => unknown) => lookup(path, nameOf, signal).catch((err: unknown) => {
      if (!(err instanceof HttpError && err.status === 403)) throw err;
      log.warn({ source: sourceId, error: err.message }, 'freshdesk names not readable; showing ids');
      return new Map<number, string>();
    });
    if (stale('groups', tickets.map((t) => (opts.group_map[String(t.group_id)] ? null : t.group_id)))) {
      names.groups = await load('/api/v2/groups', (g) => g.name);
    }
    if (stale('agents', tickets.map((t) => t.responder_id))) {
      names.agents = await load('/api/v2/agents', (a) => (a.contact as { name?: string } | undefined)?.name);
    }
  }

  let accounts = opts.accounts;
  /**
   * One page of the companies' sweep (`GET /api/v2/companies`, 100 a page, while `Link: rel="next"`). The list takes no
   * filter by change, so every company is read again each sweep; the store keeps what did not change as it was.
   */
  async function companiesPage(state: FreshdeskCursor, signal: AbortSignal, log: Logger): Promise<PollPage<FreshdeskCursor>> {
    const sweep = state.companies!;
    const page = sweep.page!;
    const url = joinUrl(base, '/api/v2/companies');
    url.searchParams.set('per_page', '100');
    url.searchParams.set('page', String(page));
    let res;
    try {
      res = await getJson<FreshdeskCompany[]>(url, { signal, headers: headers() });
    } catch (err) {
      if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
      accounts = false;
      log.warn({ source: sourceId, error: err.message }, 'freshdesk companies not readable; no accounts for the customer map');
      return { records: [], cursor: { ...state, companies: { read_at: sweep.started } } };
    }
    if (!Array.isArray(res.body)) throw new Error(`GET ${url} → expected a JSON array of companies`);
    const records = mapEach(res.body, (c) => mapFreshdeskCompany(c, opts), log, sourceId);
    if (hasNextLink(res.headers.get('link')) && page < MAX_PAGE) {
      return { records, cursor: { ...state, companies: { ...sweep, page: page + 1 } }, more: true };
    }
    return { records, cursor: { ...state, companies: { read_at: sweep.started } } };
  }

  return {
    kind: 'freshdesk',
    entities: opts.accounts ? ['ticket', 'account'] : ['ticket'],
    async poll({ cursor, now, signal, log }) {
      if (cursor?.companies?.page !== undefined && accounts) return companiesPage(cursor, signal, log);
      const start = isoSeconds(now - opts.backfill_days * 86_400_000);
      const state: FreshdeskCursor = cursor ?? { since: start, pass_since: start, phase: 0, page: 1, backfill: { from: Date.parse(start), to: now } };
      const filter = phases[state.phase];
      const url = joinUrl(base, '/api/v2/tickets');
      url.searchParams.set('updated_since', filter ? state.pass_since : state.since);
      url.searchParams.set('order_by', 'updated_at');
      url.searchParams.set('order_type', 'asc');
      url.searchParams.set('per_page', String(opts.per_page));
      url.searchParams.set('page', String(state.page));
      if (filter) url.searchParams.set('filter', filter);
      if (opts.stats && !filter) url.searchParams.set('include', 'stats');
      const res = await getJson<FreshdeskTicket[]>(url, { signal, headers: headers() });
      if (!Array.isArray(res.body)) throw new Error(`GET ${url} → expected a JSON array of tickets`);
      const tickets = res.body;
      if (opts.resolve_names && tickets.length > 0) await refreshNames(tickets, now, signal, log);
      const records = mapEach(tickets, (t) => mapFreshdeskTicket(t, opts, names, filter !== undefined), log, sourceId);
      const newest = records.reduce<string | undefined>((n, t) => later(n, t.updated_at), state.newest);

      let next: FreshdeskCursor;
      if (hasNextLink(res.headers.get('link'))) {
        next = state.page < MAX_PAGE ? { ...state, page: state.page + 1, newest }
          // The cap: go on from the newest change seen (inclusive, so nothing is skipped; the store de-duplicates).
          : { ...state, ...(filter ? { pass_since: restartAt(newest, state.pass_since) } : { since: restartAt(newest, state.since) }), page: 1, newest };
      } else if (state.phase + 1 < phases.length) {
        next = { ...state, phase: state.phase + 1, page: 1, newest };
      } else {
        const since = newest ? isoSeconds(Math.max(Date.parse(newest) - opts.overlap, Date.parse(state.pass_since))) : state.pass_since;
        // The pass is over: the companies' sweep follows in the same poll when the last began accounts_interval ago.
        const lastSweep = state.companies?.read_at;
        const sweep = accounts && (lastSweep === undefined || now - lastSweep >= opts.accounts_interval);
        const companies = sweep ? { companies: { page: 1, started: now, ...(lastSweep !== undefined ? { read_at: lastSweep } : {}) } }
          : state.companies ? { companies: state.companies } : {};
        return { records, cursor: { since, pass_since: since, phase: 0, page: 1, ...(newest ? { newest } : {}), ...companies }, more: sweep };
      }
      return { records, cursor: next, more: true, ...backfillProgress(state.backfill, newest ? Date.parse(newest) : undefined) };
    },
  };
}

export const freshdeskConnector = defineConnector({
  kind: 'freshdesk', title: 'Freshdesk tickets (updated_since paging, SLA due times, deleted/spam tombstones) and companies', options: freshdeskOptionsSchema,
  defaultInterval: '1m',
  create: (options, { env, sourceId }) => createFreshdeskConnector(options, env, sourceId),
});
