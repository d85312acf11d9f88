import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { pickNumber } from '../pick';
import { flowStuckSample } from '../flow-stuck/sample';
import { reassignmentsOptionsSchema } from './options';
import { pairRows, ticketRows } from './rows';
import { reassignmentsSample } from './sample';

const zh = createI18n('zh-CN');
const o = reassignmentsOptionsSchema.parse({});

describe('reassignments rows on the sample', () => {
  it('bounce pairs as A ⇄ B, bars against the most passes (27)', () => {
    const rows = pairRows(reassignmentsSample.value, o, zh);
    expect(rows.map((r) => [r.label, r.text])).toEqual([['售后 ⇄ 物流', '27 次'], ['售后 ⇄ 技术支持', '12 次'], ['售后 ⇄ 财务', '7 次']]);
    // 27 / 27 = 1, 12 / 27 = 0.444…, 7 / 27 = 0.259…
    expect(rows.map((r) => Number(r.ratio.toFixed(3)))).toEqual([1, 0.444, 0.259]);
  });
  it('tickets with their subject and the groups in the order visited', () => {
    const rows = ticketRows(reassignmentsSample.value, o, zh);
    expect(rows[0]).toMatchObject({ title: '#4821 配件少发，物流称已签收', path: '售后 → 物流 → 售后 → 物流 → 售后', text: '4 次' });
    expect(rows[2]!.title).toBe('#4802'); // no subject
  });
  it('group names from the screen file', () => {
    const named = reassignmentsOptionsSchema.parse({ groups: { 物流: '物流部' } });
    expect(pairRows(reassignmentsSample.value, named, zh)[0]!.label).toBe('售后 ⇄ 物流部');
  });
  it('nothing to list in an empty window', () => {
    const empty = { kind: 'reassignments' as const, passed: 0, bounced: 0, min: 3, pairs: [], items: [] };
    expect([pairRows(empty, o, zh), ticketRows(empty, o, zh)]).toEqual([[], []]);
  });
});

describe('a KPI of the flow values', () => {
  it('shows the stuck total and the tickets bounced', () => {
    expect(pickNumber(flowStuckSample.value, 'compliance')).toBe(4);
    expect(pickNumber(reassignmentsSample.value, 'compliance')).toBe(6);
  });
});
