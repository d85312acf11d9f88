import { z } from 'zod';
import { parseDuration } from '../../protocol';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { envVarName } from '../../fields';
import { httpJsonOptionsSchema, mapRecord, noHubFields } from './http-json';
import { linkFieldsSchema } from './links';
import { extraFieldsSchema } from './extra-fields';
import { openPostgres } from './sql-postgres';
import { sqlQuery } from './sql-query';
import type { SqlKey, SqlSession } from './sql-session';
import { openSqlite } from './sql-sqlite';

export type { SqlKey } from './sql-session';

/**
 * `sql`: rows of a SELECT on a database the vendor (or an in-house system) writes, mapped to canonical
 * fields by column name with http-json's mapping, read-only, keyset-paged on a watermark column. Drivers:
 * a SQLite file (sql-sqlite.ts) and PostgreSQL (sql-postgres.ts). See docs/connectors.md.
 */

const ianaZone = z.string().refine((zone) => {
  if (/^(UTC|GMT)?[+-]\d/.test(zone)) return false; // fixed offsets are DST-unsafe, as in the hub's own `timezone`
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
}, { message: 'expected an IANA time zone name such as "Asia/Shanghai", or "UTC"' });

const duration = z.string().refine((s) => { try { return parseDuration(s) > 0; } catch { return false; } },
  { message: 'expected a duration such as "30s" or "2m"' });

/** A result column name, read as is (no dot paths: alias a column with AS). */
const column = z.string().min(1).regex(/^[^.]+$/, 'a result column name (alias it with AS), not a path');

/** Options both drivers share. */
const common = {
  /** The result column the watermark is read from (the one `:watermark` is compared with). */
  watermark_column: column,
  /** Each sync re-reads this far back before the last watermark (a late commit, a clock step). */
  overlap_seconds: z.number().int().min(0).max(86_400).default(120),
  /** Rows per page (keyset paging on the watermark and the `id` column). */
  page_size: z.number().int().min(1).max(10_000).default(500),
  /** The first sync's `:watermark` (a value in the column's own format); default: every row. */
  since: z.union([z.string(), z.number()]).optional(),
  /** Zone of naive time stamps in the rows: an IANA name or "UTC" (default: the hub's `timezone`). */
  timezone: ianaZone.optional(),
  entity: httpJsonOptionsSchema.shape.entity,
  /** Canonical field → result column name. `id` and `updated_at` are required. */
  fields: z.record(z.string(), column).refine((f) => 'id' in f && 'updated_at' in f, { message: 'fields must map at least "id" and "updated_at"' })
    .superRefine(noHubFields('fields')),
  /** Result columns holding the id of a linked record (a deal, order or ticket, here or in another source). */
  links: linkFieldsSchema(column),
  values: httpJsonOptionsSchema.shape.values,
  defaults: httpJsonOptionsSchema.shape.defaults,
  extra: httpJsonOptionsSchema.shape.extra,
  /** Result columns kept in `extra` (under their name, or `as`) as scalars, with `extra: "drop"` too. */
  extra_fields: extraFieldsSchema(column),
};

export const sqlOptionsSchema = z.discriminatedUnion('driver', [
  z.object({
    driver: z.literal('sqlite'),
    /** The SQLite file, opened read-only; it must exist. */
    path: z.string().min(1),
    /** One SELECT with `:watermark`, e.g. `SELECT … FROM orders WHERE write_date >= :watermark ORDER BY write_date, id`. */
    query: sqlQuery('sqlite'),
    ...common,
  }).strict(),
  z.object({
    driver: z.literal('postgres'),
    /** The environment variable holding the connection URL (`postgres://user:password@host:5432/db?sslmode=require`). */
    url_env: envVarName,
    query: sqlQuery('postgres'),
    /** The server cancels any statement running longer (PostgreSQL's statement_timeout). */
    statement_timeout: duration.default('30s'),
    ...common,
  }).strict(),
], { error: (issue) => (issue.code === 'invalid_union' ? 'expected "sqlite" (a SQLite file) or "postgres"' : undefined) });

export type SqlOptions = z.output<typeof sqlOptionsSchema>;

