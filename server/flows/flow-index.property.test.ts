import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, order, ticket } from '../../tests/support/flows';
import type { Deal, Order, RecordLink, SourcedRecord } from '../model';
import { flowsConfigSchema } from './config';
import { FlowIndex, flowRecordKey, type FlowChange } from './flow-index';
import type { FlowInstance } from './instance';

// Incremental equals a full rebuild: the same records fed one version at a time, in shuffled orders (each record's
// versions in their order), give the index a rebuild from the final versions gives (seeded in bulk, and one at a time), and the changes it reported add up
// to the same instances (the flow metrics see nothing else). Links point anywhere: at records that never arrive, both
// ways, in cycles, at several deals; records are relinked and deleted and restored.

const BASE = Date.parse('2025-03-06T01:00:00Z');
const at = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();

// A second flow rooted at orders, whose steps skip and reach optional ones, so anchors below the top are exercised too.
const ORDER_FLOW = flowsConfigSchema.parse([{ id: 'service', steps: [
  { id: 'placed', on: { type: 'order', status: 'confirmed' }, department: 'operations' },
  { id: 'ticket', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true, target: '4h', calendar: 'cn' },
  { id: 'delivered', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '3d' },
  { id: 'solved', on: { type: 'ticket', status: 'solved' }, department: 'service', target: '1d' },
] }])[0]!;

const linkTo: fc.Arbitrary<RecordLink> = fc.oneof(
  fc.constantFrom('D0', 'D1', 'D2', 'D9').map((id) => ({ type: 'deal' as const, id, source: 'crm' })),
  fc.constantFrom('O0', 'O1', 'O2', 'O3', 'O9').map((id) => ({ type: 'order' as const, id, source: 'erp' })),
  fc.constantFrom('T0', 'T1', 'T2', 'T3').map((id) => ({ type: 'ticket' as const, id, source: 'desk' })),
);
const links = fc.array(linkTo, { maxLength: 3 });
const hour = fc.integer({ min: 0, max: 200 });

const DEAL_PATHS: Deal['stage'][][] = [['lead'], ['won'], ['negotiation', 'won'], ['won', 'negotiation'], ['won', 'lost'], ['won', 'negotiation', 'won']];
const ORDER_PATHS: Order['status'][][] = [['new'], ['new', 'confirmed'], ['new', 'confirmed', 'shipped', 'delivered'], ['confirmed', 'delivered'],
  ['new', 'shipped'], ['new', 'confirmed', 'new', 'confirmed'], ['new', 'confirmed', 'cancelled']];

const dealVersion = fc.record({ id: fc.constantFrom('D0', 'D1', 'D2'), created: hour, path: fc.constantFrom(...DEAL_PATHS),
  gaps: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 3, maxLength: 3 }), deleted: fc.boolean(), links })
  .map(({ id, created, path, gaps, deleted, links: l }): SourcedRecord => {
    let t = created;
    return deal(id, path.map((stage, i) => [stage, at(i === 0 ? t : (t += gaps[i - 1]!))]), { links: l, ...(deleted && created % 5 === 0 ? { deleted: true } : {}) });
  });
const orderVersion = fc.record({ id: fc.constantFrom('O0', 'O1', 'O2', 'O3'), created: hour, path: fc.constantFrom(...ORDER_PATHS),
  gaps: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 4, maxLength: 4 }), deleted: fc.boolean(), links, account: fc.constantFrom(undefined, 'A1', 'A2') })
  .map(({ id, created, path, gaps, deleted, links: l, account }): SourcedRecord => {
    let t = created;
    return order(id, path.map((status, i) => [status, at(i === 0 ? t : (t += gaps[i - 1]!))]),
      { links: l, ...(account ? { account_id: account } : {}), ...(deleted && created % 5 === 0 ? { deleted: true } : {}) });
  });
