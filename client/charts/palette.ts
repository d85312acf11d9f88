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
  /** Text on a solid bright fill: a series or accent colour, the warn colour, a medal. */
  onFill: string;
  /** Text on a solid critical fill. */
  onCritical: string;
  /** Faint tint behind alternate or neutral list rows. */
  rowTint: string;
  /** Tint behind a row at risk; the row's border and text carry the state as well. */
  warnTint: string;
  /** Tint behind a breached row; likewise never the only sign. */
  criticalTint: string;
  /** Thin rule between table rows. */
  rule: string;
  /** Background of a neutral badge (a normal or low priority). */
  badge: string;
  /** Badge colours of ranks 1, 2 and 3. */
  medals: readonly [string, string, string];
  /** Outline in design px drawn around warn and breached rows in their state colour: high contrast only, where tints are not enough. */
  stateOutline: number;
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
    onFill: '#04121f',
    onCritical: '#1a0505',
    rowTint: 'rgba(34, 211, 238, 0.05)',
    warnTint: 'rgba(251, 191, 36, 0.09)',
    criticalTint: 'rgba(248, 113, 113, 0.14)',
    rule: 'rgba(143, 168, 204, 0.12)',
    badge: 'rgba(143, 168, 204, 0.18)',
    medals: ['#fbbf24', '#cbd5e1', '#e0912f'],
    stateOutline: 0,
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
    // Dark text on the mid-tone fills (5.6:1 on warn); white on critical red (4.8:1), where dark text would be 3.7:1.
    onFill: '#0f172a',
    onCritical: '#ffffff',
    rowTint: 'rgba(8, 145, 178, 0.05)',
    warnTint: 'rgba(217, 119, 6, 0.10)',
    criticalTint: 'rgba(220, 38, 38, 0.10)',
    rule: 'rgba(71, 85, 105, 0.15)',
    badge: 'rgba(71, 85, 105, 0.12)',
    medals: ['#fbbf24', '#cbd5e1', '#f0a35e'],
    stateOutline: 0,
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
    onFill: '#000000',
    onCritical: '#000000',
    rowTint: 'rgba(255, 255, 255, 0.08)',
    warnTint: 'rgba(255, 215, 0, 0.16)',
    criticalTint: 'rgba(255, 64, 64, 0.20)',
    rule: 'rgba(255, 255, 255, 0.5)',
    badge: '#333333',
    medals: ['#ffd700', '#ffffff', '#ff8000'],
    stateOutline: 2,
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
    '--grid': p.grid,
    '--ok': p.ok,
    '--warn': p.warn,
    '--critical': p.critical,
    '--glow': p.glow,
    '--header-band': p.headerBand,
    '--border-width': `${p.borderWidth}px`,
    '--on-fill': p.onFill,
    '--on-critical': p.onCritical,
    '--row-tint': p.rowTint,
    '--warn-tint': p.warnTint,
    '--critical-tint': p.criticalTint,
    '--rule': p.rule,
    '--badge': p.badge,
    '--medal-1': p.medals[0],
    '--medal-2': p.medals[1],
    '--medal-3': p.medals[2],
    '--state-outline': `${p.stateOutline}px`,
    '--font': FONT_FAMILY,
  };
}
