/**
 * The engine side of the definitions benchmark (bench/definitions.ts): engines over a few definitions, the synthetic
 * records they replay, one seeding measured (time and heap), and the instants of a run.
 */
import { performance } from 'node:perf_hooks';
import { createEngine, type Engine, type MetricDefinition } from '../../server/metrics';
import type { CanonicalRecord, SourcedRecord } from '../../server/model';
import { collectGarbage } from '../engine-scale';
import { DEAL_NEXT_STAGE, ORDER_NEXT_STATUS, Reservoir, dealAt, isOpenTicket, orderAt, ticketAt, type SynthOptions } from './synthetic';

const ZONE = 'Asia/Shanghai';
const SOURCE = 'bench';
const RESERVOIR = 4_000;
const MB = 1024 * 1024;

/** An engine over `defs` alone, replaying `replay`; data age fixed, as in bench/engine-scale.ts. */
export const engineOf = (defs: readonly MetricDefinition<never>[], replay: () => Iterable<SourcedRecord>): Engine => createEngine({
  timezone: ZONE, policies: [], catalogue: defs, replay, freshness: () => ({ asOf: null, stale: false }),
});
export const refsOf = (defs: readonly MetricDefinition<never>[]) => defs.map((d) => ({ id: d.id, params: {} }));
export const sourced = (r: CanonicalRecord): SourcedRecord => ({ ...r, source: SOURCE });

/** Record i of each kind, as the store would replay them (orders, then tickets, then deals), `changed` in place of the originals and after them. */
export function* replayOf(synth: SynthOptions, changed: ReadonlyMap<string, SourcedRecord> = new Map()): Generator<SourcedRecord> {
  const plan = [[synth.counts.order, orderAt], [synth.counts.ticket, ticketAt], [synth.counts.deal, dealAt]] as const;
  const seen = new Set<string>();
  for (const [count, make] of plan) {
    for (let i = 0; i < count; i++) {
      const r = make(i, synth);
      const key = `${r.type}/${r.id}`;
      const over = changed.get(key);
      if (over) seen.add(key);
      yield over ?? sourced(r);
    }
  }
  for (const [key, r] of changed) if (!seen.has(key)) yield r; // records the changes created
}

/** One pass over the records doing nothing but sampling the live ones changes may pick: the floor of any seeding. */
export function scan(synth: SynthOptions) {
  const pools = { liveOrders: new Reservoir<number>(RESERVOIR, synth.seed + 2), openTickets: new Reservoir<number>(RESERVOIR, synth.seed + 1),
    openDeals: new Reservoir<number>(RESERVOIR, synth.seed + 3) };
  const idx = { order: 0, ticket: 0, deal: 0 };
  const t0 = performance.now();
  for (const r of replayOf(synth)) {
    const i = idx[r.type as keyof typeof idx]++;
    if (r.type === 'order' && ORDER_NEXT_STATUS[r.status]) pools.liveOrders.offer(i);
    else if (r.type === 'ticket' && isOpenTicket(r)) pools.openTickets.offer(i);
    else if (r.type === 'deal' && DEAL_NEXT_STAGE[r.stage]) pools.openDeals.offer(i);
  }
  return { ms: performance.now() - t0, pools: { liveOrders: pools.liveOrders.items, openTickets: pools.openTickets.items, openDeals: pools.openDeals.items } };
}

/** A fresh engine over `defs`, seeded and collected once: the time it took and the heap it holds after a full GC. */
export function seed(defs: readonly MetricDefinition<never>[], replay: () => Iterable<SourcedRecord>, now: number) {
  collectGarbage();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = engineOf(defs, replay);
  engine.ensure(refsOf(defs), now);
  engine.collect(now);
  const ms = performance.now() - t0;
  collectGarbage();
  return { engine, ms, heapMb: (process.memoryUsage().heapUsed - heap0) / MB };
}

/** The middle value (the lower of the two middle ones for an even count). */
export const median = (xs: readonly number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN; };
