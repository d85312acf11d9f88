import { describe, expect, it } from 'vitest';
import { formatChange, formatCompact, formatCurrency, formatPercent, formatPlain, formatValue } from './number';

describe('formatCompact zh-CN (万/亿, 2 decimals)', () => {
  it.each([
    [12_345, '1.23万'], // 1.2345万
    [123_456_789, '1.23亿'], // 1.23456789亿
    [123_456, '12.35万'], // 12.3456万
    [10_000, '1万'],
    [99_999_999, '1亿'], // 9999.9999万 rounds to 10000万, which is 1亿
    [9_876, '9,876'],
    [1_234.5, '1,234.5'],
    [-12_345, '-1.23万'],
    [0, '0'],
  ])('%d → %s', (n, text) => expect(formatCompact(n, 'zh-CN')).toBe(text));
});

describe('formatCompact en (K/M/B, 1 decimal)', () => {
  it.each([
    [12_345, '12.3K'],
    [1_234_567, '1.2M'],
    [999_999, '1M'], // 999.999K rounds to 1000K
    [950, '950'],
    [2_500_000_000, '2.5B'],
  ])('%d → %s', (n, text) => expect(formatCompact(n, 'en')).toBe(text));
  it('shows a dash for a number that is not finite', () => expect(formatCompact(Number.NaN, 'en')).toBe('—'));
});

describe('currency and percent', () => {
  it('puts ¥ before the compact figure', () => expect(formatCurrency(12_345, 'zh-CN')).toBe('¥1.23万'));
  it('keeps the sign in front of ¥', () => expect(formatCurrency(-500, 'en')).toBe('-¥500'));
  it('formats plain currency with grouping and two decimals', () => expect(formatCurrency(1_234.5, 'zh-CN', false)).toBe('¥1,234.50'));
  it('rounds a percent to one decimal', () => expect(formatPercent(98.46, 'zh-CN')).toBe('98.5%'));
  it('shows a dash for a missing percent', () => expect(formatPercent(null, 'zh-CN')).toBe('—'));
  it('plain groups thousands', () => expect(formatPlain(1_234_567, 'en', 0)).toBe('1,234,567'));
  it('formatValue follows the style', () => {
    expect(formatValue(12_345, 'number', 'zh-CN')).toBe('1.23万');
    expect(formatValue(12_345, 'number', 'zh-CN', { compact: false, decimals: 0 })).toBe('12,345');
    expect(formatValue(97.25, 'percent', 'en', { decimals: 2 })).toBe('97.25%');
  });
});

describe('formatChange', () => {
  it('rise', () => expect(formatChange(120, 100, 'zh-CN')).toEqual({ direction: 'up', text: '▲20%' }));
  it('fall', () => expect(formatChange(90, 120, 'zh-CN')).toEqual({ direction: 'down', text: '▼25%' }));
  it('one decimal', () => expect(formatChange(110, 80, 'zh-CN')).toEqual({ direction: 'up', text: '▲37.5%' }));
  // 1,100 / 100 = +1,000 %: from there the multiple, 11 times; 20,860 / 100 = 208.6 times, whole from 100 times on.
  it('a multiple from +1,000 % on', () => {
    expect(formatChange(1099, 100, 'zh-CN')).toEqual({ direction: 'up', text: '▲999%' });
    expect(formatChange(1100, 100, 'zh-CN')).toEqual({ direction: 'up', text: '▲×11' });
    expect(formatChange(20_860, 100, 'zh-CN')).toEqual({ direction: 'up', text: '▲×209' });
  });
  it('tiny change is flat', () => expect(formatChange(1000, 999.99, 'en')).toEqual({ direction: 'flat', text: '0%' }));
  it('no previous period', () => expect(formatChange(100, null, 'en')).toBeNull());
  it('previous zero has no percentage', () => expect(formatChange(5, 0, 'en')).toBeNull());
});
