import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';

/** Widget type → the zod schema of its `options`, as declared in `client/widgets/<type>/options.ts`. */
export type WidgetOptionSchemas = ReadonlyMap<string, z.ZodType>;

const isZod = (v: unknown): v is z.ZodType => typeof v === 'object' && v !== null && typeof (v as z.ZodType).safeParse === 'function';

/** The options schema a widget's options.ts exports: the one named `…OptionsSchema`, or its only zod export. */
export function pickOptionsSchema(type: string, mod: Record<string, unknown>): z.ZodType {
  const named = Object.entries(mod).filter(([name, v]) => name.endsWith('OptionsSchema') && isZod(v));
  const candidates = named.length > 0 ? named : Object.entries(mod).filter(([, v]) => isZod(v));
  if (candidates.length !== 1) {
    throw new Error(`widget "${type}": options.ts must export one options schema (named …OptionsSchema), found ${candidates.length}`);
  }
  return candidates[0]![1] as z.ZodType;
}

/**
 * Finds the widget types by folder at run time (the folder name is the type, as for the wall's registry)
 * and imports each `options.ts`: pure zod modules, so the hub checks a screen's options exactly as the
 * wall will. A folder whose options.ts fails to load is reported and left out.
 */
export async function loadWidgetOptionSchemas(widgetsDir: string, onError: (type: string, err: unknown) => void = () => {}): Promise<WidgetOptionSchemas> {
  const table = new Map<string, z.ZodType>();
  let folders: string[];
  try {
    folders = readdirSync(widgetsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return table;
  }
  for (const type of folders) {
    const file = join(widgetsDir, type, 'options.ts');
    if (!existsSync(file)) continue;
    try {
      table.set(type, pickOptionsSchema(type, (await import(pathToFileURL(file).href)) as Record<string, unknown>));
    } catch (err) {
      onError(type, err);
    }
  }
  return table;
}
