import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Account, Deal, DealStage } from '../../model';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { associatedIds, PRIMARY_COMPANY_TYPE, primaryCompany, type HsAssociated } from './hubspot-associations';
import { hubspotTicket, hubspotTicketOptions, TICKET_PROPERTIES, type HsTicketObject, type HsTicketPipeline } from './hubspot-tickets';
import { mapEach } from './service-desk';
import type { Logger } from 'pino';
import { accountFieldsSchema, linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { currencyCode, dimensionText, moneyFields, stageByProbability, stageMapSchema } from './mapping';
import { isoToUtc, laterOf, minusSeconds } from '../../model';

/** The ids of HubSpot's default deal pipeline → canonical stages (custom pipelines go by probability). */
export const HUBSPOT_DEFAULT_STAGES: Record<string, DealStage> = {
  appointmentscheduled: 'lead', qualifiedtobuy: 'qualified', presentationscheduled: 'proposal',
  decisionmakerboughtin: 'proposal', contractsent: 'negotiation', closedwon: 'won', closedlost: 'lost',
};

/** A property's internal name (`tax_id`, `erp_order_number`): what the API reads and writes, not its label. */
const propertyName = z.string().regex(/^[A-Za-z][\w-]*$/, 'a property\'s internal name such as "tax_id"');
const COMPANY_PROPERTIES = ['name', 'domain', 'createdate', 'hs_lastmodifieddate'];
/** Ids per v4 association batch read (HubSpot refuses more than 1000 since 2025-02). */
const ASSOCIATION_BATCH = 1000;

const PROPERTIES = ['dealname', 'pipeline', 'dealstage', 'amount', 'deal_currency_code', 'amount_in_home_currency', 'closedate', 'hubspot_owner_id',
  'hs_is_closed', 'hs_is_closed_won', 'hs_deal_stage_probability', 'createdate', 'hs_lastmodifieddate'];

/** The keys hubspotDeal writes in `extra` itself. */
const HUBSPOT_DEAL_EXTRA = ['stage_id', 'stage_label', 'pipeline_id', 'probability'];

export const hubspotOptionsSchema = z.object({
  base_url: z.url().default('https://api.hubapi.com'),
  /** Environment variable holding a private-app token or an OAuth access token (Bearer). */
  token_env: envVarName.default('HUBSPOT_ACCESS_TOKEN'),
  /** Deals per search page (HubSpot allows up to 200). */
  page_size: z.number().int().min(1).max(200).default(100),
  /** Stage id (or label) → canonical stage; wins over hs_is_closed_won and the defaults. */
  stage_map: stageMapSchema.default({}),
  /**
   * The account's company currency (in which `amount_in_home_currency` is kept, and the currency of deals without
   * `deal_currency_code`). Default: read once from the account details (`companyCurrency`).
   */
  currency: currencyCode.optional(),
  /** The search index lags writes by seconds: re-read this much before the watermark. */
  overlap_seconds: z.number().int().min(0).max(86_400).default(120),
  since: z.iso.datetime({ offset: true }).optional(),
  /** Archived (deleted) deals never appear in search: list them this often and store them as tombstones. */
  include_archived: z.boolean().default(true),
  archived_every_minutes: z.number().min(0).max(10_080).default(15),
  /** Search answers at most this many results per query; past it the filter restarts from the newest seen. */
  search_cap: z.number().int().min(2).max(10_000).default(10_000),
  /** Read companies as `account` records (after the deals of each run); each deal's primary company is its account either way. */
  companies: z.boolean().default(true),
  /** The company properties holding a tax id and an external id (HubSpot has no standard one: custom properties). */
  account_fields: accountFieldsSchema(propertyName),
  /** Deal properties holding the id of a linked record in another system (a custom `erp_order_number`). */
  links: linkFieldsSchema(propertyName),
  /**
   * Deal properties (internal names: `hs_analytics_source`, a custom `product_line`) asked for in `properties` and kept in each deal's
   * `extra`, as HubSpot sends them: every value a string (a multiple-checkbox property's options joined by ";").
   */
  extra_fields: extraFieldsSchema(propertyName, HUBSPOT_DEAL_EXTRA),
  ...hubspotTicketOptions(propertyName),
}).strict();

export type HubspotOptions = z.output<typeof hubspotOptionsSchema>;
/** Where the search of one object type stands. */
interface SearchCursor {
  /** The newest hs_lastmodifieddate stored. */
  watermark?: string;
  /** The lower bound of the search run in progress, and its `after`. */
  anchor?: string; after?: string;
}
/** The deals' search at the top level; the companies' under `companies` and the tickets' under `tickets`, searched after the deals in that order (`phase`). */
export interface HubspotCursor extends SearchCursor {
  /** When the archived lists were last read through, and the `after` of the deals' (`archived`) or tickets' (`archivedTickets`) while reading it ('' = first page). */
  archivedAt?: number; archived?: string; archivedTickets?: string;
  companies?: SearchCursor; tickets?: SearchCursor; phase?: 'companies' | 'tickets';
}
export type { HsAssociated } from './hubspot-associations';
export { primaryCompany } from './hubspot-associations';
/** What a deal is associated with: its companies and tickets. */
export interface HsDealAssociations { companies?: HsAssociated[]; tickets?: HsAssociated[] }

interface HsObject { id: string; properties: Record<string, string | null | undefined>; createdAt: string; updatedAt: string; archived?: boolean; archivedAt?: string }
interface HsPage { total?: number; results: HsObject[]; paging?: { next?: { after: string } } }
export interface HsStage { id: string; label: string; displayOrder: number; metadata: { isClosed?: string; probability?: string } }
export interface HsPipeline { id: string; label: string; stages: HsStage[] }

/** Canonical stage: the tenant's map (by id, then label), then closed/won flags, the default ids, then probability. */
export function hubspotStage(stageId: string, meta: HsStage | undefined, map: Record<string, DealStage>, flags: { closed?: boolean; won?: boolean; probability?: number }): DealStage {
  const mapped = map[stageId] ?? (meta ? map[meta.label] : undefined);
  if (mapped) return mapped;
  if (flags.closed ?? meta?.metadata.isClosed === 'true') {
    return (flags.won ?? Number(meta?.metadata.probability) >= 1) ? 'won' : 'lost';
  }
  const p = flags.probability ?? (meta?.metadata.probability !== undefined ? Number(meta.metadata.probability) : undefined);
  return HUBSPOT_DEFAULT_STAGES[stageId] ?? stageByProbability(p);
}

const bool = (v: string | null | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined);
const num = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? undefined : Number(v));

