import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPinia } from 'pinia';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { buildRegistry, widgetRegistry } from './registry';
import type { WidgetModule } from './types';

// Every folder here is a widget: read from the disk, so adding a widget needs no edit to this list.
const TYPES = readdirSync(new URL('.', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
// Widgets that take no metric: no accepted kinds, no sample value.
const NO_METRIC = ['clock', 'source-status', 'text'];

describe('widget registry', () => {
  it('finds every widget folder', () => {
    expect(TYPES).toEqual(expect.arrayContaining(['bar', 'clock', 'funnel', 'gauge', 'kpi', 'line', 'pie', 'ranking', 'sla-queue', 'source-status', 'table', 'text']));
    expect([...widgetRegistry.keys()].sort()).toEqual(TYPES);
  });

  it.each(TYPES)('%s: options default from {} and the sample is accepted', (type) => {
    const w = widgetRegistry.get(type)!;
    expect(w.optionsSchema.safeParse({}).success).toBe(true);
    if (NO_METRIC.includes(type)) expect([w.accepts, w.sample]).toEqual([[], null]);
    if (w.sample) expect(w.accepts).toContain(w.sample.value.kind);
    else expect(w.accepts).toEqual([]);
  });

  it.each(TYPES)('%s: rejects an unknown option, so a typo in a screen file is reported', (type) => {
    expect(widgetRegistry.get(type)!.optionsSchema.safeParse({ nosuchoption: 1 }).success).toBe(false);
  });

  it.each(TYPES)('%s: renders its sample', async (type) => {
    const w = widgetRegistry.get(type)!;
    const app = createSSRApp({
      render: () => h(w.component, { options: w.optionsSchema.parse({}), value: w.sample?.value, size: { width: 600, height: 300 }, now: Date.parse('2026-11-24T06:00:00Z'), stale: false, title: 't' }),
    });
    app.use(createPinia()); // source-status reads the sources store
    const html = await renderToString(app);
    expect(html.length).toBeGreaterThan(20);
    expect(html).not.toContain('<script>'); // record text stays text
  });

  const good = (type: string) => ({ default: { type, component: {}, optionsSchema: {}, accepts: ['scalar'], sample: { value: { kind: 'scalar' } } } as unknown as WidgetModule });
  const files = (type: string) => ['Widget.vue', 'options.ts', 'sample.ts'].map((f) => `./${type}/${f}`);

  it('accepts a complete folder', () => expect(buildRegistry({ './x/index.ts': good('x') }, files('x')).has('x')).toBe(true));
  it('throws on a missing file', () =>
    expect(() => buildRegistry({ './x/index.ts': good('x') }, files('x').slice(1))).toThrow('missing x/Widget.vue'));
  it('throws on a missing export', () => {
    const broken = { default: { ...good('x').default, optionsSchema: undefined } };
    expect(() => buildRegistry({ './x/index.ts': broken }, files('x'))).toThrow('does not export "optionsSchema"');
  });
  it('throws when the type is not the folder name (two folders claiming one type)', () =>
    expect(() => buildRegistry({ './x/index.ts': good('x'), './y/index.ts': good('x') }, [...files('x'), ...files('y')])).toThrow('expected the folder name "y"'));
  it('accepts a widget without a metric: nothing accepted, sample null', () => {
    const none = { default: { ...good('x').default, accepts: [], sample: null } };
    expect(buildRegistry({ './x/index.ts': none }, files('x')).get('x')?.sample).toBeNull();
  });
  it('throws when a widget accepts values but has no sample', () => {
    const half = { default: { ...good('x').default, sample: null } };
    expect(() => buildRegistry({ './x/index.ts': half }, files('x'))).toThrow('accepts values but its sample is null');
  });
  it('throws on a missing sample (null must be said)', () => {
    const missing = { default: { ...good('x').default, accepts: [], sample: undefined } };
    expect(() => buildRegistry({ './x/index.ts': missing }, files('x'))).toThrow('does not export "sample"');
  });
  it('throws on a folder without index.ts', () => expect(() => buildRegistry({}, files('x'))).toThrow('missing x/index.ts'));
});
