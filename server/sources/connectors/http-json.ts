import { z } from 'zod';
import { parseDuration } from '../../protocol';
import { AuthError } from '../errors';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { getJson, HttpError, secretFrom } from './http';
import { envVarName } from '../../fields';
import { epochToUtc, isoToUtc, laterOf, naiveToUtc } from '../../model';
import { linkFieldsSchema, readLinks } from './links';
import { extraFieldsSchema, readExtra } from './extra-fields';
import { valueAt } from './mapping';

/**
 * `http-json`: any JSON API that lists records changed since a time, mapped to canonical fields by
 * JSON path. Paging by a cursor field, an offset, or a `Link: rel="next"` header. See docs/connectors.md.
 */

const duration = z.string().refine((s) => { try { parseDuration(s); return true; } catch { return false; } },
  { message: 'expected a duration such as "90s", "5m" or "2h"' });

const pagingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('cursor'), next_path: z.string().min(1), param: z.string().min(1).default('cursor') }).strict(),
  z.object({
    type: z.literal('offset'), offset_param: z.string().min(1).default('offset'), limit_param: z.string().min(1).default('limit'),
    limit: z.number().int().min(1).max(10_000).default(100),
  }).strict(),
  z.object({ type: z.literal('link') }).strict(),
]);

/** Canonical fields the hub sets itself (`amount_reporting`, at ingest from the rate table): a mapping may not name them. */
const HUB_FIELDS = ['amount_reporting'];
export const noHubFields = <T extends Record<string, unknown>>(what: string) => (f: T, ctx: z.RefinementCtx) => {
  for (const key of HUB_FIELDS) {
    if (key in f) ctx.addIssue({ code: 'custom', path: [key], message: `${what} may not set "${key}": the hub works it out at ingest from amount/currency or base_amount/base_currency` });
  }
  // A record's links are a list of {type, id, source}: one vendor field per link type, named in `links`.
  if ('links' in f) ctx.addIssue({ code: 'custom', path: ['links'], message: `${what} may not set "links": name each field holding a linked record's id in the "links" option` });
};

/** What a source's records are: every record of one http-json or sql source is of this type. */
export const entitySchema = z.enum(['order', 'ticket', 'deal', 'account']);

export const httpJsonOptionsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: 'an http(s) URL' }),
  entity: entitySchema,
  /** Plain headers. Secrets go in `headers_env`, never here. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Header name → environment variable holding its whole value (`{ "Authorization": "CRM_TOKEN" }`). */
  headers_env: z.record(z.string(), envVarName).default({}),
  /** Dot path to the array of records in the body ("" = the body is the array). */
  records_path: z.string().default(''),
  /** Canonical field → dot path in a vendor record. `id` and `updated_at` are required (they drive the cursor). */
  fields: z.record(z.string(), z.string()).refine((f) => 'id' in f && 'updated_at' in f, { message: 'fields must map at least "id" and "updated_at"' })
    .superRefine(noHubFields('fields')),
  /** Fields holding the id of a linked record (a deal, order or ticket, here or in another source): dot path, link type, source. */
  links: linkFieldsSchema(z.string().min(1).max(200)),
  /** Canonical field → vendor value → canonical value (`{ "status": { "archived": "cancelled" } }`). */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** Constant canonical fields for every record (`{ "currency": "CNY" }`). */
  defaults: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).superRefine(noHubFields('defaults')).default({}),
  /** Vendor fields no mapping reads: kept in the record's `extra` as they are, or dropped. */
  extra: z.enum(['keep', 'drop']).default('keep'),
  /**
   * Vendor fields (dot paths; a path needs an `as`) kept in `extra` under a key as scalars or lists of scalars, with `extra: "drop"`
   * too: pick the few fields a metric definition reads instead of keeping every one.
   */
  extra_fields: extraFieldsSchema(z.string().min(1).max(200)),
  /** Time stamps without a zone are in the hub's zone (`local`) or UTC. */
  naive_times: z.enum(['local', 'utc']).default('local'),
  paging: pagingSchema.default({ type: 'none' }),
  /** Ask only for records changed since the last sync, less `overlap` (re-read, deduplicated by the store). */
  updated_since: z.object({
    param: z.string().min(1), format: z.enum(['iso', 'unix', 'unix_ms']).default('iso'), overlap: duration.default('2m'),
  }).strict().optional(),
  /** Dot path to the number of records the whole sync will return, for backfill progress. */
  total_path: z.string().optional(),
}).strict();

