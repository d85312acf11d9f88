import { describe, expect, it } from 'vitest';
import type { FlowInstance } from '../../flows';
import { StuckQueue, type Waiting } from './flow-tables';

// StuckQueue's groups, worked by hand on plain numbers (times in ms; only their order matters here):
// step 1 is operations', step 2 logistics'. Now is 100.
//   A waits at 1 since 10, due 50  → stuck (100 > 50)
//   B waits at 1 since 20, due 60  → stuck
//   C waits at 2 since 30, due 90  → stuck
//   D waits at 1 since 5,  due 120 → not yet (stuck from 121, and then the oldest at step 1: since 5 < 10)
// Groups at 100: step 1 operations, count 2, oldest A (since 10); step 2 logistics, count 1, oldest C (since 30).
const instance = {} as FlowInstance; // the queue only carries it
const w = (id: string, step: number, since: number, due: number): Waiting =>
  ({ id, step, since, due, department: step === 1 ? 'operations' : 'logistics', instance });
const groups = (q: StuckQueue) => q.groups().map((g) => [g.step, g.department, g.count, g.oldest.id])
  .sort((a, b) => (a[0] as number) - (b[0] as number));

describe('StuckQueue groups', () => {
  it('counts per (step, department) with the longest waiting, as instances come, go and time passes', () => {
    const q = new StuckQueue(100);
    q.set('A', w('A', 1, 10, 50));
    q.set('B', w('B', 1, 20, 60));
    q.set('C', w('C', 2, 30, 90));
    q.set('D', w('D', 1, 5, 120));
    expect(groups(q)).toEqual([[1, 'operations', 2, 'A'], [2, 'logistics', 1, 'C']]);
    expect(q.total).toBe(3);

    // Time alone: at 121 D's target has run out; it waits longest at step 1 (since 5).
    q.advance(121);
    expect(groups(q)).toEqual([[1, 'operations', 3, 'D'], [2, 'logistics', 1, 'C']]);

    // D reaches step 1 (leaves): A is the oldest again. C moves to wait at step 3 within target: step 2's group ends.
    q.set('D', undefined);
    q.set('C', { ...w('C', 2, 95, 500), step: 3 });
    expect(groups(q)).toEqual([[1, 'operations', 2, 'A']]);
    expect(q.departments()).toEqual(new Map([['operations', 2]]));

    // A and B leave: no group at all.
    q.set('A', undefined);
    q.set('B', undefined);
    expect(q.groups()).toEqual([]);
    expect(q.total).toBe(0);
  });
});
