import { z } from 'zod';
import type { Logger } from 'pino';
import type { Account, Ticket, TicketPriority, TicketStatus } from '../../model';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { getJson, HttpError, joinUrl, secretFrom } from './http';
import { envVarName } from '../../fields';
import { accountsInterval, backfillProgress, mapEach, mapped, maybeUtc, serviceDeskOptions, ticketEvents, utcInstant } from './service-desk';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { dimensionText } from './mapping';
import { articleEvents, readArticles, type ZammadArticle } from './zammad-articles';

/** Where a pass over a search `updated_at:[since TO *]`, sorted by updated_at, stands, page by page. */
interface SearchPosition { since: string; page: number; newest?: string }
/**
 * The tickets' pass (at the top), and the organizations': `phase` is `organizations` while one runs, `read_at` (epoch ms) when
 * the last ended, so the next waits `accounts_interval`.
 */
export interface ZammadCursor extends SearchPosition {
  backfill?: { from: number; to: number };
  phase?: 'organizations';
  organizations?: SearchPosition & { read_at?: number };
}

/** A ticket or organization attribute: standard, or custom (object manager attributes are top-level keys, e.g. `erp_order`). */
const attribute = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'an attribute name such as "erp_order"');

/** The keys mapZammadTicket writes in `extra` itself. */
const ZAMMAD_TICKET_EXTRA = ['number', 'zammad_state', 'zammad_priority'];

export const zammadOptionsSchema = z.object({
  /** The Zammad address, e.g. https://helpdesk.example.com */
  base_url: z.url(),
  token_env: envVarName.default('ZAMMAD_TOKEN'),
  /** `token`: `Authorization: Token token=…` (an access token); `bearer`: an OAuth2 access token. */
  auth: z.enum(['token', 'bearer']).default('token'),
  /** Tickets per search page (Zammad caps search at 200). */
  per_page: z.number().int().min(1).max(200).default(100),
  /** Read each changed ticket's articles (one request per ticket) so every public reply is an event. */
  articles: z.boolean().default(true),
  /** At most this many reply events per ticket (the newest), to bound a long thread. */
  max_events: z.number().int().min(1).max(1000).default(100),
  /** Ticket attributes (custom ones, from the object manager) holding a linked record's id. */
  links: linkFieldsSchema(attribute),
  /**
   * Ticket attributes (custom ones from the object manager, e.g. `product_line`, or standard ones) kept in each ticket's `extra`, as the
   * search gives them: a select its option's key, a multi-select its list of keys, a boolean true/false, an integer a number.
   */
  extra_fields: extraFieldsSchema(attribute, ZAMMAD_TICKET_EXTRA),
  /** Read the organizations (their search by `updated_at`) as accounts, what the customer map matches on. */
  accounts: z.boolean().default(true),
  /** At most this often. */
  accounts_interval: accountsInterval(300_000),
  /** Organization attributes holding a tax id and an external id (Zammad has neither as standard). */
  account_fields: accountFieldsSchema(attribute),
  ...serviceDeskOptions,
}).strict();
export type ZammadOptions = z.output<typeof zammadOptionsSchema>;

/** Canonical status by state type (Zammad has no endpoint for state types; ids are the stock ones). */
const BY_STATE_TYPE: Record<number, TicketStatus> = { 1: 'new', 2: 'open', 3: 'on_hold', 4: 'pending', 5: 'closed', 6: 'closed', 7: 'deleted' };
/** Canonical status by stock state name, when a state is not in the lookup. */
const BY_STATE_NAME: Record<string, TicketStatus> = {
  new: 'new', open: 'open', 'pending reminder': 'on_hold', 'pending close': 'pending', closed: 'closed', merged: 'closed', removed: 'deleted',
};
/** The first organizations pass reads them all. */
const EPOCH = '1970-01-01T00:00:00.000Z';
/** Elasticsearch's default max_result_window: from + size beyond it is refused. */
const MAX_RESULTS = 10_000;
/** Zammad's "-" user: owner of every unassigned ticket. */
const NOBODY = 1;
/** A state or priority id missing from the lookups reloads them at once, then at most this often. */
const LOOKUPS_TTL_MS = 60_000;

