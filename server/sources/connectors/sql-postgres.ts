import pg from 'pg';
import { AuthError } from '../errors';
import { secretFrom } from './http';
import { innerQuery, numberedWatermark, quoteIdent } from './sql-query';
import { missingColumns } from './sql-sqlite';
import type { SqlKey, SqlRow, SqlSession, SqlSource } from './sql-session';

/** PostgreSQL type oids the connector treats specially. */
const OID = { int2: 21, int4: 23, int8: 20, float4: 700, float8: 701, numeric: 1700, text: 25, varchar: 1043, bpchar: 1042,
  date: 1082, time: 1083, timetz: 1266, timestamp: 1114, timestamptz: 1184 } as const;

/**
 * Time stamps stay the text PostgreSQL sends (microseconds and all): a watermark read back and bound again must
 * compare equal to the row it came from, which a JavaScript Date (milliseconds, local zone) would break.
 * A bigint becomes a number while that is exact.
 */
const RAW = new Set<number>([OID.date, OID.time, OID.timetz, OID.timestamp, OID.timestamptz]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (RAW.has(oid)) return (text: string) => text;
    if (oid === OID.int8) return (text: string) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** A value below every value of the watermark column's type, for a first sync without `since`. */
function lowestOf(oid: number, column: string): SqlKey {
  switch (oid) {
    case OID.date: case OID.timestamp: case OID.timestamptz: return '-infinity';
    case OID.int2: return -32768;
    case OID.int4: return -2147483648;
    case OID.int8: return '-9223372036854775808';
    case OID.float4: case OID.float8: case OID.numeric: return '-Infinity';
    case OID.text: case OID.varchar: case OID.bpchar: return '';
    default: throw new Error(`sql source: the watermark column "${column}" has a PostgreSQL type (oid ${oid}) with no known lowest value: set options.since`);
  }
}

/** PostgreSQL's order of two keys of one column: numbers and integer text by value, time stamps (ISO text of one format) as text. */
export function comparePgKeys(a: SqlKey, b: SqlKey): number {
  const int = /^-?\d+$/;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (int.test(String(a)) && int.test(String(b))) { const x = BigInt(a), y = BigInt(b); return x < y ? -1 : x > y ? 1 : 0; }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** `2025-03-14 01:20:30.123456+00` (timestamptz, session zone UTC) → ISO, for the field mapping. Other text is left alone. */
export function pgInstantToIso(text: string): string {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::?(\d\d))?(?::\d\d)?$/.exec(text);
  if (!m) return text;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/** SQLSTATE class 28: invalid authorization (wrong password, unknown role, no pg_hba entry). */
const isAuthFailure = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('28');

export interface PostgresSource extends SqlSource { url_env: string; statement_timeout_ms: number }

/**
 * Cancels the statement a backend runs, from a second short connection: closing the first one alone would leave
 * the server working until statement_timeout, since PostgreSQL notices a gone client only when it next writes.
 */
function cancelBackend(connectionString: string, pid: number): void {
  const killer = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  killer.on('error', () => {});
  void killer.connect().then(() => killer.query('SELECT pg_cancel_backend($1)', [pid]))
    .catch(() => {}).finally(() => { void killer.end().catch(() => {}); });
}

/**
 * One connection per poll, read-only three times over: the session's `default_transaction_read_only`, an
 * explicit `BEGIN READ ONLY` (a SELECT cannot turn it off), and only SELECTs are sent. `statement_timeout`
 * bounds every statement on the server; the poll's abort (the scheduler's timeout, a pause) closes the connection
 * and cancels the statement in flight. `:watermark` and the keyset values are bound parameters, never text.
 */
export async function openPostgres(opts: PostgresSource, env: { env: NodeJS.ProcessEnv; sourceId: string }, signal: AbortSignal): Promise<SqlSession> {
  const connectionString = secretFrom(env.env, opts.url_env, env.sourceId);
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: opts.statement_timeout_ms,
    statement_timeout: opts.statement_timeout_ms,
    idle_in_transaction_session_timeout: opts.statement_timeout_ms * 2,
    application_name: `opswall:${env.sourceId}`.slice(0, 63),
    options: '-c default_transaction_read_only=on -c TimeZone=UTC -c DateStyle=ISO,YMD',
    types,
  });
  client.on('error', () => {}); // a dropped connection fails the poll in flight; it must never reach the process as an unhandled 'error'
  let pid: number | undefined;
  const end = () => {
    if (pid !== undefined && signal.aborted) cancelBackend(connectionString, pid);
    void client.end().catch(() => {});
  };
  signal.addEventListener('abort', end, { once: true });
  try {
    await client.connect();
  } catch (err) {
    signal.removeEventListener('abort', end);
    end();
    const why = (err as Error).message;
    if (isAuthFailure(err)) throw new AuthError(`sql source: PostgreSQL refused the credentials in ${opts.url_env}: ${why}`);
    throw new Error(`sql source: cannot connect to PostgreSQL (the URL in ${opts.url_env}): ${why}`, { cause: err });
  }
  const run = async (text: string, values: unknown[]) => {
    try {
      return await client.query({ text, values });
    } catch (err) {
      throw new Error(`sql source: options.query failed on PostgreSQL: ${(err as Error).message}`, { cause: err });
    }
  };
  try {
    await run('BEGIN TRANSACTION READ ONLY', []);
    pid = Number((await run('SELECT pg_backend_pid() AS pid', [])).rows[0]!.pid);
    const inner = numberedWatermark(innerQuery(opts.query));
    const wm = `q.${quoteIdent(opts.watermark_column)}`;
    const id = `q.${quoteIdent(opts.fields.id!)}`;
    const from = `SELECT * FROM (\n${inner}\n) AS q`;
    const probe = await run(`${from} LIMIT 0`, [null]);
    missingColumns(probe.fields.map((f) => f.name), opts);
    const wmType = probe.fields.find((f) => f.name === opts.watermark_column)!.dataTypeID;
    const zoned = probe.fields.filter((f) => f.dataTypeID === OID.timestamptz).map((f) => f.name);
    const bound = (value: SqlKey | null) => value ?? lowestOf(wmType, opts.watermark_column);
    const present = `${wm} IS NOT NULL AND ${id} IS NOT NULL`;
    return {
      page: async (start, after, limit) => (after
        ? await run(`${from} WHERE ${wm} > $2 OR (${wm} = $2 AND ${id} > $3) ORDER BY ${wm}, ${id} LIMIT $4`, [bound(start), after.watermark, after.id, limit])
        : await run(`${from} WHERE ${present} ORDER BY ${wm}, ${id} LIMIT $2`, [bound(start), limit])).rows as SqlRow[],
      count: async (start) => Number((await run(`SELECT count(*) AS n FROM (\n${inner}\n) AS q WHERE ${present}`, [bound(start)])).rows[0]!.n),
      compare: comparePgKeys,
      forMapping: (row) => {
        if (zoned.length === 0) return row;
        const out = { ...row };
        for (const name of zoned) if (typeof out[name] === 'string') out[name] = pgInstantToIso(out[name]);
        return out;
      },
      close: async () => {
        signal.removeEventListener('abort', end);
        await client.query('ROLLBACK').catch(() => {});
        await client.end().catch(() => {});
      },
    };
  } catch (err) {
    signal.removeEventListener('abort', end);
    end();
    throw err;
  }
}
