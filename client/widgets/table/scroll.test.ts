import { describe, expect, it } from 'vitest';
import { scrollTick, scrollWindow } from './scroll';

describe('scrollWindow', () => {
  it('no scrolling: the first rows that fit', () => {
    expect(scrollWindow(10, 4, 'none', 7)).toEqual({ indices: [0, 1, 2, 3], page: 1, pages: 1 });
  });
  it('everything fits: no scrolling in any mode', () => {
    expect(scrollWindow(3, 4, 'page', 5).indices).toEqual([0, 1, 2]);
    expect(scrollWindow(4, 4, 'step', 5).indices).toEqual([0, 1, 2, 3]);
  });
  it('paging: 10 rows, 4 a page → pages of 4, 4 and 2, then round again', () => {
    expect([0, 1, 2, 3].map((t) => scrollWindow(10, 4, 'page', t))).toEqual([
      { indices: [0, 1, 2, 3], page: 1, pages: 3 },
      { indices: [4, 5, 6, 7], page: 2, pages: 3 },
      { indices: [8, 9], page: 3, pages: 3 },
      { indices: [0, 1, 2, 3], page: 1, pages: 3 },
    ]);
  });
  it('stepping: one row up per tick, wrapping to the first row', () => {
    expect(scrollWindow(5, 3, 'step', 1).indices).toEqual([1, 2, 3]);
    expect(scrollWindow(5, 3, 'step', 3).indices).toEqual([3, 4, 0]);
    expect(scrollWindow(5, 3, 'step', 5).indices).toEqual([0, 1, 2]); // a full round
  });
  it('no room: no rows', () => expect(scrollWindow(5, 0, 'page', 1).indices).toEqual([]));
});

describe('scrollTick', () => {
  it('counts whole periods of server time', () => {
    expect(scrollTick(79_999, 8)).toBe(9);
    expect(scrollTick(80_000, 8)).toBe(10);
  });
});
