import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readCatalogue } from '../catalogue';
import { playlistJsonSchema, schemaText, screenJsonSchema } from './json-schema';
import { loadWidgetOptionSchemas } from './widget-options';

const at = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe('screens/*.schema.json', () => {
  it('screen.schema.json is the zod schema with every widget folder\'s options and every metric (run npm run screen-schema after changing them)', async () => {
    const widgets = await loadWidgetOptionSchemas();
    const metrics = readCatalogue(at('metrics'), pino({ level: 'silent' }));
    expect(readFileSync(at('screens/screen.schema.json'), 'utf8')).toBe(schemaText(screenJsonSchema(widgets, metrics)));
  });

  it('a widget\'s metric offers each metric id with its own params', async () => {
    const widgets = await loadWidgetOptionSchemas();
    const metrics = [
      { id: 'orders.count', title: 'Orders', description: 'Orders created.', params: z.object({ window: z.enum(['today', '7d']).default('today') }).strict() },
      { id: 'acme.big_orders', title: 'Big orders', description: 'Orders over 100k.', params: z.object({ department: z.string().optional() }).strict() },
    ];
    const schema = screenJsonSchema(widgets, metrics) as {
      $defs: { MetricRef: { anyOf: { properties: { id: { const: string; description: string }; params: { properties: Record<string, { enum?: string[] }> } } }[] } };
      properties: { widgets: { additionalProperties: { oneOf: { properties: { metric: unknown } }[] } } };
    };
    const refs = schema.$defs.MetricRef.anyOf;
    expect(refs.map((r) => r.properties.id.const)).toEqual(['acme.big_orders', 'orders.count']); // sorted by id
    expect(refs[0]!.properties.id.description).toBe('Big orders: Orders over 100k.');
    expect(Object.keys(refs[0]!.properties.params.properties)).toEqual(['department']);
    expect(refs[1]!.properties.params.properties.window!.enum).toEqual(['today', '7d']);
    for (const v of schema.properties.widgets.additionalProperties.oneOf) expect(v.properties.metric).toEqual({ $ref: '#/$defs/MetricRef' });
  });

  it('playlist.schema.json is the zod playlist schema', () => {
    expect(readFileSync(at('screens/playlist.schema.json'), 'utf8')).toBe(schemaText(playlistJsonSchema()));
  });

  it('widgets are a union on `type`, each with its own options', async () => {
    const widgets = await loadWidgetOptionSchemas();
    const schema = screenJsonSchema(widgets) as { properties: { widgets: { additionalProperties: { oneOf: { properties: { type: { const: string }; options: { properties: object } } }[] } } } };
    const variants = schema.properties.widgets.additionalProperties.oneOf;
    expect(variants.map((v) => v.properties.type.const)).toEqual([...widgets.keys()].sort());
    const kpi = variants.find((v) => v.properties.type.const === 'kpi')!;
    expect(Object.keys(kpi.properties.options.properties)).toContain('unit');
    expect(Object.keys(kpi.properties.options.properties)).not.toContain('horizontal'); // a bar option
  });
});
