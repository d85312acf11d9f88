import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema';
import { DEMO_CONFIG } from './demo';

/** A config problem a user can fix: which file, where in it, what was expected. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: { path: string; message: string }[]) {
    super(`invalid config ${file}:\n${problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config object; every problem is listed at once. */
export function parseConfig(raw: unknown, file = '(inline config)'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(file, result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''),
    message: issue.message,
  })));
}

/** Reads the config file named by the user, or returns the built-in demo config when there is none. */
export function loadConfig(file: string | undefined): Config {
  if (!file) return parseConfig(DEMO_CONFIG, '(built-in demo)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseConfig(raw, file);
}
