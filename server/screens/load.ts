import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';
import { screenSchema, type MetricParams, type MetricRef, type ScreenDefinition } from '../protocol';
import { formatProblem, locateJson, zodProblems, type FileProblem, type LocatedJson } from '../fields';
import type { WidgetOptionSchemas } from './widget-options';

/** One file of the screens folder (a screen or a playlist), valid or not. */
export interface FileEntry<D> {
  id: string;
  file: string;
  valid: boolean;
  title?: string;
  description?: string;
  /** What is wrong, one `file:line:column path: message` per line; absent when valid. */
  error?: string;
  /** The same problems, structured. */
  problems?: FileProblem[];
  /** The definition served: the file's, or while the file is invalid, its last good version. */
  definition?: D;
  /** The file is invalid and `definition` is its last good version, still on the wall. */
  lastGood?: boolean;
}

export type ScreenEntry = FileEntry<ScreenDefinition>;

/** Checks a metric reference against the catalogue; throws with a message (and a `path`) when it is wrong. */
export type MetricCheck = (ref: MetricRef) => unknown;

/** Everything a file is checked against besides its own schema. */
export interface ScreenChecks {
  checkMetric: MetricCheck;
  /** Widget types and their options schemas; without it widget types and options are not checked. */
  widgets?: WidgetOptionSchemas;
}

/** A hand-edited JSON file parsed: its id (the file name), its value placed in the text, and how it fails. */
export type LocatedFile<T> = {
  id: string;
  json: LocatedJson;
  /** The file's entry when it is invalid: every problem, and the same as `file:line:column path: message` lines. */
  fail(problems: FileProblem[]): { id: string; file: string; valid: false; problems: FileProblem[]; error: string };
} & ({ value: T; failed?: undefined } | { value?: undefined; failed: { id: string; file: string; valid: false; problems: FileProblem[]; error: string } });

/**
 * A screen, playlist or definition file's text, located and parsed against its schema: the value, or `failed` with its
 * JSON syntax or schema problems placed in the file. `shownAs` is how errors name the file (default its name).
 */
export function parseLocated<T>(file: string, text: string, schema: z.ZodType<T>, shownAs = basename(file)): LocatedFile<T> {
  const id = basename(file, '.json');
  const json = locateJson(text);
  const fail = (problems: FileProblem[]) => ({ id, file, valid: false as const, problems, error: problems.map((p) => formatProblem(shownAs, p)).join('\n') });
  if (json.syntax.length > 0) return { id, json, fail, failed: fail(json.syntax) };
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) return { id, json, fail, failed: fail(zodProblems(json, parsed.error.issues)) };
  return { id, json, fail, value: parsed.data };
}

/** Validates one screen file's text: the schema, widget types and options, metrics and their params, the layout. */
export function validateScreen(file: string, text: string, checks: ScreenChecks | MetricCheck): ScreenEntry {
  const { checkMetric, widgets } = typeof checks === 'function' ? { checkMetric: checks, widgets: undefined } : checks;
  const { id, json, fail, value: screen, failed } = parseLocated(file, text, screenSchema);
  if (failed) return failed;
  const problems: FileProblem[] = [];
  if (screen.id !== id) problems.push(json.at(['id'], `"${screen.id}" must equal the file name "${id}"`));
  problems.push(...layoutProblems(screen, json));
  for (const [name, widget] of Object.entries(screen.widgets)) {
    if (widgets) {
      const options = widgets.get(widget.type);
      if (!options) {
        problems.push(json.at(['widgets', name, 'type'], `unknown widget type "${widget.type}"; known: ${[...widgets.keys()].join(', ')}`));
      } else {
        const checked = options.safeParse(widget.options);
        if (!checked.success) problems.push(...zodProblems(json, checked.error.issues, ['widgets', name, 'options']));
      }
    }
    if (!widget.metric) continue;
    try { checkMetric(widget.metric); } catch (err) {
      const at = (err as { path?: string }).path?.split('.') ?? [];
      problems.push(json.at(['widgets', name, 'metric', ...at], (err as Error).message));
    }
  }
  problems.push(...localeProblems(screen, json, widgets));
  if (problems.length > 0) return fail(problems);
  return { id, file, valid: true, title: screen.title, description: screen.description, definition: screen };
}

