import type { SourceHealth } from '../../../server/protocol';
import { formatCompact } from '../../format';
import type { I18n } from '../../i18n';
import type { WidgetSize } from '../types';
import type { DataQualityOptions } from './options';

export interface QualityRow {
  id: string;
  name: string;
  /** Every amount of the source converts to the reporting currency. */
  clean: boolean;
  /** "all amounts converted", or "3 without a rate". */
  status: string;
  /** The currencies without a rate, most records first: "JPY 2 · KRW 1"; empty when clean. */
  currencies: string;
}

const feedsMoney = (s: SourceHealth) => !s.entities || s.entities.some((e) => e === 'order' || e === 'deal');

/** One row per source: whether its amounts all convert, and if not, how many records in which currencies do not. */
export function qualityRows(list: readonly SourceHealth[], o: DataQualityOptions, i18n: I18n): QualityRow[] {
  const chosen = o.sources ? o.sources.flatMap((id) => list.filter((s) => s.id === id)) : list.filter(feedsMoney);
  return chosen.flatMap((s) => {
    const missing = s.amountsWithoutRate ?? { records: 0, byCurrency: {} };
    const clean = missing.records === 0;
    if (clean && !o.showClean) return [];
    const currencies = Object.entries(missing.byCurrency).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([code, n]) => `${code} ${formatCompact(n, i18n.locale)}`).join(' · ');
    return [{
      id: s.id,
      name: o.showKind ? `${s.id} · ${s.kind}` : s.id,
      clean,
      status: clean ? i18n.t('dataQuality.clean') : i18n.t('dataQuality.withoutRate', { n: formatCompact(missing.records, i18n.locale) }),
      currencies,
    }];
  });
}

/** The line above the rows: the reporting currency, and how many records in all are left out of money metrics. */
export function qualityHeading(list: readonly SourceHealth[], currency: string, i18n: I18n): { text: string; missing: number } {
  const missing = list.reduce((n, s) => n + (s.amountsWithoutRate?.records ?? 0), 0);
  return {
    missing,
    text: missing === 0 ? i18n.t('dataQuality.heading', { currency })
      : i18n.t('dataQuality.headingMissing', { currency, n: formatCompact(missing, i18n.locale) }),
  };
}

/** The heading and the rows share the box's height, 36 to 64 px each; the font follows the row height. */
export function qualityLayout(count: number, size: WidgetSize): { shown: number; rowHeight: number; fontSize: number } {
  const shown = Math.min(count, Math.max(0, Math.floor(size.height / 36) - 1));
  const rowHeight = Math.min(64, Math.floor(size.height / (shown + 1)));
  return { shown, rowHeight, fontSize: Math.max(14, Math.min(24, Math.round(rowHeight * 0.4))) };
}
