import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { sourceStatusOptionsSchema } from './options';
import { sourceLayout, sourceRows } from './rows';
import { sourceStatusSample } from './sample';

const zh = createI18n('zh-CN');
const en = createI18n('en');
const NOW = Date.parse('2026-11-24T06:00:00Z');

describe('sourceRows', () => {
  it('state in words, age of the last success, records with 万', () => {
    const rows = sourceRows(sourceStatusSample, sourceStatusOptionsSchema.parse({}), NOW, zh);
    expect(rows.map((r) => [r.name, r.state, r.stateText, r.age, r.records])).toEqual([
      ['crm · odoo', 'ok', '正常', '12秒前', '1.28万 条'], // 05:59:48 is 12 s before NOW
      ['erp · kingdee', 'degraded', '降级', '8分钟前', '8.62万 条'],
      ['desk · zendesk', 'down', '中断', '尚未成功', '0 条'],
      ['shop · push', 'paused', '暂停', '8小时前', '530 条'], // 22:00 the day before
    ]);
    expect(rows[1]!.error).toBe('HTTP 503');
  });
  it('in English, K for thousands', () => {
    const rows = sourceRows(sourceStatusSample, sourceStatusOptionsSchema.parse({ showKind: false }), NOW, en);
    expect(rows[0]).toMatchObject({ name: 'crm', stateText: 'OK', age: '12s ago', records: '12.8K records' });
  });
  it('only the chosen sources, in the chosen order; unknown ids are skipped', () => {
    const rows = sourceRows(sourceStatusSample, sourceStatusOptionsSchema.parse({ sources: ['desk', 'nope', 'crm'] }), NOW, zh);
    expect(rows.map((r) => r.id)).toEqual(['desk', 'crm']);
  });
});

describe('sourceLayout', () => {
  it('rows share the height, 64 px at most', () => expect(sourceLayout(2, { width: 400, height: 300 })).toEqual({ shown: 2, rowHeight: 64, fontSize: 24 }));
  it('as many rows as have 36 px', () => expect(sourceLayout(10, { width: 400, height: 100 })).toEqual({ shown: 2, rowHeight: 50, fontSize: 20 }));
});
