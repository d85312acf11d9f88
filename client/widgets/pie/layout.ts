import { textWidth } from '../chart-helpers';
import type { WidgetSize } from '../types';

/** A rectangle in the chart's px. */
export interface Box { left: number; top: number; width: number; height: number }

export interface PieLayout {
  /** Where the pie and its outside labels may draw: the box less the legend's room, so labels never reach the legend. */
  pie: Box;
  /** Outer radius in px. */
  radius: number;
  /** Outside labels fit beside the pie at their full length; otherwise the legend carries the shares alone. */
  labels: boolean;
  legend: { side: 'right' | 'bottom'; width: number; height: number } | null;
}

const PAD = 8;
const SWATCH = 16 + 6; // legend mark and its gap to the text
const LINES = 10 + 8 + 6; // the two label-line lengths and the label's distance from the line

/**
 * Room for the legend first (beside a wide box, under a tall one, sized to its items' text), then the pie in what is
 * left, as large as leaves each side room for the longest outside label at `fontSize`. When that pie would be too
 * small to read, the labels go and the pie fills its room: the legend lists every slice with its share instead.
 */
export function pieLayout(size: WidgetSize, legendTexts: string[], labelTexts: string[], fontSize: number, wantLabels: boolean): PieLayout {
  const { width, height } = size;
  const lineH = Math.round(fontSize * 1.3);
  const full: Box = { left: PAD, top: PAD, width: width - 2 * PAD, height: height - 2 * PAD };
  let pie = full;
  let legend: PieLayout['legend'] = null;
  if (legendTexts.length > 0) {
    const items = legendTexts.map((t) => SWATCH + textWidth(t, fontSize));
    // Beside: a column as wide as its widest item (at most 45 % of the box), items wrapping within it; it must fit
    // the height in one column, or ECharts would start a second one over the pie.
    const w = Math.min(Math.max(...items), Math.round(width * 0.45));
    const columnH = items.reduce((h, iw) => h + Math.ceil((iw - SWATCH) / Math.max(1, w - SWATCH)) * lineH + 6, 0);
    const right = { pie: { ...full, width: full.width - w - PAD }, legend: { side: 'right' as const, width: w, height: full.height } };
    const h = legendRows(items, full.width) * (lineH + 6);
    const below = { pie: { ...full, height: full.height - h - PAD }, legend: { side: 'bottom' as const, width: full.width, height: h } };
    const size = (b: Box) => Math.min(b.width, b.height);
    // The wide box's way (beside) while it fits, unless the pie is larger with the legend under it.
    const pick = columnH <= full.height && (width > height * 1.3 || size(right.pie) > size(below.pie)) ? right : below;
    ({ pie, legend } = pick);
  }
  const fill = Math.max(0, Math.floor(Math.min(pie.width, pie.height) / 2) - 2);
  const labelW = Math.max(0, ...labelTexts.map((t) => textWidth(t, fontSize)));
  const beside = Math.floor(Math.min(pie.width / 2 - labelW - LINES, pie.height / 2 - lineH));
  // Without a legend the labels are the only names, so they stay even on a small pie.
  const labels = wantLabels && labelTexts.length > 0 && (beside >= Math.max(36, fill * 0.5) || legend === null);
  return { pie, radius: labels ? Math.max(24, beside) : fill, labels, legend };
}

/** How many rows a horizontal legend wraps into, ECharts' way: items left to right, 10 px apart, a new row when full. */
export function legendRows(itemWidths: number[], maxWidth: number): number {
  let rows = 1;
  let x = 0;
  for (const w of itemWidths) {
    if (x > 0 && x + w > maxWidth) { rows++; x = 0; }
    x += w + 10;
  }
  return rows;
}
