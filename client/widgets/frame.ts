import type { WidgetSize } from './types';

/** Frame measures in design px; phones use the dense set. */
export function frameMetrics(dense: boolean): { head: number; pad: number; titleSize: number; ageSize: number } {
  return dense ? { head: 40, pad: 12, titleSize: 17, ageSize: 14 } : { head: 52, pad: 16, titleSize: 22, ageSize: 16 };
}

/** The box left for the widget's body inside its frame; a headless frame (no title, no data age) gives the head's room too. */
export function bodySize(outer: WidgetSize, dense: boolean, headless = false): WidgetSize {
  const m = frameMetrics(dense);
  return { width: Math.max(0, outer.width - 2 * m.pad), height: Math.max(0, outer.height - (headless ? m.pad : m.head) - m.pad) };
}
