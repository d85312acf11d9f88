import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { createAccess, type Principal } from './access';
import { createAlertService, createChannel, createDelivery, ruleMetric } from './alerts';
import { builtinMetrics, createCatalogue, metricsDirBeside, screenSchemaMissing } from './catalogue';
import { demoConfig, loadConfig, parseConfig, type Config } from './config';
import { createMoney } from './currency';
import { createCustomerMap } from './customers';
import { definitionLimits } from './definitions';
import { keptDemoStart, startDemoVendors, type DemoSimulation, type DemoVendors } from './demo';
import { sizeBytes } from './fields';
import { createAccessHttp, createHttpApp, createHubMetrics, recordUrls } from './http';
import { CATALOGUE, OLDEST_WINDOW_MS, createEngine, createMetricKeys, type MetricDefinition } from './metrics';
import { isLoopback } from './net';
import { PACKAGE_ROOT, packageVersion } from './package';
import { createPipeline } from './pipeline';
import { parseDuration, type Alert, type MetricRef } from './protocol';
import { createRealtime, registerRealtimeMetrics, type RealtimeDeps } from './realtime';
import { createScreenLibrary, loadWidgetOptionSchemas, screenMetrics } from './screens';
import { evaluateTicket } from './sla';
import { createScheduler, isPushSource, moneyExtraKeys, planSources } from './sources';
import { createStore, StoreWriteError, type Store } from './store';

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
  /** The company's metric definitions (default: `metrics/` beside the screens folder). */
  metricsDir?: string;
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

/**
 * Composes the rooms of the house and starts the hub: the one place that wires rooms together. The rooms are
 * made in the order data flows through them (config, store, sources, engine, alerts, screens, realtime, access,
 * HTTP); the flow between them is the pipeline (server/pipeline.ts), whose steps the callbacks below call.
 */
