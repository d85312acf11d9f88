import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { createAccess, type Principal } from './access';
import { createAlertService, createChannel, createDelivery } from './alerts';
import { demoConfig, loadConfig, parseConfig, type Config } from './config';
import { keptDemoStart, startDemoVendors, type DemoSimulation, type DemoVendors } from './demo';
import { sizeBytes } from './fields';
import { createAccessHttp, createHttpApp, createHubMetrics } from './http';
import { CATALOGUE, MetricError, OLDEST_WINDOW_MS, createEngine, createKeyBudget } from './metrics';
import { parseDuration, type Alert, type MetricRef } from './protocol';
import { createKeyRetention, createRealtime, registerRealtimeMetrics, type RealtimeDeps } from './realtime';
import { createScreenLibrary, loadWidgetOptionSchemas, screenMetrics } from './screens';
import { evaluateTicket } from './sla';
import { createScheduler, isPushSource, planSources } from './sources';
import { createStore, type Store } from './store';

export interface HubOptions {
  port?: number;
  host?: string;
  /** SQLite file, or ':memory:' (default data/opswall.db). */
  dbPath?: string;
  /** A config file; without it (and without `config`) the built-in demo runs. */
  configPath?: string;
  /** An already parsed config object (tests). */
  config?: unknown;
  screensDir?: string;
  clientDir?: string;
  logger?: Logger;
  heartbeatMs?: number;
  /** The built-in demo's simulated company (seed, speed, history), when it runs: tests run it faster. */
  demo?: Partial<DemoSimulation>;
  /** Test hook: SQLite pragmas run first on the store's connection (`query_only = ON` opens it as a read-only file would). */
  storePragmas?: readonly string[];
}

