import { describe, expect, it } from 'vitest';
import { ALL_TIME, WindowedGroups } from './windowed-groups';
import type { WindowRange } from './windows';

// A toy window: the current window is the last 10 units, the previous period the 10 before it.
const lastTen = (now: number): WindowRange => ({ start: now - 10, prevStart: now - 20, prevEnd: now - 10 });

describe('WindowedGroups: set', () => {
  it('counts into current, previous or nothing by time', () => {
    const g = new WindowedGroups(lastTen, 100); // current [90, …), previous [80, 90)
    g.set('a', 95, 'x', 3);
    g.set('b', 85, 'x', 4);
    g.set('c', 75, 'x', 5); // before the previous period: not counted at all
    g.set('d', 90, 'y', 1); // exactly at the start: current
    g.set('e', 80, 'y', 2); // exactly at the previous start: previous
    expect(g.total('current', 'x')).toEqual({ count: 1, amount: 3 });
    expect(g.total('current', 'y')).toEqual({ count: 1, amount: 1 });
    expect(g.total('previous', 'x')).toEqual({ count: 1, amount: 4 });
    expect(g.total('previous', 'y')).toEqual({ count: 1, amount: 2 });
    expect(g.sum('current')).toEqual({ count: 2, amount: 4 });
    expect(g.sum('previous')).toEqual({ count: 2, amount: 6 });
  });

  it('replacing a record moves it between groups and windows; setting it again unchanged is a no-op', () => {
    const g = new WindowedGroups(lastTen, 100);
    g.set('a', 95, 'x', 3);
    g.set('a', 95, 'x', 3);
    expect(g.sum()).toEqual({ count: 1, amount: 3 });
    g.set('a', 96, 'y', 7); // new group and amount
    expect(g.total('current', 'x')).toEqual({ count: 0, amount: 0 });
    expect(g.total('current', 'y')).toEqual({ count: 1, amount: 7 });
    g.set('a', 85, 'y', 7); // moved back into the previous period
    expect(g.sum('current')).toEqual({ count: 0, amount: 0 });
    expect(g.sum('previous')).toEqual({ count: 1, amount: 7 });
    expect([...g.groupTotals().keys()]).toEqual([]); // empty groups disappear
  });

  it('removes a record when its time is undefined, and again harmlessly', () => {
    const g = new WindowedGroups(lastTen, 100);
    g.set('a', 95, 'x', 3);
    g.set('b', 96, 'x', 2);
    g.set('a', undefined);
    g.set('a', undefined);
    expect(g.total('current', 'x')).toEqual({ count: 1, amount: 2 });
  });

  it('many records at the same instant are kept apart by id', () => {
    const g = new WindowedGroups(lastTen, 100);
    for (let i = 0; i < 5; i++) g.set(`r${i}`, 95, 'x', 1);
    g.set('r2', undefined);
    g.set('r4', 84, 'x', 1);
    expect(g.total('current', 'x').count).toBe(3); // r0, r1, r3
    expect(g.total('previous', 'x').count).toBe(1); // r4
  });
});

describe('WindowedGroups: seeding', () => {
  it('entries seeded out of time order are put in order before the first removal or advance', () => {
    const g = new WindowedGroups(lastTen, 100); // current [90, …), previous [80, 90)
    // Seeded as a store scan gives them: not by time. Ties at 95 with ids out of order.
    for (const [id, t] of [['e', 99], ['b', 82], ['d', 95], ['a', 95], ['c', 91], ['f', 85]] as const) g.set(id, t, 'x', 1);
    expect(g.sum('current').count).toBe(4); // e 99, d 95, a 95, c 91
    g.set('d', undefined); // a removal among the ties finds d, not a
    expect(g.sum('current').count).toBe(3);
    // now 105: current [95, …) holds e 99 and a 95; previous [85, 95) holds c 91 and f 85; b 82 is dropped.
    g.advance(105);
    expect(g.sum('current').count).toBe(2);
    expect(g.sum('previous').count).toBe(2);
    // now 112: current [102, …) is empty; previous [92, 102) holds e 99 and a 95.
    g.advance(112);
    expect([g.sum('current').count, g.sum('previous').count]).toEqual([0, 2]);
  });
});

