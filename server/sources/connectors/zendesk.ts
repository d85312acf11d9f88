import { z } from 'zod';
import type { Account, Ticket, TicketPriority, TicketStatus } from '../../model';
import type { Logger } from 'pino';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { basicAuth, getJson, HttpError, joinUrl, secretFrom } from './http';
import { envVarName } from '../../fields';
import { dimensionFields, dimensionText, valueAt } from './mapping';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { accountsInterval, backfillProgress, mapEach, mapped, maybeUtc, serviceDeskOptions, ticketEvents, utcInstant } from './service-desk';
import { movesOf, passedTickets, withMoves, type RawMove, type TicketEventsPage } from './zendesk-events';

/** The export's position: Zendesk's opaque cursor, or a start time (unix s) when there is none yet. */
export interface ZendeskCursor {
  after_cursor?: string;
  start_time?: number;
  /** Newest `generated_timestamp` seen (unix s): where to restart, less the overlap, if the cursor is refused. */
  watermark?: number;
  /** Set during a first-run backfill (epoch ms), for progress. */
  backfill?: { from: number; to: number };
  /**
   * `ticket_events` while the ticket events export is read (after the tickets' export reached the end of its stream), then
   * `organizations` while the organizations export is read.
   */
  phase?: 'ticket_events' | 'organizations';
  /**
   * The ticket events export's position: its time-based `start_time` (unix s), and the ids of the audits of that second
   * already read (the export repeats its boundary second, and each audit read costs its ticket a `show_many` look-up).
   */
  ticket_events?: { start_time: number; seen?: number[] };
  /**
   * The organizations export's position: its time-based `start_time` (unix s; 0 = the account's whole history), and when
   * its last run ended (epoch ms), so the next one waits `accounts_interval`.
   */
  organizations?: { start_time: number; read_at?: number };
}

/** The keys mapZendeskTicket writes in `extra` itself. */
const ZENDESK_TICKET_EXTRA = ['zendesk_status', 'custom_status_id', 'ticket_type', 'tags'];
/** A ticket custom field's id, as text. */
const customFieldId = z.string().regex(/^\d+$/, 'a custom field id such as "360010000001"');
/** An Organization's field: a custom one as `organization_fields.<key>`, or a standard one such as `external_id` or `notes`. */
const organizationField = z.string().regex(/^(organization_fields\.[A-Za-z0-9_-]+|[a-z_]+)$/,
  'an Organization field: "organization_fields.<key>" for a custom field, or a standard field such as "external_id"');

export const zendeskOptionsSchema = z.object({
  /** `acme` for https://acme.zendesk.com; or give `base_url`. */
  subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a Zendesk subdomain such as "acme"').optional(),
  base_url: z.url().optional(),
  /** API token (with `email_env`) or OAuth access token (without). */
  token_env: envVarName.default('ZENDESK_TOKEN'),
  /** The agent's e-mail for API-token auth (`email/token:TOKEN`); without it the token is sent as a Bearer token. */
  email_env: envVarName.optional(),
  /** Tickets per export page (Zendesk allows up to 1000). */
  page_size: z.number().int().min(1).max(1000).default(1000),
  /** Fetch each page's SLA state (`show_many?include=slas`) for `vendor_due`. Needs an SLA-capable plan. */
  slas: z.boolean().default(true),
  /** Priority when a ticket has none (Zendesk's null). */
  default_priority: z.enum(['urgent', 'high', 'normal', 'low']).default('normal'),
  /** Canonical field → the id of the ticket custom field holding it (e.g. a "Department" drop-down). */
  fields: dimensionFields(['department', 'channel'], customFieldId),
  /** Ticket custom fields (by id) holding a linked record's id, e.g. the ERP's order number: `{ "field": "360041597112", "type": "order", "source": "erpnext" }`. */
  links: linkFieldsSchema(customFieldId),
  /**
   * Ticket custom fields (by id) kept in each ticket's `extra`, best under a name: `{ "field": "360010000003", "as": "product_line" }`.
   * A drop-down keeps its option's tag, a multi-select its list of tags, a checkbox true/false, text and numbers as Zendesk sends them.
   */
  extra_fields: extraFieldsSchema(customFieldId, ZENDESK_TICKET_EXTRA),
  /**
   * Read group and assignee changes from the incremental ticket event export (`/api/v2/incremental/ticket_events`, admin
   * only): what `tickets.reassignments` counts, exactly. Off, or refused (403/404), the hub derives them between polls.
   */
  ticket_events: z.boolean().default(true),
  /** Read the organizations (`/api/v2/incremental/organizations`) as accounts, what the customer map matches on. */
  accounts: z.boolean().default(true),
  /** At most this often (the organizations export shares the incremental exports' 10 requests a minute). */
  accounts_interval: accountsInterval(300_000),
  /** Organization fields holding a tax id and an external id (default: the standard `external_id`), e.g. `organization_fields.tax_number`. */
  account_fields: accountFieldsSchema(organizationField),
  ...serviceDeskOptions,
}).strict().refine((o) => (o.subdomain === undefined) !== (o.base_url === undefined),
  { message: 'give either "subdomain" or "base_url"', path: ['subdomain'] });
