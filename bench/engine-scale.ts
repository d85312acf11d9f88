/**
 * Record change → every affected metric value updated, as the store grows (10k, 100k and 1M tickets and as
 * many orders, plus 200k deals), against a full recomputation of the same keys in the same run; and the
 * hub's start time and memory on the same stores. See bench/README.md.
 *
 *   node --import tsx bench/engine-scale.ts [--sizes 10000,100000,1000000] [--deals 200000]
 *        [--changes 1000] [--warmup 50] [--full-runs 3] [--full-budget-s 900] [--ticks 10] [--id-order created|random]
 *        [--no-hub] [--hub-idle-s 10] [--hub-timeout-ms 3600000] [--dir <tmp>] [--keep-db] [--json bench/out/engine-scale.json]
 *        [--profile bench/out/profiles]   (V8 CPU profiles of the change loop and the hub child; slows both)
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_CONFIG, parseConfig } from '../server/config';
import { CATALOGUE, createEngine, type Engine, type EngineDeps } from '../server/metrics';
import type { CanonicalRecord, Deal, Order, Ticket } from '../server/model';
import type { ClientToServerEvents, MetricRef, ServerToClientEvents, SubscribeAck } from '../server/protocol';
import { loadScreens, screenMetrics } from '../server/screens';
import { createStore, type Store } from '../server/store';
import { Random } from '../server/sources/demo/random';
import { ROOT, processCpuMs, processRssMb, startServerChild } from './lib/child';
import { ms, summarise, table, writeJson, type Summary } from './lib/stats';
import {
  DEAL_NEXT_STAGE, DEFAULT_SYNTH, ORDER_NEXT_STATUS, Reservoir, dealAt, isOpenTicket, orderAt, ticketAt, type SynthOptions,
} from './lib/synthetic';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The hub's config for the bench: one push source (the records' source) and the demo's SLA calendars and policies. */
export const BENCH_CONFIG = { timezone: 'Asia/Shanghai', sources: [{ id: 'bench', kind: 'push' }], sla: DEMO_CONFIG.sla };
const SOURCE = 'bench';
const BATCH = 5_000;
const RESERVOIR = 4_000;
const SCREENS_DIR = join(ROOT, 'screens');
/** p99 must stay under this (the issue's target). */
export const TARGET_P99_MS = 5;
/** "Flat": p99 at the largest store at most this many times p99 at the smallest. */
export const FLAT_FACTOR = 2;

export const KINDS = ['new order', 'order status', 'ticket reply', 'ticket status', 'deal stage'] as const;
export type ChangeKind = (typeof KINDS)[number];

export interface EngineScaleOptions {
  sizes: number[];
  deals: number;
  changes: number;
  warmup: number;
  fullRuns: number;
  /** No further full recomputation starts once they have taken this long in all (at least one runs). */
  fullBudgetS: number;
  ticks: number;
  idOrder: 'created' | 'random';
  hub: boolean;
  hubIdleS: number;
  hubTimeoutMs: number;
  dir: string;
  keepDb: boolean;
  profileDir?: string;
  log?: (line: string) => void;
}

export interface HubResult {
  /** Spawn → the "running at" line (node boot, module loading, startHub, listen). */
  listeningMs: number;
  /** startHub alone, as the child timed it (opening the store, SLA clocks, screen keys from the store, listen). */
  startHubMs: number;
  /** Spawn → startHub called (node boot and module loading). */
  bootMs: number;
  /** Spawn → the ack of the first `subscribe { screen }` with its snapshot. */
  firstSnapshotMs: number;
  firstScreen: string;
  firstSnapshotKeys: number;
  /** Each shipped screen's subscribe → ack, in the order asked. */
  subscribeMs: Record<string, number>;
  cpuAtListeningMs: number;
  rssListeningMb: number;
  rssAfterSnapshotMb: number;
  /** Hub CPU while idle with one subscribed client (its 1 s ticker), over `idleS` seconds. */
  idleS: number;
  idleCpuPct: number;
  idleMetricsMessages: number;
  rssEndMb: number;
}

export interface SizeResult {
  size: number;
  orders: number;
  tickets: number;
  deals: number;
  openTickets: number;
  dbMb: number;
  seed: { rows: number; storeMs: number; storeRowsPerS: number; rawMs: number; rawRowsPerS: number; generateMs: number };
  /** store.iterateRecords() over every row, doing nothing with them: the floor of any recomputation. */
  scanMs: number;
  loadClocksMs: number;
  liveClocks: number;
  keys: number;
  screenKeys: number;
  /** ensure(all keys) + collect on the engine that then takes the changes. */
  initialBuildMs: number;
  engineHeapMb: number;
  change: Summary;
  changeByKind: Record<string, Summary & { valuesChanged: number }>;
  storeWrite: Summary;
  valuesChangedPerChange: number;
  full: { runsMs: number[]; medianMs: number; skipped: number };
  /** Incremental values after the changes compared with the first full recomputation, key by key. */
  mismatched: string[];
  /** engine.tick(+1 s) + collect, as the hub's 1 s ticker does: the steady background cost. */
  tick: Summary;
  hub?: HubResult;
  wallS: number;
}

