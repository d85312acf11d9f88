import { describe, expect, it } from 'vitest';
import { createKeyBudget } from './key-budget';

describe('createKeyBudget: new metric keys per holder in a sliding minute', () => {
  it('allows up to the limit per holder, refuses past it with what was used and the wait, and frees up a minute after', () => {
    const budget = createKeyBudget(3);
    const t = 1_000_000;
    expect(budget.take('a', 2, t)).toBeUndefined();
    expect(budget.take('a', 1, t + 10_000)).toBeUndefined(); // 3 of 3
    // One more at t + 20 s: refused; the first spend (at t) leaves the minute at t + 60 s, 40 s later.
    expect(budget.take('a', 1, t + 20_000)).toEqual({ used: 3, waitS: 40 });
    expect(budget.take('b', 3, t + 20_000)).toBeUndefined(); // another holder has its own
    expect(budget.take('a', 2, t + 60_001)).toBeUndefined(); // the 2 at t are gone: 1 + 2 = 3
    expect(budget.take('a', 0, t + 60_002)).toBeUndefined(); // nothing new costs nothing
    expect(budget.take('a', 1, t + 60_003)).toEqual({ used: 3, waitS: 10 }); // the one at t + 10 s leaves at t + 70 s
  });

  it('a refused spend spends nothing; forget and prune drop holders', () => {
    const budget = createKeyBudget(2);
    expect(budget.take('a', 3, 0)).toEqual({ used: 0, waitS: 60 });
    expect(budget.take('a', 2, 1)).toBeUndefined();
    budget.forget('a');
    expect(budget.take('a', 2, 2)).toBeUndefined();
    budget.prune(60_003);
    expect(budget.take('a', 2, 60_003)).toBeUndefined();
  });
});