export type ZendeskOptions = z.output<typeof zendeskOptionsSchema>;
/** What the ticket mapping reads of the options (a webhook push source has only these). */
export type ZendeskMappingOptions = Pick<ZendeskOptions, 'status_map' | 'priority_map' | 'group_map' | 'department' | 'default_priority'>
  & Partial<Pick<ZendeskOptions, 'fields' | 'links' | 'extra_fields'>>;

const STATUSES: Record<string, TicketStatus> = {
  new: 'new', open: 'open', pending: 'pending', hold: 'on_hold', solved: 'solved', closed: 'closed', deleted: 'deleted',
};
const PRIORITIES: Record<string, TicketPriority> = { urgent: 'urgent', high: 'high', normal: 'normal', low: 'low' };
/** Zendesk SLA metric names → OpsWall's, so `vendor_due` lines up with our clocks. */
const SLA_METRICS: Record<string, string> = { periodic_update_time: 'periodic_update', pausable_update_time: 'pausable_update' };

interface Named { id: number; name?: string }
export interface ZendeskTicket {
  id: number; status: string; priority: string | null; subject?: string | null; type?: string | null;
  created_at: string; updated_at: string; generated_timestamp?: number;
  assignee_id?: number | null; group_id?: number | null; organization_id?: number | null; requester_id?: number | null;
  custom_status_id?: number | null; tags?: string[]; via?: { channel?: string };
  custom_fields?: { id: number; value: unknown }[];
  slas?: { policy_metrics?: { metric: string; breach_at: string | null; stage?: string }[] };
}
export interface ZendeskMetricSet {
  ticket_id: number; solved_at?: string | null; status_updated_at?: string | null; latest_comment_added_at?: string | null;
  requester_updated_at?: string | null; assignee_updated_at?: string | null;
  reply_time_in_seconds?: { calendar?: number | null }; reply_time_in_minutes?: { calendar?: number | null };
}
/** An organization as the Organizations API and its incremental export give it. */
export interface ZendeskOrganization {
  id: number; name?: string | null; external_id?: string | null; domain_names?: string[] | null; organization_fields?: Record<string, unknown> | null;
  group_id?: number | null; tags?: string[] | null; created_at: string; updated_at: string;
}
interface ExportPage {
  tickets?: ZendeskTicket[]; metric_sets?: ZendeskMetricSet[]; users?: Named[]; groups?: Named[]; organizations?: Named[];
  after_cursor?: string | null; end_of_stream?: boolean;
}
interface OrganizationsPage { organizations?: ZendeskOrganization[]; next_page?: string | null; end_time?: number; end_of_stream?: boolean }
/** Names of the export page's sideloads, by id. */
export interface ZendeskSideloads { users?: Map<number, string>; groups?: Map<number, string>; organizations?: Map<number, string> }