export interface EngineScaleReport {
  startedAt: string; node: string;
  /** The code measured: HEAD and whether server/ had uncommitted changes (others edit it while benchmarks run). */
  code: { head: string; serverDirty: boolean };
  options: Omit<EngineScaleOptions, 'log'>; sizes: SizeResult[];
}

const MB = 1024 * 1024;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN; };
const n0 = (n: number) => n.toLocaleString('en-US');
const sec = (msv: number) => `${(msv / 1000).toFixed(1)} s`;

let gcFn: (() => void) | undefined;
/** A full GC, so memory figures and the next size start clean (exposes gc at run time; no flag needed). */
function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** The metric keys a real hub computes for the shipped screens, then every catalogue metric with default params. */
export function benchRefs(engine: Engine): { refs: MetricRef[]; screenKeys: number; screens: string[] } {
  const entries = loadScreens(SCREENS_DIR, (ref) => engine.resolve(ref));
  const bad = entries.filter((e) => !e.valid);
  if (bad.length) throw new Error(`invalid shipped screen(s): ${bad.map((e) => e.error).join('; ')}`);
  const screenRefs = entries.flatMap((e) => (e.definition ? screenMetrics(e.definition) : []));
  const refs = [...screenRefs, ...CATALOGUE.map((d) => ({ id: d.id, params: {} }))];
  return { refs, screenKeys: new Set(screenRefs.map((r) => engine.resolve(r).key)).size, screens: entries.map((e) => e.id) };
}

/** Seeds `store` and, as the baseline, a bare table with plain INSERTs of the same rows, batch by batch. */
function seedStores(store: Store, rawPath: string, size: number, deals: number, synth: SynthOptions, log: (l: string) => void) {
  const raw = new Database(rawPath);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // The same table as the store's (server/store/migrations): what a bare INSERT of the same rows costs.
  raw.exec(`CREATE TABLE records (type TEXT NOT NULL, source TEXT NOT NULL, id TEXT NOT NULL, updated_at TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (type, source, id)) WITHOUT ROWID`);
  const insert = raw.prepare('INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?)');
  const insertAll = raw.transaction((rows: CanonicalRecord[]) => {
    for (const r of rows) insert.run(r.type, SOURCE, r.id, r.updated_at, JSON.stringify({ ...r, source: SOURCE }));
  });
  const openTickets = new Reservoir<number>(RESERVOIR, synth.seed + 1);
  const liveOrders = new Reservoir<number>(RESERVOIR, synth.seed + 2);
  const openDeals = new Reservoir<number>(RESERVOIR, synth.seed + 3);
  let storeMs = 0, rawMs = 0, generateMs = 0, rows = 0, batchNo = 0;
  const plan: [string, number, (i: number) => CanonicalRecord, (r: CanonicalRecord, i: number) => void][] = [
    ['orders', size, (i) => orderAt(i, synth), (r, i) => { if (ORDER_NEXT_STATUS[(r as Order).status]) liveOrders.offer(i); }],
    ['tickets', size, (i) => ticketAt(i, synth), (r, i) => { if (isOpenTicket(r as Ticket)) openTickets.offer(i); }],
    ['deals', deals, (i) => dealAt(i, synth), (r, i) => { if (DEAL_NEXT_STAGE[(r as Deal).stage]) openDeals.offer(i); }],
  ];
  for (const [label, count, make, note] of plan) {
    const kindStart = performance.now();
    for (let start = 0; start < count; start += BATCH) {
      const g0 = performance.now();
      const batch: CanonicalRecord[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) { const r = make(i); note(r, i); batch.push(r); }
      generateMs += performance.now() - g0;
      // Alternate which goes first, so neither always meets a warmer page cache.
      const runStore = () => {
        const t0 = performance.now();
        const changes = store.applyBatch(SOURCE, batch, { seeded: label, upTo: start + batch.length });
        storeMs += performance.now() - t0;
        if (changes.length !== batch.length) throw new Error(`seeding ${label}: the store took ${changes.length} of ${batch.length} records`);
      };
      const runRaw = () => { const t0 = performance.now(); insertAll(batch); rawMs += performance.now() - t0; };
      if (batchNo++ % 2 === 0) { runStore(); runRaw(); } else { runRaw(); runStore(); }
      rows += batch.length;
    }
    log(`    seeded ${n0(count)} ${label} in ${sec(performance.now() - kindStart)}`);
  }
  raw.close();
  return {
    seed: { rows, storeMs, storeRowsPerS: rows / (storeMs / 1000), rawMs, rawRowsPerS: rows / (rawMs / 1000), generateMs },
    openTickets, liveOrders, openDeals,
  };
}

