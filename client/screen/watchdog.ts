import { onBeforeUnmount, onMounted } from 'vue';

/** One reading of the page's JS heap (Chromium's performance.memory), in bytes. */
export interface HeapSample { at: number; used: number }

export interface WatchdogRules {
  /** Readings before this long after start are warm-up: the baseline is the lowest reading just after it. */
  warmupMs: number;
  /** The heap's floor (lowest reading) is taken per window of this length. */
  windowMs: number;
  /** The floor must have risen in this many windows in a row… */
  risingWindows: number;
  /** …and stand this far above the baseline (1.5 = half as much again) before a reload is asked for. */
  factor: number;
}

export const DEFAULT_WATCHDOG: WatchdogRules = { warmupMs: 10 * 60_000, windowMs: 60 * 60_000, risingWindows: 3, factor: 1.5 };

/**
 * Whether the heap still grows: garbage comes and goes, so only the floor of each window counts. A reload
 * is asked for when the floors of the last `risingWindows` windows each rose over the one before and the
 * last stands `factor` times above the first floor after warm-up. A heap that grew once and then held
 * (a cache filled) is left alone.
 */
export function heapStillGrows(samples: readonly HeapSample[], startedAt: number, rules: WatchdogRules = DEFAULT_WATCHDOG): boolean {
  const floors: number[] = [];
  for (const s of samples) {
    if (s.at < startedAt + rules.warmupMs) continue;
    const w = Math.floor((s.at - startedAt - rules.warmupMs) / rules.windowMs);
    floors[w] = Math.min(floors[w] ?? Infinity, s.used);
  }
  // Only whole windows: the one still filling could have its floor lowered yet.
  const last = samples.length ? Math.floor((samples[samples.length - 1]!.at - startedAt - rules.warmupMs) / rules.windowMs) : -1;
  const whole = floors.slice(0, Math.max(0, last)).filter((f) => Number.isFinite(f));
  if (whole.length < rules.risingWindows + 1) return false;
  const recent = whole.slice(-(rules.risingWindows + 1));
  const rising = recent.every((f, i) => i === 0 || f > recent[i - 1]!);
  return rising && recent[recent.length - 1]! >= whole[0]! * rules.factor;
}

interface ChromiumMemory { usedJSHeapSize: number }
const heapNow = (): number | undefined => (performance as Performance & { memory?: ChromiumMemory }).memory?.usedJSHeapSize;

/**
 * Weeks without a reload: reads the heap every `sampleMs`; if it still grows (heapStillGrows), reloads the
 * page at the first quiet moment (`isQuiet`: no open breach, nobody touching the screen). Browsers without
 * performance.memory are never reloaded.
 */
export function useHeapWatchdog(isQuiet: () => boolean, sampleMs = 60_000, rules: WatchdogRules = DEFAULT_WATCHDOG): void {
  const startedAt = Date.now();
  const samples: HeapSample[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastTouch = 0;
  const touched = () => { lastTouch = Date.now(); };
  onMounted(() => {
    if (heapNow() === undefined) return;
    window.addEventListener('pointerdown', touched, { passive: true });
    timer = setInterval(() => {
      const used = heapNow();
      if (used === undefined) return;
      samples.push({ at: Date.now(), used });
      // A day of readings is plenty for the rule; older ones go.
      while (samples.length > 0 && samples[0]!.at < Date.now() - 86_400_000) samples.shift();
      if (heapStillGrows(samples, startedAt, rules) && isQuiet() && Date.now() - lastTouch > 60_000) window.location.reload();
    }, sampleMs);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    window.removeEventListener('pointerdown', touched);
  });
}
