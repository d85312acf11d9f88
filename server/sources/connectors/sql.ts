import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Connector, PollPage } from '../types';
import { defineConnector } from './define';
import { httpJsonOptionsSchema, mapRecord } from './http-json';

/**
 * `sql`: rows of a SELECT on a database the vendor (or an in-house system) writes, mapped to canonical
 * fields by column name with http-json's mapping. Only SQLite for now (`driver: "sqlite"`), opened
 * read-only; PostgreSQL is planned. See docs/connectors.md.
 */

const ianaZone = z.string().refine((zone) => {
  if (/^(UTC|GMT)?[+-]\d/.test(zone)) return false; // fixed offsets are DST-unsafe, as in the hub's own `timezone`
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
}, { message: 'expected an IANA time zone name such as "Asia/Shanghai", or "UTC"' });

/** The statement text without comments, string literals and quoted names: what the shape checks look at. */
function bareSql(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, ' ');
}

/** A named parameter other than `:watermark` cannot be bound. */
const otherParameter = (bare: string) => /(^|[^:\w])([:@$][A-Za-z_]\w*|\?\d*)/.exec(bare.replace(/(^|[^:\w]):watermark\b/g, '$1'))?.[2];

const query = z.string().min(1).superRefine((sql, ctx) => {
  const bare = bareSql(sql).replace(/[\s;]+$/, '');
  const problem = !/^\s*(select|with)\b/i.test(bare) ? 'must be a single SELECT (or WITH … SELECT) statement'
    : bare.includes(';') ? 'must be a single statement: no ";" inside'
      : !/(^|[^:\w]):watermark\b/.test(bare) ? 'must use the named parameter :watermark (e.g. "WHERE updated >= :watermark")'
        : otherParameter(bare) ? `may use no parameter but :watermark (found ${otherParameter(bare)})` : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: `query ${problem}` });
});

/** A result column name, read as is (no dot paths: alias a column with AS). */
const column = z.string().min(1).regex(/^[^.]+$/, 'a result column name (alias it with AS), not a path');

export const sqlOptionsSchema = z.object({
  /** Only `sqlite` for now; `postgres` is planned. */
  driver: z.enum(['sqlite'], { message: 'only "sqlite" for now (PostgreSQL is planned)' }),
  /** The SQLite file, opened read-only; it must exist. */
  path: z.string().min(1),
  /** One SELECT with `:watermark`, e.g. `SELECT … FROM orders WHERE write_date >= :watermark ORDER BY write_date, id`. */
  query,
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
  fields: z.record(z.string(), column).refine((f) => 'id' in f && 'updated_at' in f, { message: 'fields must map at least "id" and "updated_at"' }),
  values: httpJsonOptionsSchema.shape.values,
  defaults: httpJsonOptionsSchema.shape.defaults,
  extra: httpJsonOptionsSchema.shape.extra,
}).strict();

export type SqlOptions = z.output<typeof sqlOptionsSchema>;
/** A value the watermark or id column holds (blobs and NULLs cannot be one). */
export type SqlKey = string | number;

export interface SqlCursor {
  /** The largest watermark value of the last finished sync, as the database holds it. */
  watermark?: SqlKey;
  /** Within a sync of several pages: where it started, and the last (watermark, id) read, where the next page goes on. */
  run?: { from: SqlKey | null; after: { watermark: SqlKey; id: SqlKey }; done: number; total?: number };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQLite's order of keys: numbers before text, text by code unit (BINARY collation, for the ASCII of time stamps). */
function compareKeys(a: SqlKey, b: SqlKey): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The watermark moved back `seconds`, in the column's own format so SQLite compares like with like:
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

/** The statements a page runs: the tenant's query wrapped in keyset paging and a LIMIT. */
export function pageSql(opts: SqlOptions) {
  const inner = opts.query.trim().replace(/[\s;]+$/, '');
  const wm = `q.${quote(opts.watermark_column)}`;
  const id = `q.${quote(opts.fields.id!)}`;
  const from = `SELECT * FROM (\n${inner}\n) AS q`;
  return {
    first: `${from} WHERE ${wm} IS NOT NULL AND ${id} IS NOT NULL ORDER BY ${wm}, ${id} LIMIT :__limit`,
    next: `${from} WHERE ${wm} > :__after_wm OR (${wm} = :__after_wm AND ${id} > :__after_id) ORDER BY ${wm}, ${id} LIMIT :__limit`,
    count: `SELECT count(*) AS n FROM (\n${inner}\n) AS q WHERE ${wm} IS NOT NULL AND ${id} IS NOT NULL`,
  };
}

/** The config's query on the open database: one read-only statement returning the columns the options name, or an error naming `query`. */
export function checkQuery(db: Database.Database, opts: SqlOptions): void {
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(opts.query.trim().replace(/[\s;]+$/, ''));
  } catch (err) {
    throw new Error(`sql source: options.query does not prepare on ${opts.path}: ${(err as Error).message}`, { cause: err });
  }
  if (!stmt.reader || !stmt.readonly) throw new Error('sql source: options.query must be a single read-only SELECT: it would write to the database or returns no rows');
  const columns = new Set(stmt.columns().map((c) => c.name));
  const wanted = [opts.watermark_column, ...Object.values(opts.fields)];
  const missing = wanted.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new Error(`sql source: options.query returns no column ${missing.map((c) => JSON.stringify(c)).join(', ')} (it returns ${[...columns].join(', ')})`);
  }
}

