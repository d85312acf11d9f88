import { describe, expect, it } from 'vitest';
import { readDisplayQuery } from './display';

describe('readDisplayQuery', () => {
  it('reads panels, bezel, distance and diagonal', () => {
    expect(readDisplayQuery({ panels: '3x1', bezel: '24', distance: '5', diagonal: '55' }))
      .toEqual({ panels: { columns: 3, rows: 1 }, bezel_px: 24, distance_m: 5, diagonal_in: 55 });
  });
  it('leaves out what does not parse or is out of range, keeping the rest', () => {
    expect(readDisplayQuery({ panels: 'three', bezel: '-4', distance: '0.1', diagonal: '55' })).toEqual({ diagonal_in: 55 });
    expect(readDisplayQuery({ panels: '0x1', bezel: ['1', '2'] })).toEqual({});
  });
});
