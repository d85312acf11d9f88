import { describe, expect, it } from 'vitest';
import { batchOf, breachAlert, resolvedAtRisk, ruleAlert } from './fixtures';
import { clean, humanDuration, localTime, noticeView, safeUrl } from './view';

const ZH = { timezone: 'Asia/Shanghai', language: 'zh-CN' } as const;
const EN = { timezone: 'Asia/Shanghai', language: 'en' } as const;

describe('humanDuration', () => {
  it.each([
    [0, '0s'], [45, '45s'], [59, '59s'], [60, '1m'], [600, '10m'], [3599, '59m'],
    [3600, '1h 00m'], [3900, '1h 05m'], [86_399, '23h 59m'], [90_000, '1d 01h'], [3 * 86_400 + 7200, '3d 02h'],
  ])('%i s is "%s"', (s, text) => expect(humanDuration(s)).toBe(text));
});

describe('localTime', () => {
  it('shows an instant in the hub zone with its offset (E1: 04:30Z is 12:30 in Shanghai)', () => {
    expect(localTime('2025-03-10T04:30:00Z', 'Asia/Shanghai')).toBe('2025-03-10 12:30 +08:00');
  });
  it('follows daylight saving (Berlin moves to +02:00 at 01:00Z on 2026-03-29)', () => {
    expect(localTime('2026-03-29T00:30:00Z', 'Europe/Berlin')).toBe('2026-03-29 01:30 +01:00');
    expect(localTime('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:30 +02:00');
  });
  it('passes on text that is not an instant', () => expect(localTime('soon', 'UTC')).toBe('soon'));
});

describe('clean', () => {
  it('puts user text on one line', () => expect(clean('a\nb\r\n\tc\u2028d')).toBe('a b c d'));
  it('cuts long text to the cap, counting characters not bytes', () => {
    expect(clean('工'.repeat(5), 5)).toBe('工工工工工');
    expect(clean('工'.repeat(6), 5)).toBe('工工工工…');
  });
});

describe('safeUrl', () => {
  it('keeps http(s) links and encodes what markup uses', () => {
    expect(safeUrl('https://desk.example.com/t/1 (a)|b')).toBe('https://desk.example.com/t/1%20%28a%29%7Cb');
    expect(safeUrl('https://desk.example.com/t?q=[x]*')).toBe('https://desk.example.com/t?q=%5Bx%5D%2A');
  });
  it('drops other schemes and non-URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<b>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe('noticeView', () => {
  it('heads a firing batch with counts and the group values, in Chinese by default', () => {
    const view = noticeView(batchOf([breachAlert(), resolvedAtRisk(), breachAlert({ alert_key: 'x' })]), ZH);
    expect(view.header).toBe('【告警】2 条告警，1 条已恢复 · L1, SLA 已超时');
  });
  it('heads a resolved batch and a repeat, in English', () => {
    expect(noticeView(batchOf([resolvedAtRisk()]), EN).header).toBe('[RESOLVED] 1 alert · L1, SLA breached');
    expect(noticeView(batchOf([breachAlert()], { repeat: true, group_labels: {} }), EN).header).toBe('[FIRING] 1 alert (repeat)');
  });
  it('spells out a breach: ticket, priority, due in the hub zone, how late, assignee, group, link', () => {
    const [a] = noticeView(batchOf([breachAlert({ acknowledged: true })]), ZH).alerts;
    expect(a).toEqual({
      status: 'firing', title: '打印机卡纸 <img src=x onerror=alert(1)>', ref: 'zd #4711', what: 'SLA 已超时 · first_reply_time',
      marks: ['已认领'], url: 'https://desk.example.com/tickets/4711',
      facts: [
        { label: '优先级', value: '高' }, { label: '到期', value: '2025-03-10 12:30 +08:00' }, { label: '已超时', value: '1h 05m' },
        { label: '处理人', value: 'li.wei' }, { label: '处理组', value: 'L1' },
      ],
    });
  });
  it('spells out a rule alert from its summary, severity and value', () => {
    const [a] = noticeView(batchOf([ruleAlert()]), EN).alerts;
    expect(a).toEqual({
      status: 'firing', title: 'orders.stuck > 20', ref: 'Rule orders-stuck', what: 'Rule alert', marks: ['acknowledged'],
      facts: [{ label: 'Severity', value: 'critical' }, { label: 'Value', value: '25' }, { label: 'Group', value: 'ops' }],
    });
  });
  it('names the department a hand-off alert is for', () => {
    const handoff = ruleAlert({ alert_key: 'rule/handoff-stuck/confirmed/operations',
      labels: { kind: 'rule', rule: 'handoff-stuck', flow: 'o2d', step: 'confirmed', department: 'operations' },
      annotations: { severity: 'warning', summary: 'operations：3 单卡在「订单确认」', value: '3' } });
    const [a] = noticeView(batchOf([handoff]), { ...EN, language: 'zh-CN' }).alerts;
    expect(a!.title).toBe('operations：3 单卡在「订单确认」');
    expect(a!.facts).toEqual([{ label: '级别', value: '警告' }, { label: '当前值', value: '3' }, { label: '责任部门', value: 'operations' }]);
  });
  it('puts firing alerts first, marks resolved ones and shows no lateness for them', () => {
    const view = noticeView(batchOf([resolvedAtRisk({ late_s: 100 }), breachAlert({ unconfirmed: true })]), EN);
    expect(view.alerts.map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect(view.alerts[0]!.marks).toEqual(['unconfirmed (source failing)']);
    expect(view.alerts[1]!.marks).toEqual(['resolved']);
    expect(view.alerts[1]!.facts.map((f) => f.label)).toEqual(['Priority', 'Due', 'Group']);
  });
  it('drops a link that is not http(s)', () => {
    expect(noticeView(batchOf([breachAlert({ url: 'javascript:alert(1)' })]), EN).alerts[0]!.url).toBeUndefined();
  });
});
