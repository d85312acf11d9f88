import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { dataQualityOptionsSchema } from './options';
import { qualityHeading, qualityLayout, qualityRows } from './rows';
import { dataQualitySample } from './sample';

const zh = createI18n('zh-CN');
const en = createI18n('en');
const defaults = dataQualityOptionsSchema.parse({});

describe('qualityRows', () => {
  it('lists the sources that feed orders or deals, with the currencies no rate converts, most records first', () => {
    const rows = qualityRows(dataQualitySample, defaults, zh);
    expect(rows.map((r) => [r.name, r.clean, r.status, r.currencies])).toEqual([
      ['crm · salesforce', true, '金额均已折算', ''],
      // 12,345 records: 1.23万 (2 decimals in 万); JPY 12,342 before KRW 3
      ['erp · erpnext', false, '1.23万 条无汇率', 'JPY 1.23万 · KRW 3'],
    ]); // desk feeds only tickets: no money to convert
  });
  it('in English, only the sources with a problem when showClean is false', () => {
    const rows = qualityRows(dataQualitySample, dataQualityOptionsSchema.parse({ showClean: false, showKind: false }), en);
    expect(rows).toEqual([{ id: 'erp', name: 'erp', clean: false, status: '12.3K without a rate', currencies: 'JPY 12.3K · KRW 3' }]);
  });
  it('the chosen sources in the chosen order, whatever they feed; unknown ids skipped', () => {
    const rows = qualityRows(dataQualitySample, dataQualityOptionsSchema.parse({ sources: ['desk', 'nope', 'erp'] }), en);
    expect(rows.map((r) => r.id)).toEqual(['desk', 'erp']);
  });
  it('a source that says nothing about amounts is clean', () => {
    const rows = qualityRows([{ id: 'old', kind: 'push', state: 'ok', lastSuccessAt: null, records: 1 }], defaults, en);
    expect(rows[0]).toMatchObject({ clean: true, status: 'all amounts converted' });
  });
});

describe('qualityHeading', () => {
  it('names the reporting currency and how many records in all are left out', () => {
    expect(qualityHeading(dataQualitySample, 'CNY', zh)).toEqual({ missing: 12_345, text: '金额以 CNY 计 · 1.23万 条无汇率，未计入金额' });
    expect(qualityHeading(dataQualitySample.slice(0, 1), 'USD', en)).toEqual({ missing: 0, text: 'Amounts in USD' });
  });
});

describe('qualityLayout', () => {
  // 300 / 3 lines = 100, capped at 64 px; font 64 × 0.4 = 25.6, capped at 24
  it('the heading and two rows in 300 px: 64 px each at most', () => expect(qualityLayout(2, { width: 400, height: 300 })).toEqual({ shown: 2, rowHeight: 64, fontSize: 24 }));
  // 110 px hold 3 lines of 36 px: the heading and 2 rows, each 110 / 3 = 36 px; font 14.4 → 14
  it('as many rows as fit at 36 px under the heading', () => expect(qualityLayout(10, { width: 400, height: 110 })).toEqual({ shown: 2, rowHeight: 36, fontSize: 14 }));
  // 40 px hold one line: the heading alone, 40 px high; font 16
  it('only the heading when nothing else fits', () => expect(qualityLayout(3, { width: 400, height: 40 })).toEqual({ shown: 0, rowHeight: 40, fontSize: 16 }));
});
