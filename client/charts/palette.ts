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
    series: ['#00ffff', '#ffff00', '#ff80ff', '#80ff80', '#ffa500', '#80c0ff', '#ffffff', '#ff8080'],
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
    '--font': FONT_FAMILY,
  };
}