export interface SqlCursor {
  /** The largest watermark value of the last finished sync, as the database holds it. */
  watermark?: SqlKey;
  /** Within a sync of several pages: where it started, and the last (watermark, id) read, where the next page goes on. */
  run?: { from: SqlKey | null; after: { watermark: SqlKey; id: SqlKey }; done: number; total?: number };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The watermark moved back `seconds`, in the column's own format so the database compares like with like:
 * epoch seconds or milliseconds (below 1e11: seconds), `YYYY-MM-DD[ T]HH:MM[:SS[.fff]][zone]` by wall clock,
 * `YYYY-MM-DD` by whole days. Anything else is used as is (the overlap then relies on `>=` alone).
 */
export function minusOverlap(value: SqlKey, seconds: number): SqlKey {
  if (seconds === 0) return value;
  if (typeof value === 'number') return value - (Math.abs(value) < 1e11 ? seconds : seconds * 1000);
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:([ T])(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?(.*)$/.exec(value);
  if (!m) return value;
  const [, y, mo, d, sep, hh, mi, ss, frac, rest] = m;
  if (!sep) {
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d) - Math.ceil(seconds / 86_400)));
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}${rest}`;
  }
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss ?? 0)) - seconds * 1000);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}${sep}${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
    + `${ss === undefined ? '' : `:${pad(t.getUTCSeconds())}${frac ?? ''}`}${rest}`;
}

function key(row: Record<string, unknown>, column: string, what: string): SqlKey {
  const v = row[column];
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`sql source: ${what} column "${column}" holds ${v === null ? 'NULL' : typeof v}: it must be text or a number`);
}

/** Opens the driver's session for one poll. */
function openSession(opts: SqlOptions, env: SqlEnv, signal: AbortSignal): Promise<SqlSession> {
  if (opts.driver === 'sqlite') {
    try { return Promise.resolve(openSqlite(opts)); } catch (err) { return Promise.reject(err as Error); }
  }
  return openPostgres({ ...opts, statement_timeout_ms: parseDuration(opts.statement_timeout) },
    { env: env.env ?? process.env, sourceId: env.sourceId ?? 'sql' }, signal);
}

export interface SqlEnv { timezone: string; env?: NodeJS.ProcessEnv; sourceId?: string }

export function createSqlConnector(opts: SqlOptions, env: SqlEnv): Connector<SqlCursor> {
  const zone = opts.timezone ?? env.timezone;
  const mapping = { entity: opts.entity, fields: opts.fields, links: opts.links, values: opts.values, defaults: opts.defaults, extra: opts.extra,
    extra_fields: opts.extra_fields, naive_times: 'local' as const };

  return {
    kind: 'sql',
    entities: [opts.entity],
    async poll({ cursor, signal }): Promise<PollPage<SqlCursor>> {
      const session = await openSession(opts, env, signal);
      try {
        const run = cursor?.run;
        const from = run ? run.from : cursor?.watermark === undefined ? null : minusOverlap(cursor.watermark, opts.overlap_seconds);
        const start = from ?? opts.since ?? null; // the first sync starts at `since`, else at the first row
        const rows = await session.page(start, run?.after, opts.page_size);
        // NULL columns are absent (as an absent JSON field); blobs are not kept in `extra`.
        const records = rows.map((raw) => {
          const r = session.forMapping ? session.forMapping(raw) : raw;
          return mapRecord(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && !(v instanceof Uint8Array))), mapping, zone);
        });
        const done = (run?.done ?? 0) + rows.length;
        // A first sync counts what it will read, for backfill progress.
        const total = cursor?.watermark !== undefined ? undefined : run ? run.total : await session.count(start);
        const last = rows.at(-1);
        const lastKey = last && { watermark: key(last, opts.watermark_column, 'watermark'), id: key(last, opts.fields.id!, 'id') };
        const progress = total !== undefined ? { progress: { done, total: Math.max(total, done) } } : {};
        if (lastKey && rows.length >= opts.page_size) {
          return { records, cursor: { watermark: cursor?.watermark, run: { from, after: lastKey, done, total } }, more: true, ...progress };
        }
        const newest = [cursor?.watermark, run?.after.watermark, lastKey?.watermark].filter((v): v is SqlKey => v !== undefined).sort(session.compare).at(-1);
        return { records, cursor: newest === undefined ? {} : { watermark: newest },
          ...(total !== undefined ? { progress: { done, total: done } } : {}) };
      } finally {
        await session.close();
      }
    },
  };
}

export const sqlConnector = defineConnector({
  kind: 'sql', title: 'Rows of a SELECT on a SQLite file or a PostgreSQL database (read-only), mapped to canonical fields by column', options: sqlOptionsSchema, defaultInterval: '1m',
  create: (options, env) => createSqlConnector(options, env),
});
