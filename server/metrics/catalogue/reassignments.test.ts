import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourcedRecord, Ticket } from '../../model';
import type { ReassignmentsValue } from '../../protocol';
import { createEngine } from '../engine';
import { CATALOGUE } from '.';
import { passesOf, ticketsReassignments } from './reassignments';

// tickets.reassignments on tickets worked by hand. Now: Fri 2025-03-14 12:00Z; window 7d = [Fri 03-07 12:00Z, now].
const NOW = Date.parse('2025-03-14T12:00:00Z');
const DAY = 86_400_000;

type Move = [at: string, group: string];
function ticket(id: string, moves: Move[], extra: Partial<Ticket> = {}): SourcedRecord & Ticket {
  return {
    type: 'ticket', source: 'zd', id, priority: 'normal', status: 'open', created_at: '2025-03-01T00:00:00.000Z',
    updated_at: '2025-03-14T00:00:00.000Z', events: moves.map(([at, to]) => ({ at, kind: 'group' as const, to })), ...extra,
  };
}
const key = (t: SourcedRecord) => `${t.source}/ticket/${t.id}`;

function aggregator(params: Record<string, unknown> = {}, now = NOW) {
  const agg = ticketsReassignments.create(ticketsReassignments.params.parse(params), { timezone: 'UTC', now });
  const put = (t: SourcedRecord) => agg.apply({ kind: 'record', key: key(t), record: t });
  return { agg, put, value: (at = now) => agg.value(at) as ReassignmentsValue };
}

// T1: assigned to 一线 Mon 03-10 (its first assignment: no pass), to 物流 Tue, back to 一线 Wed, to 物流 Thu: A→B→A→B,
// 3 passes, all on the pair {一线, 物流}. T2: 一线 Mon, 财务 Tue: 1 pass. T3: only ever in 一线: no pass.
const T1 = ticket('1', [['2025-03-10T09:00:00.000Z', '一线'], ['2025-03-11T09:00:00.000Z', '物流'],
  ['2025-03-12T09:00:00.000Z', '一线'], ['2025-03-13T09:00:00.000Z', '物流']], { subject: '货没到', department: 'Service' });
const T2 = ticket('2', [['2025-03-10T10:00:00.000Z', '一线'], ['2025-03-11T10:00:00.000Z', '财务']], { department: 'Finance' });
const T3 = ticket('3', [['2025-03-10T11:00:00.000Z', '一线'], ['2025-03-12T11:00:00.000Z', '一线']]);

describe('passesOf', () => {
  it('counts a group change as a pass, not the first assignment nor a repeat of the same group', () => {
    expect(passesOf(T1).map((p) => [p.from, p.to])).toEqual([['一线', '物流'], ['物流', '一线'], ['一线', '物流']]);
    expect(passesOf(T3)).toEqual([]);
  });
  it('orders the events by time, whatever order the record lists them in', () => {
    const shuffled = ticket('9', [['2025-03-12T09:00:00.000Z', 'C'], ['2025-03-10T09:00:00.000Z', 'A'], ['2025-03-11T09:00:00.000Z', 'B']]);
    expect(passesOf(shuffled).map((p) => `${p.from}>${p.to}`)).toEqual(['A>B', 'B>C']);
  });
});

