import Database from 'better-sqlite3';
import { innerQuery, quoteIdent } from './sql-query';
import type { SqlKey, SqlSession, SqlSource } from './sql-session';

/** The statements a page runs: the tenant's query wrapped in keyset paging and a LIMIT. */
export function pageSql(opts: SqlSource) {
  const inner = innerQuery(opts.query);
  const wm = `q.${quoteIdent(opts.watermark_column)}`;
  const id = `q.${quoteIdent(opts.fields.id!)}`;
  const from = `SELECT * FROM (\n${inner}\n) AS q`;
  return {
    first: `${from} WHERE ${wm} IS NOT NULL AND ${id} IS NOT NULL ORDER BY ${wm}, ${id} LIMIT :__limit`,
    next: `${from} WHERE ${wm} > :__after_wm OR (${wm} = :__after_wm AND ${id} > :__after_id) ORDER BY ${wm}, ${id} LIMIT :__limit`,
    count: `SELECT count(*) AS n FROM (\n${inner}\n) AS q WHERE ${wm} IS NOT NULL AND ${id} IS NOT NULL`,
  };
}

/** The config's query on the open database: one read-only statement returning the columns the options name, or an error naming `query`. */
export function checkQuery(db: Database.Database, opts: SqlSource & { path: string }): void {
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(innerQuery(opts.query));
  } catch (err) {
    throw new Error(`sql source: options.query does not prepare on ${opts.path}: ${(err as Error).message}`, { cause: err });
  }
  if (!stmt.reader || !stmt.readonly) throw new Error('sql source: options.query must be a single read-only SELECT: it would write to the database or returns no rows');
  missingColumns(stmt.columns().map((c) => c.name), opts);
}

/** Throws naming the columns `watermark_column`, `fields` and `links` want that the query does not return. */
export function missingColumns(returned: string[], opts: SqlSource): void {
  const columns = new Set(returned);
  const missing = [opts.watermark_column, ...Object.values(opts.fields), ...(opts.links ?? []).map((l) => l.field)].filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new Error(`sql source: options.query returns no column ${missing.map((c) => JSON.stringify(c)).join(', ')} (it returns ${[...columns].join(', ')})`);
  }
}

/** SQLite's order of keys: numbers before text, text by code unit (BINARY collation, for the ASCII of time stamps). */
export function compareSqliteKeys(a: SqlKey, b: SqlKey): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A SQLite file opened read-only for one poll: the hub never writes to it and creates no journal beside it.
 * With no watermark yet, `:watermark` is a number below every time stamp (SQLite sorts text above numbers).
 */
export function openSqlite(opts: SqlSource & { path: string }): SqlSession {
  let db: Database.Database;
  try {
    db = new Database(opts.path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`sql source: cannot open ${opts.path} read-only: ${(err as Error).message}`, { cause: err });
  }
  try {
    checkQuery(db, opts);
  } catch (err) {
    db.close();
    throw err;
  }
  const sql = pageSql(opts);
  const lowest = (from: SqlKey | null) => from ?? -Number.MAX_VALUE;
  return {
    page: (from, after, limit) => Promise.resolve((after
      ? db.prepare(sql.next).all({ watermark: lowest(from), __after_wm: after.watermark, __after_id: after.id, __limit: limit })
      : db.prepare(sql.first).all({ watermark: lowest(from), __limit: limit })) as Record<string, unknown>[]),
    count: (from) => Promise.resolve((db.prepare(sql.count).get({ watermark: lowest(from) }) as { n: number }).n),
    compare: compareSqliteKeys,
    close: () => { db.close(); return Promise.resolve(); },
  };
}
