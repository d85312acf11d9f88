import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, key, order, ticket, toDeal, toOrder } from '../../../tests/support/flows';
import type { SourcedRecord } from '../../model';
import type { FlowPathsValue, FlowStuckValue, HandoffsValue, MetricRef } from '../../protocol';
import { createEngine, MetricError } from '../engine';
import { CATALOGUE } from '.';

// The flow metrics on a small dataset worked by hand. The flow (tests/support/flows.ts): won → confirmed (8 business
// hours on CN) → shipped (2d = 48 business hours on CN) → delivered (5 calendar days) → aftersales (optional ticket).
// CN: Mon–Fri 09:00–18:00 Shanghai (UTC+8), Mon 2025-03-10 a holiday. Local times first, UTC after.
//
// Now: Wed 2025-03-19 12:00 (04:00Z).
// 1. D1 won Fri 03-07 16:00 (08:00Z); O1 confirmed Tue 03-11 10:30 (02:30Z) after 3.5 h (Fri 2 h, holiday, Tue 1.5 h);
//    shipped Thu 03-13 11:00 (03:00Z) after 18.5 h = 66,600 s; delivered Sat 03-15 11:00 (03:00Z) after 48 calendar
//    hours = 172,800 s; ticket T1 Mon 03-17 09:00 (01:00Z), 46 h = 165,600 s later. Complete.
// 2. D2 won Tue 03-11 10:00 (02:00Z); O2 confirmed Wed 03-12 14:00 (06:00Z) after 13 h = 46,800 s, past the 8 h
//    target (due Tue 18:00): late. Waits at shipped since then, due Wed 03-19 17:00 (09:00Z): 4 + 9 + 9 + 9 + 9 + 8 h.
// 3. D3 won Fri 03-07 17:00 (09:00Z), no order: waits at confirmed, due 1 h Friday + 7 h Tuesday = Tue 03-11 16:00
//    (08:00Z): stuck now, a 流程断点 at confirmed. Its account ACC-3 resolves to customer C-42.
// 4. O4, an order with no deal: confirmed Fri 03-14 10:00 (02:00Z), entering the flow at confirmed; shipped Tue 03-18
//    10:00 (02:00Z) after Fri 8 h + Mon 9 h + Tue 1 h = 18 h = 64,800 s (due Fri 03-21 13:00: on time). Waits at
//    delivered since then, due 5 days later, Sun 03-23 02:00Z.
const Z = (iso: string) => Date.parse(iso);
const NOW = Z('2025-03-19T04:00:00Z');

const RECORDS: SourcedRecord[] = [
  deal('D1', [['won', '2025-03-07T08:00:00Z']]),
  order('O1', [['new', '2025-03-07T09:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z'], ['shipped', '2025-03-13T03:00:00Z'],
    ['delivered', '2025-03-15T03:00:00Z']], { links: [toDeal('D1')] }),
  ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')] }),
  deal('D2', [['won', '2025-03-11T02:00:00Z']]),
  order('O2', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-12T06:00:00Z']], { links: [toDeal('D2')] }),
  deal('D3', [['won', '2025-03-07T09:00:00Z']], { account_id: 'ACC-3' }),
  order('O4', [['new', '2025-03-14T01:00:00Z'], ['confirmed', '2025-03-14T02:00:00Z'], ['shipped', '2025-03-18T02:00:00Z']]),
];

function engineOf(records: SourcedRecord[]) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies: [], calendars: [CN], catalogue: CATALOGUE, replay: () => records,
    freshness: () => ({ asOf: null, stale: false }), flows: [FLOW],
    customerOf: (source, account) => (source === 'crm' && account === 'ACC-3' ? 'C-42' : undefined),
  });
}
function valuesAt(e: ReturnType<typeof engineOf>, refs: MetricRef[], at: number) {
  const keys = e.ensure(refs, at);
  e.tick(at);
  e.collect(at);
  return keys.map((k) => e.current(k)!.value);
}
const HANDOFFS = { id: 'flow.handoffs', params: { flow: 'o2d' } };
const STUCK = { id: 'flow.stuck', params: { flow: 'o2d' } };
const PATHS = { id: 'flow.paths', params: { flow: 'o2d' } };