describe('tickets.reassignments', () => {
  it('A→B→A→B is 3 passes on the pair {A, B}; a single pass is passed but not bounced', () => {
    const { put, value } = aggregator();
    for (const t of [T1, T2, T3]) put(t);
    // '一线' < '物流' and '一线' < '财务' by string order (U+4E00 is the lowest CJK ideograph).
    expect(value()).toEqual({
      kind: 'reassignments', passed: 2, bounced: 1, min: 3,
      pairs: [{ a: '一线', b: '物流', passes: 3, tickets: 1 }, { a: '一线', b: '财务', passes: 1, tickets: 1 }],
      items: [{ ticket: 'zd/ticket/1', source: 'zd', id: '1', passes: 3, groups: ['一线', '物流', '一线', '物流'], subject: '货没到' }],
    });
  });

  it('min sets what bounced means; limit cuts pairs and items', () => {
    const { put, value } = aggregator({ min: 2, limit: 1 });
    const T4 = ticket('4', [['2025-03-10T09:00:00.000Z', 'B'], ['2025-03-11T09:00:00.000Z', 'C'], ['2025-03-12T09:00:00.000Z', 'B']]);
    for (const t of [T1, T2, T4]) put(t);
    // T1 3 passes, T4 2 passes (both ≥ 2: bounced), T2 1. Pairs: {一线,物流} 3, {B,C} 2, {一线,财务} 1: the first only.
    const v = value();
    expect([v.passed, v.bounced]).toEqual([3, 2]);
    expect(v.pairs).toEqual([{ a: '一线', b: '物流', passes: 3, tickets: 1 }]);
    expect(v.items.map((i) => [i.id, i.passes])).toEqual([['1', 3]]);
  });

  it('counts only the passes within the window, and moves with it', () => {
    // At now + 4 days (Tue 03-18 12:00Z) the 7d window starts Tue 03-11 12:00Z: T1's Tue 09:00 pass left, 2 remain
    // (Wed, Thu), so T1 is no longer bounced; T2's Tue 10:00 pass left too, so it is no longer passed.
    const { agg, put, value } = aggregator();
    for (const t of [T1, T2]) put(t);
    const later = NOW + 4 * DAY;
    agg.advance(later);
    expect(value(later)).toEqual({ kind: 'reassignments', passed: 1, bounced: 0, min: 3,
      pairs: [{ a: '一线', b: '物流', passes: 2, tickets: 1 }], items: [] });
    // Edge: a pass exactly at the window start is in it. At Wed 03-19 09:00Z the start is Wed 03-12 09:00Z, T1's third pass.
    const edge = Date.parse('2025-03-19T09:00:00Z');
    agg.advance(edge);
    expect(value(edge).pairs).toEqual([{ a: '一线', b: '物流', passes: 2, tickets: 1 }]);
    agg.advance(edge + 1); // a millisecond on, that pass is out: one left
    expect(value(edge + 1).pairs).toEqual([{ a: '一线', b: '物流', passes: 1, tickets: 1 }]);
  });

  it('a calendar window: today counts the passes since local midnight', () => {
    // today in UTC at 12:00Z on 03-13 starts 03-13 00:00Z: only T1's Thursday pass.
    const at = Date.parse('2025-03-13T12:00:00Z');
    const { put, value } = aggregator({ window: 'today' }, at);
    put(T1);
    expect(value(at)).toMatchObject({ passed: 1, bounced: 0, pairs: [{ a: '一线', b: '物流', passes: 1, tickets: 1 }] });
  });

  it('a changed ticket replaces what it counted; a deleted one leaves', () => {
    const { put, value } = aggregator();
    put(T1);
    put(T2);
    // T1 passed once more, to 财务 on Fri 03-14 08:00: 4 passes; {一线,物流} 3, {物流,财务} 1 ('物' U+7269 < '财' U+8D22).
    put({ ...T1, events: [...T1.events!, { at: '2025-03-14T08:00:00.000Z', kind: 'group', to: '财务' }] });
    expect(value()).toMatchObject({ passed: 2, bounced: 1,
      pairs: [{ a: '一线', b: '物流', passes: 3, tickets: 1 }, { a: '一线', b: '财务', passes: 1, tickets: 1 }, { a: '物流', b: '财务', passes: 1, tickets: 1 }],
      items: [{ id: '1', passes: 4, groups: ['一线', '物流', '一线', '物流', '财务'] }] });
    put({ ...T1, status: 'deleted' });
    expect(value()).toEqual({ kind: 'reassignments', passed: 1, bounced: 0, min: 3,
      pairs: [{ a: '一线', b: '财务', passes: 1, tickets: 1 }], items: [] });
  });

  it('department: only the tickets of that department now', () => {
    const { put, value } = aggregator({ department: 'Finance' });
    for (const t of [T1, T2, T3]) put(t);
    expect(value()).toMatchObject({ passed: 1, bounced: 0, pairs: [{ a: '一线', b: '财务', passes: 1, tickets: 1 }] });
    put({ ...T2, department: 'Service' }); // moved out of the department: it leaves
    expect(value()).toMatchObject({ passed: 0, pairs: [] });
  });

  it('tickets on a pair counts each ticket once', () => {
    const { put, value } = aggregator();
    const T5 = ticket('5', [['2025-03-10T09:00:00.000Z', '物流'], ['2025-03-12T09:00:00.000Z', '一线']]);
    put(T1);
    put(T5);
    // {一线, 物流}: T1's 3 passes + T5's 1 = 4 passes, 2 tickets.
    expect(value().pairs).toEqual([{ a: '一线', b: '物流', passes: 4, tickets: 2 }]);
  });

  it('rejects bad params with a clear error', () => {
    expect(ticketsReassignments.params.safeParse({ min: 1 }).success).toBe(false);
    expect(ticketsReassignments.params.safeParse({ window: '3d' }).success).toBe(false);
    expect(ticketsReassignments.params.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('is served by the engine from the catalogue', () => {
    const engine = createEngine({ timezone: 'UTC', policies: [], catalogue: CATALOGUE, replay: () => [T1, T2, T3],
      freshness: () => ({ asOf: null, stale: false }) });
    const [k] = engine.ensure([{ id: 'tickets.reassignments', params: {} }], NOW);
    engine.tick(NOW);
    engine.collect(NOW);
    expect(engine.current(k!)!.value).toMatchObject({ kind: 'reassignments', passed: 2, bounced: 1 });
  });

  it('incremental equals a fresh count after any sequence of changes and window moves', () => {
    const groups = ['A', 'B', 'C'];
    const change = fc.record({
      id: fc.constantFrom('1', '2', '3', '4'),
      moves: fc.array(fc.record({ day: fc.integer({ min: 0, max: 20 }), g: fc.constantFrom(...groups) }), { maxLength: 6 }),
      deleted: fc.boolean(), dept: fc.constantFrom('S', 'F'), step: fc.integer({ min: 0, max: 3 }),
    });
    const base = Date.parse('2025-03-01T00:00:00Z');
    fc.assert(fc.property(fc.array(change, { maxLength: 25 }), (changes) => {
      const live = aggregator({ min: 2, department: 'S', limit: 100 }, base);
      const latest = new Map<string, SourcedRecord>();
      let at = base;
      for (const c of changes) {
        const t = ticket(c.id, c.moves.map((m) => [new Date(base + m.day * DAY).toISOString(), m.g] as Move),
          { department: c.dept, ...(c.deleted ? { status: 'deleted' as const } : {}) });
        live.put(t);
        latest.set(c.id, t);
        at += c.step * DAY;
        live.agg.advance(at);
      }
      const fresh = aggregator({ min: 2, department: 'S', limit: 100 }, at);
      for (const t of latest.values()) fresh.put(t);
      expect(live.value(at)).toEqual(fresh.value(at));
    }), { numRuns: 200 });
  });
});