interface Change { kind: ChangeKind; record: CanonicalRecord }

/**
 * Makes change number `c` at instant `at`: a new order, the next status of a live order, a reply or a status
 * change on an open ticket (reopening one that a previous change solved), or the next stage of an open deal.
 * Changed records are kept in `modified`, so a record changed twice builds on its first change.
 */
function changeMaker(synth: SynthOptions, pools: { liveOrders: number[]; openTickets: number[]; openDeals: number[] }, seed: number) {
  const rng = new Random(seed);
  const modified = new Map<string, CanonicalRecord>();
  const current = <T extends CanonicalRecord>(id: string, make: () => T): T => structuredClone((modified.get(id) as T | undefined) ?? make());
  const pick = (pool: number[]) => pool[Math.floor(rng.next() * pool.length)]!;

  const newOrder = (c: number, at: string): Change => ({ kind: 'new order', record: {
    type: 'order', id: `SN${String(c).padStart(7, '0')}`, status: 'new', amount: Math.round(rng.lognormal(6000, 2.2) * 100) / 100,
    currency: 'CNY', customer: '华信科技', department: rng.chance(0.6) ? 'sales' : 'marketing', region: rng.pick(['华东', '华南', '华北', '华中']),
    channel: '直销', owner: '王磊', created_at: at, updated_at: at, history: [{ status: 'new', at }],
  } });

  function orderStatus(c: number, at: string): Change {
    for (let tries = 0; tries < 20 && pools.liveOrders.length > 0; tries++) {
      const i = pick(pools.liveOrders);
      const order = current(`SO${String(i).padStart(7, '0')}`, () => orderAt(i, synth));
      const step = ORDER_NEXT_STATUS[order.status];
      if (!step) continue; // a previous change finished it
      order.status = rng.chance(step.cancel) ? 'cancelled' : step.to;
      order.updated_at = at;
      order.history = [...(order.history ?? []), { status: order.status, at }];
      return { kind: 'order status', record: order };
    }
    return newOrder(c, at);
  }

  function ticketChange(i: number, at: string): Change {
    const ticket = current(`T${String(i).padStart(7, '0')}`, () => ticketAt(i, synth));
    const before = ticket.status;
    const events = [...(ticket.events ?? [])];
    const comment = (by: 'customer' | 'agent') => events.push({ at, kind: 'comment', by, public: true });
    const status = (to: Ticket['status']) => { ticket.status = to; events.push({ at, kind: 'status', to }); };
    const r = rng.next();
    if (!isOpenTicket(ticket)) { comment('customer'); status('open'); } // solved by an earlier change: reopened
    else if (ticket.status === 'new') { ticket.assignee ??= '小林'; comment('agent'); status('open'); }
    else if (ticket.status === 'pending') { comment('customer'); if (r < 0.5) status('open'); }
    else if (ticket.status === 'on_hold') { if (r < 0.5) comment('agent'); else status('open'); }
    else if (r < 0.5) comment(r < 0.4 ? 'agent' : 'customer');
    else if (r < 0.85) { comment('agent'); status('solved'); }
    else status('pending');
    ticket.events = events;
    ticket.updated_at = at;
    return { kind: ticket.status === before ? 'ticket reply' : 'ticket status', record: ticket };
  }

  function dealStage(c: number, at: string): Change {
    for (let tries = 0; tries < 20 && pools.openDeals.length > 0; tries++) {
      const i = pick(pools.openDeals);
      const deal = current(`D${String(i).padStart(7, '0')}`, () => dealAt(i, synth));
      const step = DEAL_NEXT_STAGE[deal.stage];
      if (!step) continue;
      deal.stage = rng.chance(step.p) ? step.to : 'lost';
      deal.updated_at = at;
      deal.history = [...(deal.history ?? []), { stage: deal.stage, at }];
      if (deal.stage === 'won' || deal.stage === 'lost') deal.close_date = at.slice(0, 10);
      return { kind: 'deal stage', record: deal };
    }
    return newOrder(c, at);
  }

  return (c: number, at: string): Change => {
    const which = c % 4; // a fixed rotation: a quarter of each
    const change = which === 0 ? newOrder(c, at) : which === 1 ? orderStatus(c, at)
      : which === 2 && pools.openTickets.length > 0 ? ticketChange(pick(pools.openTickets), at) : dealStage(c, at);
    modified.set(change.record.id, change.record);
    return change;
  };
}

