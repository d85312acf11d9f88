import type { CanonicalRecord } from '../model';
import { zoneOffset } from '../model';
import { EventQueue } from './event-queue';
import { Random } from './random';
import type { World } from './world';
import { simulateOrders } from './orders';
import { simulateTickets } from './tickets';
import { simulateDeals } from './deals';

export type { World } from './world';

export interface DemoOptions {
  seed: number;
  /** Activity multiplier from `start` on, so a live demo moves every few seconds. */
  speed: number;
  historyDays: number;
  /** The instant the live part starts; the history runs over the `historyDays` before it. */
  start: number;
  timezone: string;
}

const HOUR = 3_600_000;
/** Relative activity by local hour: quiet nights, busy mornings and afternoons. */
const HOURLY = [0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 0.6, 1.6, 1.6, 1.6, 1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);
const PEAK = Math.max(...HOURLY);


/**
 * A fictional company: orders moving through their stages, tickets answered, paused and solved,
 * deals moving through the pipeline. Event-driven and seeded, so what it does depends only on the seed
 * and the start instant, never on how often it is polled; a restart replays it exactly.
 */
export class DemoCompany {
  private readonly queue = new EventQueue();
  private readonly pending = new Set<CanonicalRecord>();
  private clock: number;

  constructor(private readonly opts: DemoOptions) {
    this.clock = opts.start - opts.historyDays * 24 * HOUR;
    const rng = new Random(opts.seed);
    const intensity = (t: number) => (t >= opts.start ? opts.speed : 1);
    const world: World = {
      rng,
      now: () => this.clock,
      after: (ms, action) => this.queue.at(this.clock + Math.max(1000, Math.round(ms / 1000) * 1000), action),
      duration: (mean) => rng.exp(mean) / intensity(this.clock),
      changed: (record) => this.pending.add(record),
      arrivals: (perDay, create) => {
        // Thinning: candidates at the peak rate, each kept with the probability of the rate at its time.
        const next = () => {
          const peakPerMs = (perDay * PEAK) / (HOURLY_SUM * HOUR) * intensity(this.clock);
          let at = this.clock + rng.exp(1 / peakPerMs);
          if (this.clock < opts.start && at >= opts.start) at = opts.start; // the rate changes at the start
          this.queue.at(Math.round(at), () => {
            if (rng.next() < this.activity(this.clock) / PEAK) create();
            next();
          });
        };
        next();
      },
      iso: (ms) => new Date(ms ?? this.clock).toISOString(),
    };
    simulateOrders(world);
    simulateTickets(world);
    simulateDeals(world);
  }

  /** The simulated company's current time. */
  get now(): number { return this.clock; }

  /** Runs the company up to `t` and returns a copy of every record that changed since the last call. */
  advanceTo(t: number): CanonicalRecord[] {
    for (let event = this.queue.popUntil(t); event; event = this.queue.popUntil(t)) {
      this.clock = event.at;
      event.run();
    }
    this.clock = Math.max(this.clock, t);
    const out = [...this.pending].map((r) => structuredClone(r));
    this.pending.clear();
    return out;
  }

  /** Activity at `t` relative to an average hour: by local hour, halved at weekends. */
  private activity(t: number): number {
    const local = new Date(t + zoneOffset(this.opts.timezone, t) * 60_000); // the local wall clock, read in UTC
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    return HOURLY[local.getUTCHours()]! * (weekend ? 0.5 : 1);
  }
}
