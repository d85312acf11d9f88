import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { deal, order, toDeal } from '../../tests/support/flows';
import { parseConfig, type ConfigError } from '../config';
import { CATALOGUE, createEngine } from '../metrics';
import type { Alert } from '../protocol';
import { createStore } from '../store';
import type { NotificationBatch } from './channels/types';
import { createAlertService } from './service';

// Hand-off alerts through the alerts room, fed by the real flow.stuck of an engine, with a controllable clock.
// Calendar `cn`: Mon–Fri 09:00–18:00 Asia/Shanghai (UTC+8: 09:00 is 01:00Z, 18:00 is 10:00Z), Mon 2025-03-10 a
// holiday. Flow o2d: won (sales) → confirmed (operations, 8 business hours) → shipped (logistics, 2d = 48 business
// hours) → delivered (logistics, 5 calendar days). Local times first, UTC after.
//
// - D3 won Fri 03-07 17:00 (09:00Z), no order: its 8 h are Fri 17–18 (1 h), Mon a holiday, Tue 09–16 (7 h): due
//   Tue 03-11 16:00 (08:00Z), stuck at confirmed (operations) from just after.
// - D5 won Mon 03-10 11:00 (03:00Z), the holiday: its clock starts Tue 09:00; due Tue 17:00 (09:00Z).
// - D6's order O6 confirmed Thu 03-06 11:00 (03:00Z): 48 h to ship are Thu 11–18 (7), Fri 9 (16), Mon holiday,
//   Tue 9 (25), Wed 9 (34), Thu 9 (43), Fri 03-14 09–14 (5): due Fri 03-14 14:00 (06:00Z), stuck at shipped (logistics).
// - D7 won Thu 03-13 09:00 (01:00Z), no order: due Thu 17:00 (09:00Z).
const Z = (iso: string) => Date.parse(iso);
const NINE_TO_SIX = [['09:00', '18:00']];
const CONFIG = {
  departments: ['sales', 'operations', 'logistics'],
  sla: { calendars: [{ id: 'cn', timezone: 'Asia/Shanghai',
    weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
    holidays: [{ from: '2025-03-10', name: 'a test holiday' }] }] },
  flows: [{ id: 'o2d', title: '赢单到签收', steps: [
    { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
    { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h', calendar: 'cn' },
    { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '2d', calendar: 'cn' },
    { id: 'delivered', title: '签收', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '5d' },
  ] }],
  alerts: {
    rules: [{ id: 'handoffs', kind: 'handoff', flow: 'o2d', for: '30m', keep_firing_for: '10m' }],
    channels: [{ id: 'ops-hook', kind: 'webhook', url: 'http://127.0.0.1:9/ops' }, { id: 'wh-hook', kind: 'webhook', url: 'http://127.0.0.1:9/wh' }],
    routes: [
      { match: [{ name: 'department', value: 'operations' }], receivers: ['ops-hook'], group_by: ['department'], group_wait: '30s', group_interval: '5m' },
      { match: [{ name: 'department', value: 'logistics' }], receivers: ['wh-hook'], group_by: ['department'], group_wait: '30s', group_interval: '5m' },
    ],
  },
};

function harness() {
  const config = parseConfig(CONFIG);
  const engine = createEngine({
    timezone: config.timezone, policies: [], calendars: config.sla.calendars, catalogue: CATALOGUE, flows: config.flows,
    freshness: () => ({ asOf: null, stale: false }),
    replay: () => [
      deal('D3', [['won', '2025-03-07T09:00:00Z']]), deal('D5', [['won', '2025-03-10T03:00:00Z']]),
      deal('D6', [['won', '2025-03-06T02:00:00Z']]),
      order('O6', [['new', '2025-03-06T02:30:00Z'], ['confirmed', '2025-03-06T03:00:00Z']], { links: [toDeal('D6')] }),
    ],
  });
  const [key] = engine.ensure([{ id: 'flow.stuck', params: { flow: 'o2d' } }], Z('2025-03-11T07:00:00Z'));
  const sent: (NotificationBatch & { at: number })[] = [];
  let now = 0;
  const service = createAlertService({
    config, tables: createStore(':memory:').alerts, log: pino({ level: 'silent' }), health: () => [],
    metric: (ruleId) => (ruleId === 'handoffs' ? engine.current(key!) : undefined),
    publish: () => {}, deliver: (b) => sent.push({ ...b, at: now }), externalUrl: () => 'http://wall.test',
  });
  /** The hub's second at `iso`: the engine's clocks, then the alerts' tick. */
  const tick = (iso: string) => { now = Z(iso); engine.tick(now); engine.collect(now); service.tick(now); };
  const ingest = (records: Parameters<typeof engine.ingest>[0], iso: string) => { engine.ingest(records, Z(iso)); tick(iso); };
  const open = () => service.list('open').sort((a, b) => (a.alert_key < b.alert_key ? -1 : 1));
  return { tick, ingest, open, sent, get: (k: string) => service.get(k) };
}

const OPS = 'rule/handoffs/confirmed/operations';
const SHIPPED = 'rule/handoffs/shipped/logistics';
const brief = (a: Alert | undefined) => a && { state: a.state, value: a.annotations.value, summary: a.annotations.summary };

describe('hand-off alerts: one per (flow, step, department) group, on the business calendar', () => {
  it('fire after `for`, count the group, route by department, resolve after keep_firing_for once the group empties', () => {
    const h = harness();
    // Tue 08:00:00Z is D3's due instant itself: not past it, nothing stuck.
    h.tick('2025-03-11T08:00:00Z');
    expect(h.open()).toEqual([]);

    // A minute later D3 is stuck: one pending alert for (o2d, confirmed, operations), count 1, oldest D3 (Fri 17:00 local).
    h.tick('2025-03-11T08:01:00Z');
    const pending = h.open();
    expect(pending.map((a) => [a.alert_key, a.state])).toEqual([[OPS, 'pending']]);
    expect(pending[0]!.labels).toEqual({ kind: 'rule', rule: 'handoffs', flow: 'o2d', step: 'confirmed', department: 'operations' });
    expect(pending[0]!.annotations).toEqual({ severity: 'warning', value: '1',
      summary: '赢单到签收: 1 stuck past target at 订单确认 (operations), the oldest waiting since 2025-03-07 17:00 +08:00',
      title: '赢单到签收: 1 stuck past target at 订单确认 (operations), the oldest waiting since 2025-03-07 17:00 +08:00' });

    // `for: 30m`: still pending at 08:30 (29 min), firing at 08:31.
    h.tick('2025-03-11T08:30:00Z');
    expect(h.get(OPS)!.state).toBe('pending');
    h.tick('2025-03-11T08:31:00Z');
    expect(h.get(OPS)).toMatchObject({ state: 'firing', fired_at: '2025-03-11T08:31:00.000Z' });

    // group_wait 30 s: the operations route's channel hears at 08:31:30, the logistics one nothing.
    h.tick('2025-03-11T08:31:30Z');
    expect(h.sent.map((b) => [b.receiver, b.group_labels, b.alerts.map((a) => [a.alert_key, a.status, a.labels.department])]))
      .toEqual([['ops-hook', { department: 'operations' }, [[OPS, 'firing', 'operations']]]]);

    // 09:01: D5 (won on the holiday, due Tue 09:00Z) is stuck too: the same one alert, count 2, oldest still D3.
    h.tick('2025-03-11T09:01:00Z');
    expect(h.open().map((a) => a.alert_key)).toEqual([OPS]);
    expect(brief(h.get(OPS))).toEqual({ state: 'firing', value: '2',
      summary: '赢单到签收: 2 stuck past target at 订单确认 (operations), the oldest waiting since 2025-03-07 17:00 +08:00' });

    // 09:30: D3's order is confirmed: count 1, the oldest now D5, waiting since Mon 11:00 local.
    h.ingest([order('O3', [['new', '2025-03-11T09:20:00Z'], ['confirmed', '2025-03-11T09:30:00Z']], { links: [toDeal('D3')] })], '2025-03-11T09:30:00Z');
    expect(brief(h.get(OPS))).toEqual({ state: 'firing', value: '1',
      summary: '赢单到签收: 1 stuck past target at 订单确认 (operations), the oldest waiting since 2025-03-10 11:00 +08:00' });

    // 09:40: D5's order too: the group is empty. keep_firing_for 10 min: firing until 09:50, then resolved (cleared).
    h.ingest([order('O5', [['new', '2025-03-11T09:35:00Z'], ['confirmed', '2025-03-11T09:40:00Z']], { links: [toDeal('D5')] })], '2025-03-11T09:40:00Z');
    h.tick('2025-03-11T09:49:00Z');
    expect(h.get(OPS)!.state).toBe('firing');
    h.tick('2025-03-11T09:50:00Z');
    expect(h.get(OPS)).toMatchObject({ state: 'resolved', resolved_reason: 'cleared', resolved_at: '2025-03-11T09:50:00.000Z' });
    // The group's ticks are 08:31:30 + k × 5 min: the resolve is told at 09:51:30.
    h.tick('2025-03-11T09:51:30Z');
    expect(h.sent.slice(1).map((b) => [b.receiver, b.at, b.alerts.map((a) => [a.alert_key, a.status])]))
      .toEqual([['ops-hook', Z('2025-03-11T09:51:30Z'), [[OPS, 'resolved']]]]);
  });

  it('two groups at once are two alerts, each routed to its own department', () => {
    const h = harness();
    h.tick('2025-03-11T07:00:00Z');
    // D3's and D5's orders are confirmed Tue 07:30Z (15:30 local), before either is stuck.
    h.ingest([order('O3', [['new', '2025-03-11T07:10:00Z'], ['confirmed', '2025-03-11T07:30:00Z']], { links: [toDeal('D3')] }),
      order('O5', [['new', '2025-03-11T07:10:00Z'], ['confirmed', '2025-03-11T07:30:00Z']], { links: [toDeal('D5')] })], '2025-03-11T07:30:00Z');
    h.ingest([deal('D7', [['won', '2025-03-13T01:00:00Z']])], '2025-03-13T01:00:00Z');
    // Fri 03-14 06:01Z: D7 stuck at confirmed (due Thu 09:00Z), O6 stuck at shipped (due Fri 06:00Z). O3 and O5 wait at
    // shipped since Tue 15:30 local: Tue 2.5 + Wed 9 + Thu 9 + Fri 06:01Z = 14:01 local, 5 h = 25.5 h of 48: not stuck.
    h.tick('2025-03-14T06:01:00Z');
    expect(h.open().map((a) => [a.alert_key, a.state, a.labels.department, a.annotations.value])).toEqual([
      [OPS, 'pending', 'operations', '1'], [SHIPPED, 'pending', 'logistics', '1']]);
    expect(h.get(SHIPPED)!.annotations.summary).toBe('赢单到签收: 1 stuck past target at 发货 (logistics), the oldest waiting since 2025-03-06 11:00 +08:00');
    expect(h.get(OPS)!.annotations.summary).toBe('赢单到签收: 1 stuck past target at 订单确认 (operations), the oldest waiting since 2025-03-13 09:00 +08:00');
    h.tick('2025-03-14T06:31:00Z');
    h.tick('2025-03-14T06:31:30Z');
    expect(h.sent.map((b) => [b.receiver, b.alerts.map((a) => a.alert_key)]).sort()).toEqual([['ops-hook', [OPS]], ['wh-hook', [SHIPPED]]]);
  });
});

describe('the hand-off rule in the config', () => {
  it('names a flow that is not configured: where, what, and the flows there are', () => {
    const bad = { ...CONFIG, alerts: { rules: [{ id: 'late', kind: 'handoff', flow: 'order-to-cash' }] } };
    let problems: ConfigError['problems'] = [];
    try { parseConfig(bad); } catch (err) { problems = (err as ConfigError).problems; }
    expect(problems).toEqual([{ path: 'alerts.rules[0].flow', message: 'no flow "order-to-cash" in flows (known: o2d)' }]);
    expect(() => parseConfig({ ...CONFIG, alerts: { rules: [{ id: 'late', kind: 'handoff' }] } })).toThrow(/alerts\.rules\[0\]\.flow/);
  });
});
