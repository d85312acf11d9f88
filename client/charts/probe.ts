import type { EChartsType } from './echarts';
import { toPage, transformRect, type CategoryAxis, type ChartProbe, type ChartText, type Rect } from './label-faults';

/**
 * The test hook: `window.__opswallCharts()` reads every live chart's text as ECharts laid it out (zrender's display
 * list), so browser tests can see labels collide or get cut where DOM text checks cannot look. Charts join the set
 * when created and leave it when disposed, so a wall that runs for weeks holds only the charts it shows.
 */

// The few zrender internals read here (zrender/lib/graphic/Text.js, Storage.js; echarts/lib/core/echarts.js).
interface ZrNode {
  type?: string;
  parent?: ZrNode | null;
  __hostTarget?: ZrNode | null;
  __ecComponentInfo?: { mainType: string; index: number } | null;
  anid?: string;
  invisible?: boolean;
  isTruncated?: boolean;
  transform?: number[] | null;
  style?: { text?: string; opacity?: number };
  getBoundingRect(): Rect;
}
interface AxisOption { type?: string; data?: unknown[]; show?: boolean; axisLabel?: { show?: boolean } }

declare global {
  interface Window { __opswallCharts?: () => ChartProbe[] }
}

const live = new Set<EChartsType>();

/** Adds a chart to the probe's set; the returned function takes it out (call it before disposing the chart). */
export function trackChart(chart: EChartsType): () => void {
  live.add(chart);
  if (typeof window !== 'undefined' && !window.__opswallCharts) window.__opswallCharts = () => [...live].map(probeChart);
  return () => { live.delete(chart); };
}

function ownerOf(el: ZrNode): { mainType: string; index: number } | null {
  for (let n: ZrNode | null | undefined = el; n; n = n.__hostTarget ?? n.parent) if (n.__ecComponentInfo) return n.__ecComponentInfo;
  return null;
}

/** Every drawn text of one chart: zrender draws a text's lines as TSpan children of its Text element. */
function drawnTexts(chart: EChartsType): { el: ZrNode; text: string }[] {
  const list = chart.getZr().storage.getDisplayList(true) as unknown as ZrNode[];
  const lines = new Map<ZrNode, string[]>();
  for (const span of list) {
    const text = span.parent;
    if (span.type !== 'tspan' || !text || span.invisible || text.invisible || text.style?.opacity === 0) continue;
    lines.set(text, [...(lines.get(text) ?? []), span.style?.text ?? '']);
  }
  return [...lines].map(([el, ls]) => ({ el, text: ls.join('\n') }));
}

function probeChart(chart: EChartsType): ChartProbe {
  const dom = chart.getDom();
  const r = dom.getBoundingClientRect();
  // The screen canvas is scaled with a CSS transform; zrender works in the element's own (unscaled) px.
  const scale = dom.offsetWidth > 0 ? r.width / dom.offsetWidth : 1;
  const origin = { x: r.left + window.scrollX, y: r.top + window.scrollY };
  const drawn = drawnTexts(chart);
  const texts: ChartText[] = drawn.map(({ el, text }) => ({
    text,
    rect: toPage(transformRect(el.getBoundingRect(), el.transform), origin, scale),
    truncated: !!el.isTruncated,
    owner: ownerOf(el)?.mainType ?? '',
  }));
  const axes: CategoryAxis[] = [];
  const option = chart.getOption() as Record<string, AxisOption[] | undefined>;
  for (const mainType of ['xAxis', 'yAxis']) {
    (option[mainType] ?? []).forEach((axis, index) => {
      if (axis.type !== 'category' || axis.show === false || axis.axisLabel?.show === false) return;
      const labels = drawn.filter(({ el }) => el.anid?.startsWith('label_') && ownerOf(el)?.mainType === mainType && ownerOf(el)?.index === index);
      axes.push({ name: `${mainType}[${index}]`, categories: axis.data?.length ?? 0, drawn: labels.length });
    });
  }
  return {
    widget: dom.closest('[data-widget-id]')?.getAttribute('data-widget-id') ?? '',
    box: { x: origin.x, y: origin.y, width: r.width, height: r.height },
    texts,
    axes,
  };
}
