import { describe, expect, it } from 'vitest';
import { formatAge, formatCountdown, formatElapsed } from './duration';
import { escapeHtml } from './escape';

describe('formatCountdown', () => {
  it.each([
    [3909, '1:05:09'], // 3600 + 5·60 + 9
    [-192, '-0:03:12'], // 3·60 + 12 late
    [0, '0:00:00'],
    [59.9, '0:00:59'], // time left is floored
    [-0.4, '-0:00:01'], // time late is rounded up, so it never shows "-0:00:00"
    [90_061, '1天 1:01:01'], // 86400 + 3600 + 60 + 1
  ])('%d s → %s', (s, text) => expect(formatCountdown(s, 'zh-CN')).toBe(text));
  it('en days', () => expect(formatCountdown(90_061, 'en')).toBe('1d 1:01:01'));
});

describe('formatAge', () => {
  it.each([
    [0, '刚刚'],
    [-5_000, '刚刚'], // a clock a little ahead must not say "in the future"
    [12_000, '12秒前'],
    [12_999, '12秒前'],
    [180_000, '3分钟前'],
    [7_200_000, '2小时前'],
    [259_200_000, '3天前'],
  ])('%d ms → %s', (ms, text) => expect(formatAge(ms, 'zh-CN')).toBe(text));
  it.each([
    [12_000, '12s ago'],
    [180_000, '3m ago'],
    [7_200_000, '2h ago'],
    [259_200_000, '3d ago'],
  ])('en, short beside a title: %d ms → %s', (ms, text) => expect(formatAge(ms, 'en')).toBe(text));
});

describe('formatElapsed', () => {
  it.each([
    [65_000, '1分05秒'],
    [12_000, '12秒'],
    [3_720_000, '1小时02分'], // 62 minutes
    [90_000_000, '1天1小时'], // 25 hours
  ])('%d ms → %s', (ms, text) => expect(formatElapsed(ms, 'zh-CN')).toBe(text));
  it('en', () => expect(formatElapsed(65_000, 'en')).toBe('1m 05s'));
});

describe('escapeHtml', () => {
  it('escapes markup in record text', () =>
    expect(escapeHtml('<b>"A&B\'</b>')).toBe('&lt;b&gt;&quot;A&amp;B&#39;&lt;/b&gt;'));
});