/** One Zendesk ticket (export shape, SLA state merged in) as a canonical ticket. */
export function mapZendeskTicket(t: ZendeskTicket, opts: ZendeskMappingOptions, metrics?: ZendeskMetricSet, names: ZendeskSideloads = {}): Ticket {
  const status = mapped(t.custom_status_id, opts.status_map, {}) ?? mapped(t.status, opts.status_map, STATUSES) ?? 'open';
  const created = utcInstant(t.created_at);
  let updated = utcInstant(t.updated_at);
  // A deletion may only move generated_timestamp: the tombstone must still be the newest version.
  if (status === 'deleted' && t.generated_timestamp && t.generated_timestamp * 1000 > Date.parse(updated)) updated = utcInstant(t.generated_timestamp);
  const name = (map: Map<number, string> | undefined, id: number | null | undefined) => (id == null ? undefined : map?.get(id) ?? String(id));
  const group = t.group_id == null ? undefined : opts.group_map[String(t.group_id)] ?? name(names.groups, t.group_id);
  const vendorDue = (t.slas?.policy_metrics ?? []).flatMap((m) => (m.breach_at
    ? [{ metric: SLA_METRICS[m.metric] ?? m.metric, due_at: utcInstant(m.breach_at) }] : []));
  const events = metrics ? metricEvents(metrics, created, status) : [];
  const customValue = (field: string) => t.custom_fields?.find((f) => String(f.id) === field)?.value;
  const custom = (field: string | undefined) => (field === undefined ? undefined : dimensionText(customValue(field)));
  const links = readLinks(opts.links ?? [], customValue);
  const department = custom(opts.fields?.department) ?? opts.department;
  const channel = custom(opts.fields?.channel) ?? t.via?.channel;
  return {
    type: 'ticket', id: String(t.id), status,
    priority: mapped(t.priority ?? 'null', opts.priority_map, PRIORITIES) ?? opts.default_priority,
    created_at: created, updated_at: updated,
    ...(t.subject ? { subject: t.subject } : {}),
    ...(group ? { group } : {}),
    ...(t.assignee_id != null ? { assignee: name(names.users, t.assignee_id) } : {}),
    ...(t.organization_id != null ? { customer: name(names.organizations, t.organization_id), account_id: String(t.organization_id) } : {}),
    ...(links ? { links } : {}),
    ...(channel ? { channel } : {}),
    ...(department ? { department } : {}),
    ...(events.length > 0 ? { events } : {}),
    ...(vendorDue.length > 0 ? { vendor_due: vendorDue } : {}),
    extra: { ...readExtra(opts.extra_fields ?? [], customValue), zendesk_status: t.status, custom_status_id: t.custom_status_id ?? null, ticket_type: t.type ?? null, tags: t.tags ?? [] },
  };
}

/**
 * One organization as an account: its id (what a ticket's `organization_id` holds), `name`, the first of `domain_names`,
 * `external_id` (or the `account_fields.external_id` field) and the `account_fields.tax_id` field, by path on the organization.
 */
export function mapZendeskOrganization(o: ZendeskOrganization, opts: Partial<Pick<ZendeskOptions, 'account_fields'>> = {}): Account {
  const fields = opts.account_fields ?? {};
  const taxId = fields.tax_id ? dimensionText(valueAt(o, fields.tax_id)) : undefined;
  const externalId = dimensionText(valueAt(o, fields.external_id ?? 'external_id'));
  const domain = o.domain_names?.find((d) => typeof d === 'string' && d !== '');
  return {
    type: 'account', id: String(o.id), name: o.name || String(o.id),
    ...(taxId ? { tax_id: taxId.trim() } : {}),
    ...(externalId ? { external_id: externalId.trim() } : {}),
    ...(domain ? { domain } : {}),
    created_at: utcInstant(o.created_at), updated_at: utcInstant(o.updated_at),
    extra: { tags: o.tags ?? [], ...(o.group_id != null ? { group_id: o.group_id } : {}) },
  };
}

