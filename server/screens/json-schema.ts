import { z } from 'zod';
import type { MetricDefinition } from '../metrics';
import { playlistSchema, screenSchema, widgetSchema } from '../protocol';
import type { WidgetOptionSchemas } from './widget-options';

const GENERATED = (what: string) => `Generated from the zod ${what} schema by scripts/screen-schema.ts; do not edit.`;

/** What an editor is told of one metric: its id as a constant, what it is, and the params it takes. */
type MetricInfo = Pick<MetricDefinition<never>, 'id' | 'title' | 'description'> & { params: z.ZodType };

/**
 * A widget's `metric` for editors: one of the metrics named (built-in and defined), by id, each with its own params, so
 * an editor completes the ids and then the params of the id written. Plain JSON rather than zod: a zod union of every
 * metric's params would be written out again under each widget type.
 */
function metricRefJsonSchema(metrics: readonly MetricInfo[]): Record<string, unknown> {
  return {
    description: 'a metric by id (GET /api/metrics lists them, built-in and defined) and its params',
    anyOf: [...metrics].sort((a, b) => a.id.localeCompare(b.id)).map((m) => {
      const { $schema: _drop, ...params } = z.toJSONSchema(m.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return {
        type: 'object', additionalProperties: false, required: ['id'],
        properties: { id: { const: m.id, description: `${m.title}: ${m.description}` }, params: params },
      };
    }),
  };
}

/**
 * The JSON Schema of a screen file for editors: widgets are a union discriminated by `type`, each with its
 * own `options`, so an editor completes the options of the type written, and with `metrics` each widget's metric
 * id and params. The hub validates with zod itself.
 */
export function screenJsonSchema(widgets: WidgetOptionSchemas, metrics: readonly MetricInfo[] = []): Record<string, unknown> {
  const variants = [...widgets].sort(([a], [b]) => a.localeCompare(b))
    .map(([type, options]) => widgetSchema.extend({ type: z.literal(type), options: options.optional() }));
  const widget = variants.length >= 2
    ? z.discriminatedUnion('type', variants as [typeof variants[number], ...typeof variants])
    : (variants[0] ?? widgetSchema);
  const editor = screenSchema.extend({ widgets: z.record(z.string(), widget) });
  const json = { $comment: GENERATED('screen'), ...z.toJSONSchema(editor, { io: 'input', unrepresentable: 'any' }) } as Record<string, unknown>;
  if (metrics.length === 0) return json;
  // Every widget type's `metric` points at the one list of metrics.
  const union = ((json.properties as Record<string, { additionalProperties: { oneOf?: unknown[] } & Record<string, unknown> }>).widgets!.additionalProperties);
  for (const v of (union.oneOf ?? [union]) as { properties: Record<string, unknown> }[]) v.properties.metric = { $ref: '#/$defs/MetricRef' };
  return { ...json, $defs: { ...(json.$defs as object | undefined), MetricRef: metricRefJsonSchema(metrics) } };
}

/** The JSON Schema of a playlist file (`screens/playlists/*.json`). */
export function playlistJsonSchema(): Record<string, unknown> {
  return { $comment: GENERATED('playlist'), ...z.toJSONSchema(playlistSchema, { io: 'input', unrepresentable: 'any' }) };
}

/** The file text: two-space JSON with a final newline, so the committed file diffs cleanly. */
export const schemaText = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
