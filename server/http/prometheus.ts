import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SourceHealth, SourceState } from '../protocol';

export interface HubMetricsDeps {
  /** Source ids known at start, so their counters read 0 before the first poll. */
  sourceIds: readonly string[];
  sources(): SourceHealth[];
  sockets(): number;
  /** Open alerts by state (pending, firing), and how many are acknowledged and suppressed. */
  alerts?(): { pending: number; firing: number; acknowledged: number; suppressed: number };
  /** Channel ids, so their counters read 0 before the first notification. */
  channelIds?: readonly string[];
}

const STATES: readonly SourceState[] = ['ok', 'syncing', 'degraded', 'down', 'paused'];
const OUTCOMES = ['ok', 'error', 'timeout', 'throttled', 'auth'] as const;

/**
 * The hub's own health in Prometheus text format (`GET /metrics`). One registry per hub, so several hubs
 * in one process (tests) never share or collide. Gauges are read from the hub when scraped.
 */
export function createHubMetrics(deps: HubMetricsDeps) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const polls = new Counter({ name: 'opswall_source_polls_total', help: 'Polls of a source by outcome (ok, error, timeout, throttled, auth).', labelNames: ['source', 'outcome'], registers });
  const errors = new Counter({ name: 'opswall_source_errors_total', help: 'Failed polls of a source (every outcome but ok).', labelNames: ['source'], registers });
  const stored = new Counter({ name: 'opswall_source_records_stored_total', help: 'Records a source stored that were new or changed.', labelNames: ['source'], registers });
  const rejected = new Counter({ name: 'opswall_source_records_rejected_total', help: 'Records a source sent that failed validation.', labelNames: ['source'], registers });
  const duration = new Histogram({ name: 'opswall_source_poll_duration_seconds', help: 'Time a poll took, every page included.', labelNames: ['source'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers });
  const push = new Histogram({ name: 'opswall_push_latency_seconds', help: 'From a change stored to its metrics messages emitted to sockets.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers });

  const perSource = (name: string, help: string, value: (s: SourceHealth) => number | undefined) => new Gauge({
    name, help, labelNames: ['source'], registers,
    collect() {
      this.reset();
      for (const s of deps.sources()) { const v = value(s); if (v !== undefined) this.set({ source: s.id }, v); }
    },
  });
  perSource('opswall_source_lag_seconds', 'Seconds since the source\'s last successful poll (absent before the first).', (s) => s.lagSeconds);
  perSource('opswall_source_records', 'Records of the source in the store.', (s) => s.records);
  perSource('opswall_source_backfill_ratio', 'Progress of a running backfill, 0 to 1 (1 when none is running).', (s) => (s.backfill ? s.backfill.pct / 100 : 1));
  perSource('opswall_source_backfill_records_done', 'Records stored by the running backfill (absent when none runs).', (s) => s.backfill?.done);
  perSource('opswall_source_backfill_records_expected', 'Records the running backfill expects in all (absent when none runs).', (s) => s.backfill?.total);
  new Gauge({
    name: 'opswall_source_state', help: 'The source\'s health state: 1 for the current one of ok, degraded, down, paused.', labelNames: ['source', 'state'], registers,
    collect() {
      this.reset();
      for (const s of deps.sources()) for (const state of STATES) this.set({ source: s.id, state }, s.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'opswall_records_without_rate', help: 'Stored orders and deals of a source in a currency no configured rate converts to the reporting currency: left out of money metrics.',
    labelNames: ['source', 'currency'], registers,
    collect() {
      this.reset();
      for (const s of deps.sources()) {
        for (const [currency, n] of Object.entries(s.amountsWithoutRate?.byCurrency ?? {})) this.set({ source: s.id, currency }, n);
      }
    },
  });
  new Gauge({
    name: 'opswall_alerts', help: 'Open alerts: pending, firing, and of those acknowledged or suppressed (silenced, inhibited).', labelNames: ['state'], registers,
    collect() {
      this.reset();
      const counts = deps.alerts?.();
      if (counts) for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  const notifications = new Counter({ name: 'opswall_alert_notifications_total', help: 'Notification sends by channel and outcome (sent, retry, failed).',
    labelNames: ['channel', 'outcome'], registers });
  for (const channel of deps.channelIds ?? []) for (const outcome of ['sent', 'retry', 'failed']) notifications.inc({ channel, outcome }, 0);
  new Gauge({ name: 'opswall_socket_connections', help: 'Socket.IO clients connected now.', registers, collect() { this.set(deps.sockets()); } });

  for (const source of deps.sourceIds) {
    for (const outcome of OUTCOMES) polls.inc({ source, outcome }, 0);
    errors.inc({ source }, 0);
    stored.inc({ source }, 0);
    rejected.inc({ source }, 0);
  }

  return {
    registry,
    /** For the scheduler (SchedulerObserver). */
    observer: {
      polled(source: string, outcome: string, seconds: number) {
        polls.inc({ source, outcome });
        if (outcome !== 'ok') errors.inc({ source });
        duration.observe({ source }, seconds);
      },
      stored(source: string, counts: { changed: number; rejected: number }) {
        stored.inc({ source }, counts.changed);
        rejected.inc({ source }, counts.rejected);
      },
    },
    pushed(seconds: number) { push.observe(seconds); },
    /** A notification send ended (the channel room's delivery outcome). */
    notified(channel: string, outcome: string) { notifications.inc({ channel, outcome }); },
    /** `GET /metrics`. */
    handler: ((_req, res, next) => {
      registry.metrics().then((text) => { res.type(registry.contentType).send(text); }, next);
    }) satisfies RequestHandler,
  };
}

export type HubMetrics = ReturnType<typeof createHubMetrics>;
