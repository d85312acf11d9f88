import { computed, onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { useChartContext } from './context';
import { createChart, type EChartsCoreOption, type EChartsType } from './echarts';
import { trackChart } from './probe';

/**
 * A chart that changes more often than this draws its updates without animation: animation is the dominant
 * chart cost (the raw baselines measured on these machines: 333 against 58 ms/s of main thread at one update per chart per second),
 * and on a busy screen it is hardly seen to end before the next one starts.
 */
export const ANIMATE_MIN_GAP_MS = 2_000;

export interface UseChartOptions {
  /** When this changes the chart is redrawn from scratch (notMerge), e.g. bars turned horizontal. */
  resetKey?: () => unknown;
  /** Called with ECharts' event parameters when an item (a bar, a slice, a tile) is clicked or tapped. */
  onClick?: (params: ChartClick) => void;
}

/** The part of ECharts' click parameters the widgets read. */
export interface ChartClick { data?: unknown; value?: unknown; dataIndex?: number; seriesId?: string }

/**
 * One ECharts instance per element for the component's life: created on mount, updated with setOption,
 * resized by a ResizeObserver, disposed on unmount. Re-creating per update costs a long task every
 * few seconds on a TV (measured on these machines), so it is only re-created when the pixel ratio or theme changes.
 */
export function useChart(el: Ref<HTMLElement | null>, option: () => EChartsCoreOption, opts: UseChartOptions = {}): void {
  const ctx = useChartContext();
  let chart: EChartsType | null = null;
  let observer: ResizeObserver | null = null;
  let untrack = (): void => {};
  // Quarter steps, so resizing the window does not re-create charts on every pixel.
  const pixelRatio = computed(() => Math.max(1, Math.round((globalThis.devicePixelRatio || 1) * ctx.scale.value * 4) / 4));

  function create(): void {
    if (!el.value) return;
    chart = createChart(el.value, ctx.theme.value, ctx.dense, pixelRatio.value);
    chart.setOption(option());
    untrack = trackChart(chart);
    if (opts.onClick) chart.on('click', opts.onClick as (params: unknown) => void);
  }
  function dispose(): void {
    untrack();
    chart?.off('click');
    chart?.dispose();
    chart = null;
  }

  onMounted(() => {
    create();
    observer = new ResizeObserver(() => chart?.resize());
    if (el.value) observer.observe(el.value);
  });

  let lastUpdate = -Infinity;
  watch(
    () => ({ next: option(), reset: opts.resetKey?.() }),
    ({ next, reset }, previous) => {
      if (!chart) return;
      const at = performance.now();
      const animation = at - lastUpdate >= ANIMATE_MIN_GAP_MS;
      lastUpdate = at;
      if (reset !== previous.reset) chart.setOption({ ...next, animation }, { notMerge: true });
      else chart.setOption({ ...next, animation }, { replaceMerge: ['series'], lazyUpdate: true });
    },
  );

  watch([pixelRatio, ctx.theme], () => {
    dispose();
    create();
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    observer = null;
    dispose();
  });
}
