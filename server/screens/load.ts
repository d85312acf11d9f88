import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { screenSchema, type MetricParams, type MetricRef, type ScreenDefinition } from '../protocol';

export interface ScreenEntry {
  id: string;
  file: string;
  valid: boolean;
  title?: string;
  description?: string;
  /** What is wrong, naming the file and JSON path; absent when valid. */
  error?: string;
  definition?: ScreenDefinition;
}

/** Checks a metric reference against the catalogue; throws with a message when it is wrong. */
export type MetricCheck = (ref: MetricRef) => unknown;

const pathOf = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/** Validates one screen file's text: the schema, the widget references and every metric with its params. */
export function validateScreen(file: string, text: string, checkMetric: MetricCheck): ScreenEntry {
  const id = basename(file, '.json');
  const fail = (error: string): ScreenEntry => ({ id, file, valid: false, error: `${basename(file)}: ${error}` });
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { return fail(`not valid JSON: ${(err as Error).message}`); }
  const parsed = screenSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${pathOf(i.path) || '(root)'}: ${i.message}`).join('; '));
  }
  const screen = parsed.data;
  if (screen.id !== id) return fail(`id: "${screen.id}" must equal the file name "${id}"`);
  const problems: string[] = [];
  screen.layout.wall.items.forEach((item, i) => {
    if (!(item.widget in screen.widgets)) problems.push(`layout.wall.items[${i}].widget: no widget "${item.widget}" in widgets`);
    if (item.x + item.w > screen.layout.wall.columns || item.y + item.h > screen.layout.wall.rows) {
      problems.push(`layout.wall.items[${i}]: outside the ${screen.layout.wall.columns}×${screen.layout.wall.rows} grid`);
    }
  });
  screen.layout.mobile?.items.forEach((item, i) => {
    if (!(item.widget in screen.widgets)) problems.push(`layout.mobile.items[${i}].widget: no widget "${item.widget}" in widgets`);
  });
  for (const [name, widget] of Object.entries(screen.widgets)) {
    if (!widget.metric) continue;
    try { checkMetric(widget.metric); } catch (err) { problems.push(`widgets.${name}.metric: ${(err as Error).message}`); }
  }
  if (problems.length > 0) return fail(problems.join('; '));
  return { id, file, valid: true, title: screen.title, description: screen.description, definition: screen };
}

/** Every `*.json` screen in a folder, valid or not, sorted by id. */
export function loadScreens(dir: string, checkMetric: MetricCheck): ScreenEntry[] {
  let files: string[];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')); } catch { return []; }
  return files.sort().map((f) => {
    const file = join(dir, f);
    try { return validateScreen(file, readFileSync(file, 'utf8'), checkMetric); } catch (err) {
      return { id: basename(f, '.json'), file, valid: false, error: `${f}: ${(err as Error).message}` };
    }
  });
}

/**
 * The screen with each widget's metric params as the hub keys them (defaults filled in), so a wall
 * computes the very key the hub pushes: `deals.pipeline_value` becomes `…?weighted=false`.
 */
export function withResolvedParams(screen: ScreenDefinition, resolve: (ref: MetricRef) => { params: MetricParams }): ScreenDefinition {
  const widgets = Object.fromEntries(Object.entries(screen.widgets).map(([name, w]) =>
    [name, w.metric ? { ...w, metric: { id: w.metric.id, params: resolve(w.metric).params } } : w]));
  return { ...screen, widgets };
}

/** The metric references a screen shows. */
export function screenMetrics(screen: ScreenDefinition): MetricRef[] {
  return Object.values(screen.widgets).flatMap((w) => (w.metric ? [w.metric] : []));
}
