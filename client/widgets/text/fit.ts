import { textWidthEm } from '../fit-text';
import type { WidgetSize } from '../types';

const SIZES = { title: { min: 20, max: 96, lineHeight: 1.2 }, body: { min: 14, max: 28, lineHeight: 1.5 } } as const;
// Words wrap earlier than characters: leave a margin on the estimate.
const WRAP_MARGIN = 0.9;

/**
 * The largest font size (px) at which the text, wrapped to the box's width, fits its height; the smallest
 * of its kind when nothing fits. Lines are estimated from character widths, which is close for CJK text.
 */
export function textFontSize(text: string, size: WidgetSize, kind: 'title' | 'body'): { fontSize: number; lineHeight: number } {
  const { min, max, lineHeight } = SIZES[kind];
  const paragraphs = text.split('\n').map(textWidthEm);
  const width = size.width * WRAP_MARGIN;
  for (let f = max; f > min; f--) {
    const lines = paragraphs.reduce((n, em) => n + Math.max(1, Math.ceil((em * f) / width)), 0);
    if (lines * f * lineHeight <= size.height) return { fontSize: f, lineHeight };
  }
  return { fontSize: min, lineHeight };
}