/** A V8 CPU profile of this process from now on (node:inspector), when a profile folder was asked for. */
async function startProfile(dir: string | undefined): Promise<Session | undefined> {
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session | undefined, dir: string | undefined, name: string, log: (l: string) => void): Promise<void> {
  if (!session || !dir) return;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync(resolve(ROOT, dir), { recursive: true });
  const file = join(resolve(ROOT, dir), `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  log(`    CPU profile: ${file}`);
}

/** Passes a stream through, logging how far it got every 30 s, so a long phase shows its pace. */
function* withProgress<T>(items: Iterable<T>, total: number, label: string, log: (l: string) => void): Generator<T> {
  const start = performance.now();
  let next = start + 30_000, n = 0;
  for (const item of items) {
    yield item;
    if ((++n & 1023) === 0 && performance.now() >= next) {
      const elapsed = performance.now() - start;
      log(`      … ${n0(n)} of ${n0(total)} ${label} in ${sec(elapsed)} (${n0(Math.round(n / (elapsed / 1000)))}/s)`);
      next = performance.now() + 30_000;
    }
  }
}

/** HEAD, and whether server/ differs from it: the figures belong to that code. */
function codeState(): { head: string; serverDirty: boolean } {
  const git = (args: string[]) => { try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return '?'; } };
  return { head: git(['rev-parse', '--short', 'HEAD']), serverDirty: git(['status', '--porcelain', '--', 'server']) !== '' };
}

function fileMb(path: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) { try { bytes += statSync(path + suffix).size; } catch { /* not there */ } }
  return bytes / MB;
}

/** Starts the hub child on a seeded file and measures its start, first snapshot, memory and idle CPU. */
async function measureHub(dbPath: string, size: number, screens: string[], opts: EngineScaleOptions): Promise<HubResult> {
  const log = opts.log ?? (() => {});
  const nodeArgs = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(resolve(ROOT, opts.profileDir), `hub-${size}`)] : [];
  const spawnAt = performance.now();
  const waiting = setInterval(() => log(`      … hub starting for ${sec(performance.now() - spawnAt)}`), 60_000);
  const server = await startServerChild('bench/children/hub.ts', {
    label: `OpsWall hub on the ${n0(size)} store`, nodeArgs, timeoutMs: opts.hubTimeoutMs,
    env: { BENCH_HUB_CONFIG: JSON.stringify(BENCH_CONFIG), BENCH_DB_PATH: dbPath },
  }).finally(() => clearInterval(waiting));
  const listeningMs = performance.now() - spawnAt;
  let socket: ClientSocket | undefined;
  try {
    const cpuAtListeningMs = processCpuMs(server.pid);
    const rssListeningMb = processRssMb(server.pid);
    const timingLine = server.output.find((l) => l.startsWith('bench-hub-timing '));
    const timing = timingLine ? JSON.parse(timingLine.slice('bench-hub-timing '.length)) as { startHubMs: number; startHubBeganAtMs: number } : undefined;
    const url = `http://127.0.0.1:${server.port}`;
    socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: opts.hubTimeoutMs });
    const s = socket;
    await new Promise<void>((ok, fail) => {
      s.once('connect', () => ok());
      s.once('connect_error', (err) => fail(new Error(`could not connect to ${url}: ${err.message}`)));
    });
    let metricsMessages = 0;
    s.on('metrics', () => { metricsMessages++; });
    // The SLA screen first: its keys read every ticket's clocks, the heaviest of the shipped screens.
    const order = [...screens].sort((a, b) => (a === 'ticket-sla' ? -1 : b === 'ticket-sla' ? 1 : a.localeCompare(b)));
    const subscribeMs: Record<string, number> = {};
    let firstSnapshotMs = Number.NaN, firstSnapshotKeys = 0, rssAfterSnapshotMb = Number.NaN;
    for (const screen of order) {
      const t0 = performance.now();
      const ack: SubscribeAck = await s.timeout(opts.hubTimeoutMs).emitWithAck('subscribe', { screen });
      const t1 = performance.now();
      if (!ack.ok) throw new Error(`subscribe { screen: "${screen}" } refused: ${ack.error.code}: ${ack.error.message}`);
      subscribeMs[screen] = t1 - t0;
      if (Number.isNaN(firstSnapshotMs)) {
        firstSnapshotMs = t1 - spawnAt;
        firstSnapshotKeys = Object.keys(ack.snapshot.metrics).length;
        rssAfterSnapshotMb = processRssMb(server.pid);
      }
    }
    const cpu0 = processCpuMs(server.pid);
    const idle0 = performance.now();
    metricsMessages = 0;
    await new Promise((r) => setTimeout(r, opts.hubIdleS * 1000));
    const idleCpuPct = ((processCpuMs(server.pid) - cpu0) / (performance.now() - idle0)) * 100;
    const result: HubResult = {
      listeningMs, startHubMs: timing?.startHubMs ?? Number.NaN, bootMs: timing?.startHubBeganAtMs ?? Number.NaN,
      firstSnapshotMs, firstScreen: order[0]!, firstSnapshotKeys, subscribeMs, cpuAtListeningMs, rssListeningMb, rssAfterSnapshotMb,
      idleS: opts.hubIdleS, idleCpuPct, idleMetricsMessages: metricsMessages, rssEndMb: processRssMb(server.pid),
    };
    log(`    hub: listening after ${sec(listeningMs)} (startHub ${sec(result.startHubMs)}), first snapshot after ${sec(firstSnapshotMs)}, `
      + `RSS ${rssListeningMb.toFixed(0)} MB → ${rssAfterSnapshotMb.toFixed(0)} MB, idle CPU ${idleCpuPct.toFixed(0)} %`);
    return result;
  } catch (err) {
    const tail = server.output.slice(-10).join('\n');
    throw new Error(`hub on the ${n0(size)} store: ${(err as Error).message}${tail ? `\n--- last hub output ---\n${tail}` : ''}`, { cause: err });
  } finally {
    socket?.close();
    await server.stop();
  }
}