describe('flow.handoffs', () => {
  it('per step boundary over the last 7 days: through, p50/p90, late, waiting now', () => {
    // Window [Wed 03-12 04:00Z, now]. O1's confirmation (03-11) is before it; O4's confirmation is its entry, no hand-off.
    const [value] = valuesAt(engineOf(RECORDS), [HANDOFFS], NOW) as [HandoffsValue];
    expect(value).toEqual({
      kind: 'handoffs', flow: 'o2d',
      lanes: [
        // O2 only: 46,800 s, late. D3 waits here.
        { from: 'won', to: 'confirmed', department: 'operations', target_s: 28_800, through: 1, p50_s: 46_800, p90_s: 46_800, late: 1, late_pct: 100, waiting: 1 },
        // O1 66,600 and O4 64,800: p50 = 65,700; p90 = 64,800 + 0.9 × 1,800 = 66,420. D2 waits here.
        { from: 'confirmed', to: 'shipped', department: 'logistics', target_s: 172_800, through: 2, p50_s: 65_700, p90_s: 66_420, late: 0, late_pct: 0, waiting: 1 },
        // O1 172,800 against 5 days (432,000). O4 waits here.
        { from: 'shipped', to: 'delivered', department: 'logistics', target_s: 432_000, through: 1, p50_s: 172_800, p90_s: 172_800, late: 0, late_pct: 0, waiting: 1 },
        // T1 165,600; no target: late_pct null.
        { from: 'delivered', to: 'aftersales', department: 'service', target_s: null, through: 1, p50_s: 165_600, p90_s: 165_600, late: 0, late_pct: null, waiting: 0 },
      ],
    });
  });

  it('a department sees the boundaries it is responsible for', () => {
    const [value] = valuesAt(engineOf(RECORDS), [{ id: 'flow.handoffs', params: { flow: 'o2d', department: 'logistics' } }], NOW) as [HandoffsValue];
    expect(value.lanes.map((l) => l.to)).toEqual(['shipped', 'delivered']);
  });

  it('a change updates the value: D3\'s order confirmed now, 57 business hours after the win, late', () => {
    const e = engineOf(RECORDS);
    valuesAt(e, [HANDOFFS, STUCK], NOW);
    // Fri 03-07 17:00 → Wed 03-19 11:00: Fri 1 h; Mon 03-10 a holiday; Tue–Fri 4 × 9 h; Mon, Tue 2 × 9 h; Wed 2 h = 57 h.
    e.ingest([order('O3', [['new', '2025-03-19T02:00:00Z'], ['confirmed', '2025-03-19T03:00:00Z']], { links: [toDeal('D3')] })], NOW);
    const changed = Object.fromEntries(e.collect(NOW).map((v) => [v.id, v.value]));
    const lane = (changed['flow.handoffs'] as HandoffsValue).lanes[0]!;
    // 46,800 and 205,200: p50 126,000; p90 46,800 + 0.9 × 158,400 = 189,360. Both late; nobody waits at confirmed now.
    expect(lane).toMatchObject({ through: 2, p50_s: 126_000, p90_s: 189_360, late: 2, late_pct: 100, waiting: 0 });
    expect((changed['flow.stuck'] as FlowStuckValue).total).toBe(0);
  });

  it('names a flow that is not configured', () => {
    const e = engineOf(RECORDS);
    expect(() => e.resolve({ id: 'flow.handoffs', params: { flow: 'nope' } })).toThrow(new MetricError('bad_params',
      'flow.handoffs: params.flow: no flow "nope" in the config (known: o2d)', 'params.flow'));
    expect(() => e.resolve({ id: 'flow.stuck', params: {} })).toThrow(MetricError);
  });
});

