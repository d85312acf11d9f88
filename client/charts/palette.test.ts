import { describe, expect, it } from 'vitest';
import { cssVars, palettes, type ThemeName } from './palette';

/** WCAG 2 relative luminance of an opaque #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const themes = Object.keys(palettes) as ThemeName[];

describe('palettes', () => {
  it('give every theme the same CSS variables, none empty', () => {
    const names = Object.keys(cssVars(palettes.dark)).sort();
    for (const t of themes) {
      const vars = cssVars(palettes[t]);
      expect(Object.keys(vars).sort(), t).toEqual(names);
      for (const [name, v] of Object.entries(vars)) expect(v, `${t} ${name}`).not.toBe('');
    }
  });

  it('keep badge text readable on its fill (WCAG AA, 4.5:1)', () => {
    for (const t of themes) {
      const p = palettes[t];
      expect(contrast(p.onFill, p.warn), `${t} on warn`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p.onCritical, p.critical), `${t} on critical`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p.onFill, p.accent), `${t} on accent`).toBeGreaterThanOrEqual(4.5);
      for (const m of p.medals) expect(contrast(p.onFill, m), `${t} on medal ${m}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('high contrast: 7:1 text on opaque panels, outlined states, thick lines', () => {
    const p = palettes['high-contrast'];
    expect(contrast(p.text, p.panel)).toBeGreaterThanOrEqual(7);
    expect(contrast(p.muted, p.badge)).toBeGreaterThanOrEqual(7);
    // State colours are AA (critical red is 6.1:1): they colour bold figures and come with an outline or a badge.
    for (const state of [p.ok, p.warn, p.critical]) expect(contrast(state, p.panel)).toBeGreaterThanOrEqual(4.5);
    expect(p.stateOutline).toBeGreaterThan(0);
    expect(p.seriesWidth).toBeGreaterThan(palettes.dark.seriesWidth);
  });
});
