import type { SourceHealth, SourceState } from '../../../server/protocol';
import { formatAge, formatCompact } from '../../format';
import type { I18n } from '../../i18n';
import type { WidgetSize } from '../types';
import type { SourceStatusOptions } from './options';

export interface SourceRow { id: string; name: string; state: SourceState; stateText: string; age: string; records: string; error?: string }

/** One row per source, as text: its state in words, the age of its last success, its record count. */
export function sourceRows(list: readonly SourceHealth[], o: SourceStatusOptions, now: number, i18n: I18n): SourceRow[] {
  const chosen = o.sources ? o.sources.flatMap((id) => list.filter((s) => s.id === id)) : list;
  return chosen.map((s) => {
    const last = s.lastSuccessAt ? Date.parse(s.lastSuccessAt) : Number.NaN;
    return {
      id: s.id,
      name: o.showKind ? `${s.id} · ${s.kind}` : s.id,
      state: s.state,
      stateText: i18n.label(s.state, 'source_state'),
      age: Number.isNaN(last) ? i18n.t('sourceStatus.never') : formatAge(now - last, i18n.locale),
      records: i18n.t('sourceStatus.records', { n: formatCompact(s.records, i18n.locale) }),
      ...(s.lastError ? { error: s.lastError } : {}),
    };
  });
}

/** Rows share the box's height between 36 and 64 px each; the font follows the row height. */
export function sourceLayout(count: number, size: WidgetSize): { shown: number; rowHeight: number; fontSize: number } {
  const shown = Math.min(count, Math.floor(size.height / 36));
  const rowHeight = shown > 0 ? Math.min(64, Math.floor(size.height / shown)) : 0;
  return { shown, rowHeight, fontSize: Math.max(14, Math.min(24, Math.round(rowHeight * 0.4))) };
}