describe('flow.stuck', () => {
  it('instances waiting past their target, by department, longest waiting first, moving with time alone', () => {
    const e = engineOf(RECORDS);
    const [value] = valuesAt(e, [STUCK], NOW) as [FlowStuckValue];
    expect(value).toEqual({
      kind: 'flow-stuck', flow: 'o2d', total: 1, departments: [{ department: 'operations', count: 1 }],
      groups: [{ step: 'confirmed', department: 'operations', count: 1, oldest_since: '2025-03-07T09:00:00.000Z' }],
      items: [{ instance: key.deal('D3'), account: { source: 'crm', id: 'ACC-3' }, customer_id: 'C-42', step: 'confirmed', department: 'operations',
        waiting_since: '2025-03-07T09:00:00.000Z', due_at: '2025-03-11T08:00:00.000Z' }],
    });
    // D2's shipping target runs out at 09:00Z: at 09:00Z exactly it is not past it yet; a second later it is.
    e.tick(Z('2025-03-19T09:00:00Z'));
    expect((e.collect(Z('2025-03-19T09:00:00Z'))).length).toBe(0);
    e.tick(Z('2025-03-19T09:00:01Z'));
    const [later] = e.collect(Z('2025-03-19T09:00:01Z')).map((v) => v.value as FlowStuckValue);
    expect(later!.total).toBe(2);
    expect(later!.departments).toEqual([{ department: 'logistics', count: 1 }, { department: 'operations', count: 1 }]);
    // One group per (step, department), in step order: D3 at confirmed since 03-07 09:00Z, D2 at shipped since 03-12 06:00Z.
    expect(later!.groups).toEqual([
      { step: 'confirmed', department: 'operations', count: 1, oldest_since: '2025-03-07T09:00:00.000Z' },
      { step: 'shipped', department: 'logistics', count: 1, oldest_since: '2025-03-12T06:00:00.000Z' }]);
    expect(later!.items.map((i) => [i.instance, i.step, i.waiting_since])).toEqual([
      [key.deal('D3'), 'confirmed', '2025-03-07T09:00:00.000Z'], [key.deal('D2'), 'shipped', '2025-03-12T06:00:00.000Z']]);
  });

  it('filters by department and limits the queue', () => {
    const at = Z('2025-03-19T10:00:00Z');
    const [ops, one] = valuesAt(engineOf(RECORDS), [{ id: 'flow.stuck', params: { flow: 'o2d', department: 'logistics' } },
      { id: 'flow.stuck', params: { flow: 'o2d', limit: '1' } }], at) as [FlowStuckValue, FlowStuckValue];
    expect(ops.items.map((i) => i.instance)).toEqual([key.deal('D2')]);
    expect(ops.total).toBe(1);
    expect(one.total).toBe(2);
    expect(one.items.map((i) => i.instance)).toEqual([key.deal('D3')]);
  });
});

describe('flow.paths', () => {
  it('instances entered in the last 30 days, per step and per move, with the 流程断点', () => {
    const [value] = valuesAt(engineOf(RECORDS), [PATHS], NOW) as [FlowPathsValue];
    expect(value).toEqual({
      kind: 'flow-paths', flow: 'o2d', instances: 4, completed: 1, // D1 complete; D2, D3, O4 waiting
      steps: [
        { step: 'won', department: 'sales', reached: 3, entered: 3, waiting: 0, broken: 0 }, // D1, D2, D3
        { step: 'confirmed', department: 'operations', reached: 3, entered: 1, waiting: 1, broken: 1 }, // D1, D2, O4 (entered); D3 waits, broken
        { step: 'shipped', department: 'logistics', reached: 2, entered: 0, waiting: 1, broken: 0 }, // D1, O4; D2 waits within target
        { step: 'delivered', department: 'logistics', reached: 1, entered: 0, waiting: 1, broken: 0 }, // D1; O4 waits
        { step: 'aftersales', department: 'service', reached: 1, entered: 0, waiting: 0, broken: 0 }, // D1's ticket
      ],
      links: [
        { from: 'won', to: 'confirmed', value: 2 }, // D1, D2
        { from: 'confirmed', to: 'shipped', value: 2 }, // D1, O4
        { from: 'shipped', to: 'delivered', value: 1 },
        { from: 'delivered', to: 'aftersales', value: 1 },
      ],
      breaks: [{ from: 'won', to: 'confirmed', value: 1 }], // D3
    });
  });

  it('breaks as targets run out; instances leave as the window passes their entry', () => {
    const e = engineOf(RECORDS);
    valuesAt(e, [PATHS], NOW);
    // 03-19 09:00:01Z: D2 is past its shipping target.
    e.tick(Z('2025-03-19T09:00:01Z'));
    const [later] = e.collect(Z('2025-03-19T09:00:01Z')).map((v) => v.value as FlowPathsValue);
    expect(later!.breaks).toEqual([{ from: 'won', to: 'confirmed', value: 1 }, { from: 'confirmed', to: 'shipped', value: 1 }]);
    expect(later!.steps[2]!.broken).toBe(1);
    // 04-06 08:30Z: the window starts 03-07 08:30Z, after D1's entry (08:00Z), before D3's (09:00Z).
    const t = Z('2025-04-06T08:30:00Z');
    e.tick(t);
    const [month] = e.collect(t).map((v) => v.value as FlowPathsValue);
    expect(month!.instances).toBe(3);
    expect(month!.completed).toBe(0);
    expect(month!.steps[0]).toEqual({ step: 'won', department: 'sales', reached: 2, entered: 2, waiting: 0, broken: 0 });
  });

  it('a department sees the instances that reached or wait at one of its steps', () => {
    const [service, ops] = valuesAt(engineOf(RECORDS), [{ id: 'flow.paths', params: { flow: 'o2d', department: 'service' } },
      { id: 'flow.paths', params: { flow: 'o2d', department: 'operations' } }], NOW) as [FlowPathsValue, FlowPathsValue];
    expect(service.instances).toBe(1); // D1, through its ticket
    expect(ops.instances).toBe(4); // D1, D2, O4 confirmed; D3 waits at confirmed
  });
});

