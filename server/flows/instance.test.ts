import { describe, expect, it } from 'vitest';
import { CN } from '../../tests/support/flows';
import { flowsConfigSchema } from './config';
import { compileFlow, evaluateInstance } from './instance';

// Hand-offs, waiting and lateness from the steps reached, in calendar time unless a step names the CN calendar
// (Mon–Fri 09:00–18:00 Shanghai, Mon 2025-03-10 a holiday; tests/support/flows.ts). H = hours after 2025-03-11T00:00Z.
const H0 = Date.parse('2025-03-11T00:00:00Z');
const at = (hours: number) => H0 + hours * 3_600_000;

const FLOW = compileFlow(flowsConfigSchema.parse([{ id: 'f', steps: [
  { id: 'a', on: { type: 'deal', stage: 'won' }, department: 'sales' },
  { id: 'b', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '2h' },
  { id: 'note', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true, target: '1h' },
  { id: 'c', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '10h' },
  { id: 'd', on: { type: 'order', status: 'delivered' }, department: 'logistics' },
] }])[0]!, [CN]);

describe('evaluateInstance', () => {
  it('a skipped step: the hand-off runs from the nearest step reached before', () => {
    // a at 0, b never, c at 5: the hand-off into c runs from a, 5 h, within its 10 h (due at 10).
    const got = evaluateInstance(FLOW, [at(0), null, null, at(5), null])!;
    expect(got.handoffs[3]).toEqual({ from: 0, seconds: 5 * 3_600, due_at: at(10), late: false });
    expect(got.waiting).toEqual({ step: 4, since: at(5), due_at: null }); // d has no target
  });

  it('an optional step reached counts as the step before the next one, and is late against its own target', () => {
    // a 0, b 1 (1 h, on time: due 2), note 3 (2 h after b, due 2 h: late), c 4: from note, 1 h.
    const got = evaluateInstance(FLOW, [at(0), at(1), at(3), at(4), null])!;
    expect(got.handoffs.map((h) => h && [h.from, h.seconds / 3_600, h.late])).toEqual([null, [0, 1, false], [1, 2, true], [2, 1, false], null]);
  });

  it('a step reached before the one before it took no time; a target exactly used up is on time', () => {
    // b at 2 (exactly its 2 h: due 2, not after), c at 1, before b: 0 s.
    const got = evaluateInstance(FLOW, [at(0), at(2), null, at(1), at(1)])!;
    expect(got.handoffs[1]).toMatchObject({ seconds: 7_200, due_at: at(2), late: false });
    expect(got.handoffs[3]).toMatchObject({ from: 1, seconds: 0, late: false });
    expect(got.waiting).toBeNull(); // nothing required left; the optional note is never waited for
  });

  it('only optional steps reached: no instance; entering later: the first step reached', () => {
    expect(evaluateInstance(FLOW, [null, null, at(1), null, null])).toBeUndefined();
    const later = evaluateInstance(FLOW, [null, at(1), null, null, null])!;
    expect(later.entered_at_step).toBe(1);
    expect(later.handoffs[1]).toBeNull(); // no step before it reached
    expect(later.waiting).toEqual({ step: 3, since: at(1), due_at: at(11) });
  });

  it('a target no calendar can reach within the horizon is never due', () => {
    // 99999d of business time on a 45-hour week is far beyond the SLA room's ten-year horizon.
    const far = compileFlow(flowsConfigSchema.parse([{ id: 'g', steps: [
      { id: 'a', on: { type: 'deal', stage: 'won' }, department: 'sales' },
      { id: 'b', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '99999d', calendar: 'cn' },
    ] }])[0]!, [CN]);
    expect(evaluateInstance(far, [at(0), null])!.waiting).toEqual({ step: 1, since: at(0), due_at: Infinity });
  });
});
