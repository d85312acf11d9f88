import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { slaQueueSample } from '../sla-queue/sample';
import { tableOptionsSchema } from './options';
import { tableModel } from './rows';
import { tableSample } from './sample';

const zh = createI18n('zh-CN');

describe('tableModel', () => {
  it('breakdown: rank, name, count and share', () => {
    const m = tableModel({ kind: 'breakdown', items: [{ key: 'a', value: 30 }, { key: 'b', value: 10 }] }, tableOptionsSchema.parse({ keys: 'none' }), 0, zh);
    expect(m.columns.map((c) => c.field)).toEqual(['rank', 'key', 'value', 'share']);
    expect(m.rows.map((r) => r.map((c) => c.text))).toEqual([['1', 'a', '30', '75%'], ['2', 'b', '10', '25%']]);
  });
  it('keeps record text as given (escaping is the template’s job)', () => {
    const m = tableModel(tableSample.value, tableOptionsSchema.parse({ keys: 'none', format: 'currency' }), 0, zh);
    expect(m.rows[5]![1]!.text).toBe('<b>杨磊</b>');
    expect(m.rows[0]![2]!.text).toBe('¥286万');
  });
  it('sla queue: countdowns from now and the total', () => {
    const now = Date.parse('2026-11-24T06:00:00Z');
    const m = tableModel(slaQueueSample.value, tableOptionsSchema.parse({}), now, zh);
    expect(m.columns.map((c) => c.field)).toEqual(['ticket_id', 'subject', 'priority', 'group', 'due']);
    expect(m.rows[0]!.map((c) => c.text)).toEqual(['#20931', '支付回调失败，订单状态未更新', '紧急', '支付组', '-0:03:00']);
    expect(m.rows[1]![4]).toEqual({ text: '0:04:30', tone: 'health-at_risk' });
    expect(m.total).toBe(23);
  });
});
