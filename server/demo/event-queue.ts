interface Scheduled { at: number; seq: number; run: () => void }

/** Simulated events in time order; equal times keep the order they were scheduled in (determinism). */
export class EventQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  at(at: number, run: () => void): void {
    this.heap.push({ at, seq: this.seq++, run });
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(this.heap[i]!, this.heap[p]!)) break;
      [this.heap[p], this.heap[i]] = [this.heap[i]!, this.heap[p]!];
      i = p;
    }
  }

  /** Removes and returns the earliest event if it is due by `until`. */
  popUntil(until: number): Scheduled | undefined {
    const top = this.heap[0];
    if (!top || top.at > until) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < this.heap.length && this.before(this.heap[l]!, this.heap[m]!)) m = l;
        if (r < this.heap.length && this.before(this.heap[r]!, this.heap[m]!)) m = r;
        if (m === i) break;
        [this.heap[m], this.heap[i]] = [this.heap[i]!, this.heap[m]!];
        i = m;
      }
    }
    return top;
  }

  get size(): number { return this.heap.length; }

  private before(a: Scheduled, b: Scheduled): boolean { return a.at < b.at || (a.at === b.at && a.seq < b.seq); }
}
