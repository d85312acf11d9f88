import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Deal, DealStage } from '../../model';
import type { Connector } from '../types';
import { defineConnector } from './define';
import { HttpError, requestJson, secretFrom } from './http';
import { envVarName } from '../../fields';
import { currencyCode, moneyFields, stageByProbability, stageMapSchema } from './mapping';
import { isoToUtc, laterOf, minusSeconds } from '../../model';

/** The ids of HubSpot's default deal pipeline → canonical stages (custom pipelines go by probability). */
export const HUBSPOT_DEFAULT_STAGES: Record<string, DealStage> = {
  appointmentscheduled: 'lead', qualifiedtobuy: 'qualified', presentationscheduled: 'proposal',
  decisionmakerboughtin: 'proposal', contractsent: 'negotiation', closedwon: 'won', closedlost: 'lost',
};

const PROPERTIES = ['dealname', 'pipeline', 'dealstage', 'amount', 'deal_currency_code', 'amount_in_home_currency', 'closedate', 'hubspot_owner_id',
  'hs_is_closed', 'hs_is_closed_won', 'hs_deal_stage_probability', 'createdate', 'hs_lastmodifieddate'];

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
}).strict();

export type HubspotOptions = z.output<typeof hubspotOptionsSchema>;
export interface HubspotCursor {
  /** The newest hs_lastmodifieddate stored. */
  watermark?: string;
  /** The lower bound of the search run in progress, and its `after`. */
  anchor?: string; after?: string;
  /** When the archived list was last read through, and its `after` while reading it ('' = first page). */
  archivedAt?: number; archived?: string;
}

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
export function hubspotDeal(o: HsObject, pipelines: Map<string, HsPipeline>, opts: Pick<HubspotOptions, 'stage_map'>, timezone: string, companyCurrency?: string): Deal {
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
      stage_id: stageId, ...(meta ? { stage_label: meta.label } : {}), ...(p.pipeline ? { pipeline_id: p.pipeline } : {}),
      ...(num(p.hs_deal_stage_probability) !== undefined ? { probability: num(p.hs_deal_stage_probability) } : {}),
    },
    ...(archived ? { deleted: true } : {}),
  };
  if (p.dealname) deal.name = p.dealname;
  if (p.hubspot_owner_id) deal.owner = p.hubspot_owner_id;
  if (pipeline || p.pipeline) deal.pipeline = pipeline?.label ?? p.pipeline!;
  if (p.closedate) deal.close_date = DateTime.fromISO(isoToUtc(p.closedate)).setZone(timezone).toISODate()!;
  return deal;
}

/** Deals from HubSpot CRM search on hs_lastmodifieddate, stages resolved through the pipelines endpoint. */
export function createHubspotConnector(opts: HubspotOptions, env: { env: NodeJS.ProcessEnv; sourceId: string; timezone: string }): Connector<HubspotCursor> {
  const base = opts.base_url.replace(/\/+$/, '');
  let pipelines: Map<string, HsPipeline> | undefined;
  let pipelinesAt = 0;
  /** The company currency: configured, or read from the account details once (null: unreadable). */
  let companyCurrency: string | null | undefined = opts.currency;

  const call = async <T>(path: string, signal: AbortSignal, body?: unknown) => (await requestJson<T>(base + path, {
    signal, method: body === undefined ? 'GET' : 'POST', body, defaultRetryMs: 10_000,
    headers: { authorization: `Bearer ${secretFrom(env.env, opts.token_env, env.sourceId)}` },
  })).body;

  /** Loads the pipelines at first, and again (at most once a minute) when a deal names an unknown stage. */
  async function stagesFor(records: HsObject[], signal: AbortSignal, now: number) {
    const unknown = records.some((r) => !pipelines?.get(r.properties.pipeline ?? '')?.stages.some((s) => s.id === r.properties.dealstage));
    if (pipelines && !(unknown && now - pipelinesAt > 60_000)) return pipelines;
    const res = await call<{ results: HsPipeline[] }>('/crm/v3/pipelines/deals', signal);
    pipelines = new Map(res.results.map((p) => [p.id, p]));
    pipelinesAt = now;
    return pipelines;
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

  return {
    kind: 'hubspot',
    entities: ['deal'],
    async poll({ cursor, signal, now, log }) {
      const c: HubspotCursor = { ...cursor };
      if (companyCurrency === undefined) await learnCompanyCurrency(signal, log);
      const home = companyCurrency ?? undefined;
      if (c.archived !== undefined) {
        const query = `archived=true&limit=100&properties=${PROPERTIES.join(',')}${c.archived ? `&after=${encodeURIComponent(c.archived)}` : ''}`;
        const page = await call<HsPage>(`/crm/v3/objects/deals?${query}`, signal);
        const known = await stagesFor(page.results, signal, now);
        const next = page.paging?.next?.after;
        const records = page.results.map((o) => hubspotDeal({ ...o, archived: true }, known, opts, env.timezone, home));
        if (next) return { records, cursor: { ...c, archived: next }, more: true };
        delete c.archived;
        return { records, cursor: { ...c, archivedAt: now } };
      }

      // A run in progress keeps its lower bound (none on a first backfill); a new run starts before the watermark.
      const anchor = c.after !== undefined || c.anchor !== undefined ? c.anchor : (c.watermark ? minusSeconds(c.watermark, opts.overlap_seconds) : opts.since);
      const offset = Number(c.after ?? 0);
      const page = await call<HsPage>('/crm/v3/objects/deals/search', signal, {
        filterGroups: anchor ? [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse(anchor)) }] }] : [],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: PROPERTIES, limit: opts.page_size, ...(c.after ? { after: c.after } : {}),
      });
      const known = await stagesFor(page.results, signal, now);
      const records = page.results.map((o) => {
        c.watermark = laterOf(c.watermark, isoToUtc(o.properties.hs_lastmodifieddate || o.updatedAt));
        return hubspotDeal(o, known, opts, env.timezone, home);
      });
      const progress = page.total !== undefined && page.total > page.results.length ? { done: offset + page.results.length, total: page.total } : undefined;
      const next = page.paging?.next?.after;
      if (next && Number(next) + opts.page_size <= opts.search_cap) {
        return { records, cursor: { ...c, ...(anchor ? { anchor } : {}), after: next }, more: true, ...(progress ? { progress } : {}) };
      }
      delete c.after;
      if (next) {
        // The search cap: restart the filter from the newest change seen (ties are re-read, the store de-duplicates).
        const from = c.watermark && c.watermark !== anchor ? c.watermark : new Date(Date.parse(c.watermark ?? anchor ?? '1970-01-01T00:00:00Z') + 1).toISOString();
        return { records, cursor: { ...c, anchor: from }, more: true, ...(progress ? { progress } : {}) };
      }
      delete c.anchor;
      const sweepDue = opts.include_archived && now - (c.archivedAt ?? 0) >= opts.archived_every_minutes * 60_000;
      return { records, cursor: sweepDue ? { ...c, archived: '' } : c, more: sweepDue, ...(progress ? { progress } : {}) };
    },
  };
}

export const hubspotConnector = defineConnector({
  kind: 'hubspot', title: 'HubSpot CRM deals via the search API', options: hubspotOptionsSchema, defaultInterval: '60s',
  create: (options, env) => createHubspotConnector(options, env),
});
