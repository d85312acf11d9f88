import { computed, inject, provide, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { palettes, type Palette, type ThemeName } from './palette';

/** What a chart needs to know about the screen around it. */
export interface ChartContext {
  /** The canvas's CSS scale: charts draw at scale × devicePixelRatio so 4K walls stay sharp. */
  scale: Readonly<Ref<number>>;
  theme: Readonly<Ref<ThemeName>>;
  /** Phone layout: smaller chart text. */
  dense: boolean;
  /** The hub's business time zone, for time axes; undefined means the browser's. */
  timeZone: Readonly<Ref<string | undefined>>;
  palette: ComputedRef<Palette>;
}

const chartContextKey: InjectionKey<ChartContext> = Symbol('chart-context');

export function provideChartContext(
  scale: Readonly<Ref<number>>,
  theme: Readonly<Ref<ThemeName>>,
  timeZone: Readonly<Ref<string | undefined>>,
  dense = false,
): ChartContext {
  const ctx: ChartContext = { scale, theme, dense, timeZone, palette: computed(() => palettes[theme.value]) };
  provide(chartContextKey, ctx);
  return ctx;
}

export function useChartContext(): ChartContext {
  return inject(chartContextKey, () => {
    const theme = ref<ThemeName>('dark');
    return { scale: ref(1), theme, dense: false, timeZone: ref(undefined), palette: computed(() => palettes[theme.value]) };
  }, true);
}