function key(row: Record<string, unknown>, column: string, what: string): SqlKey {
  const v = row[column];
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`sql source: ${what} column "${column}" holds ${v === null ? 'NULL' : typeof v}: it must be text or a number`);
}

export function createSqlConnector(opts: SqlOptions, env: { timezone: string }): Connector<SqlCursor> {
  const zone = opts.timezone ?? env.timezone;
  const mapping = { entity: opts.entity, fields: opts.fields, values: opts.values, defaults: opts.defaults, extra: opts.extra, naive_times: 'local' as const };
  const sql = pageSql(opts);
  // The first sync reads every row: a number below any time stamp (and text compares above numbers in SQLite).
  const lowest = opts.since ?? -Number.MAX_VALUE;

  return {
    kind: 'sql',
    entities: [opts.entity],
    poll({ cursor }): Promise<PollPage<SqlCursor>> {
      let db: Database.Database;
      try {
        db = new Database(opts.path, { readonly: true, fileMustExist: true });
      } catch (err) {
        return Promise.reject(new Error(`sql source: cannot open ${opts.path} read-only: ${(err as Error).message}`, { cause: err }));
      }
      try {
        checkQuery(db, opts);
        const run = cursor?.run;
        const from = run ? run.from : cursor?.watermark === undefined ? null : minusOverlap(cursor.watermark, opts.overlap_seconds);
        const watermark = from ?? lowest;
        const rows = (run
          ? db.prepare(sql.next).all({ watermark, __after_wm: run.after.watermark, __after_id: run.after.id, __limit: opts.page_size })
          : db.prepare(sql.first).all({ watermark, __limit: opts.page_size })) as Record<string, unknown>[];
        // NULL columns are absent (as an absent JSON field); blobs are not kept in `extra`.
        const records = rows.map((r) => mapRecord(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && !(v instanceof Uint8Array))), mapping, zone));
        const done = (run?.done ?? 0) + rows.length;
        // A first sync counts what it will read, for backfill progress.
        const total = cursor?.watermark !== undefined ? undefined
          : run ? run.total : (db.prepare(sql.count).get({ watermark }) as { n: number }).n;
        const last = rows.at(-1);
        const lastKey = last && { watermark: key(last, opts.watermark_column, 'watermark'), id: key(last, opts.fields.id!, 'id') };
        const progress = total !== undefined ? { progress: { done, total: Math.max(total, done) } } : {};
        if (lastKey && rows.length >= opts.page_size) {
          return Promise.resolve({ records, cursor: { watermark: cursor?.watermark, run: { from, after: lastKey, done, total } }, more: true, ...progress });
        }
        const newest = [cursor?.watermark, run?.after.watermark, lastKey?.watermark].filter((v): v is SqlKey => v !== undefined).sort(compareKeys).at(-1);
        return Promise.resolve({ records, cursor: newest === undefined ? {} : { watermark: newest },
          ...(total !== undefined ? { progress: { done, total: done } } : {}) });
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        db.close();
      }
    },
  };
}

export const sqlConnector = defineConnector({
  kind: 'sql', title: 'Rows of a SELECT on a SQLite database (read-only), mapped to canonical fields by column', options: sqlOptionsSchema, defaultInterval: '1m',
  create: (options, env) => createSqlConnector(options, env),
});
