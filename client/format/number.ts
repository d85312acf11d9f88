/** Locales the wall speaks; formatting is pure so it can be tested against hand-worked values. */
export type { Locale } from './locale';
import type { Locale } from './locale';
import { currencySign, reportingCurrency } from './currency';

interface Unit { size: number; suffix: string }
// Ascending, so a value that rounds up to the next unit moves into it (99,999,999 → 1亿, not 10000万).
const ZH_UNITS: readonly Unit[] = [{ size: 1e4, suffix: '万' }, { size: 1e8, suffix: '亿' }, { size: 1e12, suffix: '万亿' }];
const EN_UNITS: readonly Unit[] = [{ size: 1e3, suffix: 'K' }, { size: 1e6, suffix: 'M' }, { size: 1e9, suffix: 'B' }, { size: 1e12, suffix: 'T' }];

const formatters = new Map<string, Intl.NumberFormat>();
function intl(locale: Locale, maxDecimals: number): Intl.NumberFormat {
  const id = `${locale}:${maxDecimals}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: maxDecimals });
    formatters.set(id, f);
  }
  return f;
}

/** Grouped number with at most `maxDecimals` decimals: 12345.678 → "12,345.68". */
export function formatPlain(n: number, locale: Locale, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return '—';
  return intl(locale, maxDecimals).format(n);
}

/**
 * Short number for big figures: zh-CN uses 万/亿 with up to 2 decimals (12,345 → "1.23万"),
 * en uses K/M/B with 1 decimal (12,345 → "12.3K"). Below the first unit the number is shown grouped.
 */
export function formatCompact(n: number, locale: Locale, maxDecimals?: number): string {
  if (!Number.isFinite(n)) return '—';
  const units = locale === 'en' ? EN_UNITS : ZH_UNITS;
  const decimals = maxDecimals ?? (locale === 'en' ? 1 : 2);
  const abs = Math.abs(n);
  let index = -1;
  for (let i = 0; i < units.length; i++) if (abs >= units[i]!.size) index = i;
  if (index < 0) return formatPlain(n, locale, 2);
  const factor = 10 ** decimals;
  let unit = units[index]!;
  let scaled = Math.round((abs / unit.size) * factor) / factor;
  const next = units[index + 1];
  if (next && scaled * unit.size >= next.size) {
    unit = next;
    scaled = Math.round((abs / unit.size) * factor) / factor;
  }
  return `${n < 0 ? '-' : ''}${intl(locale, decimals).format(scaled)}${unit.suffix}`;
}

/**
 * An amount in the reporting currency (the hub's, by default): "¥1.23万" (compact) or "¥12,345.00"-style plain with
 * up to 2 decimals; "US$1.23万" when the hub reports in USD.
 */
export function formatCurrency(n: number, locale: Locale, compact = true, currency = reportingCurrency()): string {
  if (!Number.isFinite(n)) return '—';
  const body = compact ? formatCompact(Math.abs(n), locale) : formatPlain(Math.abs(n), locale, 2);
  return `${n < 0 ? '-' : ''}${currencySign(currency, locale)}${body}`;
}

/** A value already in percent units (98.5 → "98.5%"). */
export function formatPercent(p: number | null | undefined, locale: Locale, decimals = 1): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return `${intl(locale, decimals).format(p)}%`;
}

import { formatElapsed } from './duration';

export type NumberStyle = 'number' | 'currency' | 'percent' | 'duration';

/** One entry point for widgets: the style comes from the widget's options. */
export function formatValue(n: number, style: NumberStyle, locale: Locale, opts: { compact?: boolean; decimals?: number } = {}): string {
  const compact = opts.compact ?? true;
  if (style === 'percent') return formatPercent(n, locale, opts.decimals ?? 1);
  if (style === 'duration') return formatElapsed(n * 1000, locale); // n in seconds
  if (style === 'currency') return formatCurrency(n, locale, compact);
  return compact ? formatCompact(n, locale, opts.decimals) : formatPlain(n, locale, opts.decimals ?? 2);
}

export interface Change { direction: 'up' | 'down' | 'flat'; text: string }

/**
 * Change against the previous period as "▲12.5%" / "▼4%", and from +1,000 % on as the multiple ("▲×17.8", "▲×209");
 * null when there is nothing to compare to.
 */
export function formatChange(current: number, previous: number | null, locale: Locale): Change | null {
  if (previous === null || !Number.isFinite(previous) || previous === 0 || !Number.isFinite(current)) return null;
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  const rounded = Math.round(pct * 10) / 10;
  if (rounded === 0) return { direction: 'flat', text: '0%' };
  const arrow = rounded > 0 ? '▲' : '▼';
  // Past +1,000 % a percentage is noise and outgrows its box (Monday against a quiet Sunday): say the multiple.
  if (rounded >= 1000) {
    const times = Math.abs(current / previous);
    return { direction: 'up', text: `${arrow}×${new Intl.NumberFormat(locale, { maximumFractionDigits: times < 100 ? 1 : 0 }).format(times)}` };
  }
  return { direction: rounded > 0 ? 'up' : 'down', text: `${arrow}${formatPercent(Math.abs(rounded), locale, 1)}` };
}
