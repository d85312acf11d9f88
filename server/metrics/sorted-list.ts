/** Items per bucket by default (split at twice as many): moves within a bucket stay a few hundred slots. */
const BUCKET = 512;

/**
 * Items kept in the order of `compare`, in buckets of at most 2 × BUCKET: adding or deleting one costs a
 * binary search over the buckets' last items plus a move within one bucket, O(log n + BUCKET), where one
 * sorted array would move half of a million items. Equal items may repeat; `delete` takes out one of them.
 * `bucket` is there for tests: a small one makes a handful of items exercise the splits.
 */
export class SortedList<T> {
  private buckets: T[][] = [];
  /** The last item of each bucket, for the search across buckets. */
  private lasts: T[] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number, private readonly bucket = BUCKET) {}

  get size(): number { return this.count; }

  /** Replaces the contents with `items` (in any order; sorted in place), sorted once: seeding a million costs one sort. */
  load(items: T[]): void {
    items.sort(this.compare);
    this.buckets = [];
    for (let i = 0; i < items.length; i += this.bucket) this.buckets.push(items.slice(i, i + this.bucket));
    this.lasts = this.buckets.map((b) => b[b.length - 1]!);
    this.count = items.length;
  }

  add(item: T): void {
    this.count++;
    if (this.buckets.length === 0) { this.buckets.push([item]); this.lasts.push(item); return; }
    const b = Math.min(this.bucketFor(item), this.buckets.length - 1);
    const bucket = this.buckets[b]!;
    bucket.splice(this.lowerBound(bucket, item), 0, item);
    this.lasts[b] = bucket[bucket.length - 1]!;
    if (bucket.length > 2 * this.bucket) {
      const upper = bucket.splice(this.bucket);
      this.buckets.splice(b + 1, 0, upper);
      this.lasts.splice(b, 1, bucket[bucket.length - 1]!, upper[upper.length - 1]!);
    }
  }

  /** Takes out one item equal to `item` (compare = 0); says whether there was one. */
  delete(item: T): boolean {
    const b = this.bucketFor(item);
    if (b === this.buckets.length) return false;
    const bucket = this.buckets[b]!;
    const i = this.lowerBound(bucket, item);
    if (i === bucket.length || this.compare(bucket[i]!, item) !== 0) return false;
    bucket.splice(i, 1);
    this.count--;
    if (bucket.length === 0) { this.buckets.splice(b, 1); this.lasts.splice(b, 1); } else this.lasts[b] = bucket[bucket.length - 1]!;
    if (bucket.length > 0 && bucket.length < this.bucket / 2 && b + 1 < this.buckets.length) this.mergeWithNext(b);
    return true;
  }

  /** The item at position `index` in the order (0 = first); undefined outside the list. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    let left = index;
    for (const bucket of this.buckets) {
      if (left < bucket.length) return bucket[left];
      left -= bucket.length;
    }
    return undefined;
  }

  /** The first `n` items in order. */
  first(n: number): T[] {
    const out: T[] = [];
    for (const bucket of this.buckets) {
      for (const item of bucket) { if (out.length >= n) return out; out.push(item); }
    }
    return out;
  }

  /** The items in order, starting at the first for which `before` is false (`before` must hold for a prefix). */
  *from(before: (item: T) => boolean): Generator<T> {
    let b = this.search(this.lasts, before);
    if (b === this.buckets.length) return;
    let i = this.search(this.buckets[b]!, before);
    for (; b < this.buckets.length; b++, i = 0) {
      const bucket = this.buckets[b]!;
      for (; i < bucket.length; i++) yield bucket[i]!;
    }
  }

  /** Takes out the leading items for which `drop` holds, and returns them in order. */
  dropWhile(drop: (item: T) => boolean): T[] {
    const out: T[] = [];
    while (this.buckets.length > 0) {
      const bucket = this.buckets[0]!;
      const n = this.search(bucket, drop);
      if (n < bucket.length) {
        if (n > 0) out.push(...bucket.splice(0, n));
        break;
      }
      out.push(...bucket);
      this.buckets.shift();
      this.lasts.shift();
    }
    this.count -= out.length;
    return out;
  }

  *[Symbol.iterator](): Generator<T> {
    for (const bucket of this.buckets) yield* bucket;
  }

  /** Joins a bucket that deletions left small to the next one (split again if too big): buckets stay O(n / BUCKET). */
  private mergeWithNext(b: number): void {
    const joined = this.buckets[b]!.concat(this.buckets[b + 1]!);
    if (joined.length > 2 * this.bucket) {
      const upper = joined.splice(this.bucket);
      this.buckets.splice(b, 2, joined, upper);
      this.lasts.splice(b, 2, joined[joined.length - 1]!, upper[upper.length - 1]!);
    } else {
      this.buckets.splice(b, 2, joined);
      this.lasts.splice(b, 2, joined[joined.length - 1]!);
    }
  }

  /** The first bucket whose last item is not before `item` (the one it belongs in); buckets.length if none. */
  private bucketFor(item: T): number {
    return this.search(this.lasts, (last) => this.compare(last, item) < 0);
  }

  private lowerBound(bucket: readonly T[], item: T): number {
    return this.search(bucket, (x) => this.compare(x, item) < 0);
  }

  /** The first index at which `before` is false, in an array where it holds for a prefix. */
  private search(items: readonly T[], before: (item: T) => boolean): number {
    let lo = 0, hi = items.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (before(items[mid]!)) lo = mid + 1; else hi = mid; }
    return lo;
  }
}