async function runSize(size: number, opts: EngineScaleOptions): Promise<SizeResult> {
  const log = opts.log ?? (() => {});
  const sizeStart = performance.now();
  const dir = mkdtempSync(join(opts.dir, 'opswall-engine-scale-'));
  const dbPath = join(dir, 'opswall.db');
  const now = Date.now();
  const total = opts.warmup + opts.changes;
  // Seeded history ends 10 minutes ago; the changes happen after it, one every `step` ms, all before `now`.
  const horizon = now - 10 * 60_000;
  const step = Math.max(1, Math.min(500, Math.floor((now - horizon - 1_000) / total)));
  const synth: SynthOptions = { ...DEFAULT_SYNTH, horizon, counts: { order: size, ticket: size, deal: opts.deals }, idOrder: opts.idOrder };
  let store: Store | undefined = createStore(dbPath);
  try {
    log(`  N = ${n0(size)}: seeding ${n0(size)} orders, ${n0(size)} tickets and ${n0(opts.deals)} deals into ${dbPath}`);
    const seeded = seedStores(store, join(dir, 'raw.db'), size, opts.deals, synth, log);
    rmSync(join(dir, 'raw.db'), { force: true }); rmSync(join(dir, 'raw.db-wal'), { force: true }); rmSync(join(dir, 'raw.db-shm'), { force: true });
    const { seed } = seeded;
    log(`    store ${n0(Math.round(seed.storeRowsPerS))} rows/s (${sec(seed.storeMs)}), plain INSERT ${n0(Math.round(seed.rawRowsPerS))} rows/s (${sec(seed.rawMs)}): ×${(seed.rawRowsPerS / seed.storeRowsPerS).toFixed(2)} slower; open tickets ${n0(seeded.openTickets.count)}`);

    const s = store;
    let t0 = performance.now();
    let scanned = 0;
    for (const _r of s.iterateRecords()) scanned++;
    const scanMs = performance.now() - t0;
    if (scanned !== seed.rows) throw new Error(`the store holds ${scanned} records, expected ${seed.rows}`);

    const config = parseConfig(BENCH_CONFIG);
    const deps: EngineDeps = {
      timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: CATALOGUE,
      replay: () => withProgress(s.iterateRecords(), seed.rows, 'rows replayed', log), freshness: () => ({ asOf: null, stale: false }),
    };
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let engine: Engine | undefined = createEngine(deps);
    const { refs, screenKeys, screens } = benchRefs(engine);
    t0 = performance.now();
    engine.loadClocks(withProgress(s.iterateRecords('ticket'), size, 'tickets read for SLA clocks', log), now);
    const loadClocksMs = performance.now() - t0;
    const buildProfile = await startProfile(opts.profileDir);
    t0 = performance.now();
    const keys = engine.ensure(refs, now);
    engine.collect(now);
    const initialBuildMs = performance.now() - t0;
    await stopProfile(buildProfile, opts.profileDir, `engine-build-${size}`, log);
    const distinctKeys = new Set(keys).size;
    collectGarbage();
    const engineHeapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
    log(`    scan ${sec(scanMs)}, SLA clocks ${sec(loadClocksMs)} (${n0(engine.liveClocks)} live), ${distinctKeys} keys built in ${sec(initialBuildMs)}, engine heap ≈ ${engineHeapMb.toFixed(0)} MB`);

    // The changes: store write, then ingest + collect (the measured part).
    const make = changeMaker(synth, { liveOrders: seeded.liveOrders.items, openTickets: seeded.openTickets.items, openDeals: seeded.openDeals.items }, synth.seed + size);
    const lat = new Float64Array(opts.changes), write = new Float64Array(opts.changes);
    const kinds: ChangeKind[] = [];
    const perKind = new Map<ChangeKind, { samples: number[]; values: number }>();
    let valuesChanged = 0;
    let session: Session | undefined;
    for (let c = 0; c < total; c++) {
      const measuring = c >= opts.warmup;
      if (c === opts.warmup) session = await startProfile(opts.profileDir);
      const at = new Date(horizon + (c + 1) * step).toISOString();
      const change = make(c, at);
      const w0 = performance.now();
      const applied = s.applyBatch(SOURCE, [change.record], { change: c });
      const w1 = performance.now();
      if (applied.length !== 1) throw new Error(`change ${c} (${change.kind} ${change.record.id}) was not taken by the store`);
      engine.ingest(applied.map((a) => a.after), now);
      const values = engine.collect(now);
      const w2 = performance.now();
      if (!measuring) continue;
      const i = c - opts.warmup;
      lat[i] = w2 - w1; write[i] = w1 - w0; kinds.push(change.kind);
      valuesChanged += values.length;
      let k = perKind.get(change.kind);
      if (!k) perKind.set(change.kind, k = { samples: [], values: 0 });
      k.samples.push(w2 - w1); k.values += values.length;
    }
    await stopProfile(session, opts.profileDir, `engine-changes-${size}`, log);
    const change = summarise(lat);
    log(`    ${opts.changes} changes: ingest → collect p50 ${ms(change.p50)} ms, p99 ${ms(change.p99)} ms, max ${ms(change.max)} ms (store write p50 ${ms(summarise(write).p50)} ms)`);

    // The baseline: the same keys computed from scratch (a fresh engine seeded from the store), a few times.
    const runsMs: number[] = [];
    const mismatched: string[] = [];
    for (let r = 0; r < opts.fullRuns; r++) {
      const spent = runsMs.reduce((a, b) => a + b, 0);
      if (r > 0 && spent + spent / r > opts.fullBudgetS * 1000) { log(`    full recomputation: ${r} run(s) of ${opts.fullRuns}; the next would pass --full-budget-s ${opts.fullBudgetS}`); break; }
      collectGarbage();
      t0 = performance.now();
      const fresh = createEngine(deps);
      fresh.ensure(refs, now);
      fresh.collect(now);
      runsMs.push(performance.now() - t0);
      if (r === 0) {
        for (const key of new Set(keys)) {
          if (JSON.stringify(fresh.current(key)?.value) !== JSON.stringify(engine.current(key)?.value)) mismatched.push(key);
        }
      }
    }
    const full = { runsMs, medianMs: median(runsMs), skipped: opts.fullRuns - runsMs.length };
    log(`    full recomputation of ${distinctKeys} keys: ${runsMs.map((x) => sec(x)).join(', ')} (median ${sec(full.medianMs)}); `
      + `incremental = full: ${mismatched.length === 0 ? 'yes, every key' : `NO for ${mismatched.length} key(s): ${mismatched.slice(0, 5).join(', ')}`}`);

    // The hub's 1 s ticker on this engine: windows moved, due clocks re-evaluated, every key collected.
    const ticks = new Float64Array(opts.ticks);
    for (let k = 0; k < opts.ticks; k++) {
      const at = now + (k + 1) * 1_000;
      const k0 = performance.now();
      engine.tick(at);
      engine.collect(at);
      ticks[k] = performance.now() - k0;
    }
    const tick = summarise(ticks);
    const liveClocks = engine.liveClocks;
    engine = undefined;
    store.close();
    store = undefined;
    collectGarbage();

    const result: SizeResult = {
      size, orders: size, tickets: size, deals: opts.deals, openTickets: seeded.openTickets.count, dbMb: fileMb(dbPath),
      seed, scanMs, loadClocksMs, liveClocks, keys: distinctKeys, screenKeys, initialBuildMs, engineHeapMb,
      change, changeByKind: Object.fromEntries(KINDS.filter((k) => perKind.has(k)).map((k) => {
        const e = perKind.get(k)!;
        return [k, { ...summarise(e.samples), valuesChanged: e.values / e.samples.length }];
      })),
      storeWrite: summarise(write), valuesChangedPerChange: valuesChanged / opts.changes, full, mismatched, tick,
      wallS: 0,
    };
    if (opts.hub) result.hub = await measureHub(dbPath, size, screens, opts);
    result.wallS = (performance.now() - sizeStart) / 1000;
    log(`    N = ${n0(size)} done in ${result.wallS.toFixed(0)} s`);
    return result;
  } finally {
    store?.close();
    if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
    else log(`    kept ${dir}`);
  }
}

