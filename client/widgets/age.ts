import { formatAge } from '../format';
import type { I18n } from '../i18n';

export type AgeLevel = 'waiting' | 'ok' | 'warn' | 'critical';

export interface AgeInput {
  /** The MetricValue's asOf; undefined while no value has arrived. */
  asOf: string | null | undefined;
  hasValue: boolean;
  /** The value says its source is failing or late. */
  sourceStale: boolean;
  /** Stale for any reason, including a lost connection. */
  stale: boolean;
  now: number;
  maxAgeMs: number;
  /** A source behind the value is in its first sync (the value's `phase`): no fault, the data is still arriving. */
  syncing?: boolean;
}

/** The data-age label of a widget: words and a colour level (amber past maxAge or stale, red past twice that). */
export function describeAge(input: AgeInput, i18n: I18n): { text: string; level: AgeLevel } {
  if (!input.hasValue) return { text: i18n.t('age.waiting'), level: 'waiting' };
  if (input.syncing) return { text: i18n.t('age.syncing'), level: 'waiting' };
  const suffix = input.sourceStale ? ` · ${i18n.t('age.stale')}` : '';
  const asOf = input.asOf ? Date.parse(input.asOf) : Number.NaN;
  if (Number.isNaN(asOf)) return { text: i18n.t('age.noSource') + suffix, level: 'warn' };
  const age = input.now - asOf;
  const text = i18n.t('age.updated', { age: formatAge(age, i18n.locale) }) + suffix;
  if (age > 2 * input.maxAgeMs || (input.stale && age > input.maxAgeMs)) return { text, level: 'critical' };
  if (age > input.maxAgeMs || input.stale) return { text, level: 'warn' };
  return { text, level: 'ok' };
}
