import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { playlistJsonSchema, schemaText, screenJsonSchema } from './json-schema';
import { loadWidgetOptionSchemas } from './widget-options';

const at = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe('screens/*.schema.json', () => {
  it('screen.schema.json is the zod schema with every widget folder\'s options (run scripts/screen-schema.ts after changing them)', async () => {
    const widgets = await loadWidgetOptionSchemas();
    expect(readFileSync(at('screens/screen.schema.json'), 'utf8')).toBe(schemaText(screenJsonSchema(widgets)));
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