export interface ZammadState { id: number; name: string; state_type_id: number }
export interface ZammadPriority { id: number; name: string }
export interface ZammadTicket {
  id: number; number?: string; title?: string | null; state_id: number; priority_id: number; group_id?: number | null; organization_id?: number | null;
  owner_id?: number | null; created_at: string; updated_at: string; close_at?: string | null;
  first_response_at?: string | null; last_contact_agent_at?: string | null; last_contact_customer_at?: string | null;
  first_response_escalation_at?: string | null; update_escalation_at?: string | null; close_escalation_at?: string | null;
  state?: string; priority?: string; group?: string; owner?: string; customer?: string; organization?: string | null;
  create_article_type?: string;
}
export interface ZammadLookups { states: Map<number, ZammadState>; priorities: Map<number, ZammadPriority> }
/** An organization as the organizations search lists it (custom attributes are top-level keys). */
export interface ZammadOrganization {
  id: number; name?: string | null; domain?: string | null; active?: boolean; vip?: boolean; note?: string | null;
  created_at: string; updated_at: string;
}

/** A priority name's meaning: its leading digit ("2 normal"), else a word in it. */
export function priorityFromName(name: string | undefined): TicketPriority {
  const digit = /^\s*(\d+)/.exec(name ?? '')?.[1];
  if (digit) return (['low', 'low', 'normal', 'high'] as const)[Number(digit)] ?? 'urgent';
  const word = /urgent|high|low|normal/i.exec(name ?? '')?.[0]?.toLowerCase();
  return (word as TicketPriority | undefined) ?? 'normal';
}

/** Canonical status: the config's map (state name, then id), else the state's type, else its stock name, else open. */
export function zammadStatus(t: ZammadTicket, opts: ZammadOptions, lookups: ZammadLookups): TicketStatus {
  const state = lookups.states.get(t.state_id);
  const stateName = state?.name ?? t.state;
  return mapped(stateName, opts.status_map, {}) ?? mapped(t.state_id, opts.status_map, {})
    ?? (state ? BY_STATE_TYPE[state.state_type_id] : undefined) ?? mapped(stateName, {}, BY_STATE_NAME) ?? 'open';
}

/**
 * One Zammad ticket (search with expand=true) as a canonical ticket, states and priorities resolved by id. With its
 * `articles`, every public reply is an event; without, the first response and the latest contacts are.
 */
export function mapZammadTicket(t: ZammadTicket, opts: ZammadOptions, lookups: ZammadLookups, articles?: ZammadArticle[]): Ticket {
  const stateName = lookups.states.get(t.state_id)?.name ?? t.state;
  const status = zammadStatus(t, opts, lookups);
  const priorityName = lookups.priorities.get(t.priority_id)?.name ?? t.priority;
  const priority = mapped(priorityName, opts.priority_map, {}) ?? mapped(t.priority_id, opts.priority_map, {}) ?? priorityFromName(priorityName);
  const replies = articles ? articleEvents(articles, opts.max_events) : [
    { at: maybeUtc(t.first_response_at), kind: 'comment' as const, by: 'agent' as const, public: true },
    { at: maybeUtc(t.last_contact_customer_at), kind: 'comment' as const, by: 'customer' as const, public: true },
    { at: maybeUtc(t.last_contact_agent_at), kind: 'comment' as const, by: 'agent' as const, public: true },
  ];
  const events = ticketEvents(replies, status, status === 'closed' || status === 'solved' ? maybeUtc(t.close_at) : undefined);
  const due = [['first_reply_time', t.first_response_escalation_at], ['next_reply_time', t.update_escalation_at], ['resolution', t.close_escalation_at]] as const;
  const vendorDue = due.flatMap(([metric, at]) => (at ? [{ metric, due_at: utcInstant(at) }] : []));
  const group = (t.group_id != null ? opts.group_map[String(t.group_id)] : undefined) ?? (t.group ? opts.group_map[t.group] ?? t.group : undefined)
    ?? (t.group_id != null ? String(t.group_id) : undefined);
  const assigned = t.owner_id != null && t.owner_id !== NOBODY && t.owner && t.owner !== '-';
  const links = readLinks(opts.links, (field) => (t as unknown as Record<string, unknown>)[field]);
  return {
    type: 'ticket', id: String(t.id), status, priority,
    created_at: utcInstant(t.created_at), updated_at: utcInstant(t.updated_at),
    ...(t.title ? { subject: t.title } : {}),
    ...(group ? { group } : {}),
    ...(assigned ? { assignee: t.owner } : {}),
    ...(t.organization || t.customer ? { customer: t.organization || t.customer } : {}),
    ...(t.organization_id != null ? { account_id: String(t.organization_id) } : {}),
    ...(links ? { links } : {}),
    ...(t.create_article_type ? { channel: t.create_article_type } : {}),
    ...(opts.department ? { department: opts.department } : {}),
    ...(events.length > 0 ? { events } : {}),
    ...(vendorDue.length > 0 ? { vendor_due: vendorDue } : {}),
    extra: { ...readExtra(opts.extra_fields, (field) => (t as unknown as Record<string, unknown>)[field]), number: t.number ?? null, zammad_state: stateName ?? null, zammad_priority: priorityName ?? null },
  };
}

