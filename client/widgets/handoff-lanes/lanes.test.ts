import { describe, expect, it } from 'vitest';
import type { FlowStuckValue, HandoffsValue } from '../../../server/protocol';
import { createI18n } from '../../i18n';
import { formatHandoff, handoffRows, laneScale, laneTone, pickStuck } from './lanes';
import { handoffLanesOptionsSchema } from './options';
import { handoffLanesSample } from './sample';

const zh = createI18n('zh-CN');
const H8 = 8 * 3600; // the demo's target into confirmed: 28,800 s

describe('laneTone: P90 and median against the target', () => {
  it('green when P90 is within the target, the target itself included', () => {
    expect(laneTone({ target_s: H8, p50_s: 3600, p90_s: 7 * 3600 })).toBe('ok');
    expect(laneTone({ target_s: H8, p50_s: 3600, p90_s: H8 })).toBe('ok'); // 28,800 ≤ 28,800
  });
  it('amber when only the tail is late: median within, P90 past', () => {
    expect(laneTone({ target_s: H8, p50_s: H8, p90_s: H8 + 1 })).toBe('warn');
  });
  it('red when the median itself is past the target', () => {
    expect(laneTone({ target_s: H8, p50_s: H8 + 1, p90_s: 2 * H8 })).toBe('critical');
  });
  it('no colour without a target, or with no hand-off yet', () => {
    expect(laneTone({ target_s: null, p50_s: 10, p90_s: 20 })).toBe('none');
    expect(laneTone({ target_s: H8, p50_s: null, p90_s: null })).toBe('none');
  });
});

describe('laneScale', () => {
  it('spans twice the target, so the target mark sits in the middle', () => {
    // span = max(2 × 28,800, 41,400, 12,600) = 57,600: p50 12,600 / 57,600 = 0.21875, p90 41,400 / 57,600 = 0.71875.
    expect(laneScale({ target_s: H8, p50_s: 12_600, p90_s: 41_400 })).toEqual({ p50: 0.21875, p90: 0.71875, target: 0.5 });
  });
  it('stretches to a P90 past twice the target', () => {
    // span = 86,400: target 28,800 / 86,400 = 1/3, p50 43,200 / 86,400 = 0.5, p90 at the end.
    const s = laneScale({ target_s: H8, p50_s: 43_200, p90_s: 86_400 });
    expect(s.p90).toBe(1);
    expect(s.p50).toBe(0.5);
    expect(s.target).toBeCloseTo(1 / 3, 10);
  });
  it('without a target: the P90 fills the bar and there is no mark', () => {
    expect(laneScale({ target_s: null, p50_s: 86_400, p90_s: 400_000 })).toEqual({ p50: 0.216, p90: 1, target: null });
  });
  it('nothing to draw without hand-offs', () => expect(laneScale({ target_s: null, p50_s: null, p90_s: null })).toEqual({ p50: null, p90: null, target: null }));
});

const stuck = (groups: FlowStuckValue['groups'], flow = 'order-to-delivery'): FlowStuckValue => ({
  kind: 'flow-stuck', flow, total: groups.reduce((n, g) => n + g.count, 0), departments: [], groups, items: [],
});

describe('formatHandoff', () => {
  it('minutes under an hour, hours under two days, then days', () => {
    // 2,700 s = 45 min; 3,600 s = 1 h; 172,799 s = 47.99 h → 48 h (still hours); 172,800 s = 2 d.
    expect([2_700, 3_600, 172_799, 172_800].map((s) => formatHandoff(s, 'zh-CN'))).toEqual(['45分', '1小时', '48小时', '2天']);
    expect([2_700, 52_200, 288_000].map((s) => formatHandoff(s, 'en'))).toEqual(['45m', '14.5h', '3.3d']);
  });
});