/**
 * One HubSpot deal (every property a string) → a canonical deal; an archived one is a tombstone (`deleted: true`, its stage as it was).
 * Money: `amount` in `deal_currency_code` (none: the company currency) and `amount_in_home_currency`, the same in the
 * account's company currency (`companyCurrency`) at HubSpot's exchange rate; a deal already in the company currency is its own base.
 */
export function hubspotDeal(o: HsObject, pipelines: Map<string, HsPipeline>, opts: Pick<HubspotOptions, 'stage_map'> & Partial<Pick<HubspotOptions, 'links' | 'extra_fields'>>, timezone: string,
  companyCurrency?: string, associations?: HsDealAssociations): Deal {
  const p = o.properties;
  const pipeline = p.pipeline ? pipelines.get(p.pipeline) : undefined;
  const stageId = p.dealstage ?? '';
  const meta = pipeline?.stages.find((s) => s.id === stageId);
  const archived = o.archived === true;
  const stage = hubspotStage(stageId, meta, opts.stage_map,
    { closed: bool(p.hs_is_closed), won: bool(p.hs_is_closed_won), probability: num(p.hs_deal_stage_probability) });
  const updated = isoToUtc(archived && o.archivedAt ? o.archivedAt : p.hs_lastmodifieddate || o.updatedAt);
  const amount = num(p.amount) ?? 0;
  const currency = p.deal_currency_code || companyCurrency;
  const home = num(p.amount_in_home_currency) ?? (currency !== undefined && currency === companyCurrency ? amount : undefined);
  const deal: Deal = {
    type: 'deal', id: o.id, stage, ...moneyFields(amount, currency, { amount: home, currency: companyCurrency }),
    created_at: isoToUtc(p.createdate || o.createdAt), updated_at: updated,
    extra: {
      ...readExtra(opts.extra_fields ?? [], (name) => p[name]),
      stage_id: stageId, ...(meta ? { stage_label: meta.label } : {}), ...(p.pipeline ? { pipeline_id: p.pipeline } : {}),
      ...(num(p.hs_deal_stage_probability) !== undefined ? { probability: num(p.hs_deal_stage_probability) } : {}),
    },
    ...(archived ? { deleted: true } : {}),
  };
  if (p.dealname) deal.name = p.dealname;
  const account = primaryCompany(associations?.companies ?? [], PRIMARY_COMPANY_TYPE.deals);
  if (account) deal.account_id = account;
  const tickets = associatedIds(associations?.tickets).map((id) => ({ type: 'ticket' as const, id }));
  const links = readLinks(opts.links ?? [], (name) => p[name], tickets);
  if (links) deal.links = links;
  if (p.hubspot_owner_id) deal.owner = p.hubspot_owner_id;
  if (pipeline || p.pipeline) deal.pipeline = pipeline?.label ?? p.pipeline!;
  if (p.closedate) deal.close_date = DateTime.fromISO(isoToUtc(p.closedate)).setZone(timezone).toISODate()!;
  return deal;
}