/**
 * One organization as an account: its id (what a ticket's `organization_id` holds), `name`, `domain`, and the `account_fields`
 * attributes as tax id and external id. An inactive organization stays an account, flagged.
 */
export function mapZammadOrganization(o: ZammadOrganization, opts: Partial<Pick<ZammadOptions, 'account_fields'>> = {}): Account {
  const fields = opts.account_fields ?? {};
  const read = (field: string | undefined) => (field ? dimensionText((o as unknown as Record<string, unknown>)[field])?.trim() : undefined);
  const taxId = read(fields.tax_id);
  const externalId = read(fields.external_id);
  return {
    type: 'account', id: String(o.id), name: o.name || String(o.id),
    ...(taxId ? { tax_id: taxId } : {}),
    ...(externalId ? { external_id: externalId } : {}),
    ...(o.domain ? { domain: o.domain } : {}),
    created_at: utcInstant(o.created_at), updated_at: utcInstant(o.updated_at),
    ...(o.active === false ? { extra: { inactive: true } } : {}),
  };
}

/**
 * The position after a page of a search pass: a full page means more follow (past the search window's end, the pass goes on
 * from the newest change seen instead); a short one ends the pass, and the next starts at the newest change less the overlap
 * (the index lags the database by seconds).
 */
function afterPage(p: SearchPosition, count: number, newest: string | undefined, perPage: number, overlap: number): SearchPosition & { more: boolean } {
  if (count >= perPage) {
    const restart = p.page * perPage + perPage > MAX_RESULTS;
    return { since: restart ? newest ?? p.since : p.since, page: restart ? 1 : p.page + 1, ...(newest ? { newest } : {}), more: true };
  }
  const since = newest ? new Date(Math.max(Date.parse(newest) - overlap, Date.parse(p.since))).toISOString() : p.since;
  return { since, page: 1, ...(newest ? { newest } : {}), more: false };
}

const newestOf = (records: { updated_at: string }[], from: string | undefined) =>
  records.reduce<string | undefined>((n, r) => (n && Date.parse(n) >= Date.parse(r.updated_at) ? n : r.updated_at), from);

