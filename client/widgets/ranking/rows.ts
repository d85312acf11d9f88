import type { BreakdownValue } from '../../../server/protocol';
import { formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { textWidthEm } from '../fit-text';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
import type { RankingOptions } from './options';

export interface RankRow { rank: number; key: string; name: string; value: number; text: string; ratio: number }

/**
 * The places of a ranking: sorted by the measure (ties keep the value's order), cut to `limit`, each with
 * its bar length as a share of the largest absolute value shown. Record text stays text.
 */
export function rankingRows(value: BreakdownValue | undefined, o: RankingOptions, i18n: I18n): RankRow[] {
  const style = o.format === 'auto' ? (o.measure === 'amount' ? 'currency' : 'number') : o.format;
  const items = (value?.items ?? [])
    .map((item, index) => ({ item, index, value: o.measure === 'amount' ? (item.amount ?? 0) : item.value }))
    .sort((a, b) => (o.order === 'desc' ? b.value - a.value : a.value - b.value) || a.index - b.index)
    .slice(0, o.limit);
  const max = Math.max(0, ...items.map((i) => Math.abs(i.value)));
  return items.map((i, n) => ({
    rank: n + 1,
    key: i.item.key,
    name: keyLabel(i.item.key, o, i18n),
    value: i.value,
    text: formatValue(i.value, style, i18n.locale),
    ratio: max > 0 ? Math.abs(i.value) / max : 0,
  }));
}

const MIN_ROW = 36;
const MAX_ROW = 72;
/** Rank badge, the two gaps and the bar's share of a row, in em and px. */
const RANK_EM = 2;
const GAPS_EM = 1.2;

/**
 * How the list fits its box: as many rows as have at least MIN_ROW px, sharing the height, and one font
 * size, the largest at which the longest name and value fit the width beside each other.
 */
export function rankingLayout(rows: readonly RankRow[], size: WidgetSize): { shown: number; rowHeight: number; fontSize: number } {
  const shown = Math.min(rows.length, Math.floor(size.height / MIN_ROW));
  if (shown === 0) return { shown: 0, rowHeight: 0, fontSize: 16 };
  const rowHeight = Math.min(MAX_ROW, Math.floor(size.height / shown));
  const visible = rows.slice(0, shown);
  const em = RANK_EM + GAPS_EM + Math.max(...visible.map((r) => textWidthEm(r.name))) + Math.max(...visible.map((r) => textWidthEm(r.text)));
  const byHeight = rowHeight * 0.42;
  const byWidth = size.width / em;
  return { shown, rowHeight, fontSize: Math.floor(Math.max(14, Math.min(28, byHeight, byWidth))) };
}
