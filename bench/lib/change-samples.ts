/**
 * Timed spans of the engine's work (one change: ingest → collect), in wall time and process CPU time, with the
 * garbage collections that fell inside them: a collector's pause lands in whichever span is running, so the p99 of
 * the spans without one tells the engine's own work from the collector's.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { summarise, type Summary } from './stats';

export interface SpanSummary {
  /** Wall time of each span. */
  latency: Summary;
  /** The same spans in process CPU time (all threads: V8's concurrent GC threads can make it exceed the wall time). */
  cpu: Summary;
  /** Spans with a GC inside (a 'gc' performance entry overlapping them), and the p99 of the others. */
  withGc: number;
  p99WithoutGc: number;
}

/** Records spans up to `capacity`; every span is bounded by the caller's loop. */
export class SpanSamples {
  private readonly wall: Float64Array;
  private readonly cpu: Float64Array;
  private readonly spans: Float64Array;
  private n = 0;
  constructor(capacity: number) {
    this.wall = new Float64Array(capacity);
    this.cpu = new Float64Array(capacity);
    this.spans = new Float64Array(capacity * 2);
  }

  /** Runs `work` and records its span; returns what it returned. */
  time<T>(work: () => T): T {
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const out = work();
    const w1 = performance.now();
    const used = process.cpuUsage(cpu0);
    if (this.n < this.wall.length) {
      this.wall[this.n] = w1 - w0;
      this.cpu[this.n] = (used.user + used.system) / 1000;
      this.spans[2 * this.n] = w0;
      this.spans[2 * this.n + 1] = w1;
      this.n++;
    }
    return out;
  }

  get count(): number { return this.n; }

  summary(gcs: readonly [number, number][]): SpanSummary {
    const clean: number[] = [];
    let withGc = 0;
    for (let i = 0; i < this.n; i++) {
      const from = this.spans[2 * i]!, to = this.spans[2 * i + 1]!;
      if (gcs.some(([a, b]) => b > from && a < to)) withGc++;
      else clean.push(this.wall[i]!);
    }
    return { latency: summarise(this.wall.subarray(0, this.n)), cpu: summarise(this.cpu.subarray(0, this.n)), withGc, p99WithoutGc: summarise(clean).p99 };
  }
}

/** Collects the process's GC spans (performance.now() time) from now until `stop` resolves. */
export function watchGc(): { gcs: [number, number][]; stop: () => Promise<void> } {
  const gcs: [number, number][] = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]); });
  observer.observe({ entryTypes: ['gc'] });
  return {
    gcs,
    stop: async () => {
      await new Promise((r) => setTimeout(r, 50)); // the observer hears of the last collections asynchronously
      observer.disconnect();
    },
  };
}
