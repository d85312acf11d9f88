import { parseArgs } from 'node:util';

/** What the hub runs with, from its flags and, where a flag is absent, the environment. */
export interface RunOptions {
  port: number;
  host: string;
  dbPath: string;
  configPath?: string;
  screensDir?: string;
  metricsDir?: string;
}

/** What the command line asks for. A usage error exits with 2, as Unix tools do for a wrong command line. */
export type Command =
  | { kind: 'run'; options: RunOptions }
  | { kind: 'backup' | 'hash-password'; args: string[] }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string };

export const USAGE = `Usage: npm start -- [options]            run the hub (or: node dist/server/main.js [options])
       npm run backup -- <file> [--db FILE]  copy the store to <file>, also while the hub runs
       npm run hash-password                 print the hash of a password for access.users in the config

Options:
  --config FILE   the config file (env OPSWALL_CONFIG); without one the built-in demo runs
  --db FILE       the SQLite store (env OPSWALL_DB; default data/opswall.db)
  --port N        the port to listen on (env PORT; default 3000; 0 takes a free one)
  --host ADDR     the address to listen on (env HOST; default 0.0.0.0, every interface)
  --screens DIR   the screen files (env OPSWALL_SCREENS; default screens/ of the package)
  --metrics DIR   the metric definition files (env OPSWALL_METRICS; default metrics/ beside the screens)
  -h, --help      show this text
  -v, --version   show the version

Environment: LOG_LEVEL (info), LOG_FORMAT (pretty on a terminal, json otherwise).
SIGTERM or SIGINT stops the hub within 10 s; open screens are told it is restarting and reconnect by themselves.
`;

const OPTIONS = {
  config: { type: 'string' }, db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' },
  screens: { type: 'string' }, metrics: { type: 'string' },
  help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
} as const;

/** Reads the command line (`process.argv.slice(2)`); never throws. */
export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Command {
  if (argv[0] === 'backup' || argv[0] === 'hash-password') return { kind: argv[0], args: argv.slice(1) };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util says e.g. "Unknown option '--prot'. To specify a positional argument starting with a '-', …": the first sentence serves.
    const first = (err as Error).message.split('. ')[0]!.replace(/\.$/, '');
    return { kind: 'usage-error', message: first.charAt(0).toLowerCase() + first.slice(1) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) return { kind: 'usage-error', message: `unknown command "${positionals[0]}" (the commands are "backup" and "hash-password")` };

  const portText = values.port ?? env.PORT ?? '3000';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    return { kind: 'usage-error', message: `${values.port !== undefined ? '--port' : 'PORT'} must be a whole number from 0 to 65535, got "${portText}"` };
  }
  const configPath = values.config ?? env.OPSWALL_CONFIG;
  const screensDir = values.screens ?? env.OPSWALL_SCREENS;
  const metricsDir = values.metrics ?? env.OPSWALL_METRICS;
  return {
    kind: 'run',
    options: {
      port, host: values.host ?? env.HOST ?? '0.0.0.0', dbPath: values.db ?? env.OPSWALL_DB ?? 'data/opswall.db',
      ...(configPath ? { configPath } : {}), ...(screensDir ? { screensDir } : {}), ...(metricsDir ? { metricsDir } : {}),
    },
  };
}
