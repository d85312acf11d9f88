import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineInstance, TimelineInstanceStep } from '../../server/protocol';
import { formatElapsed } from '../format';
import { createI18n } from '../i18n';
import { departmentLabel, eventLabel, typeLabel } from './labels';
import { dayOf, formatWhen, groupByDay, highlightOf, inTimeOrder, instancesInOrder, isHighlighted, stepState, stripOf } from './timeline';

const SH = 'Asia/Shanghai'; // UTC+8 all year, no daylight saving

const step = (over: Partial<TimelineInstanceStep> & { step: string }): TimelineInstanceStep =>
  ({ title: over.step, department: 'sales', reached_at: null, late: null, waiting: false, stuck: false, due_at: null, ...over });

describe('time order and day groups', () => {
  it('sorts oldest first and keeps the hub’s order among entries at the same instant', () => {
    const entries = [
      { at: '2026-12-03T08:00:00Z', n: 'c' },
      { at: '2026-12-01T08:00:00Z', n: 'a' },
      { at: '2026-12-02T08:00:00Z', n: 'b1' },
      { at: '2026-12-02T08:00:00.000Z', n: 'b2' }, // the same instant written otherwise: stays after b1
      { at: 'not a time', n: 'z' },
    ];
    expect(inTimeOrder(entries).map((e) => e.n)).toEqual(['a', 'b1', 'b2', 'c', 'z']);
  });

  it('cuts at local midnight of the zone asked for', () => {
    // 15:59 UTC on 6 Dec is 23:59 in Shanghai (6 Dec); 16:30 UTC is 00:30 on 7 Dec; 7 Dec 15:00 UTC is 23:00 on 7 Dec.
    const entries = [
      { at: '2026-12-07T15:00:00Z' },
      { at: '2026-12-06T16:30:00Z' },
      { at: '2026-12-06T15:59:00Z' },
    ];
    expect(groupByDay(entries, SH).map((g) => [g.day, g.entries.map((e) => e.at)])).toEqual([
      ['2026-12-06', ['2026-12-06T15:59:00Z']],
      ['2026-12-07', ['2026-12-06T16:30:00Z', '2026-12-07T15:00:00Z']],
    ]);
    // In UTC the same three fall on 6 Dec (two) and 7 Dec (one).
    expect(groupByDay(entries, 'UTC').map((g) => g.entries.length)).toEqual([2, 1]);
    expect(dayOf('nonsense', SH)).toBe('');
  });

  it('writes a time as month-day hour:minute in the zone, 24 h', () => {
    // 16:30 UTC + 8 h = 00:30 the next day; 05:07 UTC + 8 h = 13:07.
    expect(formatWhen('2026-12-06T16:30:00Z', SH)).toBe('12-07 00:30');
    expect(formatWhen('2026-01-02T05:07:00Z', SH)).toBe('01-02 13:07');
    expect(formatWhen('garbage', SH)).toBe('—');
  });
});

