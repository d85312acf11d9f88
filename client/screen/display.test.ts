import { describe, expect, it } from 'vitest';
import { displayText, parseDisplayText, readDisplayQuery } from './display';

describe('readDisplayQuery', () => {
  it('reads panels, bezel, distance and diagonal', () => {
    expect(readDisplayQuery({ panels: '3x1', bezel: '24', distance: '5', diagonal: '55' }))
      .toEqual({ panels: { columns: 3, rows: 1 }, bezel_px: 24, distance_m: 5, diagonal_in: 55 });
  });
  it('leaves out what does not parse or is out of range, keeping the rest', () => {
    expect(readDisplayQuery({ panels: 'three', bezel: '-4', distance: '0.1', diagonal: '55' })).toEqual({ diagonal_in: 55 });
    expect(readDisplayQuery({ panels: '0x1', bezel: ['1', '2'] })).toEqual({});
  });
  it('the fleet page writes and reads them as the URL does; a part that is not a setting is named', () => {
    const d = { panels: { columns: 3, rows: 1 }, bezel_px: 40, distance_m: 5, diagonal_in: 55 };
    expect(displayText(d)).toBe('panels=3x1 bezel=40 distance=5 diagonal=55');
    expect(parseDisplayText(' panels=3x1   bezel=40 distance=5 diagonal=55 ')).toEqual(d);
    expect(parseDisplayText('')).toEqual({});
    expect(() => parseDisplayText('panels=3x1 bezel=wide')).toThrow(/"bezel=wide": expected/);
    expect(() => parseDisplayText('zoom=2')).toThrow(/"zoom=2"/);
  });
});
