import type { WidgetModule } from './types';

const REQUIRED_FILES = ['Widget.vue', 'options.ts', 'sample.ts', 'index.ts'] as const;

/**
 * Builds the type → widget table from the widget folders. The folder name is the type; a folder missing
 * a file or an export, or a type declared twice, throws when the wall starts (and in the unit test).
 */
export function buildRegistry(indexModules: Record<string, unknown>, filePaths: readonly string[]): ReadonlyMap<string, WidgetModule> {
  const folderOf = (path: string): string => path.split('/')[1] ?? '';
  const folders = new Set([...Object.keys(indexModules), ...filePaths].map(folderOf));
  const present = new Set([...Object.keys(indexModules), ...filePaths]);
  const table = new Map<string, WidgetModule>();
  for (const folder of [...folders].sort()) {
    for (const file of REQUIRED_FILES) {
      if (!present.has(`./${folder}/${file}`)) throw new Error(`widget "${folder}": missing ${folder}/${file}`);
    }
    const mod = (indexModules[`./${folder}/index.ts`] as { default?: Partial<WidgetModule> } | undefined)?.default;
    if (!mod) throw new Error(`widget "${folder}": index.ts has no default export`);
    for (const piece of ['type', 'component', 'optionsSchema', 'accepts', 'sample'] as const) {
      // A widget without a metric says so with `sample: null`; leaving the sample out is still an error.
      if (piece === 'sample' ? mod.sample === undefined : !mod[piece]) throw new Error(`widget "${folder}": index.ts does not export "${piece}"`);
    }
    const widget = mod as WidgetModule;
    if (widget.type !== folder) throw new Error(`widget "${folder}": type is "${widget.type}", expected the folder name "${folder}"`);
    if (table.has(widget.type)) throw new Error(`widget "${folder}": type "${widget.type}" is declared twice`);
    if (widget.sample === null) {
      if (widget.accepts.length > 0) throw new Error(`widget "${folder}": it accepts values but its sample is null`);
    } else if (!widget.accepts.includes(widget.sample.value.kind)) {
      throw new Error(`widget "${folder}": its sample is a "${widget.sample.value.kind}", which it does not accept`);
    }
    table.set(widget.type, widget);
  }
  return table;
}

// The same modules index.ts imports, so these globs add nothing to the bundle; they prove the files exist.
const files = [
  ...Object.keys(import.meta.glob('./*/Widget.vue', { eager: true })),
  ...Object.keys(import.meta.glob('./*/options.ts', { eager: true })),
  ...Object.keys(import.meta.glob('./*/sample.ts', { eager: true })),
];

/** Every widget type, found by folder. */
export const widgetRegistry = buildRegistry(import.meta.glob('./*/index.ts', { eager: true }), files);
