/** Locales the wall speaks; formatting is pure so it can be tested against hand-worked values. */
export type { Locale } from './locale';
import type { Locale } from './locale';
import { currencySign, reportingCurrency } from './currency';

interface Unit { size: number; suffix: string; /** Decimals money always shows in this unit. */ money: number }
// Ascending, so a value that rounds up to the next unit moves into it (99,999,999 → 1亿, not 10000万).
const ZH_UNITS: readonly Unit[] = [{ size: 1e4, suffix: '万', money: 2 }, { size: 1e8, suffix: '亿', money: 2 }, { size: 1e12, suffix: '万亿', money: 2 }];
// English finance writes thousands to one decimal and millions up to two ($12.5K, $1.25M).
const EN_UNITS: readonly Unit[] = [
  { size: 1e3, suffix: 'K', money: 1 }, { size: 1e6, suffix: 'M', money: 2 }, { size: 1e9, suffix: 'B', money: 2 }, { size: 1e12, suffix: 'T', money: 2 },
];

const formatters = new Map<string, Intl.NumberFormat>();
/** Grouping formatter with `min`..`max` decimals (min = max: a fixed number of decimals). */
function intl(locale: Locale, maxDecimals: number, minDecimals = 0): Intl.NumberFormat {
  const id = `${locale}:${minDecimals}:${maxDecimals}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: minDecimals, maximumFractionDigits: maxDecimals });
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
 * `abs` in the largest unit it reaches, rounded to that unit's decimals; a value that rounds up to the next unit
 * moves into it. No unit below the first one.
 */
function inUnit(abs: number, locale: Locale, decimalsOf: (u: Unit) => number): { unit: Unit; scaled: number; decimals: number } | null {
  const units = locale === 'en' ? EN_UNITS : ZH_UNITS;
  let index = -1;
  for (let i = 0; i < units.length; i++) if (abs >= units[i]!.size) index = i;
  if (index < 0) return null;
  const round = (u: Unit) => { const factor = 10 ** decimalsOf(u); return Math.round((abs / u.size) * factor) / factor; };
  let unit = units[index]!;
  let scaled = round(unit);
  const next = units[index + 1];
  if (next && scaled * unit.size >= next.size) {
    unit = next;
    scaled = round(unit);
  }
  return { unit, scaled, decimals: decimalsOf(unit) };
}

/**
 * Short number for big figures: zh-CN uses 万/亿 with up to 2 decimals (12,345 → "1.23万"),
 * en uses K/M/B with 1 decimal (12,345 → "12.3K"). Below the first unit the number is shown grouped.
 */
export function formatCompact(n: number, locale: Locale, maxDecimals?: number): string {
  if (!Number.isFinite(n)) return '—';
  const decimals = maxDecimals ?? (locale === 'en' ? 1 : 2);
  const hit = inUnit(Math.abs(n), locale, () => decimals);
  if (!hit) return formatPlain(n, locale, 2);
  return `${n < 0 ? '-' : ''}${intl(locale, decimals).format(hit.scaled)}${hit.unit.suffix}`;
}

/**
 * An amount in the reporting currency (the hub's, by default), always with the same decimals for its unit so a
 * ticking figure keeps its width. Compact: whole yuan below 1万 ("¥9,876"), two decimals in 万/亿 ("¥6.00万",
 * "¥94.70万", "¥1.25亿"); in English whole below 1K, one decimal in K, two in M/B ("¥12.3K", "$1.25M").
 * Plain: two decimals ("¥1,234.50"). `decimals` overrides the decimals in a unit and in plain form (gauge ticks).
 */
export function formatCurrency(n: number, locale: Locale, compact = true, currency = reportingCurrency(), decimals?: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const sign = `${n < 0 && abs >= 0.005 ? '-' : ''}${currencySign(currency, locale)}`;
  if (!compact) {
    const d = decimals ?? 2;
    return `${sign}${intl(locale, d, d).format(abs)}`;
  }
  // Below the first unit whole yuan: ¥9,999.6 is ¥10,000, which is ¥1.00万.
  const first = (locale === 'en' ? EN_UNITS : ZH_UNITS)[0]!.size;
  const hit = inUnit(abs < first ? Math.round(abs) : abs, locale, (u) => decimals ?? u.money);
  if (!hit) return `${sign}${intl(locale, 0).format(abs)}`;
  return `${sign}${intl(locale, hit.decimals, hit.decimals).format(hit.scaled)}${hit.unit.suffix}`;
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
  if (style === 'currency') return formatCurrency(n, locale, compact, undefined, opts.decimals);
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
