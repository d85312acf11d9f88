/** Colours of a screen theme; the CSS variables and the ECharts theme are both made from this one table. */
export interface Palette {
  background: string;
  backgroundGlow: string;
  panel: string;
  panelBorder: string;
  title: string;
  text: string;
  muted: string;
  accent: string;
  grid: string;
  ok: string;
  warn: string;
  critical: string;
  series: readonly string[];
  /** Soft light around panels and titles; none in high contrast. */
  glow: string;
  /** The band behind the screen's header. */
  headerBand: string;
  /** Panel border width in design px. */
  borderWidth: number;
  /** Width of chart lines in design px: thick in high contrast, to be seen across a room. */
  seriesWidth: number;
}

export type ThemeName = 'dark' | 'light' | 'high-contrast';

export const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif';

export const palettes: Record<ThemeName, Palette> = {
  dark: {
    background: '#0b1426',
    backgroundGlow: 'rgba(34, 211, 238, 0.10)',
    panel: 'rgba(16, 33, 62, 0.78)',
    panelBorder: 'rgba(56, 189, 248, 0.28)',
    title: '#7dd3fc',
    text: '#e6f1ff',
    muted: '#8fa8cc',
    accent: '#22d3ee',
    grid: 'rgba(143, 168, 204, 0.16)',
    ok: '#34d399',
    warn: '#fbbf24',
    critical: '#f87171',
    series: ['#22d3ee', '#2dd4bf', '#60a5fa', '#a78bfa', '#f472b6', '#fbbf24', '#34d399', '#fb923c'],
    glow: 'rgba(34, 211, 238, 0.3)',
    headerBand: 'linear-gradient(180deg, rgba(34, 211, 238, 0.14), rgba(34, 211, 238, 0) 90%)',
    borderWidth: 1,
    seriesWidth: 3,
  },
  light: {
    background: '#eef3fa',
    backgroundGlow: 'rgba(14, 116, 144, 0.08)',
    panel: '#ffffff',
    panelBorder: 'rgba(14, 116, 144, 0.25)',
    title: '#0e7490',
    text: '#0f172a',
    muted: '#475569',
    accent: '#0891b2',
    grid: 'rgba(71, 85, 105, 0.18)',
    ok: '#059669',
    warn: '#d97706',
    critical: '#dc2626',
    series: ['#0891b2', '#0d9488', '#2563eb', '#7c3aed', '#db2777', '#d97706', '#059669', '#ea580c'],
    glow: 'rgba(14, 116, 144, 0.12)',
    headerBand: 'linear-gradient(180deg, rgba(14, 116, 144, 0.10), rgba(14, 116, 144, 0) 90%)',
    borderWidth: 1,
    seriesWidth: 3,
  },
  'high-contrast': {
    background: '#000000',
    backgroundGlow: 'rgba(0, 0, 0, 0)',
    panel: '#000000',
    panelBorder: '#ffffff',
    title: '#ffff00',
    text: '#ffffff',
    muted: '#e5e5e5',
    accent: '#00ffff',
    grid: 'rgba(255, 255, 255, 0.35)',
    ok: '#00ff7f',
    warn: '#ffd700',
    critical: '#ff4040',
    // Fully saturated, far apart in hue, drawn thick: readable from the back of the room and on a washed-out panel.
    series: ['#00ffff', '#ffff00', '#ff00ff', '#00ff00', '#ff8000', '#3399ff', '#ffffff', '#ff3333'],
    glow: 'transparent',
    headerBand: '#000000',
    borderWidth: 2,
    seriesWidth: 5,
  },
};

export function cssVars(p: Palette): Record<string, string> {
  return {
    '--bg': p.background,
    '--bg-glow': p.backgroundGlow,
    '--panel': p.panel,
    '--panel-border': p.panelBorder,
    '--title': p.title,
    '--text': p.text,
    '--muted': p.muted,
    '--accent': p.accent,
    '--ok': p.ok,
    '--warn': p.warn,
    '--critical': p.critical,
    '--glow': p.glow,
    '--header-band': p.headerBand,
    '--border-width': `${p.borderWidth}px`,
    '--font': FONT_FAMILY,
  };
}
