import { escapeHtml, formatValue, type Locale, type NumberStyle } from '../format';

/** Axis space: labels stay inside the box (ECharts 6 outer bounds). */
export const CHART_GRID = { left: 8, right: 20, top: 20, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;

/** Tooltip HTML with every piece of record text escaped: ECharts renders tooltip strings as HTML. */
export function tooltipHtml(heading: string, rows: { name: string; value: string; color?: string }[]): string {
  const lines = rows.map((r) => {
    const dot = r.color ? `<span style="display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:8px;background:${escapeHtml(r.color)}"></span>` : '';
    return `<div>${dot}${escapeHtml(r.name)}：<b>${escapeHtml(r.value)}</b></div>`;
  });
  return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(heading)}</div>${lines.join('')}`;
}

/** An axis-label formatter for values: compact numbers keep axes narrow. */
export function axisFormatter(style: NumberStyle, locale: Locale): (v: number) => string {
  return (v) => formatValue(v, style === 'percent' ? 'percent' : 'number', locale, { compact: true, decimals: style === 'percent' ? 0 : undefined });
}

/**
 * About how wide `text` is drawn at `fontSize` px in the wall's font, for reserving room before ECharts lays
 * out: a CJK or full-width character is one em, a Latin letter or digit about 0.62, a space or stop 0.3.
 * On the generous side, so reserved room is never short.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    ems += code >= 0x2e80 ? 1 : /[\s.,:;'|!il]/.test(ch) ? 0.3 : /[MWmw%@]/.test(ch) ? 0.9 : 0.62;
  }
  return Math.ceil(ems * fontSize);
}
