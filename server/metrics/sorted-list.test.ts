import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted-list';

const byNumber = (a: number, b: number) => a - b;

describe('SortedList', { timeout: 30_000 }, () => { // the property runs long sequences: seconds on a busy machine
  it('keeps items in order across bucket splits, duplicates included', () => {
    const list = new SortedList(byNumber, 2); // split above 4 items
    for (const x of [5, 1, 4, 1, 3, 9, 2, 6]) list.add(x);
    expect([...list]).toEqual([1, 1, 2, 3, 4, 5, 6, 9]);
    expect(list.size).toBe(8);
    expect(list.at(0)).toBe(1);
    expect(list.at(4)).toBe(4);
    expect(list.at(7)).toBe(9);
    expect(list.at(8)).toBeUndefined();
    expect(list.first(3)).toEqual([1, 1, 2]);
  });

  it('deletes one equal item, and says when there was none', () => {
    const list = new SortedList(byNumber, 2);
    for (const x of [3, 1, 3, 2]) list.add(x);
    expect(list.delete(3)).toBe(true);
    expect([...list]).toEqual([1, 2, 3]);
    expect(list.delete(7)).toBe(false);
    expect(list.delete(0)).toBe(false);
    expect(list.delete(1)).toBe(true);
    expect(list.delete(2)).toBe(true);
    expect(list.delete(3)).toBe(true);
    expect(list.size).toBe(0);
    expect([...list]).toEqual([]);
    list.add(4); // an emptied list takes items again
    expect([...list]).toEqual([4]);
  });

  it('reads from the first item not before a bound, and drops a leading run', () => {
    const list = new SortedList(byNumber, 2);
    list.load([8, 2, 6, 4, 10, 12, 14]);
    expect([...list.from((x) => x < 5)]).toEqual([6, 8, 10, 12, 14]);
    expect([...list.from((x) => x < 100)]).toEqual([]);
    expect(list.dropWhile((x) => x <= 8)).toEqual([2, 4, 6, 8]);
    expect([...list]).toEqual([10, 12, 14]);
    expect(list.size).toBe(3);
    expect(list.dropWhile((x) => x < 0)).toEqual([]);
    expect(list.dropWhile(() => true)).toEqual([10, 12, 14]);
    expect(list.size).toBe(0);
  });

  it('joins a bucket that deletions left small to the next one, and splits the join when it is too big', () => {
    const list = new SortedList(byNumber, 4); // split above 8 items, join below 2
    list.load([0, 1, 2, 3, 4, 5, 6, 7]); // [0 1 2 3] [4 5 6 7]
    for (const x of [8, 9, 10, 11]) list.add(x); // [0 1 2 3] [4 … 11]
    for (const x of [0, 1, 2]) list.delete(x); // [3] joins [4 … 11]: nine items, split again as [3 4 5 6] [7 … 11]
    list.add(5); // belongs in the first bucket
    list.add(12);
    expect([...list]).toEqual([3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...list.from((x) => x < 6)]).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(list.at(3)).toBe(5);
  });

  type Op = { kind: 'add'; x: number } | { kind: 'delete'; x: number } | { kind: 'drop'; below: number } | { kind: 'load'; xs: number[] };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), x: fc.integer({ min: 0, max: 20 }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), x: fc.integer({ min: 0, max: 20 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), below: fc.integer({ min: 0, max: 8 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('load' as const), xs: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30, size: 'max' }) }) },
  );

  it('answers as a plain sorted array does, after any sequence of changes (property)', () => {
    // Long runs of changes (fast-check keeps arrays short unless told), so buckets split and merge again and again.
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }), fc.integer({ min: 0, max: 20 }), (bucket, ops, bound) => {
      const list = new SortedList(byNumber, bucket);
      let model: number[] = [];
      for (const o of ops) {
        if (o.kind === 'add') { list.add(o.x); model.push(o.x); model.sort(byNumber); }
        else if (o.kind === 'delete') {
          const i = model.indexOf(o.x);
          expect(list.delete(o.x)).toBe(i >= 0);
          if (i >= 0) model.splice(i, 1);
        } else if (o.kind === 'drop') {
          expect(list.dropWhile((x) => x < o.below)).toEqual(model.filter((x) => x < o.below));
          model = model.filter((x) => x >= o.below);
        } else { list.load([...o.xs]); model = [...o.xs].sort(byNumber); }
        expect(list.size).toBe(model.length);
      }
      expect([...list]).toEqual(model);
      expect(model.map((_, i) => list.at(i))).toEqual(model);
      expect(list.first(bound)).toEqual(model.slice(0, bound));
      expect([...list.from((x) => x < bound)]).toEqual(model.filter((x) => x >= bound));
    }), { numRuns: 300 });
  });
});
