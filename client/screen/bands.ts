import type { Grid, GridItem } from './grid';

export type Axis = 'x' | 'y';

const span = (item: GridItem, axis: Axis): [number, number] => (axis === 'x' ? [item.x, item.x + item.w] : [item.y, item.y + item.h]);
const length = (grid: Grid, axis: Axis): number => (axis === 'x' ? grid.columns : grid.rows);

/** The grid lines along `axis` (1 … n−1) that no item crosses: where the layout may be cut without cutting a widget. */
export function freeCuts(grid: Grid, axis: Axis): number[] {
  const cuts: number[] = [];
  for (let p = 1; p < length(grid, axis); p++) {
    if (grid.items.every((item) => { const [a, b] = span(item, axis); return b <= p || a >= p; })) cuts.push(p);
  }
  return cuts;
}

/**
 * `parts − 1` free cuts as near to an even split as the layout allows (each the free line nearest its ideal
 * place, in order, no band empty); undefined when the layout has too few free lines.
 */
export function evenCuts(grid: Grid, axis: Axis, parts: number): number[] | undefined {
  const free = freeCuts(grid, axis);
  const n = length(grid, axis);
  const chosen: number[] = [];
  for (let i = 1; i < parts; i++) {
    const ideal = (i * n) / parts;
    const after = free.filter((p) => p > (chosen.at(-1) ?? 0) && n - p >= parts - i);
    if (after.length === 0) return undefined;
    chosen.push(after.reduce((best, p) => (Math.abs(p - ideal) < Math.abs(best - ideal) ? p : best)));
  }
  return chosen;
}

/** The layout cut at `cuts` along `axis` into bands, each a grid of its own with its items moved to start at 0. */
export function splitGrid(grid: Grid, axis: Axis, cuts: readonly number[]): Grid[] {
  const edges = [0, ...cuts, length(grid, axis)];
  return edges.slice(1).map((end, i) => {
    const start = edges[i]!;
    const items = grid.items.filter((item) => span(item, axis)[0] >= start && span(item, axis)[0] < end)
      .map((item) => (axis === 'x' ? { ...item, x: item.x - start } : { ...item, y: item.y - start }));
    return axis === 'x' ? { ...grid, columns: end - start, items } : { ...grid, rows: end - start, items };
  });
}
