import { describe, expect, it } from 'vitest';
import { clockText } from './clock';
import { clockOptionsSchema } from './options';
import { clockSampleNow, clockSampleZone } from './sample';

const all = clockOptionsSchema.parse({});

describe('clockText', () => {
  it('time, date and weekday in the hub’s zone (UTC+8)', () => {
    // 06:00:05Z is 14:00:05 in Shanghai; 24 Nov 2026 is day 328 of a year that began on a Thursday: a Tuesday
    expect(clockText(clockSampleNow, all, 'zh-CN', clockSampleZone)).toEqual({ time: '14:00:05', date: '2026年11月24日 星期二' });
    expect(clockText(clockSampleNow, all, 'en', clockSampleZone)).toEqual({ time: '14:00:05', date: 'Tuesday 24 November 2026' });
  });
  it('the date follows the zone across midnight', () => {
    // 17:30Z on the 24th is 01:30 on Wednesday the 25th in Shanghai
    expect(clockText(Date.parse('2026-11-24T17:30:00Z'), all, 'zh-CN', 'Asia/Shanghai').date).toBe('2026年11月25日 星期三');
    expect(clockText(Date.parse('2026-11-24T17:30:00Z'), all, 'zh-CN', 'UTC').date).toBe('2026年11月24日 星期二');
  });
  it('without seconds, date or weekday', () => {
    const o = clockOptionsSchema.parse({ showSeconds: false, showDate: false });
    expect(clockText(clockSampleNow, o, 'zh-CN', clockSampleZone)).toEqual({ time: '14:00', date: '星期二' });
    expect(clockText(clockSampleNow, { ...o, showWeekday: false }, 'zh-CN', clockSampleZone).date).toBe('');
  });
  it('shorter forms of the date for a narrow clock: month, day and short weekday; then month and day alone', () => {
    expect(clockText(clockSampleNow, all, 'zh-CN', clockSampleZone, 'short').date).toBe('11月24日 周二');
    expect(clockText(clockSampleNow, all, 'zh-CN', clockSampleZone, 'numeric').date).toBe('11/24');
    expect(clockText(clockSampleNow, all, 'en', clockSampleZone, 'short').date).toBe('Tue 24 November');
  });
  it('rejects an unknown zone in a screen file', () => expect(clockOptionsSchema.safeParse({ timeZone: 'Mars/Base' }).success).toBe(false));
});