export async function runEngineScale(opts: EngineScaleOptions): Promise<EngineScaleReport> {
  const { log: _log, ...options } = opts;
  const report: EngineScaleReport = { startedAt: new Date().toISOString(), node: process.version, code: codeState(), options, sizes: [] };
  opts.log?.(`  code: ${report.code.head}${report.code.serverDirty ? ' + uncommitted changes in server/' : ''}`);
  for (const size of opts.sizes) report.sizes.push(await runSize(size, opts));
  return report;
}

/** p99 growth from the smallest to the largest store, and the exponent e of p99 ∝ N^e (0 = flat, 1 = linear). */
export function growth(report: EngineScaleReport): { factor: number; exponent: number; flat: boolean } | undefined {
  const sorted = [...report.sizes].sort((a, b) => a.size - b.size);
  const first = sorted[0], last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return undefined;
  const factor = last.change.p99 / first.change.p99;
  return { factor, exponent: Math.log(factor) / Math.log(last.size / first.size), flat: factor <= FLAT_FACTOR };
}

export function formatEngineScale(report: EngineScaleReport): string {
  const o = report.options;
  const lines: string[] = [`code ${report.code.head}${report.code.serverDirty ? ' + uncommitted changes in server/' : ''}; ${o.changes} changes (+${o.warmup} warm-up) per size; `
    + `ids ${o.idOrder === 'created' ? 'rise with creation time' : 'independent of creation time'}; deals ${n0(o.deals)} at every size`, ''];
  const rows: (string | number)[][] = [['N tickets = N orders', 'deals', 'keys', 'change p50 ms', 'p99 ms', 'max ms',
    'full recompute ms', 'full / p99', `p99 < ${TARGET_P99_MS} ms`, 'values/change', 'store write p50/p99 ms', 'tick+collect p50/max ms']];
  for (const s of report.sizes) {
    rows.push([n0(s.size), n0(s.deals), s.keys, ms(s.change.p50), ms(s.change.p99), ms(s.change.max), Math.round(s.full.medianMs),
      `×${Math.round(s.full.medianMs / s.change.p99)}`, s.change.p99 < TARGET_P99_MS ? 'yes' : 'NO',
      s.valuesChangedPerChange.toFixed(1), `${ms(s.storeWrite.p50)} / ${ms(s.storeWrite.p99)}`, `${ms(s.tick.p50)} / ${ms(s.tick.max)}`]);
  }
  lines.push('Change → every affected value updated (engine.ingest of the stored change → engine.collect returned):', table(rows));

  lines.push('', 'By kind of change (p50 / p99 / max ms, values changed per change):');
  const kindRows: (string | number)[][] = [['N', ...KINDS]];
  for (const s of report.sizes) {
    kindRows.push([n0(s.size), ...KINDS.map((k) => { const e = s.changeByKind[k];
      return e ? `${ms(e.p50)} / ${ms(e.p99)} / ${ms(e.max)} (${e.valuesChanged.toFixed(1)}) n=${e.count}` : '–'; })]);
  }
  lines.push(table(kindRows));

  lines.push('', 'Store and engine build (same run):');
  const buildRows: (string | number)[][] = [['N', 'rows', 'DB MB', 'store seed rows/s', 'plain INSERT rows/s', 'store ÷ INSERT time',
    'scan all rows s', 'SLA clocks s', 'live clocks', 'build keys s', 'full recompute runs s', 'engine heap MB', 'incremental = full']];
  for (const s of report.sizes) {
    buildRows.push([n0(s.size), n0(s.seed.rows), s.dbMb.toFixed(0), n0(Math.round(s.seed.storeRowsPerS)), n0(Math.round(s.seed.rawRowsPerS)),
      `×${(s.seed.storeMs / s.seed.rawMs).toFixed(2)}`, (s.scanMs / 1000).toFixed(1), (s.loadClocksMs / 1000).toFixed(1),
      n0(s.liveClocks), (s.initialBuildMs / 1000).toFixed(1), s.full.runsMs.map((x) => (x / 1000).toFixed(1)).join(', '),
      s.engineHeapMb.toFixed(0), s.mismatched.length === 0 ? 'yes' : `NO (${s.mismatched.length} keys)`]);
  }
  lines.push(table(buildRows));

  const hubs = report.sizes.filter((s) => s.hub);
  if (hubs.length) {
    lines.push('', 'Hub start on the seeded store (child process: node --import tsx bench/children/hub.ts, shipped screens, push source + demo SLA policies):');
    const hubRows: (string | number)[][] = [['N', 'spawn → listening s', 'of which startHub s', 'spawn → first snapshot s', 'first screen',
      'CPU to listen s', 'RSS listening MB', 'RSS after snapshot MB', 'idle CPU %', 'RSS after idle MB', 'subscribe ms per screen']];
    for (const s of hubs) {
      const h = s.hub!;
      hubRows.push([n0(s.size), (h.listeningMs / 1000).toFixed(1), (h.startHubMs / 1000).toFixed(1), (h.firstSnapshotMs / 1000).toFixed(1),
        `${h.firstScreen} (${h.firstSnapshotKeys} keys)`, (h.cpuAtListeningMs / 1000).toFixed(1), h.rssListeningMb.toFixed(0),
        h.rssAfterSnapshotMb.toFixed(0), h.idleCpuPct.toFixed(0), h.rssEndMb.toFixed(0),
        Object.entries(h.subscribeMs).map(([k, v]) => `${k} ${ms(v)}`).join(', ')]);
    }
    lines.push(table(hubRows));
  }

  lines.push('');
  for (const s of report.sizes) {
    lines.push(`N = ${n0(s.size)}: p99 ${ms(s.change.p99)} ms is ${((s.change.p99 / s.full.medianMs) * 100).toPrecision(2)} % of a full recomputation `
      + `(${Math.round(s.full.medianMs)} ms, median of ${s.full.runsMs.length}${s.full.skipped ? `; ${s.full.skipped} run(s) skipped for time` : ''}); p50 ${ms(s.change.p50)} ms; `
      + `${s.change.p99 < TARGET_P99_MS ? 'meets' : 'MISSES'} the ${TARGET_P99_MS} ms p99 target.`);
  }
  const g = growth(report);
  if (g) {
    const sorted = [...report.sizes].sort((a, b) => a.size - b.size);
    lines.push(`p99 from N = ${n0(sorted[0]!.size)} to N = ${n0(sorted[sorted.length - 1]!.size)}: ×${g.factor.toFixed(2)} `
      + `(p99 ∝ N^${g.exponent.toFixed(2)}; 0 = flat, 1 = linear): ${g.flat ? 'flat' : 'NOT flat'} (rule: at most ×${FLAT_FACTOR}).`);
  }
  return lines.join('\n');
}