describe('handoffRows: the sample (the demo flow over a week)', () => {
  const o = handoffLanesOptionsSchema.parse({ steps: { won: '赢单', confirmed: '订单确认', shipped: '发货', delivered: '签收', aftersales: '售后工单' } });
  const s = stuck([
    { step: 'confirmed', department: 'operations', count: 3, oldest_since: '2026-11-19T07:00:00.000Z' },
    { step: 'shipped', department: 'logistics', count: 1, oldest_since: '2026-11-20T03:30:00.000Z' },
  ]);
  const rows = handoffRows(handoffLanesSample.value, s, o, zh);

  it('one lane per step boundary, named by department and steps', () => {
    expect(rows.map((r) => [r.department, r.steps])).toEqual([
      ['运营部', '赢单 → 订单确认'], ['物流部', '订单确认 → 发货'], ['物流部', '发货 → 签收'], ['客服部', '签收 → 售后工单'],
    ]);
  });
  it('colours: confirmed median 3.5 h ≤ 8 h < P90 11.5 h → amber; shipped P90 59,000 s ≤ 64,800 s → green; after-sales has no target', () => {
    expect(rows.map((r) => r.tone)).toEqual(['warn', 'ok', 'ok', 'none']);
  });
  it('times in short words: 12,600 s = 3.5 h, 41,400 s = 11.5 h, 28,800 s = 8 h; the relation to the target in text too', () => {
    expect([rows[0]!.p50, rows[0]!.p90, rows[0]!.target]).toEqual(['3.5小时', '11.5小时', '8小时']);
    expect(rows[0]!.times).toBe('中位 3.5小时 · P90 11.5小时 > 目标 8小时');
    // shipped: 30,600 s = 8.5 h, 59,000 s = 16.39 h → 16.4 h ≤ 64,800 s = 18 h.
    expect(rows[1]!.times).toBe('中位 8.5小时 · P90 16.4小时 ≤ 目标 18小时');
    // delivered: 190,000 s = 2.199 d → 2.2 d, 350,000 s = 4.05 d → 4.1 d, 432,000 s = 5 d.
    expect(rows[2]!.times).toBe('中位 2.2天 · P90 4.1天 ≤ 目标 5天');
    // after-sales: 86,400 s = 24 h (under two days: hours), 400,000 s = 4.6 d, no target.
    expect(rows[3]!.times).toBe('中位 24小时 · P90 4.6天 · 无目标');
    expect(rows[3]!.target).toBeNull();
  });
  it('stuck per lane from the (step, department) groups; a lane with none has 0', () => {
    expect(rows.map((r) => r.stuck)).toEqual([3, 1, 0, 0]);
  });
  it('waiting and late share as sent; no late share without a target', () => {
    expect(rows.map((r) => r.waiting)).toEqual([7, 12, 15, 0]);
    expect(rows.map((r) => r.late)).toEqual(['19.6%', '7.3%', '2.6%', null]);
  });
  it('no stuck column without a stuck value; no late column when switched off', () => {
    const plain = handoffRows(handoffLanesSample.value, undefined, { ...o, showLate: false }, zh);
    expect(plain.map((r) => [r.stuck, r.late])).toEqual([[null, null], [null, null], [null, null], [null, null]]);
  });
  it('a department name from the screen file wins over the dictionary', () => {
    expect(handoffRows(handoffLanesSample.value, undefined, { ...o, departments: { operations: '订单中心' } }, zh)[0]!.department).toBe('订单中心');
  });
});

describe('pickStuck: the flow.stuck value that goes with the lanes', () => {
  const handoffs: HandoffsValue = handoffLanesSample.value;
  const entry = (params: Record<string, string | number>, value: FlowStuckValue) => ({ id: 'flow.stuck', params, value });
  const whole = stuck([]);
  const ops = stuck([{ step: 'confirmed', department: 'operations', count: 1, oldest_since: '2026-11-20T00:00:00Z' }]);
  it('prefers the whole flow over a department filter', () => {
    expect(pickStuck([entry({ flow: 'order-to-delivery', department: 'operations', limit: 10 }, ops), entry({ flow: 'order-to-delivery', limit: 10 }, whole)], handoffs)).toBe(whole);
  });
  it('ignores another flow and other metrics', () => {
    expect(pickStuck([entry({ flow: 'other', limit: 10 }, stuck([], 'other')), { id: 'orders.count', params: {}, value: { kind: 'scalar' } }], handoffs)).toBeUndefined();
  });
  it('takes a department-filtered value only when every lane is that department', () => {
    const opsLanes: HandoffsValue = { ...handoffs, lanes: handoffs.lanes.filter((l) => l.department === 'operations') };
    expect(pickStuck([entry({ flow: 'order-to-delivery', department: 'operations', limit: 10 }, ops)], opsLanes)).toBe(ops);
    expect(pickStuck([entry({ flow: 'order-to-delivery', department: 'operations', limit: 10 }, ops)], handoffs)).toBeUndefined();
  });
});