const ticketVersion = fc.record({ id: fc.constantFrom('T0', 'T1', 'T2', 'T3'), created: hour, solvedAfter: fc.option(fc.integer({ min: 1, max: 50 })),
  deleted: fc.boolean(), links })
  .map(({ id, created, solvedAfter, deleted, links: l }): SourcedRecord => {
    const t = ticket(id, at(created), { links: l, status: deleted && created % 4 === 0 ? 'deleted' : solvedAfter === null ? 'open' : 'solved' });
    return solvedAfter === null ? t : { ...t, updated_at: at(created + solvedAfter), events: [{ at: at(created + solvedAfter), kind: 'status', to: 'solved' }] };
  });

const keyOf = (r: SourcedRecord) => flowRecordKey(r.source, r.type, r.id);
const sorted = (changes: Iterable<FlowChange>) => [...changes].sort((a, b) => (`${a.flow}|${a.id}` < `${b.flow}|${b.id}` ? -1 : 1));
const FLOWS = [FLOW, ORDER_FLOW];

describe('FlowIndex: incremental equals a full rebuild', () => {
  it('in any order of arrival, with relinks, deletes, cycles and links to records that never arrive', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(dealVersion, orderVersion, ticketVersion), { minLength: 1, maxLength: 40 }),
      fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      (versions, shuffle) => {
        // Arrival order: the versions shuffled, each record's versions kept in order (the last one is its final state).
        const arrival = versions.map((r, i) => ({ r, i, rank: shuffle[i % shuffle.length]! * 100 + i })).sort((a, b) => a.rank - b.rank);
        const order = new Map<string, number[]>();
        versions.forEach((r, i) => { const k = keyOf(r); order.set(k, [...(order.get(k) ?? []), i]); });
        const next = new Map<string, number>();
        const fed = arrival.map(({ r }) => { const k = keyOf(r); const n = next.get(k) ?? 0; next.set(k, n + 1); return versions[order.get(k)![n]!]!; });

        const incremental = new FlowIndex(FLOWS, [CN]);
        const heard = new Map<string, FlowChange>();
        for (const r of fed) {
          for (const change of incremental.apply(keyOf(r), r)) {
            if (change.instance === null) heard.delete(`${change.flow}|${change.id}`);
            else heard.set(`${change.flow}|${change.id}`, change);
          }
        }
        const finals = new Map<string, SourcedRecord>();
        for (const r of versions) finals.set(keyOf(r), r);
        // The rebuild seeds as the engine does from the store: every record loaded, chains and instances worked out once.
        const rebuilt = new FlowIndex(FLOWS, [CN]);
        for (const r of [...finals.values()].reverse()) rebuilt.load(keyOf(r), r);
        rebuilt.settle();
        // And one record at a time, in another order.
        const oneByOne = new FlowIndex(FLOWS, [CN]);
        for (const r of finals.values()) oneByOne.apply(keyOf(r), r);

        const expected = sorted(rebuilt.instances());
        expect(sorted(incremental.instances())).toEqual(expected);
        expect(sorted(heard.values())).toEqual(expected);
        expect(sorted(oneByOne.instances())).toEqual(expected);
        for (const { instance } of expected) checkShape(instance!);
      },
    ), { numRuns: 250, seed: 20250311 });
  });
});

/** What holds for every instance, whatever the records: an entry, time running forwards, waiting only at a required step. */
function checkShape(instance: FlowInstance): void {
  const flow = FLOWS.find((f) => f.id === instance.flow)!;
  expect(instance.reached[instance.entered_at_step]).not.toBeNull();
  instance.reached.forEach((t, s) => {
    if (s < instance.entered_at_step) expect(t).toBeNull();
    const h = instance.handoffs[s];
    if (h) expect(h.seconds).toBeGreaterThanOrEqual(0);
    if (t === null || s === instance.entered_at_step) expect(h).toBeNull();
  });
  if (instance.waiting) {
    expect(flow.steps[instance.waiting.step]!.optional).toBe(false);
    expect(instance.reached[instance.waiting.step]).toBeNull();
  }
}
