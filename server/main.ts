import { parseArgs } from 'node:util';
import { startHub } from './app';
import { ConfigError } from './config';

/** The command line: `node --import tsx server/main.ts [--config file] [--db file] [--port n] [--host addr] [--screens dir] [--metrics dir]`. */
const { values } = parseArgs({
  options: { config: { type: 'string' }, db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, screens: { type: 'string' }, metrics: { type: 'string' } },
  allowPositionals: false,
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535, got "${values.port ?? process.env.PORT}"`);
  process.exit(1);
}

try {
  const hub = await startHub({
    port,
    configPath: values.config ?? process.env.OPSWALL_CONFIG,
    dbPath: values.db ?? process.env.OPSWALL_DB ?? 'data/opswall.db',
    host: values.host ?? process.env.HOST ?? '0.0.0.0',
    screensDir: values.screens ?? process.env.OPSWALL_SCREENS,
    metricsDir: values.metrics ?? process.env.OPSWALL_METRICS,
  });
  console.log(`OpsWall is running at http://localhost:${hub.port}`);
  const stop = () => { void hub.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('OpsWall could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
