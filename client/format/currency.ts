import { shallowRef } from 'vue';
import type { Locale } from './locale';

/**
 * The hub's reporting currency (ISO 4217), from the snapshot: every money value the hub sends is in it. A ref,
 * so amounts already drawn redraw when a hub with another currency answers. CNY until the first snapshot.
 */
const reporting = shallowRef('CNY');

export function setReportingCurrency(code: string | undefined): void {
  if (code !== undefined && /^[A-Z]{3}$/.test(code)) reporting.value = code;
}
export const reportingCurrency = (): string => reporting.value;

const signs = new Map<string, string>();

/**
 * The sign written before an amount: `¥` for CNY, as the wall has always written yuan; otherwise the locale's own
 * symbol (`US$` in zh-CN and `$` in en for USD, `€`, `JP¥`…), or the code and a space where it has none (`XAU 1.2万`).
 */
export function currencySign(code: string, locale: Locale): string {
  if (code === 'CNY') return '¥';
  const id = `${locale}:${code}`;
  let sign = signs.get(id);
  if (sign === undefined) {
    let symbol: string | undefined;
    try {
      symbol = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { style: 'currency', currency: code })
        .formatToParts(0).find((p) => p.type === 'currency')?.value;
    } catch { /* not a currency Intl knows */ }
    sign = !symbol || /^[A-Z]{3}$/.test(symbol) ? `${code} ` : symbol;
    signs.set(id, sign);
  }
  return sign;
}
