import { z } from 'zod';
import { playlistSchema, screenSchema, widgetSchema } from '../protocol';
import type { WidgetOptionSchemas } from './widget-options';

const GENERATED = (what: string) => `Generated from the zod ${what} schema by scripts/screen-schema.ts; do not edit.`;

/**
 * The JSON Schema of a screen file for editors: widgets are a union discriminated by `type`, each with its
 * own `options`, so an editor completes the options of the type written. The hub validates with zod itself.
 */
export function screenJsonSchema(widgets: WidgetOptionSchemas): Record<string, unknown> {
  const variants = [...widgets].sort(([a], [b]) => a.localeCompare(b))
    .map(([type, options]) => widgetSchema.extend({ type: z.literal(type), options: options.optional() }));
  const widget = variants.length >= 2
    ? z.discriminatedUnion('type', variants as [typeof variants[number], ...typeof variants])
    : (variants[0] ?? widgetSchema);
  const editor = screenSchema.extend({ widgets: z.record(z.string(), widget) });
  return { $comment: GENERATED('screen'), ...z.toJSONSchema(editor, { io: 'input', unrepresentable: 'any' }) };
}

/** The JSON Schema of a playlist file (`screens/playlists/*.json`). */
export function playlistJsonSchema(): Record<string, unknown> {
  return { $comment: GENERATED('playlist'), ...z.toJSONSchema(playlistSchema, { io: 'input', unrepresentable: 'any' }) };
}

/** The file text: two-space JSON with a final newline, so the committed file diffs cleanly. */
export const schemaText = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
