import { createPinia, setActivePinia } from 'pinia';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterEach, describe, expect, it } from 'vitest';
import { setReportingCurrency } from '../../format';
import { useSourcesStore } from '../../stores';
import { dataQualityOptionsSchema } from './options';
import { dataQualitySample } from './sample';
import Widget from './Widget.vue';

afterEach(() => setReportingCurrency('CNY'));

describe('data-quality widget', () => {
  it('draws the heading in the reporting currency and a row per source that feeds money, text staying text', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    setReportingCurrency('USD');
    useSourcesStore().set([...dataQualitySample, { id: '<i>x</i>', kind: 'push', state: 'ok', lastSuccessAt: null, records: 1,
      amountsWithoutRate: { records: 1, byCurrency: { '<b>': 1 } } }]);
    const app = createSSRApp({
      render: () => h(Widget, { options: dataQualityOptionsSchema.parse({}), value: undefined, size: { width: 600, height: 400 }, now: 0, stale: false }),
    });
    app.use(pinia);
    const html = await renderToString(app);
    expect(html.match(/data-testid="quality-row"/g)).toHaveLength(3); // crm, erp, x: desk feeds only tickets
    expect(html).toContain('data-missing="12346"'); // 12,345 + 1
    expect(html).toContain('金额以 USD 计');
    expect(html).toContain('data-source-id="erp" data-clean="false"');
    expect(html).toContain('&lt;i&gt;x&lt;/i&gt;');
    expect(html).not.toContain('<b>');
  });
});