export type HttpJsonOptions = z.output<typeof httpJsonOptionsSchema>;
/** What `mapRecord` reads of the options (shared with the `sql` connector, whose "paths" are column names). */
export type FieldMapping = Pick<HttpJsonOptions, 'entity' | 'fields' | 'values' | 'defaults' | 'extra' | 'naive_times'> & Partial<Pick<HttpJsonOptions, 'links' | 'extra_fields'>>;

/** Where a sync stands: the watermark of the last finished sync, and the page to fetch next within one. */
export interface HttpJsonCursor {
  /** The newest `updated_at` of the last finished sync (UTC ISO). */
  since?: string;
  run?: { from?: string; max?: string; done: number; total?: number; next: { cursor?: string; offset?: number; url?: string } };
}

const INSTANT_FIELDS = new Set(['created_at', 'updated_at']);
const NUMBER_FIELDS = new Set(['amount', 'base_amount']);
/** Ids and keys: a vendor's number is their text (a numeric organisation id, a tax id kept in a number column). */
const TEXT_FIELDS = new Set(['id', 'account_id', 'tax_id', 'external_id']);
/** Yes/no spellings a vendor (or a SQL column) uses for the `deleted` flag of an order or deal. */
const TRUTHY = new Set(['true', '1', 'yes', 'y', 't']);
const FALSY = new Set(['false', '0', 'no', 'n', 'f']);

/** `a.b.0.c` into a value; "" is the value itself. */
export const at = valueAt;

/** A vendor record → a candidate canonical record. Values it cannot read are passed on raw, so validation rejects the record naming the field. */
export function mapRecord(vendor: unknown, opts: FieldMapping, zone: string): Record<string, unknown> {
  const out: Record<string, unknown> = { type: opts.entity, ...opts.defaults };
  for (const [field, path] of Object.entries(opts.fields)) {
    let v = at(vendor, path);
    if (v === undefined || v === null || v === '') continue;
    const mapped = opts.values[field]?.[String(v)];
    if (mapped !== undefined) v = mapped;
    out[field] = convert(field, v, opts, zone);
  }
  const links = readLinks(opts.links ?? [], (path) => valueAt(vendor, path));
  if (links) out.links = links;
  const kept = readExtra(opts.extra_fields ?? [], (path) => valueAt(vendor, path));
  if (opts.extra === 'keep' && vendor && typeof vendor === 'object') {
    const used = new Set([...Object.values(opts.fields), ...(opts.links ?? []).map((l) => l.field), ...(opts.extra_fields ?? []).map((e) => e.field)]
      .map((p) => p.split('.')[0]));
    const extra = Object.fromEntries(Object.entries(vendor).filter(([k]) => !used.has(k)));
    if (Object.keys(extra).length > 0) out.extra = extra;
  }
  if (Object.keys(kept).length > 0) out.extra = { ...(out.extra as Record<string, unknown> | undefined), ...kept };
  return out;
}

function convert(field: string, v: unknown, opts: FieldMapping, zone: string): unknown {
  try {
    if (INSTANT_FIELDS.has(field)) {
      if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,}$/.test(v))) return epochToUtc(v);
      if (typeof v === 'string') return /(Z|[+-]\d\d:?\d\d)$/i.test(v.trim()) ? isoToUtc(v) : naiveToUtc(v, opts.naive_times === 'utc' ? 'UTC' : zone);
    }
    if (NUMBER_FIELDS.has(field) && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    if (TEXT_FIELDS.has(field) && typeof v === 'number') return String(v);
    if (field === 'deleted' && typeof v !== 'boolean') {
      const word = String(v).trim().toLowerCase();
      if (TRUTHY.has(word)) return true;
      if (FALSY.has(word)) return false;
    }
  } catch { /* passed on raw: rejected with the field's path */ }
  return v;
}

function sinceParam(iso: string, format: 'iso' | 'unix' | 'unix_ms'): string {
  const ms = Date.parse(iso);
  return format === 'iso' ? new Date(ms).toISOString() : String(format === 'unix' ? Math.floor(ms / 1000) : ms);
}

