import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The environment variable naming the PostgreSQL server the tests use (.ci/run sets it). */
export const PG_URL_ENV = 'OPSWALL_TEST_PG_URL';

/** The test server's URL; without one the PostgreSQL tests fail (they never skip) saying how to get one. */
export function testPgUrl(): string {
  const url = process.env[PG_URL_ENV];
  if (!url) {
    throw new Error(`${PG_URL_ENV} is not set: the PostgreSQL tests need a server. .ci/run installs and starts one; `
      + `locally run \`export ${PG_URL_ENV}="$(.ci/postgres)"\` (as root) or point it at any PostgreSQL you may create schemas in`);
  }
  return url;
}

/**
 * A throw-away schema on the test server, written through its own connection (the vendor's side). `name`
 * is unique per call, so test files running at once never see each other's tables.
 */
export async function vendorSchema(prefix: string) {
  const client = new pg.Client({ connectionString: testPgUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot connect to the PostgreSQL test server in ${PG_URL_ENV}: ${(err as Error).message}`, { cause: err });
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    /** Runs SQL as the vendor (table names qualified with `name`). */
    exec: async (sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows as Record<string, unknown>[],
    /** Drops the schema and closes the connection. */
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => {});
      await client.end();
    },
  };
}
