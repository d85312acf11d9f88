import type { SeriesValue } from '../../../server/protocol';

/** The number a series' change is measured against: the point before the last, or the first; null with under two points. */
export function seriesReference(points: SeriesValue['points'], from: 'previous' | 'first'): number | null {
  if (points.length < 2) return null;
  return (from === 'first' ? points[0] : points.at(-2))?.value ?? null;
}

const r = (n: number): number => Math.round(n * 10) / 10;

/**
 * SVG path data for a sparkline of `values` in a `width` × `height` box, `pad` px inside its edges: the line,
 * and the area under it down to the bottom edge. The lowest value touches the bottom pad, the highest the
 * top; a flat series runs through the middle. Null with fewer than two values.
 */
export function sparklinePaths(values: readonly number[], width: number, height: number, pad = 2): { line: string; area: string } | null {
  if (values.length < 2 || width <= 2 * pad || height <= 2 * pad) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const w = width - 2 * pad;
  const h = height - 2 * pad;
  const xy = values.map((v, i) => [r(pad + (i * w) / (values.length - 1)), r(max === min ? pad + h / 2 : pad + (1 - (v - min) / (max - min)) * h)] as const);
  const line = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
  return { line, area: `${line} L${xy.at(-1)![0]} ${height} L${xy[0]![0]} ${height} Z` };
}
