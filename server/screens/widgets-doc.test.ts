import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { widgetRegistry } from '../../client/widgets/registry';
import { acceptsFromIndex, loadWidgetDocs, renderWidgetsDoc } from '../../scripts/widgets-doc-render';

const WIDGETS = fileURLToPath(new URL('../../client/widgets', import.meta.url));
const docs = await loadWidgetDocs(WIDGETS);

describe('docs/widgets.md', () => {
  it('is the widget options rendered now (run scripts/widgets-doc.ts after changing a widget\'s options)', () => {
    const committed = readFileSync(new URL('../../docs/widgets.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderWidgetsDoc(docs));
  });

  it('covers every widget, with the kinds its index.ts declares', () => {
    expect(docs.map((d) => d.type)).toEqual([...widgetRegistry.keys()].sort());
    for (const doc of docs) expect(doc.accepts, doc.type).toEqual([...widgetRegistry.get(doc.type)!.accepts]);
    expect(() => acceptsFromIndex('export default defineWidget({ type: "x" })')).toThrow(/accepts/);
  });

  it('describes every option in words (zod .describe(), which also reaches screen.schema.json)', () => {
    for (const doc of docs) {
      const schema = z.toJSONSchema(doc.options, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
      for (const [name, p] of Object.entries(schema.properties ?? {})) expect(p.description?.length ?? 0, `${doc.type}.${name}`).toBeGreaterThan(10);
    }
  });
});