/** The `rel="next"` URL of a Link header, resolved against the request's URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  for (const part of header?.split(/,(?=\s*<)/) ?? []) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

export function createHttpJsonConnector(opts: HttpJsonOptions, env: { timezone: string; env: NodeJS.ProcessEnv; sourceId: string }): Connector<HttpJsonCursor> {
  const overlapMs = opts.updated_since ? parseDuration(opts.updated_since.overlap) : 0;

  function firstUrl(from: string | undefined): URL {
    const url = new URL(opts.url);
    if (opts.updated_since && from) url.searchParams.set(opts.updated_since.param, sinceParam(from, opts.updated_since.format));
    if (opts.paging.type === 'offset') {
      url.searchParams.set(opts.paging.offset_param, '0');
      url.searchParams.set(opts.paging.limit_param, String(opts.paging.limit));
    }
    return url;
  }

  function pageUrl(run: NonNullable<HttpJsonCursor['run']>): URL {
    if (run.next.url) return new URL(run.next.url);
    const url = firstUrl(run.from);
    if (opts.paging.type === 'cursor' && run.next.cursor !== undefined) url.searchParams.set(opts.paging.param, run.next.cursor);
    if (opts.paging.type === 'offset' && run.next.offset !== undefined) url.searchParams.set(opts.paging.offset_param, String(run.next.offset));
    return url;
  }

  return {
    kind: 'http-json',
    entities: [opts.entity],
    async poll({ cursor, signal, now }): Promise<PollPage<HttpJsonCursor>> {
      const headers = { ...opts.headers };
      for (const [name, variable] of Object.entries(opts.headers_env)) headers[name] = secretFrom(env.env, variable, env.sourceId);
      const run = cursor?.run ?? {
        from: cursor?.since ? new Date(Date.parse(cursor.since) - overlapMs).toISOString() : undefined, done: 0, next: {},
      };
      const url = pageUrl(run);
      let res;
      try {
        res = await getJson(url, { signal, headers, now: () => now });
      } catch (err) {
        if (err instanceof HttpError && (err.status === 401 || err.status === 403)) throw new AuthError(err.message);
        throw err;
      }
      const list = at(res.body, opts.records_path);
      if (!Array.isArray(list)) throw new Error(`GET ${url.origin}${url.pathname}: no array at "${opts.records_path || '(the body)'}"`);
      const records = list.map((r) => mapRecord(r, opts, env.timezone));
      let max = run.max;
      for (const r of records) if (typeof r.updated_at === 'string' && !Number.isNaN(Date.parse(r.updated_at))) max = laterOf(max, r.updated_at);

      const done = run.done + list.length;
      const totalValue = opts.total_path ? Number(at(res.body, opts.total_path)) : Number.NaN;
      const total = Number.isFinite(totalValue) ? Math.max(totalValue, done) : run.total;
      const next = nextPage(res.body, res.headers, list.length, run, url);
      // A first sync (no watermark yet) reports its progress when the vendor says how many records it holds.
      const progress = cursor?.since === undefined && total !== undefined ? { done, total } : undefined;
      if (next && list.length > 0) {
        return { records, cursor: { since: cursor?.since, run: { from: run.from, max, done, total, next } }, more: true, ...(progress ? { progress } : {}) };
      }
      return { records, cursor: { since: laterOf(cursor?.since, max) }, ...(progress ? { progress: { done, total: done } } : {}) };
    },
  };

  function nextPage(body: unknown, headers: Headers, count: number, run: NonNullable<HttpJsonCursor['run']>, url: URL): NonNullable<HttpJsonCursor['run']>['next'] | undefined {
    const paging = opts.paging;
    if (paging.type === 'cursor') {
      const c = at(body, paging.next_path);
      return c === undefined || c === null || c === '' || c === false ? undefined : { cursor: String(c) };
    }
    if (paging.type === 'offset') return count >= paging.limit ? { offset: (run.next.offset ?? 0) + count } : undefined;
    if (paging.type === 'link') { const u = nextLink(headers.get('link'), url.toString()); return u ? { url: u } : undefined; }
    return undefined;
  }
}

export const httpJsonConnector = defineConnector({
  kind: 'http-json', title: 'Any JSON HTTP API, mapped to canonical fields by JSON path', options: httpJsonOptionsSchema, defaultInterval: '1m',
  create: (options, env) => createHttpJsonConnector(options, env),
});
