import { pino, type Logger } from 'pino';

/**
 * The hub's log: JSON lines for journald and log shippers when stdout is not a terminal, readable lines through
 * pino's own pretty transport on a terminal; `LOG_FORMAT` (json | pretty) and `LOG_LEVEL` override.
 * Throws a message for the command line when either is not one pino knows.
 */
export function createLogger(env: Readonly<Record<string, string | undefined>>, terminal: boolean): Logger {
  const format = env.LOG_FORMAT ?? (terminal ? 'pretty' : 'json');
  if (format !== 'json' && format !== 'pretty') throw new Error(`LOG_FORMAT must be "json" or "pretty", got "${format}"`);
  const level = env.LOG_LEVEL ?? 'info';
  if (!(level in pino.levels.values) && level !== 'silent') {
    throw new Error(`LOG_LEVEL must be one of ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}, got "${level}"`);
  }
  if (format === 'json') return pino({ level });
  return pino({
    level,
    transport: { target: 'pino-pretty', options: { colorize: terminal, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname' } },
  });
}