/** Zammad tickets through the search API (needs Elasticsearch), states and priorities from their lookups. */
export function createZammadConnector(opts: ZammadOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<ZammadCursor> {
  let lookups: ZammadLookups | undefined;
  let missedAt = -Infinity; // the last reload caused by an unknown id
  const headers = () => {
    const token = secretFrom(env, opts.token_env, sourceId);
    return { authorization: opts.auth === 'token' ? `Token token=${token}` : `Bearer ${token}` };
  };
  async function loadLookups(signal: AbortSignal): Promise<ZammadLookups> {
    const [states, priorities] = await Promise.all([
      getJson<ZammadState[]>(joinUrl(opts.base_url, '/api/v1/ticket_states'), { signal, headers: headers() }),
      getJson<ZammadPriority[]>(joinUrl(opts.base_url, '/api/v1/ticket_priorities'), { signal, headers: headers() }),
    ]);
    return { states: new Map(states.body.map((s) => [s.id, s])), priorities: new Map(priorities.body.map((p) => [p.id, p])) };
  }

  /** One search page (`/api/v1/<what>/search`) of the records changed since `p.since`, oldest change first. */
  async function search<T>(what: 'tickets' | 'organizations', p: SearchPosition, signal: AbortSignal, extra: Record<string, string> = {}): Promise<T[]> {
    const url = joinUrl(opts.base_url, `/api/v1/${what}/search`);
    url.searchParams.set('query', `updated_at:["${p.since}" TO *]`);
    url.searchParams.set('sort_by', 'updated_at');
    url.searchParams.set('order_by', 'asc');
    url.searchParams.set('page', String(p.page));
    url.searchParams.set('per_page', String(opts.per_page));
    for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
    const { body } = await getJson<T[]>(url, { signal, headers: headers() });
    if (!Array.isArray(body)) throw new Error(`GET ${url} → expected a JSON array of ${what}${what === 'tickets' ? ' (expand=true)' : ''}`);
    return body;
  }

  let accounts = opts.accounts;
  /** One page of the organizations' pass; the first reads them all. */
  async function organizationsPage(state: ZammadCursor, now: number, signal: AbortSignal, log: Logger): Promise<PollPage<ZammadCursor>> {
    const { phase: _phase, ...tickets } = state;
    const p = state.organizations ?? { since: EPOCH, page: 1 };
    let body: ZammadOrganization[];
    try {
      body = await search<ZammadOrganization>('organizations', p, signal);
    } catch (err) {
      if (!(err instanceof HttpError && [401, 403, 404].includes(err.status))) throw err;
      accounts = false;
      log.warn({ source: sourceId, error: err.message }, 'Zammad organizations unreadable; no accounts for the customer map');
      return { records: [], cursor: tickets };
    }
    const records = mapEach(body, (o) => mapZammadOrganization(o, opts), log, sourceId);
    const { more, ...next } = afterPage(p, body.length, newestOf(records, p.newest), opts.per_page, opts.overlap);
    return { records, cursor: { ...tickets, organizations: { ...next, ...(more ? {} : { read_at: now }) }, ...(more ? { phase: 'organizations' } : {}) },
      ...(more ? { more } : {}) };
  }

  return {
    kind: 'zammad',
    entities: opts.accounts ? ['ticket', 'account'] : ['ticket'],
    async poll({ cursor, now, signal, log }) {
      if (cursor?.phase === 'organizations' && accounts) return organizationsPage(cursor, now, signal, log);
      const start = new Date(now - opts.backfill_days * 86_400_000).toISOString();
      const state: ZammadCursor = cursor ?? { since: start, page: 1, backfill: { from: Date.parse(start), to: now } };
      const body = await search<ZammadTicket>('tickets', state, signal, { expand: 'true' });
      // States and priorities are tenant-specific: load them once, and again when a ticket names one we lack.
      const unknown = (l: ZammadLookups) => body.some((t) => !l.states.has(t.state_id) || !l.priorities.has(t.priority_id));
      if (!lookups) lookups = await loadLookups(signal);
      else if (now - missedAt > LOOKUPS_TTL_MS && unknown(lookups)) {
        lookups = await loadLookups(signal);
        missedAt = now;
      }
      const known = lookups;
      // Removed tickets need no replies: they leave every count.
      const live = body.filter((t) => zammadStatus(t, opts, known) !== 'deleted').map((t) => t.id);
      const articles = opts.articles && live.length > 0 ? await readArticles(opts.base_url, live, headers(), signal,
        (id, why) => log.warn({ source: sourceId, ticket: id, error: why }, 'Zammad articles unreadable; replies from the ticket fields')) : undefined;
      const records = mapEach(body, (t) => mapZammadTicket(t, opts, known, articles?.get(t.id)), log, sourceId);
      const newest = newestOf(records, state.newest);
      const { more, ...next } = afterPage(state, body.length, newest, opts.per_page, opts.overlap);
      const organizations = state.organizations ? { organizations: state.organizations } : {};
      if (more) {
        return { records, cursor: { ...state, ...next }, more: true, ...backfillProgress(state.backfill, newest ? Date.parse(newest) : undefined) };
      }
      // The pass is over: the organizations' follows in the same poll, at most every accounts_interval.
      const lastRead = state.organizations?.read_at;
      const toOrganizations = accounts && (lastRead === undefined || now - lastRead >= opts.accounts_interval);
      return { records, cursor: { ...next, ...organizations, ...(toOrganizations ? { phase: 'organizations' as const } : {}) }, more: toOrganizations };
    },
  };
}

export const zammadConnector = defineConnector({
  kind: 'zammad', title: 'Zammad tickets (search API by updated_at, escalation due times) and organizations', options: zammadOptionsSchema,
  defaultInterval: '30s',
  create: (options, { env, sourceId }) => createZammadConnector(options, env, sourceId),
});
