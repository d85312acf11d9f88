import { z } from 'zod';
import type { Ticket, TicketPriority, TicketStatus } from '../../model';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { getJson, joinUrl, secretFrom } from './http';
import { envVarName } from '../../fields';
import { backfillProgress, mapEach, mapped, maybeUtc, serviceDeskOptions, ticketEvents, utcInstant } from './service-desk';
import { articleEvents, readArticles, type ZammadArticle } from './zammad-articles';

/** A pass over the search `updated_at:[since TO *]`, sorted by updated_at, page by page. */
export interface ZammadCursor { since: string; page: number; newest?: string; backfill?: { from: number; to: number } }

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
  ...serviceDeskOptions,
}).strict();
export type ZammadOptions = z.output<typeof zammadOptionsSchema>;

/** Canonical status by state type (Zammad has no endpoint for state types; ids are the stock ones). */
const BY_STATE_TYPE: Record<number, TicketStatus> = { 1: 'new', 2: 'open', 3: 'on_hold', 4: 'pending', 5: 'closed', 6: 'closed', 7: 'deleted' };
/** Canonical status by stock state name, when a state is not in the lookup. */
const BY_STATE_NAME: Record<string, TicketStatus> = {
  new: 'new', open: 'open', 'pending reminder': 'on_hold', 'pending close': 'pending', closed: 'closed', merged: 'closed', removed: 'deleted',
};
/** Elasticsearch's default max_result_window: from + size beyond it is refused. */
const MAX_RESULTS = 10_000;
/** Zammad's "-" user: owner of every unassigned ticket. */
const NOBODY = 1;
/** A state or priority id missing from the lookups reloads them at once, then at most this often. */
const LOOKUPS_TTL_MS = 60_000;

export interface ZammadState { id: number; name: string; state_type_id: number }
export interface ZammadPriority { id: number; name: string }
export interface ZammadTicket {
  id: number; number?: string; title?: string | null; state_id: number; priority_id: number; group_id?: number | null;
  owner_id?: number | null; created_at: string; updated_at: string; close_at?: string | null;
  first_response_at?: string | null; last_contact_agent_at?: string | null; last_contact_customer_at?: string | null;
  first_response_escalation_at?: string | null; update_escalation_at?: string | null; close_escalation_at?: string | null;
  state?: string; priority?: string; group?: string; owner?: string; customer?: string; organization?: string | null;
  create_article_type?: string;
}
export interface ZammadLookups { states: Map<number, ZammadState>; priorities: Map<number, ZammadPriority> }

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
  return {
    type: 'ticket', id: String(t.id), status, priority,
    created_at: utcInstant(t.created_at), updated_at: utcInstant(t.updated_at),
    ...(t.title ? { subject: t.title } : {}),
    ...(group ? { group } : {}),
    ...(assigned ? { assignee: t.owner } : {}),
    ...(t.organization || t.customer ? { customer: t.organization || t.customer } : {}),
    ...(t.create_article_type ? { channel: t.create_article_type } : {}),
    ...(opts.department ? { department: opts.department } : {}),
    ...(events.length > 0 ? { events } : {}),
    ...(vendorDue.length > 0 ? { vendor_due: vendorDue } : {}),
    extra: { number: t.number ?? null, zammad_state: stateName ?? null, zammad_priority: priorityName ?? null },
  };
}

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

  return {
    kind: 'zammad',
    entities: ['ticket'],
    async poll({ cursor, now, signal, log }) {
      const start = new Date(now - opts.backfill_days * 86_400_000).toISOString();
      const state: ZammadCursor = cursor ?? { since: start, page: 1, backfill: { from: Date.parse(start), to: now } };
      const url = joinUrl(opts.base_url, '/api/v1/tickets/search');
      url.searchParams.set('query', `updated_at:["${state.since}" TO *]`);
      url.searchParams.set('sort_by', 'updated_at');
      url.searchParams.set('order_by', 'asc');
      url.searchParams.set('page', String(state.page));
      url.searchParams.set('per_page', String(opts.per_page));
      url.searchParams.set('expand', 'true');
      const { body } = await getJson<ZammadTicket[]>(url, { signal, headers: headers() });
      if (!Array.isArray(body)) throw new Error(`GET ${url} → expected a JSON array of tickets (expand=true)`);
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
      const newest = records.reduce<string | undefined>((n, t) => (n && Date.parse(n) >= Date.parse(t.updated_at) ? n : t.updated_at), state.newest);

      if (body.length >= opts.per_page) {
        // A full page: more follow. Past the search window's end, go on from the newest change seen instead.
        const next = state.page * opts.per_page + opts.per_page > MAX_RESULTS ? { ...state, since: newest ?? state.since, page: 1, newest }
          : { ...state, page: state.page + 1, newest };
        return { records, cursor: next, more: true, ...backfillProgress(state.backfill, newest ? Date.parse(newest) : undefined) };
      }
      // The index lags the database by seconds: the next pass re-reads the overlap before the newest change.
      const since = newest ? new Date(Math.max(Date.parse(newest) - opts.overlap, Date.parse(state.since))).toISOString() : state.since;
      return { records, cursor: { since, page: 1, ...(newest ? { newest } : {}) }, more: false };
    },
  };
}

export const zammadConnector = defineConnector({
  kind: 'zammad', title: 'Zammad tickets (search API by updated_at, escalation due times)', options: zammadOptionsSchema,
  defaultInterval: '30s',
  create: (options, { env, sourceId }) => createZammadConnector(options, env, sourceId),
});