function layoutProblems(screen: ScreenDefinition, json: LocatedJson): FileProblem[] {
  const problems: FileProblem[] = [];
  const { wall, mobile } = screen.layout;
  wall.items.forEach((item, i) => {
    if (!(item.widget in screen.widgets)) problems.push(json.at(['layout', 'wall', 'items', i, 'widget'], `no widget "${item.widget}" in widgets`));
    if (item.x + item.w > wall.columns) {
      problems.push(json.at(['layout', 'wall', 'items', i, 'w'], `x + w = ${item.x + item.w} is outside the ${wall.columns} columns of the grid`));
    }
    if (item.y + item.h > wall.rows) {
      problems.push(json.at(['layout', 'wall', 'items', i, 'h'], `y + h = ${item.y + item.h} is outside the ${wall.rows} rows of the grid`));
    }
  });
  mobile?.items.forEach((item, i) => {
    if (!(item.widget in screen.widgets)) problems.push(json.at(['layout', 'mobile', 'items', i, 'widget'], `no widget "${item.widget}" in widgets`));
  });
  return [...problems, ...overlaps(wall.items, json), ...unplaced(screen, json)];
}

type WallItem = ScreenDefinition['layout']['wall']['items'][number];
const cells = (i: WallItem) => `x ${i.x}, y ${i.y}, ${i.w}×${i.h}`;

/** Two items in the same cells: one would hide the other on the wall. Each is named once, at the later item. */
function overlaps(items: readonly WallItem[], json: LocatedJson): FileProblem[] {
  return items.flatMap((item, i) => {
    const hit = items.slice(0, i).findIndex((o) => item.x < o.x + o.w && o.x < item.x + item.w && item.y < o.y + o.h && o.y < item.y + item.h);
    if (hit < 0) return [];
    const other = items[hit]!;
    return [json.at(['layout', 'wall', 'items', i], `"${item.widget}" (${cells(item)}) overlaps items[${hit}] "${other.widget}" (${cells(other)}); expected cells of its own`)];
  });
}

/** A widget defined but never placed on the wall: a leftover, or a placement forgotten. */
function unplaced(screen: ScreenDefinition, json: LocatedJson): FileProblem[] {
  const placed = new Set(screen.layout.wall.items.map((i) => i.widget));
  return Object.keys(screen.widgets).filter((name) => !placed.has(name))
    .map((name) => json.at(['widgets', name], `widget "${name}" is not placed: expected an item in layout.wall.items with "widget": "${name}", or no such widget`));
}

/**
 * Words for a widget the screen does not have (a typo, or a widget renamed since), and option words its type does not
 * take: the widget's options with the words laid over them must still be valid options.
 */
function localeProblems(screen: ScreenDefinition, json: LocatedJson, widgets: WidgetOptionSchemas | undefined): FileProblem[] {
  return Object.entries(screen.locales ?? {}).flatMap(([lang, words]) => Object.entries(words?.widgets ?? {}).flatMap(([name, w]) => {
    const at = ['locales', lang, 'widgets', name];
    const widget = screen.widgets[name];
    if (!widget) return [json.at(at, `no widget "${name}" in widgets; known: ${Object.keys(screen.widgets).join(', ')}`)];
    const schema = widgets?.get(widget.type);
    // A widget whose own options are wrong is reported at the widget: no second report here.
    if (typeof w === 'string' || !w.options || !schema?.safeParse(widget.options).success) return [];
    const checked = schema.safeParse({ ...widget.options, ...w.options });
    return checked.success ? [] : zodProblems(json, checked.error.issues, [...at, 'options']);
  }));
}

/** The screen files of a folder (`*.json` but not the generated `*.schema.json`), sorted. */
export function screenFiles(dir: string): string[] {
  try { return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort(); } catch { return []; }
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