export interface Hub {
  url: string;
  port: number;
  epoch: string;
  http: HttpServer;
  config: Config;
  /** The built-in demo's simulated vendors, when the hub runs the demo. */
  demo?: Pick<DemoVendors, 'urls' | 'served'>;
  /** The hub's store (tests inject SQLite faults through `store.db`). */
  store: Store;
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES_PUSH_MS = 5_000;

/** Composes the rooms of the house and starts the hub. The one place that wires rooms together. */
export async function startHub(opts: HubOptions = {}): Promise<Hub> {
  const log = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  // Without a config the built-in demo runs: a simulated Zendesk, Salesforce and ERPNext on loopback, polled through
  // the real connectors. The store keeps its company's start, so a restart replays the same company.
  const demo: DemoVendors | undefined = opts.config === undefined && !opts.configPath ? await startDemoVendors({
    simulation: opts.demo, start: () => keptDemoStart(store),
    sla: (ticket, now) => evaluateTicket(ticket, config.sla.policies, now, config.sla.calendars),
  }) : undefined;
  const config: Config = demo ? parseConfig(demoConfig(demo.urls), '(built-in demo)')
    : opts.config !== undefined ? parseConfig(opts.config) : loadConfig(opts.configPath);
  const epoch = randomUUID();
  const startedAt = Date.now();
  const store = createStore(opts.dbPath ?? 'data/opswall.db', { log, ...(opts.storePragmas ? { pragmas: opts.storePragmas } : {}) });

  // The scheduler's callbacks run only once it is started, after every room below exists.
  const scheduler = createScheduler({
    store, log,
    observer: {
      polled: (source, outcome, seconds, startedAt) => {
        hubMetrics.observer.polled(source, outcome, seconds);
        if (outcome === 'ok') alerts.pollSucceeded(source, startedAt, Date.now());
      },
      stored: (...a) => hubMetrics.observer.stored(...a),
    },
    onChanges: (_source, changes) => {
      const storedAt = performance.now();
      engine.ingest(changes.map((c) => c.after), Date.now());
      if (flush() > 0) hubMetrics.pushed((performance.now() - storedAt) / 1000);
    },
    onHealth: (_sources, stateChanged) => {
      if (stateChanged) {
        for (const entity of ['order', 'ticket', 'deal'] as const) engine.touch(entity); // `stale` may flip
        flush();
      }
      publishSources(stateChanged);
    },
  });
  // Sources are known (not yet polled) before anything reads their health.
  for (const plan of planSources(config, demo ? { ...process.env, ...demo.env } : process.env)) scheduler.add(plan);
  const pushSources = config.sources.filter(isPushSource);
  for (const source of pushSources) scheduler.addPush(source.id);

  // Alerts: the lifecycle is fed by SLA evaluations (from the first one at start), polls and rules.
  const delivery = createDelivery({
    outbox: store.outbox, // notifications kept until sent: what a kill interrupted is sent after the start
    channels: config.alerts.channels.map((c) => createChannel(c, { env: process.env, timezone: config.timezone })), log,
    onOutcome: (channel, outcome) => hubMetrics.notified(channel, outcome),
  });
  const alertStream: { publish?: (alert: Alert) => void } = {}; // the realtime room exists only further down
  let externalUrl = config.alerts.external_url ?? '';
  const ruleKeys = new Map<string, string>();
  const alerts = createAlertService({
    config, tables: store.alerts, log,
    health: () => scheduler.health(),
    metric: (ruleId) => { const key = ruleKeys.get(ruleId); return key === undefined ? undefined : engine.current(key); },
    publish: (alert) => alertStream.publish?.(alert),
    deliver: (batch) => delivery.deliver(batch),
    externalUrl: () => externalUrl,
  });
  const engine = createEngine({
    timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: CATALOGUE,
    replay: () => store.iterateRecords(),
    freshness: (entity) => scheduler.freshness(entity), finished: store.slaFinished,
    onSla: (sla, at) => alerts.observeSla(sla, at),
    onSlaError: (key, err) => log.error({ ticket: key, err: err.message }, 'cannot evaluate a ticket\'s SLA clocks: it has none until it changes'),
  });
  store.slaFinished.prune(new Date(Date.now() - OLDEST_WINDOW_MS).toISOString());
  engine.loadClocks(store.iterateOpenTickets(), Date.now());

  const screensDir = opts.screensDir ?? `${ROOT}screens`;
  const widgets = await loadWidgetOptionSchemas({ log });
  // Callbacks run only once watching starts, after the realtime room exists.
  const library = createScreenLibrary({
    dir: screensDir, log, checks: { checkMetric: (ref) => engine.resolve(ref), widgets }, resolve: (ref) => engine.resolve(ref),
    onScreensChanged: (changed) => {
      watchScreens();
      for (const def of changed) realtime.screenChanged(def.id);
    },
  });
  // Access control: who may see what, paired displays, the audit log (off by default: the demo needs no login).
  const playlistOf = (id: string) => library.playlists().find((p) => p.id === id)?.definition;
  const access = createAccess({
    config: config.access, alertRules: config.alerts.rules, tables: store.access, log, env: process.env,
    resolve: (ref) => engine.resolve(ref),
    money: (id) => CATALOGUE.find((m) => m.id === id)?.money,
    playlistScreens: (id) => playlistOf(id)?.screens.map((s) => s.screen) ?? [],
  });
  access.prune();
  const sessionPruner = setInterval(() => access.prune(), 3_600_000);
  sessionPruner.unref();
  // Threshold rules watch a metric each: computed all the time, like the screens' keys.
  const ruleRefs = config.alerts.rules.flatMap((rule, i) => {
    if (rule.kind !== 'threshold') return [];
    try { ruleKeys.set(rule.id, engine.resolve(rule.metric).key); } catch (err) {
      throw new Error(`config: alerts.rules.${i}.metric: ${(err as Error).message}`, { cause: err });
    }
    return [rule.metric];
  });
  // Keys every served screen shows are computed all the time, so a TV that connects gets a full snapshot at once.
  let screenKeys = new Set<string>();
  function watchScreens() {
    const defs = library.screens().flatMap((s) => (s.definition ? [s.definition] : []));
    const before = screenKeys;
    screenKeys = new Set(engine.ensure([...defs.flatMap(screenMetrics), ...ruleRefs], Date.now()));
    for (const key of before) if (!screenKeys.has(key)) retention.used(key); // kept for the grace, then forgotten unless watched
  }
  // A key no screen, rule or socket watches is kept for a grace period (the next reader gets it at once), then forgotten.
  const sockets = config.access.sockets;
  const retention = createKeyRetention({
    graceMs: parseDuration(sockets.unwatched_key_grace),
    keys: () => engine.keys(),
    watched: () => { const watched = realtime.watchedKeys(); return (key) => screenKeys.has(key) || watched.has(key); },
    release: (key) => engine.release(key),
    evicted: (key) => { realtimeMetrics.evicted(); log.debug({ key }, 'unwatched metric key forgotten'); },
  });
  watchScreens();

  const http = createServer();
  const realtime = createRealtime(http, {
    epoch, log, heartbeatMs: opts.heartbeatMs ?? 5_000, timezone: config.timezone,
    screen: (id) => library.served(id),
    screenMetrics,
    ensure: (refs: MetricRef[]) => { const keys = engine.ensure(refs, Date.now()); flush(); return keys; },
    resolveKey: (ref) => engine.resolve(ref).key,
    release: (key) => retention.used(key),
    isScreenKey: (key) => screenKeys.has(key),
    current: (key) => engine.current(key),
    sources: () => scheduler.health(),
    alerts: () => alerts.list('open'),
    limits: { maxKeys: sockets.max_keys, newKeysPerMinute: sockets.new_keys_per_minute, maxBufferBytes: sizeBytes(sockets.max_buffer) },
    observer: { dropped: (reason) => realtimeMetrics.dropped(reason), refused: (reason) => realtimeMetrics.refused(reason) },
    ...(access.enabled ? {
      authenticate: (handshake) => access.socket(handshake),
      presence: (viewer, online) => access.presence(viewer, online),
      report: (viewer, body) => access.report(viewer, body),
    } satisfies Partial<RealtimeDeps> : {}),
  });
  alertStream.publish = (alert) => realtime.publishAlert(alert);

  /** Pushes whatever changed. Called after each stored page, each tick, and each new key. Returns the messages sent. */
  function flush() { return realtime.publish(engine.collect(Date.now())); }

  // A state change goes out at once; a mere new "last success" (data age) at most every few seconds.
  let sourcesSentAt = 0;
  let sourcesTimer: NodeJS.Timeout | undefined;
  function publishSources(urgent: boolean) {
    clearTimeout(sourcesTimer);
    const wait = urgent ? 0 : Math.max(0, sourcesSentAt + SOURCES_PUSH_MS - Date.now());
    sourcesTimer = setTimeout(() => { sourcesSentAt = Date.now(); realtime.publishSources(scheduler.health()); }, wait);
    sourcesTimer.unref();
  }

  // The hub's own health on GET /metrics; the scheduler's observer reaches it only once polling starts.
  const hubMetrics = createHubMetrics({
    sourceIds: config.sources.map((s) => s.id), sources: () => scheduler.health(), sockets: () => realtime.connections,
    alerts: () => alerts.counts(), channelIds: config.alerts.channels.map((c) => c.id),
  });

  // REST callers pay for new metric keys as sockets do (each is a pass over the store), per principal or address.
  const restNewKeys = createKeyBudget(sockets.new_keys_per_minute);
  const realtimeMetrics = registerRealtimeMetrics(hubMetrics.registry, { keys: () => engine.keys().length });
  const keySweeper = setInterval(() => {
    try { retention.sweep(); restNewKeys.prune(Date.now()); } catch (err) { log.error({ err }, 'cannot sweep unwatched metric keys'); }
  }, retention.sweepEveryMs);
  keySweeper.unref();

  const ticker = setInterval(() => {
    const now = Date.now();
    try {
      engine.tick(now);
      flush();
      alerts.tick(now); // after the metrics moved: threshold rules read the values of this second
    } catch (err) {
      log.error({ err }, 'the one-second tick failed'); // never a crash from a timer: the next tick tries again
    }
  }, 1_000);
  ticker.unref();

  http.on('request', createHttpApp({
    accessHttp: createAccessHttp({
      access, log, departments: config.departments, alert: (key) => alerts.get(key),
      targetExists: (t) => ('screen' in t ? Boolean(library.screen(t.screen)?.definition) : Boolean(playlistOf(t.playlist))),
      disconnect: (tag) => realtime.disconnect(tag),
      command: (tag, msg) => realtime.command(tag, msg),
    }),
    trustProxy: config.access.trust_proxy,
    log,
    view: (res) => (access.enabled && res.locals.principal ? access.restView(res.locals.principal as Principal) : undefined),
    startedAt, store: () => store.health(), hubMetrics, catalogue: CATALOGUE, clientDir: opts.clientDir ?? `${ROOT}dist/client`,
    sources: () => scheduler.health(),
    screens: () => library.screens(),
    screen: (id) => library.served(id),
    playlists: () => library.playlists(),
    assetsDir: join(screensDir, 'assets'),
    pushSources, env: process.env, alerts,
    ingest: (id, records) => scheduler.ingest(id, records),
    pauseSource: (id) => { scheduler.pause(id); log.info({ source: id }, 'source paused over REST'); },
    resumeSource: (id) => { scheduler.resume(id); log.info({ source: id }, 'source resumed over REST'); },
    known: (id, type, recordId) => store.getRecord(id, type, recordId), timezone: config.timezone,
    metricValue: (ref, holder) => {
      const now = Date.now();
      const refused = engine.current(engine.resolve(ref).key) === undefined ? restNewKeys.take(holder, 1, now) : undefined;
      if (refused) {
        throw new MetricError('rate_limited', `${ref.id}: not computed yet, and ${holder} has had ${refused.used} new metric keys computed in the `
          + `last minute, the limit (access.sockets.new_keys_per_minute); try again in ${refused.waitS} s, or ask for one already shown`);
      }
      const [key] = engine.ensure([ref], now);
      flush();
      retention.used(key!); // a REST reader polling it gets it computed for the grace, without a pass over the store each time
      return engine.current(key!)!;
    },
  }));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => { http.off('error', reject); resolve(); });
  });
  const port = (http.address() as AddressInfo).port;
  externalUrl ||= `http://127.0.0.1:${port}`;
  scheduler.start();
  library.watch();
  log.info({ port, epoch, sources: config.sources.map((s) => s.id), screens: library.screens().length, ...(demo ? { demo: demo.urls } : {}) }, 'hub started');

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`, port, epoch, http, config, store, ...(demo ? { demo: { urls: demo.urls, served: demo.served } } : {}),
    close: () => (closing ??= (async () => {
      clearInterval(ticker);
      clearInterval(keySweeper);
      clearInterval(sessionPruner);
      clearTimeout(sourcesTimer);
      await scheduler.stop();
      await demo?.close();
      await delivery.close();
      await realtime.close(); // closes the HTTP server too
      store.close();
      library.close();
    })()),
  };
}
