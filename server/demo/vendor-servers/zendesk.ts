import type { Ticket, TicketEvent } from '../../model';
import { basicAuth } from '../../net';
import { isoSeconds } from '../../model';
import { DEMO_CUSTOMERS, customerOf } from '../customers';
import { AGENTS, productLineOf, TICKET_GROUPS } from '../names';
import type { VendorReply, VendorRequest } from './http';
import { createAuditLog } from './zendesk-audits';
import { organizationExport, organizationId, zendeskOrganizations, type ZendeskOrganization } from './zendesk-organizations';

/** One SLA clock of a ticket as OpsWall evaluates it: the hub hands its evaluator in (see serve.ts). */
export interface SlaClock { metric: string; clock: string; due_at: string | null }
export type SlaOf = (ticket: Ticket, now: number) => readonly SlaClock[];

export interface SimulatedZendeskOptions {
  /** The agent's e-mail and API token the simulated account accepts (Basic `email/token:TOKEN`). */
  email: string;
  token: string;
  /** The account's SLA engine; without it tickets carry no SLA state. */
  sla?: SlaOf;
  /** The export holds back changes this recent (Zendesk: 60 s); the demo uses 1 s, so the wall moves at once. */
  holdbackSeconds?: number;
  /** The ERP's order number of a simulated order, as agents type it into the order-number field (`ZENDESK_ORDER_FIELD`). */
  orderNumber?: (orderId: string) => string | undefined;
}

/** The drop-down custom field holding a ticket's department (its values are the department names). */
export const ZENDESK_DEPARTMENT_FIELD = 360010000001;
/** The text custom field holding the number of the ERP order a ticket is about. */
export const ZENDESK_ORDER_FIELD = 360010000002;
/** The drop-down custom field "产品线" (product line) the agent sets from the subject: its options' tags are names.ts PRODUCT_LINES. */
export const ZENDESK_PRODUCT_LINE_FIELD = 360010000003;

const ids = (names: readonly string[], first: number) => new Map(names.map((name, i) => [name, first + i]));
const GROUP_IDS = ids(TICKET_GROUPS.map((g) => g.group), 360001422100);
const AGENT_IDS = ids(AGENTS, 381204917500);
/** One requester (a buyer's contact) per customer organisation; people in no organisation write from a pool of end users. */
const REQUESTER_IDS = new Map(DEMO_CUSTOMERS.map((c, i) => [c.key, 20417788300 + i]));
const REQUESTER_NAMES = new Map(DEMO_CUSTOMERS.map((c, i) => [20417788300 + i, `${c.short} 采购部`]));
const FIRST_PRIVATE_REQUESTER = 20417800000;
const PRIVATE_REQUESTERS = 400;
const CHANNELS: Record<string, string> = { 电话: 'voice', 邮件: 'email', 在线客服: 'chat', 微信: 'native_messaging' };
const TICKET_TYPES: Record<string, string> = { L1: 'question', L2: 'incident', VIP: 'incident' };
/** The account's default custom status of each status category. */
const CUSTOM_STATUS_IDS: Record<string, number> = { new: 18203441, open: 18203442, pending: 18203443, hold: 18203444, solved: 18203445, closed: 18203445 };
/** OpsWall's SLA metric names → Zendesk's: `resolution` pauses on pending and on hold, as agent work time does. */
const ZENDESK_METRICS: Record<string, string> = { resolution: 'agent_work_time' };
const PAGE_MAX = 1000;
const SHOW_MANY_MAX = 100;

/** A ticket in Zendesk's JSON; the ids are what the export's sideloads are picked by. */
type ZendeskRow = Record<string, unknown> & { id: number } & Record<'group_id' | 'assignee_id' | 'requester_id' | 'organization_id', number | null>;
interface Stored { ticket: Ticket; row: ZendeskRow; metrics: Record<string, unknown>; gts: number }
/** A ticket's requester: its organisation's contact, or one of the end users in no organisation. */
const requesterOf = (t: Ticket, id: number) => {
  const customer = customerOf(t.account_id);
  return customer ? REQUESTER_IDS.get(customer.key)! : FIRST_PRIVATE_REQUESTER + (id % PRIVATE_REQUESTERS);
};
/** A place in the export: after the ticket `id` changed at `gts` (unix s). Tickets are exported in (gts, id) order. */
interface Position { gts: number; id: number }

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const zendeskTime = (iso: string) => isoSeconds(seconds(iso) * 1000);
const encodeCursor = (p: Position) => Buffer.from(`${p.gts}.0||${p.id}|`).toString('base64');
function decodeCursor(text: string): Position | undefined {
  const m = /^(\d+)\.0\|\|(\d+)\|$/.exec(Buffer.from(text, 'base64').toString('utf8'));
  return m ? { gts: Number(m[1]), id: Number(m[2]) } : undefined;
}
const isAfter = (e: Position, p: Position) => e.gts > p.gts || (e.gts === p.gts && e.id > p.id);

