import type { WidgetSize } from './types';
import { textWidthEm } from './fit-text';

/** Frame measures in design px; phones use the dense set. */
export function frameMetrics(dense: boolean): { head: number; pad: number; titleSize: number; ageSize: number } {
  return dense ? { head: 40, pad: 12, titleSize: 17, ageSize: 14 } : { head: 52, pad: 16, titleSize: 22, ageSize: 16 };
}

/** A headless frame's padding above and below its body: less in a short frame (a one-row banner), so its text has room. */
export function headlessPadY(outer: WidgetSize, dense: boolean): number {
  return Math.min(frameMetrics(dense).pad, Math.round(outer.height * 0.12));
}

/** The box left for the widget's body inside its frame; a headless frame (no title, no data age) gives the head's room too. */
export function bodySize(outer: WidgetSize, dense: boolean, headless = false): WidgetSize {
  const m = frameMetrics(dense);
  const height = headless ? outer.height - 2 * headlessPadY(outer, dense) : outer.height - m.head - m.pad;
  return { width: Math.max(0, outer.width - 2 * m.pad), height: Math.max(0, height) };
}

/** The smallest title a frame draws (design px, the wall's smallest text). */
const MIN_TITLE = 14;

/**
 * How a frame's title fits its head: at full size beside the data age; else made a little smaller (to 80 %)
 * beside it; else with the age under it (`stacked`), as large as the whole width allows. The age is reserved at
 * its widest usual form ("00秒前更新"), so the title does not jump as the age ticks.
 */
export function fitTitle(title: string, ageText: string, width: number, dense: boolean): { size: number; stacked: boolean } {
  const m = frameMetrics(dense);
  const em = textWidthEm(title) * 1.04 + 0.1; // letter spacing 0.04 em
  const mark = 16; // the accent bar before the title and its margin
  const room = width - 2 * m.pad - 2 - mark;
  const age = ageText ? Math.max(textWidthEm(ageText), textWidthEm('00秒前更新')) * m.ageSize + 12 : 0;
  if (em * m.titleSize <= room - age) return { size: m.titleSize, stacked: false };
  const beside = Math.floor((room - age) / em);
  if (beside >= Math.round(m.titleSize * 0.8) || !ageText) return { size: Math.max(MIN_TITLE, beside), stacked: false };
  return { size: Math.max(MIN_TITLE, Math.min(m.titleSize, Math.floor(room / em))), stacked: true };
}