describe('flow metrics: incremental equals a full rebuild', () => {
  // Earlier versions of the dataset's records (relinked, deleted, not yet moved on), each followed in time by its final
  // version above: fed one at a time in shuffled orders into an engine seeded empty, every metric must end where an
  // engine seeded with the final records starts.
  const EARLIER: SourcedRecord[] = [
    order('O1', [['new', '2025-03-07T09:00:00Z']], { links: [toDeal('D1')] }),
    order('O2', [['new', '2025-03-11T03:00:00Z'], ['confirmed', '2025-03-12T06:00:00Z']], { links: [toDeal('D1')] }),
    { ...deal('D3', [['won', '2025-03-07T09:00:00Z']]), deleted: true },
    ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')], status: 'deleted' }),
    order('O4', [['new', '2025-03-14T01:00:00Z'], ['confirmed', '2025-03-14T02:00:00Z']], { links: [toDeal('D2')] }),
  ];
  const REFS: MetricRef[] = [HANDOFFS, STUCK, PATHS, { id: 'flow.paths', params: { flow: 'o2d', window: '7d' } },
    { id: 'flow.handoffs', params: { flow: 'o2d', window: '24h', department: 'logistics' } }];

  it('in every order of arrival', () => {
    const later = Z('2025-03-19T09:30:00Z');
    const rebuilt = engineOf(RECORDS);
    const expected = [valuesAt(rebuilt, REFS, NOW), valuesAt(rebuilt, REFS, later)];
    fc.assert(fc.property(fc.array(fc.nat(), { minLength: RECORDS.length + EARLIER.length, maxLength: RECORDS.length + EARLIER.length }), (ranks) => {
      const versions = [...EARLIER, ...RECORDS];
      const arrival = versions.map((r, i) => ({ i, rank: ranks[i]! * 100 + i })).sort((a, b) => a.rank - b.rank);
      // Each record's versions in their order: the n-th arrival of a record is its n-th version.
      const seen = new Map<string, number>();
      const byRecord = new Map<string, SourcedRecord[]>();
      for (const r of versions) byRecord.set(`${r.type}/${r.id}`, [...(byRecord.get(`${r.type}/${r.id}`) ?? []), r]);
      const fed = arrival.map(({ i }) => {
        const id = `${versions[i]!.type}/${versions[i]!.id}`;
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        return byRecord.get(id)![n]!;
      });
      const e = engineOf([]);
      e.ensure(REFS, NOW);
      for (const r of fed) e.ingest([r], NOW);
      e.tick(NOW);
      e.collect(NOW);
      expect(REFS.map((ref) => e.current(e.resolve(ref).key)!.value)).toEqual(expected[0]);
      e.tick(later);
      e.collect(later);
      expect(REFS.map((ref) => e.current(e.resolve(ref).key)!.value)).toEqual(expected[1]);
    }), { numRuns: 100, seed: 15 });
  });
});