export async function startHub(opts: HubOptions = {}): Promise<Hub> {
  const log = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });

  // Config. Without one the built-in demo runs: a simulated Zendesk, Salesforce and ERPNext on loopback, polled
  // through the real connectors. The store keeps its company's start, so a restart replays the same company.
  const demo: DemoVendors | undefined = opts.config === undefined && !opts.configPath ? await startDemoVendors({
    simulation: opts.demo, start: () => keptDemoStart(store),
    sla: (ticket, now) => evaluateTicket(ticket, config.sla.policies, now, config.sla.calendars),
  }) : undefined;
  const config: Config = demo ? parseConfig(demoConfig(demo.urls), '(built-in demo)')
    : opts.config !== undefined ? parseConfig(opts.config) : loadConfig(opts.configPath);
  const epoch = randomUUID();
  const startedAt = Date.now();

  // Store.
  const store = createStore(opts.dbPath ?? 'data/opswall.db', { log, ...(opts.storePragmas ? { pragmas: opts.storePragmas } : {}) });

  // Money in one currency: each order and deal gets its amount in the reporting currency at ingest, and again at
  // start when the currency config changed. A store that cannot write now converts at the next start that can;
  // the engine's replay converts in memory meanwhile.
  const money = createMoney(config.currency, config.timezone);
  try {
    const started = Date.now();
    const rewritten = store.rederive('currency', money.fingerprint, ['order', 'deal'], money.convert);
    if (rewritten !== null) log.info({ reporting: money.reporting, rewritten, ms: Date.now() - started }, 'stored amounts converted to the reporting currency');
  } catch (err) {
    if (!(err instanceof StoreWriteError)) throw err;
    log.error({ err: err.message }, 'cannot convert the stored amounts to the reporting currency now: converted in memory, stored at the next start');
  }

  // Customers: each source's account id resolved to one customer across sources (docs/customers.md), read from every
  // stored record now, then kept by the pipeline's stored step and each edit of the mapping file (watched below). A
  // relative mapping file is the config file's neighbour. Records keep their own account ids: `customers.customerOf`.
  const customers = createCustomerMap({
    config: config.customers, baseDir: opts.configPath ? dirname(resolve(opts.configPath)) : process.cwd(),
    sources: config.sources.map((s) => s.id), log,
    onChanged: (moved) => log.info({ moved: moved.length }, 'accounts moved to other customers by the mapping file edit'),
  });
  {
    const started = Date.now();
    const read = customers.load(store.iterateRecords());
    log.info({ records: read, ...customers.size(), ms: Date.now() - started }, 'customer map built from the store');
  }

  // Sources: each stored page and each health change goes down the pipeline (once polling starts, below).
  const scheduler = createScheduler({
    store, log, derive: money.convert,
    observer: {
      polled: (source, outcome, seconds, polledAt) => {
        hubMetrics.observer.polled(source, outcome, seconds);
        if (outcome === 'ok') alerts.pollSucceeded(source, polledAt, Date.now());
      },
      stored: (...a) => hubMetrics.observer.stored(...a),
    },
    onChanges: (_source, changes) => flow.stored(changes.map((c) => c.after)),
    onHealth: (_sources, stateChanged) => flow.health(stateChanged),
  });
  for (const plan of planSources(config, demo ? { ...process.env, ...demo.env } : process.env)) scheduler.add(plan);
  const pushSources = config.sources.filter(isPushSource);
  for (const source of pushSources) scheduler.addPush(source.id);

  // The metric catalogue: the built-ins and the company's definition files, watched (below); a change redefines only
  // the metrics it touches, then screens and rules are checked again.
  const screensDir = opts.screensDir ?? `${PACKAGE_ROOT}screens`;
  const catalogue = createCatalogue({
    dir: opts.metricsDir ?? metricsDirBeside(screensDir), builtins: builtinMetrics(CATALOGUE, join(PACKAGE_ROOT, 'server', 'catalogue', 'builtin')), limits: definitionLimits(config.definitions, config.flows),
    moneyExtras: moneyExtraKeys(config.sources), log,
    onChanged: (changed, removed) => redefined(changed, removed),
  });

  // Engine: every metric key's aggregate and every ticket's SLA clocks, seeded from the store.
  const engine = createEngine({
    timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: catalogue.all(),
    replay: function* () { for (const r of store.iterateRecords()) yield money.convert(r); },
    freshness: (entity) => scheduler.freshness(entity), coverage: (entity) => scheduler.coverage(entity), finished: store.slaFinished,
    onSla: (sla, at) => alerts.observeSla(sla, at),
    onSlaError: (key, err) => log.error({ ticket: key, err: err.message }, 'cannot evaluate a ticket\'s SLA clocks: it has none until it changes'),
    flows: config.flows, customerOf: customers.customerOf,
  });
  store.slaFinished.prune(new Date(Date.now() - OLDEST_WINDOW_MS).toISOString());

  // Alerts, beside the flow: fed by SLA evaluations (from the first one, below), polls and threshold rules.
  const delivery = createDelivery({
    outbox: store.outbox, // notifications kept until sent: what a kill interrupted is sent after the start
    channels: config.alerts.channels.map((c) => createChannel(c, { env: process.env, timezone: config.timezone })), log,
    onOutcome: (channel, outcome) => hubMetrics.notified(channel, outcome),
  });
  const alertStream: { publish?: (alert: Alert) => void } = {}; // the realtime room is made further down
  let externalUrl = config.alerts.external_url ?? '';
  const ruleKeys = new Map<string, string>();
  let ruleRefs: MetricRef[] = [];
  /** Each rule's metric key: at start a rule whose metric does not resolve is a config error; after a definitions change, a warning. */
  const resolveRules = (atStart: boolean) => {
    ruleKeys.clear();
    ruleRefs = config.alerts.rules.flatMap((rule, i) => {
      const ref = ruleMetric(rule); // a threshold's metric, a hand-off rule's flow.stuck
      if (!ref) return [];
      try { ruleKeys.set(rule.id, engine.resolve(ref).key); } catch (err) {
        const message = `config: alerts.rules.${i}.${rule.kind === 'handoff' ? 'flow' : 'metric'}: ${(err as Error).message}`;
        if (atStart) throw new Error(message, { cause: err });
        log.warn({ rule: rule.id }, `${message}: the rule is idle until its metric is defined again`);
        return [];
      }
      return [ref];
    });
  };
  resolveRules(true);
  const alerts = createAlertService({
    config, tables: store.alerts, log,
    health: () => scheduler.health(),
    metric: (ruleId) => { const key = ruleKeys.get(ruleId); return key === undefined ? undefined : engine.current(key); },
    publish: (alert) => alertStream.publish?.(alert),
    deliver: (batch) => delivery.deliver(batch),
    externalUrl: () => externalUrl,
  });
  engine.loadClocks(store.iterateOpenTickets(), Date.now());

  // Metric keys: one owner decides which are computed and for how long (screens, rules, sockets, REST).
  const sockets = config.access.sockets;
  const keys = createMetricKeys({
    engine, graceMs: parseDuration(sockets.unwatched_key_grace), newKeysPerMinute: sockets.new_keys_per_minute,
    evicted: (key) => { realtimeMetrics.evicted(); log.debug({ key }, 'unwatched metric key forgotten'); },
  });

  // Screens: every served screen's keys (and every rule's) stand, so a TV that connects gets a full snapshot at once.
  const widgets = await loadWidgetOptionSchemas({ log });
  const library = createScreenLibrary({
    dir: screensDir, log, checks: { checkMetric: (ref) => engine.resolve(ref), widgets }, resolve: (ref) => engine.resolve(ref),
    onScreensChanged: (changed) => {
      standScreens();
      for (const def of changed) realtime.screenChanged(def.id);
    },
  });
  const standScreens = () => keys.stand([...library.screens().flatMap((s) => { const served = library.served(s.id); return served ? screenMetrics(served) : []; }),
    ...ruleRefs], Date.now());
  standScreens();
  const playlistOf = (id: string) => library.playlists().find((p) => p.id === id)?.definition;

  // Access control: who may see what, paired displays, the audit log (off by default: the demo needs no login).
  const access = createAccess({
    config: config.access, alertRules: config.alerts.rules, tables: store.access, log, env: process.env,
    resolve: (ref) => engine.resolve(ref),
    money: (id) => engine.metric(id)?.money,
    playlistScreens: (id) => playlistOf(id)?.screens.map((s) => s.screen) ?? [],
  });
  access.prune();

  // Realtime: the walls' sockets.
  const http = createServer();
  const realtime = createRealtime(http, {
    epoch, log, heartbeatMs: opts.heartbeatMs ?? 5_000, timezone: config.timezone, currency: money.reporting,
    screen: (id) => library.served(id),
    screenMetrics,
    ensure: (refs) => flow.hold(refs),
    resolveKey: (ref) => engine.resolve(ref).key,
    release: (key) => keys.letGo(key, Date.now()),
    isScreenKey: (key) => keys.isStanding(key),
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

  // The hub's own health on GET /metrics.
  const hubMetrics = createHubMetrics({
    sourceIds: config.sources.map((s) => s.id), sources: () => scheduler.health(), sockets: () => realtime.connections,
    alerts: () => alerts.counts(), channelIds: config.alerts.channels.map((c) => c.id),
  });
  const realtimeMetrics = registerRealtimeMetrics(hubMetrics.registry, { keys: () => engine.keys().length });

  // The flow between the rooms above, and its clock.
  const flow = createPipeline({ sources: () => scheduler.health(), customers, engine, keys, realtime, alerts, hubMetrics, log });
  const timers = [
    setInterval(() => flow.tick(Date.now()), 1_000),
    setInterval(() => flow.sweep(), keys.sweepEveryMs),
    setInterval(() => access.prune(), 3_600_000),
  ];
  for (const t of timers) t.unref();

  // HTTP: the route table, REST, pushes and the built wall.
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
    startedAt, store: () => store.health(), hubMetrics, catalogue: () => catalogue.all(), definitions: () => catalogue.files(), clientDir: opts.clientDir ?? `${PACKAGE_ROOT}dist/client`,
    reportingCurrency: money.reporting,
    unmatchedAccounts: (source) => customers.unmatched(source), customerMap: () => customers.status(),
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
    // Business flows over REST: the engine's instances, the customer map, records by account, links to each vendor's page.
    flows: config.flows, flowInstances: (flow) => engine.flowInstances(flow), instancesOf: (key) => engine.instancesOf(key),
    customer: (id) => customers.customer(id), customerOf: customers.customerOf,
    recordsOfAccount: (source, account, limit) => store.recordsOfAccount(source, account, limit).map(money.convert),
    recordUrl: recordUrls(config.sources),
    scope: (res) => (access.enabled && res.locals.principal ? res.locals.principal as Principal : undefined),
    metricValue: (ref, holder) => flow.read(ref, holder),
  }));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => { http.off('error', reject); resolve(); });
  });
  const port = (http.address() as AddressInfo).port;
  externalUrl ||= `http://127.0.0.1:${port}`;
  scheduler.start();
  library.watch();
  catalogue.watch();
  warnScreenSchema();
  customers.watch();
  announceListening(opts.host ?? '0.0.0.0', port);

  /** The start-up line: where the hub listens and whether it asks for a login; a warning when it is open beyond this machine. */
  function announceListening(host: string, port: number): void {
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const everywhere = host === '0.0.0.0' || host === '::';
    log.info({ url, host, port, access: access.enabled ? 'on' : 'off', version: packageVersion(), epoch, sources: config.sources.map((s) => s.id),
      screens: library.screens().length, ...(demo ? { demo: demo.urls } : {}) },
    `OpsWall listening on ${url}${everywhere ? ` (every interface; on this machine http://localhost:${port})` : ''}, access control ${access.enabled ? 'on' : 'off'}`);
    if (!access.enabled && !isLoopback(host)) {
      log.warn({ host, port }, `no login is asked and the hub listens beyond this machine (${host}): anyone who reaches port ${port} sees every screen and `
        + 'can use the whole API. Listen on 127.0.0.1 behind a reverse proxy (HOST=127.0.0.1), or turn access control on (docs/access.md)');
    }
  }

  /** The screen schema offers each defined metric for completion once regenerated; say when it does not yet. */
  function warnScreenSchema(): void {
    const missing = screenSchemaMissing(join(screensDir, 'screen.schema.json'), catalogue.defined().map((m) => m.id));
    if (missing.length > 0) log.warn({ missing }, 'screens/screen.schema.json is older than the metric definitions: run `npm run screen-schema` so editors complete them');
  }

  /** The company's definitions changed: only those metrics are computed afresh; screens and rules are checked again. */
  function redefined(changed: MetricDefinition<never>[], removed: string[]): void {
    try {
      const dropped = engine.redefine(changed, removed, Date.now());
      if (dropped.length > 0) log.info({ keys: dropped }, 'metric keys dropped: their metric is gone or no longer takes their params');
      resolveRules(false);
      library.recheck(new Set([...changed.map((m) => m.id), ...removed]));
      standScreens();
      warnScreenSchema();
    } catch (err) {
      log.error({ err }, 'cannot apply the metric definitions change: the hub goes on with what it computed');
    }
  }

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`, port, epoch, http, config, store, ...(demo ? { demo: { urls: demo.urls, served: demo.served } } : {}),
    close: () => (closing ??= (async () => {
      for (const t of timers) clearInterval(t);
      flow.close();
      await scheduler.stop();
      await demo?.close();
      await delivery.close();
      await realtime.close(); // closes the HTTP server too
      store.close();
      library.close();
      catalogue.close();
      customers.close();
    })()),
  };
}