export function parseEngineScaleArgs(argv: string[]): EngineScaleOptions & { json: string } {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: true,
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' }, deals: { type: 'string', default: '200000' },
      changes: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '50' },
      'full-runs': { type: 'string', default: '3' }, 'full-budget-s': { type: 'string', default: '900' }, ticks: { type: 'string', default: '10' },
      'id-order': { type: 'string', default: 'created' },
      'no-hub': { type: 'boolean', default: false }, 'hub-idle-s': { type: 'string', default: '10' },
      'hub-timeout-ms': { type: 'string', default: '3600000' }, dir: { type: 'string', default: tmpdir() },
      'keep-db': { type: 'boolean', default: false }, json: { type: 'string', default: 'bench/out/engine-scale.json' },
      profile: { type: 'string' },
    },
  });
  const idOrder = (v: unknown): 'created' | 'random' => {
    if (v === 'created' || v === 'random') return v;
    throw new Error(`--id-order must be "created" or "random", got "${String(v)}"`);
  };
  const int = (name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${String(v)}"`);
    return x;
  };
  const opts: EngineScaleOptions & { json: string } = {
    sizes: String(values.sizes).split(',').map((s) => int('sizes', s.trim().replace(/_/g, ''), 100, 10_000_000)),
    deals: int('deals', values.deals, 100, 10_000_000),
    changes: int('changes', values.changes, 1, 100_000), warmup: int('warmup', values.warmup, 0, 10_000),
    fullRuns: int('full-runs', values['full-runs'], 1, 20), fullBudgetS: int('full-budget-s', values['full-budget-s'], 0),
    ticks: int('ticks', values.ticks, 1, 1_000), idOrder: idOrder(values['id-order']),
    hub: values['no-hub'] !== true, hubIdleS: int('hub-idle-s', values['hub-idle-s'], 0, 600),
    hubTimeoutMs: int('hub-timeout-ms', values['hub-timeout-ms'], 1_000), dir: String(values.dir), keepDb: values['keep-db'] === true,
    json: String(values.json),
    ...(typeof values.profile === 'string' ? { profileDir: values.profile } : {}),
  };
  if (!statSync(opts.dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--dir ${opts.dir}: not a folder`);
  return opts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const opts = parseEngineScaleArgs(process.argv.slice(2));
    console.log(`Engine scale: N = ${opts.sizes.map(n0).join(', ')} (tickets and orders each) + ${n0(opts.deals)} deals; `
      + `${opts.changes} changes (+${opts.warmup} warm-up), ${opts.fullRuns} full recomputations${opts.hub ? ', hub start' : ''}`);
    const started = performance.now();
    const report = await runEngineScale({ ...opts, log: (l) => console.log(l) });
    console.log(`\n${formatEngineScale(report)}`);
    console.log(`\ntotal time ${((performance.now() - started) / 1000).toFixed(0)} s; results: ${writeJson(opts.json, report)}`);
  } catch (err) {
    console.error(`\nengine-scale benchmark aborted: ${(err as Error).stack ?? (err as Error).message}`);
    process.exitCode = 1;
  }
}
