import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { slaQueueSample } from '../sla-queue/sample';
import { tableOptionsSchema } from './options';
import { fittingColumns, tableModel } from './rows';
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
    expect(m.rows[0]![2]!.text).toBe('¥286.00万');
  });
  it('sla queue: countdowns from now and the total', () => {
    const now = Date.parse('2026-11-24T06:00:00Z');
    const m = tableModel(slaQueueSample.value, tableOptionsSchema.parse({}), now, zh);
    expect(m.columns.map((c) => c.field)).toEqual(['ticket_id', 'subject', 'priority', 'group', 'due']);
    expect(m.rows[0]!.map((c) => c.text)).toEqual(['#20931', '支付回调失败，订单状态未更新', '紧急', '支付组', '-0:03:00']);
    expect(m.rows[1]![4]).toEqual({ text: '0:04:30', tone: 'health-at_risk' });
    expect(m.total).toBe(23);
  });
  it('each row’s record for a drill-through link, in the rows’ order', () => {
    const m = tableModel({ kind: 'breakdown', items: [{ key: 'a', value: 10 }, { key: 'b', value: 30 }] }, tableOptionsSchema.parse({ keys: 'none', sort: 'desc' }), 0, zh);
    expect(m.records).toEqual([{ key: 'b', value: 30 }, { key: 'a', value: 10 }]);
    const q = tableModel(slaQueueSample.value, tableOptionsSchema.parse({}), 0, zh);
    expect(q.records[0]).toMatchObject({ ticket_id: '20931' });
  });
});

describe('fittingColumns', () => {
  const queue = ['ticket_id', 'subject', 'priority', 'group', 'due'] as const;
  // The time left is 190 px: room for the longest form, "已暂停 1天 22:17:45", at the table's 16 px.
  it('keeps every column when they fit: 120 + 100 + 90 + 130 + 190 + 16 padding + 4 × 12 gaps = 694 px', () => {
    expect(fittingColumns([...queue], 694)).toEqual([...queue]);
  });
  it('one px short drops the group first, then the priority; the id, subject and time left stay', () => {
    expect(fittingColumns([...queue], 693)).toEqual(['ticket_id', 'subject', 'priority', 'due']);
    // Without group: 120 + 100 + 90 + 190 + 16 + 36 = 552; at 551 the priority goes too (120 + 100 + 190 + 16 + 24 = 450).
    expect(fittingColumns([...queue], 551)).toEqual(['ticket_id', 'subject', 'due']);
  });
  it('a phone-wide box (340 px) keeps the id and the time left (120 + 190 + 16 + 12 = 338)', () => {
    expect(fittingColumns([...queue], 340)).toEqual(['ticket_id', 'due']);
  });
});
