import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { z } from 'zod';

/** Widget type → the zod schema of its `options`, as declared in `client/widgets/<type>/options.ts`. */
export type WidgetOptionSchemas = ReadonlyMap<string, z.ZodType>;

/** Where the hub finds the widgets' option schemas. */
export interface WidgetOptionsFiles {
  /** The table compiled to plain JavaScript by `npm run build` (vite.config.ts), loadable without a TypeScript loader. */
  compiled: string;
  /** What it is compiled from: it is used while it is newer than every file here (or none of them exists). */
  sources: readonly string[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const WIDGET_OPTIONS_FILES: WidgetOptionsFiles = {
  compiled: join(ROOT, 'dist', 'widget-options.js'),
  // The options import helpers of the wall (client/widgets/levels.ts, client/format/zone.ts…): any file of it counts.
  sources: [join(ROOT, 'client'), fileURLToPath(new URL('./widget-option-schemas.ts', import.meta.url))],
};

/** This module runs compiled (dist/server, `npm start`): the table is part of the same build, nothing else to look for. */
const IN_BUILD = !import.meta.url.endsWith('.ts');

/** The newest modification time of a file, or of any file in a folder; 0 when absent. */
function newest(path: string): number {
  let stat;
  try { stat = statSync(path); } catch { return 0; }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** The table as the hub reads it, by type name. */
export function optionSchemasOf(table: Record<string, unknown>, from: string): WidgetOptionSchemas {
  const entries = Object.entries(table).sort(([a], [b]) => a.localeCompare(b));
  for (const [type, schema] of entries) {
    if (typeof (schema as z.ZodType | undefined)?.safeParse !== 'function') throw new Error(`${from}: widget "${type}" has no options schema`);
  }
  return new Map(entries as [string, z.ZodType][]);
}

async function compiledTable(file: string): Promise<WidgetOptionSchemas> {
  const mod = (await import(pathToFileURL(file).href)) as { WIDGET_OPTION_SCHEMAS?: Record<string, unknown> };
  if (!mod.WIDGET_OPTION_SCHEMAS) throw new Error(`${file} does not export WIDGET_OPTION_SCHEMAS: run \`npm run build\``);
  return optionSchemasOf(mod.WIDGET_OPTION_SCHEMAS, file);
}

export interface LoadWidgetOptions {
  files?: WidgetOptionsFiles;
  /** Told which table was read (debug), and when it had to be an out-of-date build (warn). */
  log?: Pick<Logger, 'debug' | 'warn'>;
}

/**
 * The options schema of every widget type, from the one table the hub declares (widget-option-schemas.ts): in the
 * compiled hub, from its own build; else compiled, from dist/widget-options.js, while that is current; else from its
 * TypeScript sources (tests, and `npm run dev` after an edit, run with a TypeScript loader); else, without a loader,
 * from an older build.
 */
export async function loadWidgetOptionSchemas({ files = WIDGET_OPTIONS_FILES, log }: LoadWidgetOptions = {}): Promise<WidgetOptionSchemas> {
  if (IN_BUILD) return optionSchemasOf((await import('./widget-option-schemas')).WIDGET_OPTION_SCHEMAS, 'the hub\'s build');
  const built = existsSync(files.compiled) ? statSync(files.compiled).mtimeMs : undefined;
  if (built !== undefined && files.sources.every((source) => newest(source) <= built)) {
    log?.debug({ from: files.compiled }, 'widget option schemas: the build');
    return compiledTable(files.compiled);
  }
  let source: { WIDGET_OPTION_SCHEMAS: Record<string, unknown> };
  try {
    source = await import('./widget-option-schemas');
  } catch (err) {
    if (built === undefined) {
      throw new Error(`cannot load the widgets' option schemas: ${files.compiled} is missing (run \`npm run build\`), and the sources cannot be loaded: ${String(err)}`, { cause: err });
    }
    log?.warn({ from: files.compiled, err }, 'widget option schemas: the build is older than the widgets\' sources, which cannot be loaded here; run `npm run build`');
    return compiledTable(files.compiled);
  }
  log?.debug({ from: 'server/screens/widget-option-schemas.ts' }, 'widget option schemas: the sources');
  return optionSchemasOf(source.WIDGET_OPTION_SCHEMAS, 'server/screens/widget-option-schemas.ts');
}