/**
 * What the metric set tells of a ticket's history: the first agent reply (created + reply time), the
 * latest comment when its author can be told from the requester/assignee update times, the solve, and
 * the current status since `status_updated_at`. Zendesk gives no full comment list on the export.
 */
function metricEvents(m: ZendeskMetricSet, created: string, status: TicketStatus) {
  const replySeconds = m.reply_time_in_seconds?.calendar ?? (m.reply_time_in_minutes?.calendar != null ? m.reply_time_in_minutes.calendar * 60 : null);
  const latest = maybeUtc(m.latest_comment_added_at);
  const latestBy: 'customer' | 'agent' | undefined = latest && latest === maybeUtc(m.requester_updated_at) ? 'customer' : latest && latest === maybeUtc(m.assignee_updated_at) ? 'agent' : undefined;
  return ticketEvents([
    { at: replySeconds != null ? new Date(Date.parse(created) + replySeconds * 1000).toISOString() : undefined, kind: 'comment' as const, by: 'agent' as const, public: true },
    ...(latestBy ? [{ at: latest, kind: 'comment' as const, by: latestBy, public: true }] : []),
    ...(status === 'solved' || status === 'closed' ? [{ at: maybeUtc(m.solved_at), kind: 'status' as const, to: 'solved' as const }] : []),
  ], status, maybeUtc(m.status_updated_at));
}

const byId = (items: Named[] | undefined) => (items ? new Map(items.filter((i) => i.name).map((i) => [i.id, i.name!])) : undefined);
const SHOW_MANY = 100;

