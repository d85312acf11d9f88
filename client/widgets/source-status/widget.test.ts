import { createPinia, setActivePinia } from 'pinia';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { useSourcesStore } from '../../stores';
import { sourceStatusOptionsSchema } from './options';
import { sourceStatusSample } from './sample';
import Widget from './Widget.vue';

describe('source-status widget', () => {
  it('lists the sources of the store with their state, record text staying text', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useSourcesStore().set([...sourceStatusSample, { id: '<i>x</i>', kind: 'push', state: 'ok', lastSuccessAt: null, records: 1 }]);
    const app = createSSRApp({
      render: () => h(Widget, { options: sourceStatusOptionsSchema.parse({}), value: undefined, size: { width: 600, height: 400 }, now: Date.parse('2026-11-24T06:00:00Z'), stale: false }),
    });
    app.use(pinia);
    const html = await renderToString(app);
    expect(html.match(/data-testid="source-row"/g)).toHaveLength(5);
    expect(html).toContain('data-state="degraded"');
    expect(html).toContain('&lt;i&gt;x&lt;/i&gt;');
    expect(html).not.toContain('<i>x');
  });
});
