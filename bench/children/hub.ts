/**
 * The OpsWall hub as a benchmark child process: what server/main.ts does, plus a loopback-only bind and a
 * screens folder of the bench's own (server/main.ts has neither option).
 *
 * Env: BENCH_HUB_CONFIG (the config as JSON), BENCH_SCREENS_DIR, BENCH_DB_PATH (default `:memory:`),
 * LOG_LEVEL (default warn).
 * Prints "bench-hub-timing {json}" (how long startHub took, and the process's uptime then) and then
 * "OpsWall is running at http://127.0.0.1:<port>" when it listens.
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { startHub } from '../../server/app';

const before = performance.now();
const hub = await startHub({
  port: 0,
  host: '127.0.0.1',
  dbPath: process.env.BENCH_DB_PATH || ':memory:',
  config: JSON.parse(process.env.BENCH_HUB_CONFIG ?? '{}') as unknown,
  ...(process.env.BENCH_SCREENS_DIR ? { screensDir: process.env.BENCH_SCREENS_DIR } : {}),
  logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
});
console.log(`bench-hub-timing ${JSON.stringify({ startHubMs: performance.now() - before, startHubBeganAtMs: before, uptimeMs: process.uptime() * 1000 })}`);
console.log(`OpsWall is running at http://127.0.0.1:${hub.port}`);

const stop = () => { void hub.close().then(() => process.exit(0)); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
