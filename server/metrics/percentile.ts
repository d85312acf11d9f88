/**
 * The one percentile every metric uses (docs/metrics.md, Percentiles): linear interpolation between the closest
 * ranks, as Excel's PERCENTILE.INC and numpy's default (`method='linear'`) compute it. For n ascending values
 * x[0..n−1] and 0 ≤ q ≤ 1: h = (n − 1)·q, and the value is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 * So q = 0 is the smallest value, q = 1 the largest, and the median of [10, 20] is 15.
 *
 * `at(i)` reads the i-th smallest of `n` values, so a sorted structure answers without being copied. Rounding,
 * where a metric rounds (whole seconds), happens after this, on the interpolated value. Null when n is 0.
 */
export function percentileAt(n: number, at: (index: number) => number, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`a percentile's q must be from 0 to 1; got ${q}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a percentile needs a whole count of values; got ${n}`);
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lower = Math.floor(h);
  const below = at(lower);
  const fraction = h - lower;
  return fraction === 0 ? below : below + fraction * (at(lower + 1) - below);
}

/** The same over an array already sorted ascending. */
export function percentile(sorted: readonly number[], q: number): number | null {
  return percentileAt(sorted.length, (i) => sorted[i]!, q);
}
