/**
 * Keys with a due instant each; `popDue(now)` hands back those whose instant has come. A min-heap with
 * lazy deletion: rescheduling a key leaves the old heap entry behind, skipped when it surfaces.
 */
export class DueIndex<K> {
  private readonly heap: { at: number; key: K }[] = [];
  private readonly dueAt = new Map<K, number>();

  schedule(key: K, at: number | undefined): void {
    if (at === undefined) { this.dueAt.delete(key); return; }
    if (this.dueAt.get(key) === at) return;
    this.dueAt.set(key, at);
    this.heap.push({ at, key });
    this.up(this.heap.length - 1);
  }

  popDue(now: number): K[] {
    const out: K[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const top = this.pop();
      if (this.dueAt.get(top.key) === top.at) { this.dueAt.delete(top.key); out.push(top.key); }
    }
    return out;
  }

  get size(): number { return this.dueAt.size; }

  private pop(): { at: number; key: K } {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) { this.heap[0] = last; this.down(0); }
    return top;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let min = i;
      if (l < h.length && h[l]!.at < h[min]!.at) min = l;
      if (r < h.length && h[r]!.at < h[min]!.at) min = r;
      if (min === i) return;
      [h[min], h[i]] = [h[i]!, h[min]!];
      i = min;
    }
  }
}