describe('WindowedGroups: advance', () => {
  it('moves entries across the bounds as time passes, then drops them', () => {
    const g = new WindowedGroups(lastTen, 100);
    g.set('a', 95, 'x', 1);
    g.set('b', 85, 'x', 10);
    g.advance(105); // current [95, …), previous [85, 95)
    expect(g.sum('current')).toEqual({ count: 1, amount: 1 });
    expect(g.sum('previous')).toEqual({ count: 1, amount: 10 });
    g.advance(106); // current [96, …), previous [86, 96): a moves to previous, b (85) falls out
    expect(g.sum('current')).toEqual({ count: 0, amount: 0 });
    expect(g.sum('previous')).toEqual({ count: 1, amount: 1 });
    g.advance(200);
    expect(g.sum('previous')).toEqual({ count: 0, amount: 0 });
    g.set('b', 195, 'x', 2); // a record dropped earlier can come back at a new time
    expect(g.sum('current')).toEqual({ count: 1, amount: 2 });
  });

  it('a jump over several periods recounts every entry it passes', () => {
    const g = new WindowedGroups(lastTen, 100);
    for (let t = 81; t <= 99; t++) g.set(`r${t}`, t, t % 2 === 0 ? 'even' : 'odd', t);
    g.advance(115); // current [105, …) none; previous [95, 105): 95…99
    expect(g.sum('current').count).toBe(0);
    expect(g.total('previous', 'odd')).toEqual({ count: 3, amount: 95 + 97 + 99 });
    expect(g.total('previous', 'even')).toEqual({ count: 2, amount: 96 + 98 });
  });

  it('handles a previous period whose end moves backwards (as month-to-date does at month ends)', () => {
    let prevEnd = 95;
    const odd = (now: number): WindowRange => ({ start: now - 5, prevStart: 80, prevEnd });
    const g = new WindowedGroups(odd, 100);
    g.set('a', 92, 'x', 1);
    expect(g.sum('previous').count).toBe(1);
    prevEnd = 90;
    g.advance(101);
    expect(g.sum('previous').count).toBe(0); // 92 is no longer before the end
    prevEnd = 93;
    g.advance(102);
    expect(g.sum('previous').count).toBe(1);
  });

  it('ALL_TIME counts everything as current and never moves', () => {
    const g = new WindowedGroups(ALL_TIME, 100);
    g.set('a', 0, 'open');
    g.set('b', -1e12, 'open');
    g.advance(1e13);
    expect(g.total('current', 'open').count).toBe(2);
    expect(g.sum('previous').count).toBe(0);
  });
});

describe('WindowedGroups: many entries', () => {
  it('keeps counting right when entries outgrow the first columns and dropped slots are reused', () => {
    const g = new WindowedGroups(lastTen, 100); // current [90, …), previous [80, 90)
    // 300 entries at 80.00, 80.05, …, 94.95: 200 before 90 (previous), 100 from 90 on (current).
    for (let i = 0; i < 300; i++) g.set(`r${i}`, 80 + i / 20, i % 3 === 0 ? 'a' : 'b', 1);
    expect(g.sum('previous').count).toBe(200);
    expect(g.sum('current').count).toBe(100);
    expect(g.total('current', 'a').count).toBe(33); // i = 201, 204, …, 297: (297 − 201) / 3 + 1 = 33
    // now 105: current [95, …) is empty; previous [85, 95) holds i = 100…299; the 100 before 85 are dropped.
    g.advance(105);
    expect([g.sum('current').count, g.sum('previous').count]).toEqual([0, 200]);
    // 100 new entries in the current window take the dropped slots; an old one moves into the current window.
    for (let i = 0; i < 100; i++) g.set(`n${i}`, 96, 'c', 2);
    g.set('r299', 97, 'b', 5);
    expect(g.total('current', 'c')).toEqual({ count: 100, amount: 200 });
    expect(g.sum('current')).toEqual({ count: 101, amount: 205 });
    expect(g.sum('previous').count).toBe(199);
    // now 107: previous [87, 97) keeps i ≥ 140 (at 87 and after) and the 100 new ones at 96; r299 at 97 stays current.
    g.advance(107);
    expect(g.sum('current')).toEqual({ count: 1, amount: 5 });
    expect(g.sum('previous').count).toBe(159 + 100); // i = 140…298
  });
});
