/** Rough advance width of one character in em, enough to keep big numbers inside their box. */
function charEm(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1; // CJK and full-width
  if (/[0-9¥$]/.test(ch)) return 0.62;
  if (/[.,:;'!|]/.test(ch)) return 0.32;
  if (ch === ' ') return 0.3;
  if (/[A-Z%▲▼—]/.test(ch)) return 0.9;
  return 0.6;
}

export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em;
}

/** The largest font size (px) at which one line of `em` ems fits `width` × `height`, clamped to [min, max]. */
export function fitFontSize(em: number, width: number, height: number, min = 14, max = 400): number {
  const byWidth = em > 0 ? width / em : max;
  const byHeight = height / 1.15;
  return Math.round(Math.max(min, Math.min(max, byWidth, byHeight)));
}
