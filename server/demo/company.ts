import type { CanonicalRecord } from '../model';
import { zoneOffset } from '../model';
import { EventQueue } from './event-queue';
import { addOfficeTime } from './office-hours';
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
/**
 * Days the company runs before its history begins, handing nothing over: when the history begins, deals are already
 * in every stage of the pipeline, won deals on their way to orders, orders on their way to the customer, as in a
 * company whose systems are connected while it works. Two weeks: a lead's way to a delivered order.
 */
const WARM_UP_DAYS = 14;
/** Relative activity by local hour: quiet nights, busy mornings and afternoons. */
const HOURLY = [0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 0.6, 1.6, 1.6, 1.6, 1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);
const PEAK = Math.max(...HOURLY);


/**
 * A fictional company: deals moving through the pipeline, won deals entered as orders (most of them; some late,
 * some never), orders moving through their stages, tickets answered, passed on, paused and solved, some about a
 * delivered order. Its records carry the customer's key as `account_id` (customers.ts; each simulated vendor shows
 * its own id for it) and `links` from an order to its deal and from a ticket to its order. Event-driven and seeded,
 * so what it does depends only on the seed and the start instant, never on how often it is polled; a restart
 * replays it exactly.
 */
export class DemoCompany {
  private readonly queue = new EventQueue();
  private readonly pending = new Set<CanonicalRecord>();
  private clock: number;
  /** Where the history begins: records last changed before it are not handed over (they are the warm-up's)... */
  private readonly historyStart: number;
  /** ...unless a record handed over links to them: deals and orders, by type and id, for that. */
  private readonly linkable = new Map<string, CanonicalRecord>();

  constructor(private readonly opts: DemoOptions) {
    this.historyStart = opts.start - opts.historyDays * 24 * HOUR;
    this.clock = this.historyStart - WARM_UP_DAYS * 24 * HOUR;
    const rng = new Random(opts.seed);
    const intensity = (t: number) => (t >= opts.start ? opts.speed : 1);
    const at = (t: number, action: () => void) => this.queue.at(Math.max(this.clock + 1000, Math.round(t / 1000) * 1000), action);
    const world: World = {
      rng,
      now: () => this.clock,
      after: (ms, action) => this.queue.at(this.clock + Math.max(1000, Math.round(ms / 1000) * 1000), action),
      afterOffice: (ms, action) => at(addOfficeTime(this.clock, ms, opts.timezone), action),
      duration: (mean) => rng.exp(mean) / intensity(this.clock),
      changed: (record) => {
        this.pending.add(record);
        if (record.type !== 'ticket') this.linkable.set(`${record.type}/${record.id}`, record);
      },
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
    const desk = simulateTickets(world);
    const orders = simulateOrders(world, { delivered: (o) => desk.afterDelivery(o), lateShipment: (o) => desk.lateShipment(o) });
    simulateDeals(world, { won: (d) => orders.wonDeal(d) });
  }

  /** The simulated company's current time. */
  get now(): number { return this.clock; }

  /** Runs the company up to `t` and returns a copy of every record that changed since the last call, within the history. */
  advanceTo(t: number): CanonicalRecord[] {
    for (let event = this.queue.popUntil(t); event; event = this.queue.popUntil(t)) {
      this.clock = event.at;
      event.run();
    }
    this.clock = Math.max(this.clock, t);
    const out = new Set([...this.pending].filter((r) => Date.parse(r.updated_at) >= this.historyStart));
    // The deal an order came from, the order a ticket is about: the vendor holds it however long ago it last changed.
    for (const r of out) {
      for (const link of ('links' in r ? r.links : undefined) ?? []) {
        const target = this.linkable.get(`${link.type}/${link.id}`);
        if (target) out.add(target); // a Set visits what is added while iterating: a ticket's order's deal comes too
      }
    }
    this.pending.clear();
    return [...out].map((r) => structuredClone(r));
  }

  /** Activity at `t` relative to an average hour: by local hour, halved at weekends. */
  private activity(t: number): number {
    const local = new Date(t + zoneOffset(this.opts.timezone, t) * 60_000); // the local wall clock, read in UTC
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    return HOURLY[local.getUTCHours()]! * (weekend ? 0.5 : 1);
  }
}
