import { z } from 'zod';
import type { Palette } from '../charts';

/** Per-key colour overrides a screen file may give, e.g. { "华东": "#22d3ee" }. */
export const colorsOption = z.record(z.string(), z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as "#22d3ee"')).default({})
  .describe('Colours by key, e.g. { "华东": "#22d3ee" }; otherwise the key\'s meaning (a priority, a health) or the theme\'s series colours.');

/** The groups whose keys have a meaning colour, in the order `auto` tries them (no key is in two of them). */
const MEANING_GROUPS = ['ticket_priority', 'health', 'order_status', 'deal_stage'] as const;

/**
 * Keys whose meaning has a colour of its own: severity and health read the same on every screen. With `auto` (the
 * default) a key that is a priority or a health state gets its colour too: 紧急 is never cyan because nobody set `keys`.
 */
function semanticColor(key: string, group: string, p: Palette): string | undefined {
  if (group === 'auto') {
    for (const g of MEANING_GROUPS) { const c = semanticColor(key, g, p); if (c !== undefined) return c; }
    return undefined;
  }
  if (group === 'ticket_priority') return ({ urgent: p.critical, high: p.warn, normal: p.accent, low: p.muted } as Record<string, string>)[key];
  if (group === 'health') return ({ ok: p.ok, at_risk: p.warn, breached: p.critical } as Record<string, string>)[key];
  if (group === 'order_status' && key === 'cancelled') return p.muted;
  if (group === 'deal_stage' && key === 'lost') return p.muted;
  return undefined;
}

/** The colour of the i-th category: the screen file's choice, then its meaning, then the theme's series. */
export function keyColor(key: string, index: number, o: { keys: string; colors: Record<string, string> }, p: Palette): string {
  return o.colors[key] ?? semanticColor(key, o.keys, p) ?? p.series[index % p.series.length] ?? p.accent;
}
