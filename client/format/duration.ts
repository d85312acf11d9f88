import type { Locale } from './locale';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * SLA countdown in h:mm:ss: 3909 s → "1:05:09"; late is negative: -192 s → "-0:03:12".
 * Whole seconds go down once per second: time left is floored, time late is rounded up.
 */
export function formatCountdown(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return '—';
  const late = seconds < 0;
  let total = late ? Math.ceil(-seconds) : Math.floor(seconds);
  const days = Math.floor(total / 86_400);
  total -= days * 86_400;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = `${h}:${pad2(m)}:${pad2(s)}`;
  const dayPart = days > 0 ? (locale === 'en' ? `${days}d ` : `${days}天 `) : '';
  return `${late ? '-' : ''}${dayPart}${clock}`;
}

/** How long ago something happened, for data-age labels: "12秒前", "3分钟前" / "12s ago", "3m ago" (short: it sits beside a title). */
export function formatAge(ms: number, locale: Locale): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const en = locale === 'en';
  if (s < 1) return en ? 'just now' : '刚刚';
  if (s < 60) return en ? `${s}s ago` : `${s}秒前`;
  const m = Math.floor(s / 60);
  if (m < 60) return en ? `${m}m ago` : `${m}分钟前`;
  const h = Math.floor(m / 60);
  if (h < 24) return en ? `${h}h ago` : `${h}小时前`;
  const d = Math.floor(h / 24);
  return en ? `${d}d ago` : `${d}天前`;
}

/** A span of time in two units, for the connection banner: 65 s → "1分05秒" / "1m 05s". */
export function formatElapsed(ms: number, locale: Locale): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const en = locale === 'en';
  if (s < 60) return en ? `${s}s` : `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return en ? `${m}m ${pad2(s % 60)}s` : `${m}分${pad2(s % 60)}秒`;
  const h = Math.floor(m / 60);
  if (h < 24) return en ? `${h}h ${pad2(m % 60)}m` : `${h}小时${pad2(m % 60)}分`;
  const d = Math.floor(h / 24);
  return en ? `${d}d ${h % 24}h` : `${d}天${h % 24}小时`;
}