/** One company → an `account` record: `name`, `domain` (lower-case), and the configured tax id and external id properties. */
export function hubspotAccount(o: HsObject, opts: Pick<HubspotOptions, 'account_fields'>): Account {
  const p = o.properties;
  const text = (name: string | undefined) => (name ? dimensionText(p[name])?.trim() : undefined);
  const account: Account = { type: 'account', id: o.id, created_at: isoToUtc(p.createdate || o.createdAt), updated_at: isoToUtc(p.hs_lastmodifieddate || o.updatedAt) };
  if (text('name')) account.name = text('name');
  const domain = text('domain')?.toLowerCase();
  if (domain) account.domain = domain;
  const taxId = text(opts.account_fields.tax_id);
  if (taxId) account.tax_id = taxId;
  const externalId = text(opts.account_fields.external_id);
  if (externalId) account.external_id = externalId;
  return account;
}

/** Deals from HubSpot CRM search on hs_lastmodifieddate, stages resolved through the pipelines endpoint; companies as accounts; tickets when asked. */
export function createHubspotConnector(opts: HubspotOptions, env: { env: NodeJS.ProcessEnv; sourceId: string; timezone: string }): Connector<HubspotCursor> {
  const base = opts.base_url.replace(/\/+$/, '');
  /** Each object's pipelines (deals', tickets'), and when they were loaded. */
  const pipelines: { deals?: Map<string, HsPipeline>; tickets?: Map<string, HsTicketPipeline> } = {};
  const pipelinesAt = { deals: 0, tickets: 0 };
  /** The company currency: configured, or read from the account details once (null: unreadable). */
  let companyCurrency: string | null | undefined = opts.currency;

  const call = async <T>(path: string, signal: AbortSignal, body?: unknown) => (await requestJson<T>(base + path, {
    signal, method: body === undefined ? 'GET' : 'POST', body, defaultRetryMs: 10_000,
    headers: { authorization: `Bearer ${secretFrom(env.env, opts.token_env, env.sourceId)}` },
  })).body;

  /** Loads an object's pipelines at first, and again (at most once a minute) when a record names an unknown stage. */
  async function stagesFor<P extends { id: string; stages: { id: string }[] }>(object: 'deals' | 'tickets', records: { properties: Record<string, string | null | undefined> }[],
    signal: AbortSignal, now: number): Promise<Map<string, P>> {
    const [pipelineOf, stageOf] = object === 'deals' ? ['pipeline', 'dealstage'] : ['hs_pipeline', 'hs_pipeline_stage'];
    const known = pipelines[object] as Map<string, P> | undefined;
    const unknown = records.some((r) => !known?.get(r.properties[pipelineOf] ?? '')?.stages.some((s) => s.id === r.properties[stageOf]));
    if (known && !(unknown && now - pipelinesAt[object] > 60_000)) return known;
    const res = await call<{ results: P[] }>(`/crm/v3/pipelines/${object}`, signal);
    const loaded = new Map(res.results.map((p) => [p.id, p]));
    (pipelines as Record<string, Map<string, P>>)[object] = loaded;
    pipelinesAt[object] = now;
    return loaded;
  }

  async function learnCompanyCurrency(signal: AbortSignal, log: { warn(obj: object, msg: string): void }) {
    try {
      const details = await call<{ companyCurrency?: unknown }>('/account-info/v3/details', signal);
      companyCurrency = typeof details.companyCurrency === 'string' && details.companyCurrency !== '' ? details.companyCurrency : null;
    } catch (err) {
      // A token without the scope (403) or an account without the endpoint (404): go on without; anything else is the poll's error.
      if (!(err instanceof HttpError && (err.status === 403 || err.status === 404))) throw err;
      companyCurrency = null;
      log.warn({ source: env.sourceId, error: err.message }, 'HubSpot account details unreadable; deals keep their own currency only (set currency)');
    }
  }

  /** What the token may read: the companies' and tickets' search, and each association kind (`from-to`) not refused (a 403, a missing scope, turns one off until restart, with a warning). */
  const readable = { companySearch: true, ticketSearch: true };
  const refusedAssociations = new Set<string>();

  /**
   * What each record is associated with (search answers no associations): `POST /crm/v4/associations/{from}/{to}/batch/read`,
   * at most 1000 ids a request, a record with more associations than one answer holds paged on with its `after`.
   */
  async function associated(from: 'deals' | 'tickets', to: 'companies' | 'tickets' | 'deals', ids: string[], signal: AbortSignal,
    log: { warn(obj: object, msg: string): void }): Promise<Map<string, HsAssociated[]>> {
    const byRecord = new Map<string, HsAssociated[]>();
    if (refusedAssociations.has(`${from}-${to}`) || ids.length === 0) return byRecord;
    let inputs: { id: string; after?: string }[] = ids.map((id) => ({ id }));
    try {
      while (inputs.length > 0) {
        const next: { id: string; after?: string }[] = [];
        for (let i = 0; i < inputs.length; i += ASSOCIATION_BATCH) {
          const res = await call<{ results?: { from: { id: string | number }; to?: HsAssociated[]; paging?: { next?: { after?: string } } }[] }>(
            `/crm/v4/associations/${from}/${to}/batch/read`, signal, { inputs: inputs.slice(i, i + ASSOCIATION_BATCH) });
          for (const r of res.results ?? []) {
            const id = String(r.from.id);
            byRecord.set(id, [...(byRecord.get(id) ?? []), ...(r.to ?? [])]);
            if (r.paging?.next?.after) next.push({ id, after: r.paging.next.after });
          }
        }
        inputs = next;
      }
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 403)) throw err;
      refusedAssociations.add(`${from}-${to}`);
      log.warn({ source: env.sourceId, error: err.message }, `HubSpot ${from.slice(0, -1)}-to-${to} associations unreadable (scope); ${from} go on without them`);
      return new Map();
    }
    return byRecord;
  }

  /**
   * One page of an object type's search on hs_lastmodifieddate: a run in progress keeps its lower bound (none on a first
   * backfill), a new run starts before the watermark; past the search cap the filter restarts from the newest change seen
   * (ties are re-read, the store de-duplicates). `more`: the run goes on.
   */
  async function searchPage(object: 'deals' | 'companies' | 'tickets', at: SearchCursor, properties: string[], signal: AbortSignal) {
    const anchor = at.after !== undefined || at.anchor !== undefined ? at.anchor : (at.watermark ? minusSeconds(at.watermark, opts.overlap_seconds) : opts.since);
    const offset = Number(at.after ?? 0);
    const page = await call<HsPage>(`/crm/v3/objects/${object}/search`, signal, {
      filterGroups: anchor ? [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse(anchor)) }] }] : [],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties, limit: opts.page_size, ...(at.after ? { after: at.after } : {}),
    });
    let watermark = at.watermark;
    for (const o of page.results) watermark = laterOf(watermark, isoToUtc(o.properties.hs_lastmodifieddate || o.updatedAt));
    const progress = page.total !== undefined && page.total > page.results.length ? { done: offset + page.results.length, total: page.total } : undefined;
    const kept = watermark ? { watermark } : {};
    const next = page.paging?.next?.after;
    let place: SearchCursor = kept;
    if (next && Number(next) + opts.page_size <= opts.search_cap) place = { ...kept, ...(anchor ? { anchor } : {}), after: next };
    else if (next) place = { ...kept, anchor: watermark && watermark !== anchor ? watermark : new Date(Date.parse(watermark ?? anchor ?? '1970-01-01T00:00:00Z') + 1).toISOString() };
    return { results: page.results, place, more: next !== undefined, ...(progress ? { progress } : {}) };
  }

  /** A run over: the archived lists are read now when due. */
  function runEnd(c: HubspotCursor, now: number): { cursor: HubspotCursor; more: boolean } {
    const sweepDue = opts.include_archived && now - (c.archivedAt ?? 0) >= opts.archived_every_minutes * 60_000;
    return { cursor: sweepDue ? { ...c, archived: '' } : c, more: sweepDue };
  }

  /** The phase after `done` in a run: companies, then tickets, each when asked and readable; none: the run is over. */
  function phaseAfter(done: 'deals' | 'companies'): 'companies' | 'tickets' | undefined {
    if (done === 'deals' && opts.companies && readable.companySearch) return 'companies';
    return opts.tickets && readable.ticketSearch ? 'tickets' : undefined;
  }

  /** The run goes on with `phase`, or ends (the cursor without a phase). */
  function moveOn(c: HubspotCursor, phase: 'companies' | 'tickets' | undefined, now: number): { cursor: HubspotCursor; more: boolean } {
    const { phase: _was, ...rest } = c;
    return phase ? { cursor: { ...rest, phase }, more: true } : runEnd(rest, now);
  }

  /** The tickets read with their pipelines and associations (companies, deals); one that cannot be mapped is logged and left out. */
  async function tickets(results: HsTicketObject[], signal: AbortSignal, now: number, log: Logger) {
    const known = await stagesFor<HsTicketPipeline>('tickets', results, signal, now);
    const live = results.filter((o) => !o.archived).map((o) => o.id);
    const companies = await associated('tickets', 'companies', live, signal, log);
    const deals = await associated('tickets', 'deals', live, signal, log);
    return mapEach(results, (o) => hubspotTicket(o, known, opts, { companies: companies.get(o.id), deals: deals.get(o.id) }), log, env.sourceId);
  }

  return {
    kind: 'hubspot',
    entities: ['deal', ...(opts.companies ? ['account' as const] : []), ...(opts.tickets ? ['ticket' as const] : [])],
    async poll({ cursor, signal, now, log }) {
      const c: HubspotCursor = { ...cursor };
      if (companyCurrency === undefined) await learnCompanyCurrency(signal, log);
      const home = companyCurrency ?? undefined;
      if (c.archived !== undefined) {
        const query = `archived=true&limit=100&properties=${PROPERTIES.join(',')}${c.archived ? `&after=${encodeURIComponent(c.archived)}` : ''}`;
        const page = await call<HsPage>(`/crm/v3/objects/deals?${query}`, signal);
        const known = await stagesFor<HsPipeline>('deals', page.results, signal, now);
        const next = page.paging?.next?.after;
        const records = page.results.map((o) => hubspotDeal({ ...o, archived: true }, known, opts, env.timezone, home));
        if (next) return { records, cursor: { ...c, archived: next }, more: true };
        delete c.archived;
        if (opts.tickets && readable.ticketSearch) return { records, cursor: { ...c, archivedTickets: '' }, more: true };
        return { records, cursor: { ...c, archivedAt: now } };
      }
      if (c.archivedTickets !== undefined) {
        const query = `archived=true&limit=100&properties=${TICKET_PROPERTIES.join(',')}${c.archivedTickets ? `&after=${encodeURIComponent(c.archivedTickets)}` : ''}`;
        const page = await call<HsPage>(`/crm/v3/objects/tickets?${query}`, signal);
        const records = await tickets(page.results.map((o) => ({ ...o, archived: true })), signal, now, log);
        const next = page.paging?.next?.after;
        if (next) return { records, cursor: { ...c, archivedTickets: next }, more: true };
        delete c.archivedTickets;
        return { records, cursor: { ...c, archivedAt: now } };
      }

      if (c.phase === 'companies' && opts.companies && readable.companySearch) {
        const tax = opts.account_fields.tax_id;
        const ext = opts.account_fields.external_id;
        let page: Awaited<ReturnType<typeof searchPage>>;
        try {
          page = await searchPage('companies', c.companies ?? {}, [...new Set([...COMPANY_PROPERTIES, ...(tax ? [tax] : []), ...(ext ? [ext] : [])])], signal);
        } catch (err) {
          if (!(err instanceof HttpError && err.status === 403)) throw err;
          readable.companySearch = false;
          log.warn({ source: env.sourceId, error: err.message }, 'HubSpot companies unreadable (scope crm.objects.companies.read); deals keep their company ids without account records');
          return { records: [], ...moveOn(c, phaseAfter('companies'), now) };
        }
        const records = page.results.map((o) => hubspotAccount(o, opts));
        const progress = page.progress ? { progress: page.progress } : {};
        if (page.more) return { records, cursor: { ...c, companies: page.place }, more: true, ...progress };
        return { records, ...moveOn({ ...c, companies: page.place }, phaseAfter('companies'), now), ...progress };
      }

      if (c.phase === 'tickets' && opts.tickets && readable.ticketSearch) {
        let page: Awaited<ReturnType<typeof searchPage>>;
        try {
          page = await searchPage('tickets', c.tickets ?? {}, [...new Set([...TICKET_PROPERTIES, ...opts.ticket_links.map((l) => l.field),
            ...opts.ticket_extra_fields.map((e) => e.field)])], signal);
        } catch (err) {
          if (!(err instanceof HttpError && err.status === 403)) throw err;
          readable.ticketSearch = false;
          log.warn({ source: env.sourceId, error: err.message }, 'HubSpot tickets unreadable (scope tickets); the source goes on without ticket records');
          return { records: [], ...moveOn(c, undefined, now) };
        }
        const records = await tickets(page.results, signal, now, log);
        const progress = page.progress ? { progress: page.progress } : {};
        if (page.more) return { records, cursor: { ...c, tickets: page.place }, more: true, ...progress };
        return { records, ...moveOn({ ...c, tickets: page.place }, undefined, now), ...progress };
      }

      const { watermark, anchor, after, phase: _phase, ...rest } = c;
      const page = await searchPage('deals', { watermark, anchor, after }, [...new Set([...PROPERTIES, ...opts.links.map((l) => l.field), ...opts.extra_fields.map((e) => e.field)])], signal);
      const known = await stagesFor<HsPipeline>('deals', page.results, signal, now);
      const ids = page.results.map((o) => o.id);
      const companies = await associated('deals', 'companies', ids, signal, log);
      const ticketIds = await associated('deals', 'tickets', ids, signal, log);
      const records = page.results.map((o) => hubspotDeal(o, known, opts, env.timezone, home, { companies: companies.get(o.id), tickets: ticketIds.get(o.id) }));
      const next: HubspotCursor = { ...rest, ...page.place };
      const progress = page.progress ? { progress: page.progress } : {};
      if (page.more) return { records, cursor: next, more: true, ...progress };
      return { records, ...moveOn(next, phaseAfter('deals'), now), ...progress };
    },
  };
}

export const hubspotConnector = defineConnector({
  kind: 'hubspot', title: 'HubSpot CRM deals (with their companies and tickets), companies and, when asked, tickets via the search API', options: hubspotOptionsSchema, defaultInterval: '60s',
  create: (options, env) => createHubspotConnector(options, env),
});
