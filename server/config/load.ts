import { readFileSync } from 'node:fs';
import { formatProblem, locateJson, pathText, zodProblems, type LocatedJson } from '../fields';
import { configSchema, type Config } from './schema';
import { DEMO_CONFIG } from './demo';

/** One thing wrong with the config: its JSON path, and where it is written when the config came from a file. */
export interface ConfigProblem { path: string; message: string; line?: number; column?: number }

/**
 * A config problem a user can fix: which file, where in it, what was expected. Problems placed in the file read as
 * `file:line:column path: message` (the form screen files use, which editors and terminals turn into links).
 */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: ConfigProblem[]) {
    super(`invalid config ${file}:\n${problems.map((p) => `  ${p.line === undefined || p.column === undefined
      ? `- ${p.path || '(root)'}: ${p.message}` : formatProblem(file, { ...p, line: p.line, column: p.column })}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a parsed config object; every problem is listed at once. Given `located` (the file's text, located), each
 * problem also says where it is written: at the offending value, or at the object that lacks a key.
 */
export function parseConfig(raw: unknown, file = '(inline config)', located?: LocatedJson): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  if (located) throw new ConfigError(file, zodProblems(located, result.error.issues));
  throw new ConfigError(file, result.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })));
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
  // Plain JSON, as screen files: comments and trailing commas are syntax errors, placed at their line and column.
  const json = locateJson(text);
  if (json.syntax.length > 0) throw new ConfigError(file, json.syntax);
  return parseConfig(json.value, file, json);
}