/**
 * A simulated ticket as Zendesk's export shows it: its organization (`organization_id`) the customer's, the order it is
 * about in the order-number field.
 */
function zendeskRow(t: Ticket, id: number, orderNumber: (orderId: string) => string | undefined): Stored['row'] {
  const customer = customerOf(t.account_id);
  const order = t.links?.find((l) => l.type === 'order');
  const status = t.status === 'on_hold' ? 'hold' : t.status;
  const requester = requesterOf(t, id);
  const productLine = productLineOf(t.subject, t.group);
  return {
    id, url: `/api/v2/tickets/${id}.json`, external_id: null, type: TICKET_TYPES[t.group ?? ''] ?? 'task',
    subject: t.subject ?? null, raw_subject: t.subject ?? null, priority: t.priority, status, custom_status_id: CUSTOM_STATUS_IDS[status] ?? null,
    via: { channel: CHANNELS[t.channel ?? ''] ?? 'web', source: { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(t.created_at), updated_at: zendeskTime(t.updated_at), generated_timestamp: seconds(t.updated_at),
    requester_id: requester, submitter_id: requester,
    assignee_id: t.assignee === undefined ? null : AGENT_IDS.get(t.assignee) ?? null,
    organization_id: customer ? organizationId(customer) : null, group_id: t.group === undefined ? null : GROUP_IDS.get(t.group) ?? null,
    // A drop-down's option tag is also one of the ticket's tags, as Zendesk keeps them.
    tags: [...(t.department ? [t.department] : []), productLine],
    custom_fields: [{ id: ZENDESK_DEPARTMENT_FIELD, value: t.department ?? null }, { id: ZENDESK_ORDER_FIELD, value: (order && orderNumber(order.id)) ?? null },
      { id: ZENDESK_PRODUCT_LINE_FIELD, value: productLine }],
    is_public: true, brand_id: 360000581731, ticket_form_id: 360000412711, allow_channelback: false,
  };
}

/**
 * The ticket's metric set: what Zendesk measures of its history (first reply, latest comments, solve, and
 * `group_stations` / `assignee_stations`, the groups it passed through and the agents it had).
 */
function metricSet(t: Ticket, id: number): Stored['metrics'] {
  const events = t.events ?? [];
  const comments = events.filter((e): e is Extract<TicketEvent, { kind: 'comment' }> => e.kind === 'comment');
  const by = (who: 'agent' | 'customer') => comments.filter((c) => c.by === who);
  const firstReply = by('agent')[0];
  const last = <T extends { at: string }>(list: T[]) => (list.length > 0 ? zendeskTime(list[list.length - 1]!.at) : null);
  const statuses = events.filter((e): e is Extract<TicketEvent, { kind: 'status' }> => e.kind === 'status');
  const replySeconds = firstReply ? seconds(firstReply.at) - seconds(t.created_at) : null;
  const solved = t.status === 'solved' || t.status === 'closed' ? statuses.filter((s) => s.to === 'solved') : [];
  return {
    id: id + 7_000_000_000, ticket_id: id, url: `/api/v2/ticket_metrics/${id + 7_000_000_000}.json`,
    created_at: zendeskTime(t.created_at), updated_at: zendeskTime(t.updated_at),
    group_stations: events.filter((e) => e.kind === 'group').length, assignee_stations: events.filter((e) => e.kind === 'assignee').length,
    replies: by('agent').length, reopens: statuses.filter((s, i) => s.to === 'open' && statuses[i - 1]?.to === 'solved').length,
    assigned_at: firstReply ? zendeskTime(firstReply.at) : null, initially_assigned_at: firstReply ? zendeskTime(firstReply.at) : null,
    assignee_updated_at: last(by('agent')), requester_updated_at: last(by('customer')), latest_comment_added_at: last(comments),
    status_updated_at: last(statuses) ?? zendeskTime(t.created_at), solved_at: last(solved),
    // Business minutes are not simulated: the account's schedule would only shift them.
    reply_time_in_seconds: { calendar: replySeconds },
    reply_time_in_minutes: { calendar: replySeconds === null ? null : Math.round(replySeconds / 60), business: null },
  };
}

/** Zendesk's `policy_metrics`: the latest cycle of each metric, with the variable-unit time to breach. */
function policyMetrics(clocks: readonly SlaClock[], now: number): Record<string, unknown>[] {
  const latest = new Map<string, SlaClock>();
  for (const c of clocks) latest.set(c.metric, c);
  return [...latest.values()].flatMap((c) => {
    const metric = ZENDESK_METRICS[c.metric] ?? c.metric;
    if (c.clock === 'paused') return [{ breach_at: null, stage: 'paused', metric }];
    if ((c.clock !== 'running' && c.clock !== 'stopped') || !c.due_at) return [];
    const minutes = Math.round((Date.parse(c.due_at) - now) / 60_000);
    const left = Math.abs(minutes) < 60 ? { minutes } : Math.abs(minutes) < 48 * 60 ? { hours: Math.round(minutes / 60) } : { days: Math.round(minutes / 1440) };
    return [{ breach_at: zendeskTime(c.due_at), stage: c.clock === 'running' ? 'active' : 'achieved', metric, ...left }] as Record<string, unknown>[];
  });
}

/**
 * Zendesk Support as the Zendesk connector reads it: the incremental cursor export
 * (`/api/v2/incremental/tickets/cursor.json`, `start_time` then `cursor`, sideloads), `show_many` with
 * `include=slas` (and the export's sideloads), the group list (`/api/v2/groups`), the incremental organization export (`/api/v2/incremental/organizations`) and the incremental
 * ticket event export (`/api/v2/incremental/ticket_events`), behind API-token auth. It holds the simulated company's
 * customers as organizations (`openOrganizations`) and its tickets (fed by `apply`).
 */
export function createSimulatedZendesk(opts: SimulatedZendeskOptions) {
  const tickets = new Map<number, Stored>();
  let organizations: ZendeskOrganization[] = [];
  const audits = createAuditLog();
  const orderNumber = opts.orderNumber ?? (() => undefined);
  let ordered: Stored[] | undefined; // (gts, id) order, rebuilt after a change
  const auth = basicAuth(`${opts.email}/token`, opts.token);
  const holdback = opts.holdbackSeconds ?? 60;

  // A closed ticket's SLA state is final and no screen shows it: not worked out (most of a backfill's tickets are closed).
  const withSlas = (s: Stored, now: number) => ({ ...s.row,
    slas: { policy_metrics: opts.sla && s.ticket.status !== 'closed' ? policyMetrics(opts.sla(s.ticket, now), now) : [] } });

  /** The sideloads asked for in `include`, of the users, groups and organisations the page's tickets name. */
  function sideloads(page: Stored[], include: Set<string>) {
    const named = (map: Map<string, number>, used: Set<number | null | undefined>, extra: (name: string) => object = () => ({})) =>
      [...map].filter(([, id]) => used.has(id)).map(([name, id]) => ({ id, name, ...extra(name) }));
    const requesters = new Map(page.map((s) => [s.row.requester_id!, s.row.organization_id]));
    const agents = new Set(page.map((s) => s.row.assignee_id));
    const orgs = new Set(page.map((s) => s.row.organization_id));
    return {
      ...(include.has('metric_sets') ? { metric_sets: page.map((s) => s.metrics) } : {}),
      ...(include.has('users') ? { users: [...named(AGENT_IDS, agents, () => ({ role: 'agent' })),
        ...[...requesters].map(([id, organization_id]) => ({ id, name: REQUESTER_NAMES.get(id) ?? `用户${id - FIRST_PRIVATE_REQUESTER + 1}`, role: 'end-user', organization_id }))] } : {}),
      ...(include.has('groups') ? { groups: named(GROUP_IDS, new Set(page.map((s) => s.row.group_id))) } : {}),
      ...(include.has('organizations') ? { organizations: organizations.filter((o) => orgs.has(o.id)) } : {}),
    };
  }

  function exportPage(req: VendorRequest, now: number): VendorReply {
    const q = req.url.searchParams;
    let from: Position;
    const cursor = q.get('cursor');
    if (cursor !== null) {
      const decoded = decodeCursor(cursor);
      if (!decoded) return { status: 422, body: { error: 'InvalidPaginationParameter', description: 'cursor is invalid' } };
      from = decoded;
    } else {
      const start = Number(q.get('start_time') ?? NaN);
      if (!Number.isInteger(start) || start < 0) return { status: 400, body: { error: 'InvalidValue', description: 'start_time or cursor is required' } };
      if (start > now / 1000 - 60) return { status: 422, body: { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute.' } };
      from = { gts: start, id: 0 };
    }
    const perPage = Math.min(PAGE_MAX, Math.max(1, Number(q.get('per_page') ?? PAGE_MAX) || PAGE_MAX));
    const cutoff = Math.floor(now / 1000) - holdback;
    ordered ??= [...tickets.values()].sort((a, b) => a.gts - b.gts || a.row.id - b.row.id);
    const ready = ordered.filter((s) => s.gts < cutoff && isAfter({ gts: s.gts, id: s.row.id }, from));
    const page = ready.slice(0, perPage);
    const last = page.at(-1);
    const after = last ? { gts: last.gts, id: last.row.id } : from;
    const include = new Set((q.get('include') ?? '').split(','));
    const base = `http://${req.headers.host ?? '127.0.0.1'}${req.path}`;
    return {
      body: {
        tickets: page.map((s) => (include.has('slas') ? withSlas(s, now) : s.row)), ...sideloads(page, include),
        after_url: `${base}?cursor=${encodeURIComponent(encodeCursor(after))}`, after_cursor: encodeCursor(after),
        before_url: null, before_cursor: encodeCursor(from),
        end_of_stream: ready.length <= perPage,
      },
    };
  }

  function showMany(req: VendorRequest, now: number): VendorReply {
    const wanted = (req.url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map(Number);
    if (wanted.length > SHOW_MANY_MAX) return { status: 400, body: { error: 'InvalidValue', description: `at most ${SHOW_MANY_MAX} ids` } };
    // The tickets' sideloads as on the export (developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/).
    const include = new Set((req.url.searchParams.get('include') ?? '').split(','));
    const stored = wanted.flatMap((id) => { const s = tickets.get(id); return s ? [s] : []; });
    const found = stored.map((s) => (include.has('slas') ? withSlas(s, now) : s.row));
    return { body: { tickets: found, ...sideloads(stored, include), next_page: null, previous_page: null, count: found.length } };
  }

  const groupId = (name: string) => GROUP_IDS.get(name) ?? null;
  const agentId = (name: string) => AGENT_IDS.get(name) ?? null;
  /** Zendesk answers a resource with or without the `.json` suffix. */
  const route = (path: string) => path.replace(/\.json$/, '');

  return {
    /** Opens the account's organizations: the company's customers, made before its history (which starts at `historyStart`). */
    openOrganizations(historyStart: number): void {
      organizations = zendeskOrganizations(historyStart);
    },
    /** Takes the simulated company's changed tickets. */
    apply(changed: Ticket[]): void {
      for (const t of changed) {
        const id = Number(t.id);
        const row = zendeskRow(t, id, orderNumber);
        tickets.set(id, { ticket: t, row, metrics: metricSet(t, id), gts: seconds(t.updated_at) });
        audits.add(t, id, { group: groupId, agent: agentId, requester: row.requester_id });
      }
      if (changed.length > 0) ordered = undefined;
    },
    handle(req: VendorRequest, now: number): VendorReply {
      if (req.headers.authorization !== auth) return { status: 401, body: { error: "Couldn't authenticate you" } };
      const path = route(req.path);
      if (req.method !== 'GET') return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
      if (path === '/api/v2/incremental/tickets/cursor') return exportPage(req, now);
      if (path === '/api/v2/tickets/show_many') return showMany(req, now);
      if (path === '/api/v2/groups') return { body: { groups: [...GROUP_IDS].map(([name, id]) => ({ id, name, url: `/api/v2/groups/${id}.json`, deleted: false })), next_page: null, previous_page: null, count: GROUP_IDS.size } };
      if (path === '/api/v2/incremental/organizations') return organizationExport(organizations, req, now, holdback);
      if (path === '/api/v2/incremental/ticket_events') return audits.exportPage(req, now, holdback);
      return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    },
  };
}
