import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import type { WidgetDefinition } from '../../server/protocol';
import { provideWidgetLink } from './link';
import { widgetRegistry } from './registry';

/** Every chart widget draws in ChartShell: one `.chart` box of the body's size, the element ECharts draws into. */
function render(type: string, linked: boolean): Promise<string> {
  const mod = widgetRegistry.get(type)!;
  const Host = defineComponent({
    setup() {
      if (linked) provideWidgetLink(() => ({ type, metric: { id: 'm' }, link: '/x/{key}' }) as WidgetDefinition);
      return () => h(mod.component, { options: mod.optionsSchema.parse({}), value: mod.sample?.value, size: { width: 400, height: 240 }, now: 0, stale: false });
    },
  });
  return renderToString(createSSRApp(Host));
}

const CHART = '<div class="chart" style="width:400px;height:240px;"';
const WHOLE_LINKED = '<div class="chart widget-linked" tabindex="0" role="link" style="width:400px;height:240px;"';

describe('chart shell', () => {
  it.each(['bar', 'pie', 'funnel'])('%s: the chart box is the root; a link opens per item, not on the box', async (type) => {
    expect(await render(type, false)).toBe(`${CHART}></div>`);
    expect(await render(type, true)).toBe(`${CHART}></div>`);
  });
  it.each(['line', 'gauge'])('%s: the whole box is the item, linked only when the widget has a link', async (type) => {
    expect(await render(type, false)).toBe(`${CHART}></div>`);
    expect(await render(type, true)).toBe(`${WHOLE_LINKED}></div>`);
  });
  it.each([['order-flow', 'flow'], ['map', 'map']])('%s: the box sits in the widget\'s own wrapper, under its note', async (type, wrapper) => {
    const html = await render(type, true);
    expect(html).toMatch(new RegExp(`^<div class="${wrapper}" style="width:400px;height:240px;" data-v-\\w+><div class="chart" style="width:400px;height:240px;" data-v-\\w+></div>`));
  });
});
