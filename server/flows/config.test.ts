import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';
import { targetSeconds } from './config';

// The `flows` section as the config file holds it, composed into the whole config (cross-checks need the
// departments and the SLA calendars).

const NINE_TO_SIX = [['09:00', '18:00']];
const calendar = (id: string, weekly: Record<string, unknown> = { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX }) =>
  ({ id, timezone: 'Asia/Shanghai', weekly });

/** The contract's flow, word for word, with `cn` as its calendar. */
const CONTRACT_FLOW = {
  id: 'order-to-delivery', title: '赢单到签收',
  steps: [
    { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
    { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h', calendar: 'cn' },
    { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '2d', calendar: 'cn' },
    { id: 'delivered', title: '签收', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '5d' },
    { id: 'aftersales', title: '售后工单', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
  ],
};
const DEPARTMENTS = ['sales', 'operations', 'logistics', 'service'];

function problems(raw: Record<string, unknown>): { path: string; message: string }[] {
  try { parseConfig({ departments: DEPARTMENTS, sla: { calendars: [calendar('cn')] }, ...raw }, 'ops.json'); } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}
const withSteps = (steps: unknown[]) => ({ flows: [{ id: 'f', steps }] });
const step = (id: string, on: unknown, more: Record<string, unknown> = {}) => ({ id, on, department: 'sales', ...more });

describe('the config file\'s flows section', () => {
  it('takes the contract\'s flow; steps are required unless optional, and no flows by default', () => {
    const config = parseConfig({ departments: DEPARTMENTS, sla: { calendars: [calendar('cn')] }, flows: [CONTRACT_FLOW] });
    expect(config.flows[0]!.steps.map((s) => [s.id, s.optional])).toEqual(
      [['won', false], ['confirmed', false], ['shipped', false], ['delivered', false], ['aftersales', true]]);
    expect(config.flows[0]!.steps[4]!.on).toEqual({ type: 'ticket', event: 'created' });
    expect(parseConfig({}).flows).toEqual([]);
  });

  it('reads targets as seconds: 8h = 28,800; 2d = 172,800 (in business time on a calendar: 48 open hours)', () => {
    expect(targetSeconds({ target: '8h' })).toBe(28_800);
    expect(targetSeconds({ target: '2d' })).toBe(172_800);
    expect(targetSeconds({})).toBeNull();
  });

  it('names a calendar or department that does not exist, and a target a calendar never meets', () => {
    const closed = calendar('closed', {});
    expect(problems({
      sla: { calendars: [calendar('cn'), closed] },
      flows: [{ id: 'f', steps: [step('a', { type: 'deal', stage: 'won' }),
        step('b', { type: 'order', status: 'confirmed' }, { calendar: 'nope', department: 'warehouse' }),
        step('c', { type: 'order', status: 'shipped' }, { calendar: 'closed', target: '1h' })] }],
    })).toEqual([
      { path: 'flows[0].steps[1].department', message: 'no department "warehouse" in departments (sales, operations, logistics, service)' },
      { path: 'flows[0].steps[1].calendar', message: 'no calendar "nope" in sla.calendars (known: cn, closed)' },
      { path: 'flows[0].steps[2].target', message: expect.stringMatching(/^cannot be met on calendar "closed": /) },
    ]);
  });

  it('refuses a flow that cannot root its instances or measure its first target', () => {
    expect(problems(withSteps([step('a', { type: 'order', status: 'confirmed' }, { optional: true, target: '1h' }),
      step('b', { type: 'deal', stage: 'won' }), step('a', { type: 'order', status: 'confirmed' })]))).toEqual([
      { path: 'flows[0].steps[0].optional', message: 'the first step roots every instance: it cannot be optional' },
      { path: 'flows[0].steps[0].target', message: 'the first step has no step before it to measure a target from' },
      { path: 'flows[0].steps[1].on.type', message: 'a deal cannot follow a flow rooted at an order: chains run deal → order → ticket' },
      { path: 'flows[0].steps[2].id', message: '"a" is used twice (step 0)' },
      { path: 'flows[0].steps[2].on', message: 'the same event as step 0' },
    ]);
  });

  it('names a bad event, a bad target and a flow with one step', () => {
    expect(problems(withSteps([step('a', { type: 'deal', stage: 'signed' }), step('b', { type: 'ticket' }),
      step('c', { type: 'invoice' }), step('d', { type: 'order', status: 'shipped' }, { target: '2 days' })]))).toEqual([
      { path: 'flows[0].steps[0].on.stage', message: expect.stringContaining('expected one of "lead"|"qualified"|"proposal"|"negotiation"|"won"|"lost"') },
      { path: 'flows[0].steps[1].on', message: 'a ticket step names either "event": "created" or a "status", not both' },
      { path: 'flows[0].steps[2].on.type', message: 'expected "type": "deal", "order" or "ticket"' },
      { path: 'flows[0].steps[3].target', message: 'expected a duration such as "90s", "5m" or "2h"' },
    ]);
    expect(problems(withSteps([step('a', { type: 'deal', stage: 'won' })]))).toEqual([
      { path: 'flows[0].steps', message: 'a flow has at least two steps (a hand-off is between two)' },
    ]);
  });

  it('names a flow id used twice', () => {
    const two = [step('a', { type: 'deal', stage: 'won' }), step('b', { type: 'order', status: 'confirmed' })];
    expect(problems({ flows: [{ id: 'f', steps: two }, { id: 'f', steps: two }] })).toEqual([
      { path: 'flows[1].id', message: '"f" is used twice (flows[0])' },
    ]);
  });
});
