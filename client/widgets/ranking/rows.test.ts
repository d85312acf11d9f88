import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { rankingOptionsSchema } from './options';
import { rankingLayout, rankingRows, type RankRow } from './rows';
import { rankingSample } from './sample';

const zh = createI18n('zh-CN');
const en = createI18n('en');
const opts = (o: object = {}) => rankingOptionsSchema.parse({ keys: 'none', ...o });

describe('rankingRows', () => {
  it('largest first, numbered, bars against the largest, 万 in zh-CN', () => {
    const rows = rankingRows(rankingSample.value, opts(), zh);
    expect(rows.map((r) => r.name)).toEqual(['王芳', '李娜', '张伟', '刘洋', '<b>杨磊</b>']);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.text).toBe('286万');
    expect(rows[0]!.ratio).toBe(1);
    expect(rows[1]!.ratio).toBeCloseTo(2_410_500 / 2_860_000, 10);
  });
  it('cuts to the limit; ascending puts the smallest first; K in English', () => {
    const rows = rankingRows(rankingSample.value, opts({ limit: 2, order: 'asc' }), en);
    expect(rows.map((r) => [r.name, r.text])).toEqual([['<b>杨磊</b>', '860K'], ['刘洋', '1.5M']]);
    expect(rows[0]!.ratio).toBeCloseTo(860_000 / 1_502_300, 10); // against the largest shown
  });
  it('ties keep the order of the value; amounts are shown as currency', () => {
    const v = { kind: 'breakdown' as const, items: [{ key: 'a', value: 1, amount: 500 }, { key: 'b', value: 9, amount: 500 }, { key: 'c', value: 1 }] };
    const rows = rankingRows(v, opts({ measure: 'amount' }), zh);
    expect(rows.map((r) => [r.key, r.text])).toEqual([['a', '¥500'], ['b', '¥500'], ['c', '¥0']]);
  });
  it('translates canonical keys', () => {
    const rows = rankingRows({ kind: 'breakdown', items: [{ key: 'urgent', value: 2 }] }, rankingOptionsSchema.parse({ keys: 'ticket_priority' }), zh);
    expect(rows[0]!.name).toBe('紧急');
  });
});

describe('rankingLayout', () => {
  const row = (name: string, text: string): RankRow => ({ rank: 1, key: name, name, value: 1, text, ratio: 1 });
  it('rows share the height, at most 72 px each', () => {
    expect(rankingLayout([row('a', '1'), row('b', '2')], { width: 600, height: 300 })).toMatchObject({ shown: 2, rowHeight: 72 });
    expect(rankingLayout(Array.from({ length: 5 }, () => row('a', '1')), { width: 600, height: 300 })).toMatchObject({ shown: 5, rowHeight: 60 });
  });
  it('shows only the rows with at least 36 px', () => {
    expect(rankingLayout(Array.from({ length: 5 }, () => row('a', '1')), { width: 600, height: 100 })).toMatchObject({ shown: 2, rowHeight: 50 });
  });
  it('shrinks the font until the longest name and value fit the width', () => {
    // 3.2 em of badge and gaps + "AAAA" 4 × 0.9 em + "12" 2 × 0.62 em = 8.04 em; 160 px / 8.04 em = 19.9 px
    expect(rankingLayout([row('AAAA', '12'), row('b', '1')], { width: 160, height: 100 })).toEqual({ shown: 2, rowHeight: 50, fontSize: 19 });
  });
  it('nothing to show', () => expect(rankingLayout([], { width: 100, height: 100 }).shown).toBe(0));
});
