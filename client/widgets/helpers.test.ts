import { describe, expect, it } from 'vitest';
import type { SlaQueueItem } from '../../server/protocol';
import { createI18n } from '../i18n';
import { describeAge } from './age';
import { fitFontSize, textWidthEm } from './fit-text';
import { levelOf } from './levels';
import { slaCountdown } from './sla';

const zh = createI18n('zh-CN');
const NOW = Date.parse('2026-11-24T06:00:00Z');
const MAX = 5 * 60_000;

describe('describeAge', () => {
  const base = { hasValue: true, sourceStale: false, stale: false, now: NOW, maxAgeMs: MAX };
  it('waiting before any value', () => expect(describeAge({ ...base, asOf: undefined, hasValue: false }, zh)).toEqual({ text: '等待数据', level: 'waiting' }));
  it('fresh', () => expect(describeAge({ ...base, asOf: '2026-11-24T05:59:57Z' }, zh)).toEqual({ text: '3秒前更新', level: 'ok' }));
  it('amber past maxAge', () => expect(describeAge({ ...base, asOf: '2026-11-24T05:54:00Z' }, zh)).toEqual({ text: '6分钟前更新', level: 'warn' }));
  it('red past twice maxAge', () => expect(describeAge({ ...base, asOf: '2026-11-24T05:49:00Z' }, zh).level).toBe('critical'));
  it('amber and says so when the source is failing', () =>
    expect(describeAge({ ...base, asOf: '2026-11-24T05:59:57Z', sourceStale: true, stale: true }, zh)).toEqual({ text: '3秒前更新 · 数据源异常', level: 'warn' }));
  it('a value whose source is in its first sync says so, not that it fails', () => expect(describeAge({ ...base, asOf: null, sourceStale: true, stale: true, syncing: true }, zh)).toEqual({ text: '首次同步中', level: 'waiting' }));
  it('a value no source has fed yet', () => expect(describeAge({ ...base, asOf: null }, zh)).toEqual({ text: '等待源数据', level: 'warn' }));
});

describe('levelOf', () => {
  it('higher is better: at or below the thresholds', () => {
    const t = { warn: 95, critical: 90, goodWhen: 'up' as const };
    expect([levelOf(97, t), levelOf(95, t), levelOf(90, t), levelOf(null, t)]).toEqual(['normal', 'warn', 'critical', 'normal']);
  });
  it('lower is better: at or above the thresholds', () => {
    const t = { warn: 1, critical: 5, goodWhen: 'down' as const };
    expect([levelOf(0, t), levelOf(1, t), levelOf(7, t)]).toEqual(['normal', 'warn', 'critical']);
  });
});

describe('slaCountdown', () => {
  const item: SlaQueueItem = { ticket_id: '1', priority: 'high', metric: 'first_reply_time', due_at: '2026-11-24T07:05:09Z', health: 'ok', clock: 'running' };
  it('counts down to due_at', () => expect(slaCountdown(item, NOW, zh)).toEqual({ text: '1:05:09', health: 'ok', paused: false }));
  it('is breached once past due, before the hub says so', () =>
    expect(slaCountdown({ ...item, due_at: '2026-11-24T05:56:48Z', health: 'at_risk' }, NOW, zh)).toEqual({ text: '-0:03:12', health: 'breached', paused: false }));
  it('paused shows the time left when it stopped', () =>
    expect(slaCountdown({ ...item, clock: 'paused', remaining_s: 5400 }, NOW, zh).text).toBe('已暂停 1:30:00'));
});

describe('fit-text', () => {
  it('digits are narrower than CJK', () => expect(textWidthEm('12')).toBeLessThan(textWidthEm('万')* 2));
  it('fits the width', () => expect(fitFontSize(5, 400, 300)).toBe(80)); // 400 / 5
  it('fits the height', () => expect(fitFontSize(1, 400, 115)).toBe(100)); // 115 / 1.15
  it('never below the floor', () => expect(fitFontSize(50, 100, 100)).toBe(14));
});
