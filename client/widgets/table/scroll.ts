export type ScrollMode = 'none' | 'page' | 'step';

/** Which rows show now: their indices in order, and the page (1-based) of how many. */
export interface ScrollWindow { indices: number[]; page: number; pages: number }

/**
 * The rows shown out of `total` when `fit` fit the box, `tick` scroll periods after the epoch. Paging shows
 * rows [k·fit, (k+1)·fit) for page k = tick mod pages; stepping starts at row tick mod total and wraps round
 * to the first row. Without scrolling, or when everything fits, it is the first `fit` rows.
 */
export function scrollWindow(total: number, fit: number, mode: ScrollMode, tick: number): ScrollWindow {
  const count = Math.max(0, Math.min(total, fit));
  if (mode === 'none' || total <= fit || count === 0) return { indices: range(0, count), page: 1, pages: 1 };
  if (mode === 'page') {
    const pages = Math.ceil(total / fit);
    const page = mod(tick, pages);
    return { indices: range(page * fit, Math.min(total, (page + 1) * fit)), page: page + 1, pages };
  }
  const start = mod(tick, total);
  return { indices: range(0, fit).map((i) => (start + i) % total), page: 1, pages: 1 };
}

/**
 * Scroll periods since the epoch at server time `now`: derived from the clock rather than a timer, so the
 * table needs nothing to release and every wall shows the same rows.
 */
export function scrollTick(now: number, seconds: number): number {
  return Math.floor(now / (seconds * 1000));
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
const mod = (n: number, m: number): number => ((n % m) + m) % m;
