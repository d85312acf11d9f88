import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { AlertService } from './alerts';
import type { CustomerMap } from './customers';
import type { HubMetrics } from './http';
import type { Engine, MetricKeys } from './metrics';
import type { MetricRef, SourceHealth } from './protocol';
import type { Realtime } from './realtime';
import type { SourcedRecord } from './model';

/** The rooms the data flows through, in its order: sources → store → engine → realtime, alerts beside. */
export interface PipelineStages {
  /** The sources' health now (the scheduler's). */
  sources(): SourceHealth[];
  /** The customer map: it hears each stored page before the engine, which resolves customers through it. */
  customers: Pick<CustomerMap, 'apply'>;
  engine: Engine;
  keys: MetricKeys;
  realtime: Realtime;
  alerts: AlertService;
  /** The hub's own health counters (GET /metrics). */
  hubMetrics: HubMetrics;
  log: Logger;
}

/** A mere new "last success" (data age) goes out at most this often; a state change goes out at once. */
const SOURCES_PUSH_MS = 5_000;

/**
 * The hub's data flow, written once in its order. A source stores a page (`stored`) and its health moves
 * (`health`); the engine folds the records in and the realtime room pushes what changed (`push`); each second
 * windows roll, SLA clocks pass their deadlines and alert rules read the values of that second (`tick`).
 * Metric keys come and go through one owner (`keys`): standing keys for screens and rules, held ones for
 * sockets, read ones for REST, swept after their grace. Every step catches its own failure: a timer never throws.
 */
export function createPipeline(s: PipelineStages) {
  let sourcesSentAt = 0;
  let sourcesTimer: NodeJS.Timeout | undefined;

  /** Pushes whatever changed since the last push; returns the messages sent. */
  function push(now = Date.now()): number {
    return s.realtime.publish(s.engine.collect(now));
  }

  return {
    push,
    /** A source stored a page of changes: into the engine, out to the walls; the push latency is counted. */
    stored(records: SourcedRecord[]): void {
      const storedAt = performance.now();
      try { s.customers.apply(records); } catch (err) { s.log.error({ err }, 'cannot fold a stored page into the customer map'); }
      s.engine.ingest(records, Date.now());
      if (push() > 0) s.hubMetrics.pushed((performance.now() - storedAt) / 1000);
    },
    /**
     * Sources' health changed; on a state change values may turn stale or fresh, and on a coverage change (a backfill
     * completed, a first push) comparisons may appear: the walls hear at once.
     */
    health(stateChanged: boolean): void {
      if (stateChanged) {
        for (const entity of ['order', 'ticket', 'deal'] as const) s.engine.touch(entity);
        push();
      }
      clearTimeout(sourcesTimer);
      const wait = stateChanged ? 0 : Math.max(0, sourcesSentAt + SOURCES_PUSH_MS - Date.now());
      sourcesTimer = setTimeout(() => { sourcesSentAt = Date.now(); s.realtime.publishSources(s.sources()); }, wait);
      sourcesTimer.unref();
    },
    /** Each second: the engine's windows and clocks move, the walls hear, then alert rules read the values of this second. */
    tick(now: number): void {
      try {
        s.engine.tick(now);
        push(now);
        s.alerts.tick(now);
      } catch (err) {
        s.log.error({ err }, 'the one-second tick failed'); // the next tick tries again
      }
    },
    /** The keys every served screen and threshold rule shows, computed all the time. */
    stand(refs: MetricRef[]): void {
      s.keys.stand(refs, Date.now());
      push();
    },
    /** Keys a socket subscribes to, computed now and pushed to whoever watches them. */
    hold(refs: MetricRef[]): string[] {
      const keys = s.keys.hold(refs, Date.now());
      push();
      return keys;
    },
    /** A REST read of one metric: computed within the caller's budget, kept for the grace. */
    read(ref: MetricRef, holder: string) {
      const key = s.keys.read(ref, holder, Date.now());
      push();
      return s.engine.current(key)!;
    },
    /** Forgets keys nobody has held for the grace. */
    sweep(): void {
      try { s.keys.sweep(Date.now(), s.realtime.watchedKeys()); } catch (err) { s.log.error({ err }, 'cannot sweep unwatched metric keys'); }
    },
    close(): void { clearTimeout(sourcesTimer); },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