/** Zendesk Support through the incremental cursor export; deleted tickets arrive as tombstones. */
export function createZendeskConnector(opts: ZendeskOptions, env: NodeJS.ProcessEnv, sourceId: string): Connector<ZendeskCursor> {
  const base = opts.base_url ?? `https://${opts.subdomain}.zendesk.com`;
  const auth = () => {
    const token = secretFrom(env, opts.token_env, sourceId);
    return { authorization: opts.email_env ? basicAuth(`${secretFrom(env, opts.email_env, sourceId)}/token`, token) : `Bearer ${token}` };
  };

  /** The current SLA state of the page's live tickets, 100 per request. */
  async function slasOf(ids: number[], headers: Record<string, string>, signal: AbortSignal) {
    const out = new Map<number, ZendeskTicket['slas']>();
    for (let i = 0; i < ids.length; i += SHOW_MANY) {
      const url = joinUrl(base, '/api/v2/tickets/show_many.json');
      url.searchParams.set('ids', ids.slice(i, i + SHOW_MANY).join(','));
      url.searchParams.set('include', 'slas');
      const { body } = await getJson<{ tickets?: ZendeskTicket[] }>(url, { signal, headers });
      for (const t of body.tickets ?? []) if (t.slas) out.set(t.id, t.slas);
    }
    return out;
  }

  let accounts = opts.accounts;
  let reading = opts.ticket_events;
  /** Group and user names from every sideload seen, and the account's group list: the names a move's ids stand for. */
  const groupNames = new Map<number, string>();
  const userNames = new Map<number, string>();
  let groupsListed = false;
  const remember = (names: ZendeskSideloads) => {
    for (const [id, name] of names.groups ?? []) groupNames.set(id, name);
    for (const [id, name] of names.users ?? []) userNames.set(id, name);
  };
  /** The account's groups (`GET /api/v2/groups`, following `next_page`), once: a ticket may have passed a group no ticket is in now. */
  async function listGroups(headers: Record<string, string>, signal: AbortSignal, log: Logger) {
    let url: URL | undefined = joinUrl(base, '/api/v2/groups.json');
    try {
      for (let page = 0; url && page < 50; page++) {
        const { body }: { body: { groups?: Named[]; next_page?: string | null } } = await getJson(url, { signal, headers });
        for (const g of body.groups ?? []) if (typeof g.id === 'number' && g.name) groupNames.set(g.id, g.name);
        url = typeof body.next_page === 'string' && URL.canParse(body.next_page) ? new URL(body.next_page) : undefined;
        if (url && url.origin !== new URL(base).origin) url = undefined; // never follow a link off the account
      }
      groupsListed = true; // a failure other than a refusal fails the page, and the list is asked for again
    } catch (err) {
      if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
      groupsListed = true;
      log.warn({ source: sourceId, error: err.message }, 'Zendesk groups not readable; moves to groups no ticket is in now show the group id');
    }
  }
  const moveName = (kind: RawMove['kind'], id: number) => (kind === 'group'
    ? opts.group_map[String(id)] ?? groupNames.get(id) ?? String(id)
    : userNames.get(id) ?? String(id));

  /**
   * The tickets that moved, as they are now (`show_many`, 100 a request, with the tickets export's sideloads so each maps to
   * the same record), each with its moves added. A ticket deleted since is not returned, and a ticket whose metric set did not
   * come back is left out (its record would lose the events its metric set gives).
   */
  async function movedTickets(moves: Map<number, RawMove[]>, headers: Record<string, string>, signal: AbortSignal, log: Logger): Promise<Ticket[] | undefined> {
    const ids = [...moves.keys()];
    if (!groupsListed && [...moves.values()].flat().some((m) => m.kind === 'group' && !groupNames.has(m.id) && opts.group_map[String(m.id)] === undefined)) {
      await listGroups(headers, signal, log);
    }
    const records: Ticket[] = [];
    for (let i = 0; i < ids.length; i += SHOW_MANY) {
      const url = joinUrl(base, '/api/v2/tickets/show_many.json');
      url.searchParams.set('ids', ids.slice(i, i + SHOW_MANY).join(','));
      url.searchParams.set('include', ['metric_sets', 'users', 'groups', 'organizations', ...(opts.slas ? ['slas'] : [])].join(','));
      const { body } = await getJson<ExportPage>(url, { signal, headers });
      if (!Array.isArray(body.metric_sets)) return undefined; // the sideload is not honoured: the records would lose events
      const metrics = new Map(body.metric_sets.map((m) => [m.ticket_id, m]));
      const names = { users: byId(body.users), groups: byId(body.groups), organizations: byId(body.organizations) };
      remember(names);
      const found = (body.tickets ?? []).filter((t) => metrics.has(t.id));
      records.push(...mapEach(found, (t) => {
        const ticket = mapZendeskTicket(t, opts, metrics.get(t.id), names);
        return { ...ticket, events: withMoves(ticket.events ?? [], moves.get(t.id) ?? [], moveName) };
      }, log, sourceId));
    }
    return records;
  }

  /** After the ticket events: the organizations export when due, else the poll ends. */
  const afterTicketEvents = (state: ZendeskCursor, now: number): Pick<PollPage<ZendeskCursor>, 'cursor' | 'more'> => {
    const lastRead = state.organizations?.read_at;
    return accounts && (lastRead === undefined || now - lastRead >= opts.accounts_interval)
      ? { cursor: { ...state, phase: 'organizations' }, more: true } : { cursor: state };
  };

  /**
   * One page of the time-based ticket events export, from `start_time` (the backfill's start at first), each page ending at its
   * `end_time`, the next page's (and next poll's) `start_time`. Only its group and assignee moves are read: their tickets come
   * back whole from `show_many` with the moves added, and the store keeps every move once (model/normalise.ts).
   */
  async function ticketEventsPage(state: ZendeskCursor, now: number, signal: AbortSignal, log: Logger): Promise<PollPage<ZendeskCursor>> {
    const { phase: _phase, ...rest } = state;
    const position = state.ticket_events ?? { start_time: Math.floor((now - opts.backfill_days * 86_400_000) / 1000) };
    const start = Math.min(position.start_time, Math.floor(now / 1000) - 60);
    const url = joinUrl(base, '/api/v2/incremental/ticket_events.json');
    url.searchParams.set('start_time', String(start));
    const headers = auth();
    let body: TicketEventsPage;
    try {
      ({ body } = await getJson<TicketEventsPage>(url, { signal, headers }));
    } catch (err) {
      if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
      reading = false;
      log.warn({ source: sourceId, error: err.message }, 'Zendesk ticket events export unavailable (it needs an admin); group changes are derived between polls');
      return { records: [], ...afterTicketEvents(rest, now) };
    }
    const audits = Array.isArray(body.ticket_events) ? body.ticket_events : [];
    const seen = new Set(start === position.start_time ? position.seen ?? [] : []);
    const fresh = audits.filter((a) => !(a.timestamp === start && seen.has(a.id)));
    const moves = passedTickets(movesOf(fresh));
    const records = moves.size > 0 ? await movedTickets(moves, headers, signal, log) : [];
    if (records === undefined) {
      reading = false;
      log.warn({ source: sourceId }, 'Zendesk show_many did not sideload metric_sets; group changes are derived between polls');
      return { records: [], ...afterTicketEvents(rest, now) };
    }
    const more = body.end_of_stream !== true;
    const end = typeof body.end_time === 'number' ? body.end_time : start;
    // A full page within one second would be asked for again: move on by a second rather than loop.
    const next = end > start || !more ? end : start + 1;
    const boundary = new Set(next === start ? seen : []);
    for (const a of audits) if (a.timestamp === next) boundary.add(a.id);
    const ticketEventsAt = { start_time: next, ...(boundary.size > 0 ? { seen: [...boundary].slice(-1000) } : {}) };
    if (more) return { records, cursor: { ...rest, ticket_events: ticketEventsAt, phase: 'ticket_events' }, more: true };
    return { records, ...afterTicketEvents({ ...rest, ticket_events: ticketEventsAt }, now) };
  }

  /**
   * One page of the time-based organizations export: from `start_time` (the whole history at first), each page ending at its
   * `end_time`, the next page's (and next poll's) `start_time`. Zendesk excludes the last minute, and refuses a start inside it.
   */
  async function organizationsPage(state: ZendeskCursor, now: number, signal: AbortSignal, log: Logger): Promise<PollPage<ZendeskCursor>> {
    const { phase: _phase, ...tickets } = state;
    const start = Math.min(state.organizations?.start_time ?? 0, Math.floor(now / 1000) - 60);
    const url = joinUrl(base, '/api/v2/incremental/organizations.json');
    url.searchParams.set('start_time', String(start));
    url.searchParams.set('per_page', String(opts.page_size));
    let body: OrganizationsPage;
    try {
      ({ body } = await getJson<OrganizationsPage>(url, { signal, headers: auth() }));
    } catch (err) {
      if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
      accounts = false;
      log.warn({ source: sourceId, error: err.message }, 'Zendesk organizations export unavailable; no accounts for the customer map');
      return { records: [], cursor: tickets };
    }
    const records = mapEach(body.organizations ?? [], (o) => mapZendeskOrganization(o, opts), log, sourceId);
    const more = body.end_of_stream !== true;
    const end = typeof body.end_time === 'number' ? body.end_time : start;
    // A full page whose rows all share its start second would be asked for again: move on by a second rather than loop.
    const next = end > start || !more ? end : start + 1;
    return { records, cursor: { ...tickets, organizations: { start_time: next, ...(more ? {} : { read_at: now }) }, ...(more ? { phase: 'organizations' } : {}) },
      ...(more ? { more } : {}) };
  }

  return {
    kind: 'zendesk',
    entities: opts.accounts ? ['ticket', 'account'] : ['ticket'],
    async poll({ cursor, now, signal, log }) {
      if (cursor?.phase === 'organizations' && accounts) return organizationsPage(cursor, now, signal, log);
      if (cursor?.phase === 'ticket_events' && reading) return ticketEventsPage(cursor, now, signal, log);
      const state: ZendeskCursor = cursor ?? {
        start_time: Math.floor((now - opts.backfill_days * 86_400_000) / 1000),
        backfill: { from: now - opts.backfill_days * 86_400_000, to: now },
      };
      const organizations = { ...(state.organizations ? { organizations: state.organizations } : {}),
        ...(state.ticket_events ? { ticket_events: state.ticket_events } : {}) };
      const url = joinUrl(base, '/api/v2/incremental/tickets/cursor.json');
      url.searchParams.set('per_page', String(opts.page_size));
      url.searchParams.set('include', 'metric_sets,users,groups,organizations');
      // The export refuses a start_time within the last minute.
      if (state.after_cursor) url.searchParams.set('cursor', state.after_cursor);
      else url.searchParams.set('start_time', String(Math.min(state.start_time ?? 0, Math.floor(now / 1000) - 60)));
      const headers = auth();
      let body: ExportPage;
      try {
        ({ body } = await getJson<ExportPage>(url, { signal, headers }));
      } catch (err) {
        if (!(err instanceof HttpError && state.after_cursor && [400, 404, 422].includes(err.status))) throw err;
        // The stored cursor is refused (expired, or from another account): restart from what we had, overlapped.
        const restart = Math.floor(((state.watermark ?? Math.floor(now / 1000)) * 1000 - opts.overlap) / 1000);
        log.warn({ source: sourceId, error: err.message, start_time: restart }, 'zendesk cursor refused; restarting from the watermark');
        return { records: [], cursor: { start_time: restart, watermark: state.watermark, ...organizations }, more: true };
      }
      const tickets = body.tickets ?? [];
      const metrics = new Map((body.metric_sets ?? []).map((m) => [m.ticket_id, m]));
      const names = { users: byId(body.users), groups: byId(body.groups), organizations: byId(body.organizations) };
      remember(names);
      const live = tickets.filter((t) => t.status !== 'deleted' && !t.slas).map((t) => t.id);
      const slas = opts.slas && live.length > 0 ? await slasOf(live, headers, signal) : new Map<number, ZendeskTicket['slas']>();
      const records = mapEach(tickets, (t) => mapZendeskTicket(slas.has(t.id) ? { ...t, slas: slas.get(t.id) } : t, opts, metrics.get(t.id), names), log, sourceId);

      const generated = tickets.map((t) => t.generated_timestamp ?? (Math.floor(Date.parse(t.updated_at) / 1000) || 0));
      const watermark = Math.max(state.watermark ?? 0, ...generated) || undefined;
      const more = body.end_of_stream !== true;
      // Zendesk's own cursor is exact (it already holds back the last minute), so it is kept even at the end of the stream.
      const after = body.after_cursor ?? state.after_cursor;
      // At the end of the tickets' stream the ticket events export follows in the same poll, then the organizations export
      // at most every accounts_interval.
      const toEvents = !more && reading;
      const lastRead = state.organizations?.read_at;
      const toOrganizations = !more && !toEvents && accounts && (lastRead === undefined || now - lastRead >= opts.accounts_interval);
      const next: ZendeskCursor = {
        ...(after ? { after_cursor: after } : { start_time: state.start_time }),
        ...(watermark ? { watermark } : {}),
        ...(more && state.backfill ? { backfill: state.backfill } : {}),
        ...organizations,
        ...(toEvents ? { phase: 'ticket_events' as const } : toOrganizations ? { phase: 'organizations' as const } : {}),
      };
      return { records, cursor: next, more: more || toEvents || toOrganizations, ...(more ? backfillProgress(state.backfill, watermark ? watermark * 1000 : undefined) : {}) };
    },
  };
}

export const zendeskConnector = defineConnector({
  kind: 'zendesk', title: 'Zendesk Support tickets (incremental cursor export, SLA due times) and organizations', options: zendeskOptionsSchema,
  defaultInterval: '30s',
  create: (options, { env, sourceId }) => createZendeskConnector(options, env, sourceId),
});
