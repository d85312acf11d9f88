import { inject, type App, type InjectionKey } from 'vue';
import type { Locale } from '../format';
import { en, zhCN, type MessageKey, type Messages } from './messages';

export type { MessageKey } from './messages';

/** Groups of canonical record values the hub sends as keys (ARCHITECTURE.md, canonical records). */
export type CanonicalGroup = 'order_status' | 'ticket_priority' | 'ticket_status' | 'deal_stage' | 'sla_metric' | 'health' | 'source_state';
// Order of the search when a widget does not say which group its keys belong to.
const SEARCH_ORDER: readonly CanonicalGroup[] = ['order_status', 'deal_stage', 'ticket_priority', 'ticket_status', 'sla_metric', 'health'];

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'opswall.lang';

export interface I18n {
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A canonical key in words, e.g. ('order_status', 'shipped') → "已发货"; unknown keys come back as given. */
  label(key: string, group?: CanonicalGroup | 'auto' | 'none'): string;
}

export function createI18n(locale: Locale): I18n {
  const dict = dictionaries[locale];
  const lookup = (key: string): string | undefined => (Object.hasOwn(dict, key) ? dict[key as MessageKey] : undefined);
  return {
    locale,
    t(key, params) {
      const text = dict[key];
      return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
    },
    label(key, group = 'auto') {
      if (group === 'none') return key;
      if (group !== 'auto') return lookup(`${group}.${key}`) ?? key;
      for (const g of SEARCH_ORDER) {
        const hit = lookup(`${g}.${key}`);
        if (hit) return hit;
      }
      return key;
    },
  };
}

/** `?lang=en` wins and is remembered; then a stored choice; then zh-CN. */
export function detectLocale(search: string, storage?: Pick<Storage, 'getItem' | 'setItem'>): Locale {
  const asked = new URLSearchParams(search).get('lang');
  const pick = (v: string | null | undefined): Locale | null => (v === 'en' || v === 'zh-CN' ? v : v === 'zh' ? 'zh-CN' : null);
  const fromUrl = pick(asked);
  if (fromUrl) {
    try { storage?.setItem(STORAGE_KEY, fromUrl); } catch { /* private mode: not remembered */ }
    return fromUrl;
  }
  let stored: string | null = null;
  try { stored = storage?.getItem(STORAGE_KEY) ?? null; } catch { /* storage blocked */ }
  return pick(stored) ?? 'zh-CN';
}

const i18nKey: InjectionKey<I18n> = Symbol('i18n');

export function installI18n(app: App, i18n: I18n): void {
  app.provide(i18nKey, i18n);
}

export function useI18n(): I18n {
  return inject(i18nKey, () => createI18n('zh-CN'), true);
}
