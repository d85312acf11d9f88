import { describe, expect, it } from 'vitest';
import { chartFaults, overlapOf, toPage, transformRect, within, type ChartProbe, type ChartText } from './label-faults';

const text = (t: string, x: number, y: number, width = 40, height = 20, truncated = false): ChartText =>
  ({ text: t, rect: { x, y, width, height }, truncated, owner: 'series' });
const chart = (texts: ChartText[], axes: ChartProbe['axes'] = []): ChartProbe =>
  ({ widget: 'w1', box: { x: 0, y: 0, width: 200, height: 100 }, texts, axes });

describe('rect maths', () => {
  it('moves and scales a rect by an affine matrix', () => {
    // Scale 2, then translate (10, 5): (1,1,3,4) → corners (12,7) and (18,15).
    expect(transformRect({ x: 1, y: 1, width: 3, height: 4 }, [2, 0, 0, 2, 10, 5])).toEqual({ x: 12, y: 7, width: 6, height: 8 });
  });
  it('takes the box of the rotated corners', () => {
    // A 90° turn maps (x, y) to (-y, x): the 10×2 rect at the origin becomes 2 wide, 10 tall, left of the y axis.
    expect(transformRect({ x: 0, y: 0, width: 10, height: 2 }, [0, 1, -1, 0, 0, 0])).toEqual({ x: -2, y: 0, width: 2, height: 10 });
  });
  it('leaves a rect as it is without a transform', () => {
    expect(transformRect({ x: 1, y: 2, width: 3, height: 4 }, null)).toEqual({ x: 1, y: 2, width: 3, height: 4 });
  });
  it('puts a chart rect on the page by the chart origin and the canvas scale', () => {
    expect(toPage({ x: 10, y: 20, width: 30, height: 40 }, { x: 100, y: 200 }, 0.5)).toEqual({ x: 105, y: 210, width: 15, height: 20 });
  });
  it('measures overlap, zero for rects that only touch', () => {
    expect(overlapOf({ x: 0, y: 0, width: 10, height: 10 }, { x: 6, y: 7, width: 10, height: 10 })).toEqual({ x: 4, y: 3 });
    expect(overlapOf({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toEqual({ x: 0, y: 0 });
  });
  it('tells a rect inside another, with slack', () => {
    expect(within({ x: -1, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 20, height: 20 }, 1)).toBe(true);
    expect(within({ x: -2, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 20, height: 20 }, 1)).toBe(false);
  });
});

describe('chart label faults', () => {
  it('finds nothing in texts apart and inside', () => {
    expect(chartFaults(chart([text('华东', 0, 0), text('华南', 50, 0), text('华北', 0, 30)]))).toEqual([]);
  });
  it('forgives a pixel or two of touching glyph boxes', () => {
    expect(chartFaults(chart([text('A', 0, 0), text('B', 38, 18)]))).toEqual([]);
  });
  it('names both texts that lie on each other', () => {
    expect(chartFaults(chart([text('已签收 1.2万', 10, 10), text('已发货 900', 30, 20)]))).toEqual(['w1: "已签收 1.2万" overlaps "已发货 900"']);
  });
  it('finds text past the chart edge', () => {
    expect(chartFaults(chart([text('Northeast', 180, 0)]))).toEqual(['w1: "Northeast" sticks out of the chart']);
  });
  it('finds text cut to an ellipsis, or truncated by zrender', () => {
    expect(chartFaults(chart([text('已…', 0, 0), text('Proc...', 0, 30), text('Pro', 0, 60, 40, 20, true)]))).toEqual([
      'w1: "已…" is cut short', 'w1: "Proc..." is cut short', 'w1: "Pro" is cut short',
    ]);
  });
  it('finds a category axis that leaves labels out', () => {
    expect(chartFaults(chart([], [{ name: 'yAxis[0]', categories: 6, drawn: 3 }, { name: 'xAxis[0]', categories: 4, drawn: 4 }])))
      .toEqual(['w1: yAxis[0] draws 3 of 6 category labels']);
  });
  it('ignores empty texts', () => {
    expect(chartFaults(chart([text(' ', 0, 0), text('x', 0, 0)]))).toEqual([]);
  });
});
