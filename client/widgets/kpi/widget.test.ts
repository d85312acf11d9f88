import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import type { MetricPayload } from '../../../server/protocol';
import { lineSample } from '../line/sample';
import { kpiOptionsSchema } from './options';
import { kpiSample } from './sample';
import Widget from './Widget.vue';

const render = (value: MetricPayload, options: object = {}, size = { width: 400, height: 240 }) =>
  renderToString(createSSRApp({ render: () => h(Widget, { options: kpiOptionsSchema.parse(options), value, size, now: 0, stale: false }) }));

describe('kpi widget', () => {
  it('a scalar: the number and the change against the previous period, no sparkline', async () => {
    const html = await render(kpiSample.value);
    expect(html).toContain('1.28万'); // 12,845
    expect(html).toContain('较上期');
    expect(html).toContain('▲13.5%'); // 12,845 / 11,320 = 1.1347
    expect(html).not.toContain('kpi-spark');
  });
  it('a scalar whose previous is null (the hub does not hold the whole previous span): the number, no change at all', async () => {
    const html = await render({ kind: 'scalar', value: 12_845, previous: null });
    expect(html).toContain('1.28万');
    expect(html).not.toContain('较上期');
    expect(html).not.toContain('kpi-change');
    expect(html).not.toMatch(/[▲▼]/);
  });
  it('a series: the last point, its change against the point before and a sparkline', async () => {
    // the sample's last two hourly counts are 190 and 214: 214 / 190 = 1.126
    const html = await render(lineSample.value);
    expect(html).toMatch(/class="kpi-number"[^>]*>214</);
    expect(html).toContain('较上一时段');
    expect(html).toContain('▲12.6%');
    expect(html).toMatch(/class="kpi-spark-line" d="M[^"]+"/);
  });
  it('a series against its first point; the sparkline can be turned off', async () => {
    // first 12, last 214: +1683.3 %, so the multiple: 214 / 12 = 17.83 → ×17.8
    const html = await render(lineSample.value, { changeFrom: 'first', sparkline: false });
    expect(html).toContain('较起点');
    expect(html).toContain('▲×17.8');
    expect(html).not.toContain('kpi-spark');
  });
  it('the change is never clipped: in a narrow box its label goes first, in a short box the whole change', async () => {
    // 较上期 ▲13.5%: 3 + 0.5 + 3.98 = 7.48 em, 105 px at the smallest 14 px, more than 90 × 0.98 = 88 px;
    // the delta alone (3.98 em) fits at floor(88.2 / 3.98) = 22, capped at round(120 × 0.16) = 19
    const narrow = await render(kpiSample.value, {}, { width: 90, height: 120 });
    expect(narrow).toContain('▲13.5%');
    expect(narrow).not.toContain('较上期');
    // 40 px high: a 16 px change takes 24.8 px, leaving 15.2 px, less than a 20 px number needs (23 px)
    const short = await render(kpiSample.value, {}, { width: 400, height: 40 });
    expect(short).toContain('1.28万');
    expect(short).not.toContain('▲13.5%');
  });
});
