import { afterEach, describe, expect, it } from 'vitest';
import { computed } from 'vue';
import { currencySign, reportingCurrency, setReportingCurrency } from './currency';
import { formatCurrency, formatValue } from './number';

afterEach(() => setReportingCurrency('CNY'));

describe('currencySign', () => {
  it('writes yuan as ¥ in both languages, other currencies as the locale writes them', () => {
    expect(currencySign('CNY', 'zh-CN')).toBe('¥');
    expect(currencySign('CNY', 'en')).toBe('¥');
    expect(currencySign('USD', 'zh-CN')).toBe('US$');
    expect(currencySign('USD', 'en')).toBe('$');
    expect(currencySign('EUR', 'zh-CN')).toBe('€');
  });
  it('falls back to the code and a space for a currency without a symbol', () => {
    expect(currencySign('XAU', 'en')).toBe('XAU ');
  });
});

describe('money in the reporting currency', () => {
  it('follows the currency the hub reports in', () => {
    expect(formatCurrency(12_345, 'zh-CN')).toBe('¥1.23万'); // CNY until a snapshot says otherwise
    setReportingCurrency('USD');
    expect(reportingCurrency()).toBe('USD');
    expect(formatCurrency(12_345, 'zh-CN')).toBe('US$1.23万');
    expect(formatCurrency(-500, 'en')).toBe('-$500');
    expect(formatValue(1_234.5, 'currency', 'en', { compact: false })).toBe('$1,234.5');
    expect(formatCurrency(10, 'en', true, 'EUR')).toBe('€10'); // or as asked
  });
  it('ignores a code that is not one', () => {
    setReportingCurrency('usd');
    setReportingCurrency(undefined);
    expect(reportingCurrency()).toBe('CNY');
  });
  it('redraws what was drawn with it', () => {
    const shown = computed(() => formatCurrency(100, 'en'));
    expect(shown.value).toBe('¥100');
    setReportingCurrency('EUR');
    expect(shown.value).toBe('€100');
  });
});
