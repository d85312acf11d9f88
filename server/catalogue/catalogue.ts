import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { DEFAULT_LIMITS, type Definition, type DefinitionLimits } from '../definitions';
import { CATALOGUE, type MetricDefinition } from '../metrics';
import { createFileSet, watchFolder, type FolderWatch } from '../screens';
import { compileEntry, validateDefinitionFile, type DefinitionEntry } from './load';

type Metric = MetricDefinition<never>;

/** The definition files shipped with the hub, read-only: the built-ins the definition language expresses. */
export const BUILTIN_DIR = fileURLToPath(new URL('./builtin/', import.meta.url));

/**
 * The hand-coded built-ins and the shipped definition files, compiled: every built-in metric. A shipped file that does
 * not load is a defect of the hub, so it throws.
 */
export function builtinMetrics(code: readonly Metric[] = CATALOGUE, dir = BUILTIN_DIR): Metric[] {
  const codeIds = new Set(code.map((m) => m.id));
  const files = createFileSet<Definition, DefinitionEntry>(dir, (file, text) => validateDefinitionFile(file, text, codeIds));
  files.sync();
  const shipped = files.list().map((e) => {
    if (!e.valid || !e.definition) throw new Error(`a built-in metric definition does not load:\n${e.error}`);
    return compileEntry(e.definition, 'builtin', `server/catalogue/builtin/${basename(e.file)}`);
  });
  return [...code, ...shipped];
}

export interface CatalogueOptions {
  /** The company's definition files (`metrics/` beside `screens/`). */
  dir: string;
  /** Every built-in metric (builtinMetrics): the company's ids may not be theirs. */
  builtins: readonly Metric[];
  limits?: DefinitionLimits;
  /** The `extra` keys the sources keep as money (the sources room's moneyExtraKeys). */
  moneyExtras?: ReadonlySet<string>;
  log: Logger;
  /** After the folder changed: the metrics defined anew or changed, and the ids no longer defined. */
  onChanged?(changed: Metric[], removed: string[]): void;
  debounceMs?: number;
}

/**
 * The metric catalogue as it stands: the built-ins and the company's definition files, read at once and kept current
 * by watching the folder. An invalid edit is reported with its place in the file and keeps the last good version.
 */
export function createCatalogue(o: CatalogueOptions) {
  const builtinIds = new Set(o.builtins.map((m) => m.id));
  const files = createFileSet<Definition, DefinitionEntry>(o.dir, (file, text) => validateDefinitionFile(file, text, builtinIds, o.limits ?? DEFAULT_LIMITS));
  const company = new Map<string, Metric>();
  let watch: FolderWatch | undefined;
  const shownDir = basename(o.dir);

  /** Re-reads the folder; compiles what changed; returns the changed metrics and the ids gone. */
  function sync(): { changed: Metric[]; removed: string[] } {
    const { touched, changed } = files.sync();
    for (const e of touched) {
      if (e.valid) o.log.info({ metric: e.id }, 'metric definition loaded');
      else o.log.warn({ metric: e.id, error: e.error, lastGood: Boolean(e.lastGood) }, e.lastGood ? 'invalid metric definition: its last good version stays' : 'invalid metric definition');
    }
    const compiled = changed.map((e) => {
      const metric = compileEntry(e.definition!, 'company', `${shownDir}/${basename(e.file)}`, o.moneyExtras);
      company.set(e.id, metric);
      return metric;
    });
    const removed = [...company.keys()].filter((id) => !files.get(id)?.definition);
    for (const id of removed) { company.delete(id); o.log.info({ metric: id }, 'metric definition removed'); }
    return { changed: compiled, removed };
  }
  sync();

  return {
    /** Every metric now: the built-ins, then the company's by id. */
    all: (): Metric[] => [...o.builtins, ...[...company.values()].sort((a, b) => a.id.localeCompare(b.id))],
    /** The company's metrics now. */
    defined: (): Metric[] => [...company.values()],
    /** Every file of the folder, valid or not, with its problems (GET /api/definitions). */
    files: (): DefinitionEntry[] => files.list(),
    /** Starts watching the folder (hot reload); a folder that does not exist yet is read at the next start. */
    watch(): void {
      const warn = (err?: unknown) => o.log.warn({ err, dir: o.dir }, 'cannot watch the metrics folder: definition edits need a restart');
      watch = watchFolder(o.dir, () => {
        const { changed, removed } = sync();
        if (changed.length > 0 || removed.length > 0) o.onChanged?.(changed, removed);
      }, o.debounceMs, warn);
      if (!watch) o.log.info({ dir: o.dir }, 'no metrics folder: the company defines no metrics (create it and restart to add some)');
    },
    close(): void { watch?.close(); watch = undefined; },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;

/** The folder of the company's definitions when none is named: `metrics/` beside the screens folder. */
export const metricsDirBeside = (screensDir: string): string => join(screensDir, '..', 'metrics');

/**
 * Every metric a screen can show, read once: the built-ins and the valid definitions of a company's folder (the screen
 * schema's completion offers these; invalid files are logged).
 */
export function readCatalogue(dir: string, log: Logger): Metric[] {
  return createCatalogue({ dir, builtins: builtinMetrics(), log }).all();
}