describe('step strip', () => {
  it('gives each step its state', () => {
    expect(stepState(step({ step: 'a', reached_at: '2026-12-01T00:00:00Z', late: false }))).toBe('done');
    expect(stepState(step({ step: 'a', reached_at: '2026-12-01T00:00:00Z', late: null }))).toBe('done');
    expect(stepState(step({ step: 'a', reached_at: '2026-12-01T00:00:00Z', late: true }))).toBe('late');
    expect(stepState(step({ step: 'a', waiting: true, stuck: true }))).toBe('stuck');
    expect(stepState(step({ step: 'a', waiting: true }))).toBe('waiting');
    expect(stepState(step({ step: 'a' }))).toBe('pending');
  });

  // The demo flow: won (sales) → confirmed (operations, 8h) → shipped (logistics, 18h) → delivered → aftersales.
  // Won at 02:00Z, confirmed at 09:00Z: a 7 h hand-off (25,200 s) by the hub's business clock, on time; the
  // order now waits at shipped past its target, so it is stuck there since the confirmation.
  const instance: TimelineInstance = {
    flow: 'order-to-delivery', id: 'salesforce/deal/006A', title: '赢单到签收',
    steps: [
      step({ step: 'won', title: '赢单', reached_at: '2026-12-01T02:00:00Z' }),
      step({ step: 'confirmed', title: '订单确认', department: 'operations', reached_at: '2026-12-01T09:00:00Z', late: false }),
      step({ step: 'shipped', title: '发货', department: 'logistics', waiting: true, stuck: true, due_at: '2026-12-02T09:00:00Z' }),
      step({ step: 'delivered', title: '签收', department: 'logistics' }),
      step({ step: 'aftersales', title: '售后工单', department: 'service' }),
    ],
  };
  const entries: TimelineEntry[] = [
    { at: '2026-12-01T02:00:00Z', kind: 'step', flow: 'order-to-delivery', instance: 'salesforce/deal/006A', step: 'won', title: '赢单', department: 'sales' },
    { at: '2026-12-01T09:00:00Z', kind: 'step', flow: 'order-to-delivery', instance: 'salesforce/deal/006A', step: 'confirmed', title: '订单确认', department: 'operations', handoff_s: 25_200, late: false },
    // Another instance of the same customer: its hand-off must not land on this strip.
    { at: '2026-12-03T09:00:00Z', kind: 'step', flow: 'order-to-delivery', instance: 'salesforce/deal/006B', step: 'shipped', title: '发货', department: 'logistics', handoff_s: 99 },
    { at: '2026-12-01T03:00:00Z', kind: 'hidden', step: 'won', department: 'sales' },
  ];

  it('takes each hand-off from its step entry and marks since when the instance waits', () => {
    const cells = stripOf(instance, entries);
    expect(cells.map((c) => c.state)).toEqual(['done', 'done', 'stuck', 'pending', 'pending']);
    expect(cells.map((c) => c.handoff_s)).toEqual([undefined, 25_200, undefined, undefined, undefined]);
    expect(cells.map((c) => c.since)).toEqual([null, null, '2026-12-01T09:00:00Z', null, null]);
    // 25,200 s = 420 min = 7 h 00 min.
    expect(formatElapsed(cells[1]!.handoff_s! * 1000, 'zh-CN')).toBe('7小时00分');
  });

  it('has no "since" for a chain that entered at the step it waits at', () => {
    const entered: TimelineInstance = { ...instance, steps: [step({ step: 'won' }), step({ step: 'confirmed', waiting: true })] };
    expect(stripOf(entered, []).map((c) => [c.state, c.since])).toEqual([['pending', null], ['waiting', null]]);
  });

  it('lists the highlighted instance first, then stuck ones, then waiting ones, then the rest newest first', () => {
    const done = (id: string, at: string): TimelineInstance => ({ ...instance, id, steps: [step({ step: 'won', reached_at: at })] });
    const waiting: TimelineInstance = { ...instance, id: 'w', steps: [step({ step: 'won', reached_at: '2026-11-01T00:00:00Z' }), step({ step: 'confirmed', waiting: true })] };
    const stuck: TimelineInstance = { ...instance, id: 's', steps: [step({ step: 'won', reached_at: '2026-10-01T00:00:00Z' }), step({ step: 'confirmed', waiting: true, stuck: true })] };
    const ordered = instancesInOrder([done('old', '2026-09-01T00:00:00Z'), waiting, done('new', '2026-12-01T00:00:00Z'), stuck]);
    expect(ordered.map((i) => i.id)).toEqual(['s', 'w', 'new', 'old']);
    // The instance the page was opened for comes first, however old and settled.
    const opened = instancesInOrder([done('old', '2026-09-01T00:00:00Z'), waiting, stuck], { flow: 'order-to-delivery', instance: 'old' });
    expect(opened.map((i) => i.id)).toEqual(['old', 's', 'w']);
  });
});

describe('the page’s query and labels', () => {
  it('highlights an instance only when both flow and instance are given', () => {
    expect(highlightOf({ flow: 'f', instance: 'salesforce/deal/1' })).toEqual({ flow: 'f', instance: 'salesforce/deal/1' });
    expect(highlightOf({ flow: 'f' })).toBeNull();
    expect(highlightOf({ flow: ['f', 'g'], instance: 'x' })).toBeNull();
    const h = highlightOf({ flow: 'f', instance: 'x' });
    expect([isHighlighted(h, 'f', 'x'), isHighlighted(h, 'f', 'y'), isHighlighted(null, 'f', 'x')]).toEqual([true, false, false]);
  });

  it('names known departments and leaves configured ones as they are', () => {
    const zh = createI18n('zh-CN');
    expect(departmentLabel(zh, 'logistics')).toBe('物流部');
    expect(departmentLabel(createI18n('en'), 'logistics')).toBe('Logistics');
    expect(departmentLabel(zh, '华东大区')).toBe('华东大区');
    expect(departmentLabel(zh, 'constructor')).toBe('constructor');
    expect([typeLabel(zh, 'deal'), typeLabel(zh, 'order'), typeLabel(zh, 'ticket'), eventLabel(zh, 'created')]).toEqual(['商机', '订单', '工单', '创建']);
  });
});
