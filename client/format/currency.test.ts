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
    expect(formatValue(1_234.5, 'currency', 'en', { compact: false })).toBe('$1,234.50');
    expect(formatCurrency(10, 'en', true, 'EUR')).toBe('€10'); // or as asked
  });
  it('keeps the decimals of its unit while it ticks, so the figure keeps its width', () => {
    // 947,000 = 94.7万 and 1,288,000 = 128.8万 take the trailing zero that 122.52万 has room for.
    expect(formatCurrency(947_000, 'zh-CN')).toBe('¥94.70万');
    expect(formatCurrency(1_225_200, 'zh-CN')).toBe('¥122.52万');
    expect(formatCurrency(1_247_500, 'zh-CN')).toBe('¥124.75万');
    expect(formatCurrency(1_288_000, 'zh-CN')).toBe('¥128.80万');
    expect(formatCurrency(60_000, 'zh-CN')).toBe('¥6.00万');
    expect(formatCurrency(-12_000, 'zh-CN')).toBe('-¥1.20万');
    expect(formatCurrency(125_000_000, 'zh-CN')).toBe('¥1.25亿');
    expect(formatCurrency(99_999_999, 'zh-CN')).toBe('¥1.00亿'); // 9999.9999万 rounds to 10000.00万, which is 1亿
  });
  it('writes whole yuan below 1万, two decimals when not compact', () => {
    expect(formatCurrency(9_876.4, 'zh-CN')).toBe('¥9,876');
    expect(formatCurrency(9_999.6, 'zh-CN')).toBe('¥1.00万'); // 10,000 once rounded to the yuan
    expect(formatCurrency(-0.001, 'zh-CN')).toBe('¥0'); // no minus before a zero
    expect(formatCurrency(1_200, 'zh-CN', false)).toBe('¥1,200.00');
  });
  it('in English: whole below 1K, one decimal in K, two in M and B', () => {
    setReportingCurrency('USD');
    expect(formatCurrency(500, 'en')).toBe('$500');
    expect(formatCurrency(12_000, 'en')).toBe('$12.0K');
    expect(formatCurrency(12_345, 'en')).toBe('$12.3K');
    expect(formatCurrency(1_250_000, 'en')).toBe('$1.25M');
    expect(formatCurrency(999_960, 'en')).toBe('$1.00M'); // 999.96K rounds to 1000.0K, which is 1M
    expect(formatCurrency(3_400_000_000, 'en')).toBe('$3.40B');
    expect(formatCurrency(947_000, 'en', true, 'CNY')).toBe('¥947.0K');
    expect(formatCurrency(9_876.4, 'en', true, 'CNY')).toBe('¥9.9K'); // docs/screens.md § Numbers and money
    expect(formatCurrency(125_000_000, 'en', true, 'CNY')).toBe('¥125.00M');
  });
  it('takes the decimals asked for (gauge ticks)', () => {
    expect(formatValue(80_000_000, 'currency', 'zh-CN', { decimals: 0 })).toBe('¥8,000万');
    expect(formatValue(1_234.5, 'currency', 'zh-CN', { compact: false, decimals: 0 })).toBe('¥1,235');
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
