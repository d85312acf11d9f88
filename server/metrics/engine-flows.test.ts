import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, key, order, ticket, toDeal, toOrder } from '../../tests/support/flows';
import type { SourcedRecord } from '../model';
import type { FlowStuckValue } from '../protocol';
import { createEngine } from './engine';
import { CATALOGUE } from './catalogue';

// The engine's flow accessors for the REST API (docs/api.md): the flow index is seeded from the store the first time
// anything reads it, metric or not, and kept by every change after. The flow (tests/support/flows.ts):
// won → confirmed → shipped → delivered → aftersales (optional ticket).
const D1 = deal('D1', [['won', '2025-03-07T08:00:00Z']]);
const O1 = order('O1', [['new', '2025-03-07T09:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z']], { links: [toDeal('D1')] });
const T1 = ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')] });
const D2 = deal('D2', [['won', '2025-03-11T02:00:00Z']]);

function engineOf(records: SourcedRecord[], replays: { n: number }) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies: [], calendars: [CN], catalogue: CATALOGUE,
    replay: () => { replays.n++; return records; },
    freshness: () => ({ asOf: null, stale: false }), flows: [FLOW],
  });
}

describe('engine: flow accessors', () => {
  it('seeds the flow index from the store at the first read, once', () => {
    const replays = { n: 0 };
    const e = engineOf([D1, O1, T1, D2], replays);
    expect(replays.n).toBe(0);
    // Two instances: D1 (with O1 and T1 under it) and D2 (alone).
    expect([...e.flowInstances('o2d')].map((i) => i.id).sort()).toEqual([key.deal('D1'), key.deal('D2')]);
    expect(e.flowInstance('o2d', key.deal('D1'))!.records).toBe(3);
    // The ticket belongs to D1's instance; a record of no instance and an unknown flow give nothing.
    expect(e.instancesOf(key.ticket('T1')).map((i) => i.id)).toEqual([key.deal('D1')]);
    expect(e.instancesOf('crm/deal/nobody')).toEqual([]);
    expect([...e.flowInstances('no-such-flow')]).toEqual([]);
    expect(e.flowInstance('no-such-flow', key.deal('D1'))).toBeUndefined();
    // A flow metric created afterwards does not load the records into the index a second time (its own seed replays once).
    e.ensure([{ id: 'flow.stuck', params: { flow: 'o2d' } }], Date.parse('2025-03-19T04:00:00Z'));
    e.collect(Date.parse('2025-03-19T04:00:00Z'));
    expect(replays.n).toBe(2);
    expect([...e.flowInstances('o2d')]).toHaveLength(2);
    // Now Wed 03-19 12:00 local. D2 waits at confirmed since Tue 03-11 10:00 local (8 business hours ran out Wed 03-12
    // 09:00 + 1 h = 10:00): stuck. D1 waits at shipped since Tue 03-11 10:30 (48 business hours ran out Tue 03-18
    // 13:30, flow-index.test.ts): stuck. Longest waiting first: D2 (10:00) before D1 (10:30).
    const stuck = e.current(e.resolve({ id: 'flow.stuck', params: { flow: 'o2d' } }).key)!.value as FlowStuckValue;
    expect(stuck.items.map((i) => i.instance)).toEqual([key.deal('D2'), key.deal('D1')]);
  });

  it('keeps the instances with every change after the first read', () => {
    const e = engineOf([D1, D2], { n: 0 });
    expect(e.flowInstance('o2d', key.deal('D2'))!.waiting?.step).toBe(1);
    // D2's order arrives, confirmed: D2 now waits at shipped, and the order belongs to D2's instance.
    const O2 = order('O2', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-12T06:00:00Z']], { links: [toDeal('D2')] });
    e.ingest([O2], Date.parse('2025-03-19T04:00:00Z'));
    expect(e.flowInstance('o2d', key.deal('D2'))!.waiting?.step).toBe(2);
    expect(e.instancesOf(key.order('O2')).map((i) => i.id)).toEqual([key.deal('D2')]);
  });

  it('answers empty without flows configured', () => {
    const e = createEngine({ timezone: 'UTC', policies: [], catalogue: CATALOGUE, replay: () => [D1], freshness: () => ({ asOf: null, stale: false }) });
    expect([...e.flowInstances('o2d')]).toEqual([]);
    expect(e.instancesOf(key.deal('D1'))).toEqual([]);
  });
});
