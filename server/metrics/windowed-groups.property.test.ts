import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowedGroups, type Totals } from './windowed-groups';
import { windowRange, type WindowName } from './windows';

type Op =
  | { kind: 'set'; id: string; t: number; group: string; amount: number }
  | { kind: 'remove'; id: string }
  | { kind: 'advance'; by: number };

const HOUR = 3_600_000;
// Start two days before the Berlin spring-forward and run across it and a month end.
const START = Date.parse('2025-03-28T10:00:00Z');

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    // Record times from three days before to one day after the current instant (added below).
    t: fc.integer({ min: -72 * HOUR, max: 24 * HOUR }),
    group: fc.constantFrom('x', 'y', 'z'),
    amount: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
  fc.record({ kind: fc.constant('advance' as const), by: fc.integer({ min: 0, max: 30 * HOUR }) }),
);

/** Totals per group counted from scratch from the latest placement of each id. */
function fromScratch(latest: Map<string, { t: number; group: string; amount: number }>, window: WindowName, now: number) {
  const { start, prevStart, prevEnd } = windowRange(window, now, 'Europe/Berlin');
  const current = new Map<string, Totals>();
  const previous = new Map<string, Totals>();
  for (const { t, group, amount } of latest.values()) {
    const target = t >= start ? current : t >= prevStart && t < prevEnd ? previous : undefined;
    if (!target) continue;
    const sum = target.get(group) ?? { count: 0, amount: 0 };
    target.set(group, { count: sum.count + 1, amount: sum.amount + amount });
  }
  return { current, previous };
}

describe('WindowedGroups property: incremental totals equal a from-scratch count', () => {
  it.each(['today', '24h', 'mtd', 'today@08:00', 'today@02:30'] as const)('window %s', (window) => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      let now = START;
      const groups = new WindowedGroups((n) => windowRange(window, n, 'Europe/Berlin'), now);
      const latest = new Map<string, { t: number; group: string; amount: number }>();
      for (const o of ops) {
        if (o.kind === 'advance') { now += o.by; groups.advance(now); }
        else if (o.kind === 'remove') { groups.set(o.id, undefined); latest.delete(o.id); }
        else { groups.set(o.id, now + o.t, o.group, o.amount); latest.set(o.id, { t: now + o.t, group: o.group, amount: o.amount }); }
        const expected = fromScratch(latest, window, now);
        expect(groups.groupTotals('current')).toEqual(expected.current);
        expect(groups.groupTotals('previous')).toEqual(expected.previous);
      }
    }), { numRuns: 200 });
  });
});
