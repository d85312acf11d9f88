/**
 * Record change → every affected metric value updated, as the store grows (10k, 100k and 1M tickets and as
 * many orders, plus 200k deals), against a full recomputation of the same keys in the same run; and the
 * hub's start time and memory on the same stores. See bench/README.md.
 *
 *   node --import tsx bench/engine-scale.ts [--sizes 10000,100000,1000000] [--deals 200000]
 *        [--changes 1000] [--warmup 50] [--full-runs 3] [--ticks 10] [--id-order created|random]
 *        [--budget-min 20] [--no-hub | --hub-only] [--hub-idle-s 10] [--hub-timeout-ms 3600000] [--dir <tmp>] [--keep-db]
 *        [--json bench/out/engine-scale.json]
 *        [--profile bench/out/profiles]   (V8 CPU profiles of the build, the change loop and the hub child; slows them)
 *        [--chains 10000,100000] [--chains-only]   (business-flow chains: deal → order → tickets, the demo's flow standing)
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_CONFIG, parseConfig } from '../server/config';
import { pino } from 'pino';
import { readCatalogue } from '../server/catalogue';
import { createEngine, type Engine, type EngineDeps } from '../server/metrics';
import type { CanonicalRecord, Deal, Order, RecordType, SourcedRecord, Ticket } from '../server/model';
import type { ClientToServerEvents, MetricRef, ServerToClientEvents, SubscribeAck } from '../server/protocol';
import { loadScreens, screenMetrics } from '../server/screens';
import { createStore, type Store } from '../server/store';
import { Random } from '../server/demo/random';
import { clock } from './lib/clock';
import { ROOT, processCpuMs, processPeakRssMb, processRssMb, startServerChild, type ServerChild } from './lib/child';
import { ms, summarise, table, writeJson, type Summary } from './lib/stats';
import {
  CHAIN_KINDS, CHAIN_SOURCES, chainAt, chainChangeMaker, customerOfAccount, isLiveOrder, isOpenChainTicket, type ChainOptions,
} from './lib/chains';
import {
  DEAL_NEXT_STAGE, DEFAULT_SYNTH, ORDER_NEXT_STATUS, Reservoir, dealAt, dealId, isOpenTicket, orderAt, orderId, ticketAt, ticketId,
  type SynthOptions,
} from './lib/synthetic';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The hub's config for the bench: one push source (the records' source) and the demo's SLA calendars and policies. */
export const BENCH_CONFIG = { timezone: 'Asia/Shanghai', sources: [{ id: 'bench', kind: 'push' }], sla: DEMO_CONFIG.sla,
  // The demo's departments and business flow (order-to-delivery on its office calendar): a shipped screen may name it.
  departments: DEMO_CONFIG.departments, flows: DEMO_CONFIG.flows };
const SOURCE = 'bench';
const BATCH = 5_000;
const RESERVOIR = 4_000;
const SCREENS_DIR = join(ROOT, 'screens');
/** Every metric the shipped screens may show: the built-ins (code and shipped files) and the demo company's definitions. */
const CATALOGUE = readCatalogue(join(ROOT, 'metrics'), pino({ level: 'warn' }));
/** p99 must stay under this (the issue's target). */
export const TARGET_P99_MS = 5;
/**
 * "Flat": p99 at the largest store at most ×2 p99 at the smallest, and growing no faster than N^0.15 (×2 over
 * the default ×100 range; over a shorter range the exponent is the stricter test).
 */
export const FLAT_FACTOR = 2;
export const FLAT_EXPONENT = 0.15;

export const KINDS = ['new order', 'order status', 'ticket reply', 'ticket status', 'deal stage'] as const;
export type ChangeKind = (typeof KINDS)[number];

export interface EngineScaleOptions {
  sizes: number[];
  deals: number;
  changes: number;
  warmup: number;
  fullRuns: number;
  ticks: number;
  idOrder: 'created' | 'random';
  /**
   * Wall-clock budget per size in minutes (0 = none). Seeding always completes; a later phase that reaches the
   * budget stops there, reports how far it got (with a projection of its full length), and the phases after it
   * are skipped and listed as such.
   */
  budgetMin: number;
  hub: boolean;
  /** Seed, then only the hub start: the in-process phases (scan, SLA clocks, build, changes, full recomputations, ticks) are skipped. */
  hubOnly: boolean;
  hubIdleS: number;
  hubTimeoutMs: number;
  dir: string;
  keepDb: boolean;
  profileDir?: string;
  /** Linked chain counts for the business-flow section (empty: not run); `chainsOnly` skips the store sizes. */
  chains: number[];
  chainsOnly: boolean;
  log?: (line: string) => void;
}

export interface HubResult {
  /** False when it did not listen within its time (the budget or --hub-timeout-ms): then only the start figures below are set. */
  listening: boolean;
  /** The code the child loaded (at its spawn): others may commit during a long run. */
  code: CodeState;
  /** Spawn → the "running at" line (node boot, module loading, startHub, listen); when not listening: how long it was given. */
  listeningMs: number;
  /** startHub alone, as the child timed it (opening the store, SLA clocks, screen keys from the store, listen). */
  startHubMs: number;
  /** Spawn → startHub called (node boot and module loading). */
  bootMs: number;
  /** The child's CPU time and RSS when it listened (or when it was given up), and its peak RSS until then (VmHWM). */
  cpuAtListeningMs: number;
  rssListeningMb: number;
  peakRssListeningMb: number;
  /** Spawn → the ack of the first `subscribe { screen }` with its snapshot. */
  firstSnapshotMs: number;
  firstScreen: string;
  firstSnapshotKeys: number;
  /** Each shipped screen's subscribe → ack, in the order asked. */
  subscribeMs: Record<string, number>;
  rssAfterSnapshotMb: number;
  /** Hub CPU while idle with one subscribed client (its 1 s ticker), over `idleS` seconds. */
  idleS: number;
  idleCpuPct: number;
  idleMetricsMessages: number;
  rssEndMb: number;
  peakRssMb: number;
}

/** How far a phase cut by the budget got, and how long the whole of it would have taken at the pace it had. */
export interface Cut { phase: string; afterMs: number; rowsDone: number; rowsTotal: number; projectedMs?: number }

export interface ChangeResult {
  done: number;
  /** Wall time from engine.ingest of the stored change to engine.collect returning. */
  latency: Summary;
  /** The same span in process CPU time (process.cpuUsage): less moved by other work on the machine. */
  cpu: Summary;
  /** Per kind of change: wall time (as `latency`), values changed per change, and CPU time (as `cpu`). */
  byKind: Record<string, Summary & { valuesChanged: number; cpu?: Summary }>;
  storeWrite: Summary;
  valuesChangedPerChange: number;
}

export interface SizeResult {
  size: number;
  orders: number;
  tickets: number;
  deals: number;
  openTickets: number;
  dbMb: number;
  /** 1-minute load average at the start and at the end of the size: other work on the machine moves every figure. */
  load: [number, number];
  seed: { rows: number; storeMs: number; storeRowsPerS: number; rawMs: number; rawRowsPerS: number; generateMs: number };
  /** store.iterateRecords() over every row, doing nothing with them: the floor of any recomputation. */
  scanMs: number;
  loadClocksMs: number;
  liveClocks: number;
  keys: number;
  screenKeys: number;
  /** ensure(all keys) + collect on the engine that then takes the changes (NaN when cut: see `cuts`). */
  initialBuildMs: number;
  engineHeapMb: number;
  changes?: ChangeResult;
  /** Fresh engine + ensure(all keys) + collect after the changes; `runsMs` only holds the runs that finished. */
  full?: { runsMs: number[]; medianMs: number };
  /** Incremental values after the changes compared with the first full recomputation, key by key (undefined: not compared). */
  mismatched?: string[];
  /** engine.tick(+1 s) + collect, as the hub's 1 s ticker does: the steady background cost. */
  tick?: Summary;
  hub?: HubResult;
  /** A second start on the same file: the finished SLA instances kept by the first start are not re-evaluated. */
  hubRestart?: HubResult;
  cuts: Cut[];
  /** Phases not run, and why. */
  skipped: string[];
  wallS: number;
}

export interface EngineScaleReport {
  startedAt: string; node: string;
  /** The code the bench process loaded at its start (its in-process phases run that code). */
  code: CodeState;
  options: Omit<EngineScaleOptions, 'log'>; sizes: SizeResult[];
  /** The business-flow section, one entry per chain count. */
  flows: FlowSizeResult[];
}

const MB = 1024 * 1024;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN; };
const n0 = (n: number) => n.toLocaleString('en-US');
const sec = (msv: number) => (Number.isFinite(msv) ? `${(msv / 1000).toFixed(1)} s` : '–');
const minutes = (msv: number) => `${(msv / 60_000).toFixed(1)} min`;

let gcFn: (() => void) | undefined;
/** A full GC, so memory figures and the next size start clean (exposes gc at run time; no flag needed). */
export function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** The code being measured: others edit server/ while benchmarks run, so the figures belong to this state. */
export interface CodeState {
  head: string;
  /** A short hash of the uncommitted changes under server/ (diff and new files), or null when there are none. */
  serverChanges: string | null;
}

export function codeState(): CodeState {
  const git = (args: string[]) => { try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * MB }); } catch { return '?'; } };
  const changes = git(['diff', 'HEAD', '--', 'server']) + git(['ls-files', '--others', '--exclude-standard', '--', 'server']);
  return { head: git(['rev-parse', '--short', 'HEAD']).trim(), serverChanges: changes.trim() ? createHash('sha1').update(changes).digest('hex').slice(0, 8) : null };
}

export const codeLabel = (c: CodeState) => `${c.head}${c.serverChanges ? ` + uncommitted server/ changes ${c.serverChanges}` : ''}`;
const sameCode = (a: CodeState, b: CodeState) => a.head === b.head && a.serverChanges === b.serverChanges;

function fileMb(path: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) { try { bytes += statSync(path + suffix).size; } catch { /* not there */ } }
  return bytes / MB;
}

/** A V8 CPU profile of this process from now on (node:inspector), when a profile folder was asked for. */
export async function startProfile(dir: string | undefined): Promise<Session | undefined> {
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

export async function stopProfile(session: Session | undefined, dir: string | undefined, name: string, log: (l: string) => void): Promise<void> {
  if (!session || !dir) return;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync(resolve(ROOT, dir), { recursive: true });
  const file = join(resolve(ROOT, dir), `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  log(`    CPU profile: ${file}`);
}

/** The budget ran out inside a phase. */
class OutOfTime extends Error {
  constructor(readonly phase: string) { super(`${phase}: out of time`); }
}

/** Rows and time (including the consumer's work on them) per record type, for projecting a cut phase. */
type Tally = Map<RecordType, { rows: number; ms: number }>;

/**
 * Passes the store's records through: logs the pace every 30 s, counts rows and time per type into `tally`,
 * and throws OutOfTime once `deadline` (performance.now() time) has passed.
 */
function* tracked(records: Iterable<SourcedRecord>, total: number, label: string, log: (l: string) => void, deadline: number, tally: Tally = new Map()): Generator<SourcedRecord> {
  const start = performance.now();
  let nextLog = start + 30_000, n = 0;
  let segType: RecordType | undefined, segStart = start, segRows = 0;
  const close = (at: number) => {
    if (segType === undefined) return;
    const e = tally.get(segType) ?? { rows: 0, ms: 0 };
    e.rows += segRows; e.ms += at - segStart;
    tally.set(segType, e);
  };
  try {
    for (const record of records) {
      if (record.type !== segType) { const at = performance.now(); close(at); segType = record.type; segStart = at; segRows = 0; }
      yield record;
      segRows++;
      if ((++n & 255) === 0) {
        const at = performance.now();
        if (at > deadline) throw new OutOfTime(label);
        if (at >= nextLog) {
          log(`      … ${n0(n)} of ${n0(total)} ${label} in ${sec(at - start)} (${n0(Math.round(n / ((at - start) / 1000)))}/s)`);
          nextLog = at + 30_000;
        }
      }
    }
  } finally {
    close(performance.now());
  }
}

/** The whole phase at the pace each type had (undefined while a type with rows to go has not been reached). */
function project(tally: Tally, totals: Partial<Record<RecordType, number>>): number | undefined {
  let total = 0;
  for (const [type, rows] of Object.entries(totals) as [RecordType, number][]) {
    if (rows === 0) continue;
    const t = tally.get(type);
    if (!t || t.rows === 0) return undefined;
    total += (t.ms / t.rows) * rows;
  }
  return total;
}

const tallied = (tally: Tally) => [...tally.values()].reduce((a, t) => a + t.rows, 0);

/** The metric keys a real hub computes for the shipped screens, then every catalogue metric with default params. */
export function benchRefs(engine: Engine): { refs: MetricRef[]; screenKeys: number; screens: string[] } {
  const entries = loadScreens(SCREENS_DIR, (ref) => engine.resolve(ref));
  const bad = entries.filter((e) => !e.valid);
  if (bad.length) throw new Error(`invalid shipped screen(s): ${bad.map((e) => e.error).join('; ')}`);
  const screenRefs = entries.flatMap((e) => (e.definition ? screenMetrics(e.definition) : []));
  // The flow metrics name a configured flow (docs/flows.md); the bench config has none.
  const refs = [...screenRefs, ...CATALOGUE.filter((d) => d.input !== 'flow' && d.origin !== 'company').map((d) => ({ id: d.id, params: {} }))];
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

export interface Change { kind: ChangeKind; record: CanonicalRecord }

/**
 * Makes change number `c` at instant `at`: a new order, the next status of a live order, a reply or a status
 * change on an open ticket (reopening one that a previous change solved), or the next stage of an open deal.
 * Changed records are kept in `modified`, so a record changed twice builds on its first change.
 */
export function changeMaker(synth: SynthOptions, pools: { liveOrders: number[]; openTickets: number[]; openDeals: number[] }, seed: number) {
  const rng = new Random(seed);
  const modified = new Map<string, CanonicalRecord>();
  const current = <T extends CanonicalRecord>(id: string, make: () => T): T => structuredClone((modified.get(id) as T | undefined) ?? make());
  const pick = (pool: number[]) => pool[Math.floor(rng.next() * pool.length)]!;

  const newOrder = (c: number, at: string, amount = Math.round(rng.lognormal(6000, 2.2) * 100) / 100): Change => ({ kind: 'new order', record: {
    type: 'order', id: `SN${String(c).padStart(7, '0')}`, status: 'new', amount, amount_reporting: amount, // as the hub stores a CNY amount
    currency: 'CNY', customer: '华信科技', department: rng.chance(0.6) ? 'sales' : 'marketing', region: rng.pick(['华东', '华南', '华北', '华中']),
    channel: '直销', owner: '王磊', created_at: at, updated_at: at, history: [{ status: 'new', at }],
  } });

  function orderStatus(c: number, at: string): Change {
    for (let tries = 0; tries < 20 && pools.liveOrders.length > 0; tries++) {
      const i = pick(pools.liveOrders);
      const order = current(orderId(i), () => orderAt(i, synth));
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
    const ticket = current(ticketId(i), () => ticketAt(i, synth));
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
      const deal = current(dealId(i), () => dealAt(i, synth));
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

/** Starts the hub child on a seeded file and measures its start, first snapshot, memory and idle CPU. */
async function measureHub(dbPath: string, size: number, screens: string[], opts: EngineScaleOptions, timeoutMs: number): Promise<HubResult> {
  const log = opts.log ?? (() => {});
  const nodeArgs = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(resolve(ROOT, opts.profileDir), `hub-${size}`)] : [];
  let pid = 0;
  let last = { cpuMs: Number.NaN, rssMb: Number.NaN, peakMb: Number.NaN };
  const sample = () => {
    if (!pid) return;
    try { last = { cpuMs: processCpuMs(pid), rssMb: processRssMb(pid), peakMb: processPeakRssMb(pid) }; } catch { /* it exited */ }
  };
  const code = codeState();
  const spawnAt = performance.now();
  let lastLog = spawnAt;
  // Watch a slow start from outside: the last sample is what is reported if the hub is given up.
  const watch = setInterval(() => {
    sample();
    if (performance.now() - lastLog >= 60_000) {
      lastLog = performance.now();
      log(`      … hub starting for ${sec(lastLog - spawnAt)}: RSS ${last.rssMb.toFixed(0)} MB, CPU ${sec(last.cpuMs)}`);
    }
  }, 2_000);
  let server: ServerChild;
  try {
    server = await startServerChild('bench/children/hub.ts', {
      label: `OpsWall hub on the ${n0(size)} store`, nodeArgs, timeoutMs, onSpawn: (p) => { pid = p; },
      env: { BENCH_HUB_CONFIG: JSON.stringify(BENCH_CONFIG), BENCH_DB_PATH: dbPath },
    });
  } catch (err) {
    if (!/did not print its URL/.test((err as Error).message)) throw err;
    const given = performance.now() - spawnAt;
    log(`    hub: not listening after ${sec(given)} (given up; RSS then ${last.rssMb.toFixed(0)} MB, peak ${last.peakMb.toFixed(0)} MB, CPU ${sec(last.cpuMs)})`);
    return {
      listening: false, code, listeningMs: given, startHubMs: Number.NaN, bootMs: Number.NaN, cpuAtListeningMs: last.cpuMs,
      rssListeningMb: last.rssMb, peakRssListeningMb: last.peakMb, firstSnapshotMs: Number.NaN, firstScreen: '', firstSnapshotKeys: 0,
      subscribeMs: {}, rssAfterSnapshotMb: Number.NaN, idleS: 0, idleCpuPct: Number.NaN, idleMetricsMessages: 0, rssEndMb: Number.NaN, peakRssMb: last.peakMb,
    };
  } finally {
    clearInterval(watch);
  }
  const listeningMs = performance.now() - spawnAt;
  let socket: ClientSocket | undefined;
  try {
    const cpuAtListeningMs = processCpuMs(server.pid);
    const rssListeningMb = processRssMb(server.pid);
    const peakRssListeningMb = processPeakRssMb(server.pid);
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
    const idleCpuPct = opts.hubIdleS > 0 ? ((processCpuMs(server.pid) - cpu0) / (performance.now() - idle0)) * 100 : Number.NaN;
    const result: HubResult = {
      listening: true, code, listeningMs, startHubMs: timing?.startHubMs ?? Number.NaN, bootMs: timing?.startHubBeganAtMs ?? Number.NaN,
      cpuAtListeningMs, rssListeningMb, peakRssListeningMb, firstSnapshotMs, firstScreen: order[0]!, firstSnapshotKeys, subscribeMs, rssAfterSnapshotMb,
      idleS: opts.hubIdleS, idleCpuPct, idleMetricsMessages: metricsMessages, rssEndMb: processRssMb(server.pid), peakRssMb: processPeakRssMb(server.pid),
    };
    log(`    hub: listening after ${sec(listeningMs)} (startHub ${sec(result.startHubMs)}), first snapshot after ${sec(firstSnapshotMs)}, `
      + `RSS ${rssListeningMb.toFixed(0)} MB → ${rssAfterSnapshotMb.toFixed(0)} MB (peak ${result.peakRssMb.toFixed(0)} MB), idle CPU ${idleCpuPct.toFixed(0)} %`);
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
  const deadline = opts.budgetMin > 0 ? sizeStart + opts.budgetMin * 60_000 : Infinity;
  const left = () => deadline - performance.now();
  const load0 = loadavg()[0]!;
  const dir = mkdtempSync(join(opts.dir, 'opswall-engine-scale-'));
  const dbPath = join(dir, 'opswall.db');
  const total = opts.warmup + opts.changes;
  const { now, horizon, at: changeAt } = clock(total); // history ends 10 minutes ago; the changes come after it
  const synth: SynthOptions = { ...DEFAULT_SYNTH, horizon, counts: { order: size, ticket: size, deal: opts.deals }, idOrder: opts.idOrder };
  const totals = { deal: opts.deals, order: size, ticket: size };
  const cuts: Cut[] = [];
  const skipped: string[] = [];
  const skip = (phases: string[], why: string) => { for (const p of phases) { skipped.push(`${p}: ${why}`); log(`    skipped ${p}: ${why}`); } };
  const cutAt = (cut: Cut) => {
    cuts.push(cut);
    log(`    ${cut.phase}: budget of ${opts.budgetMin} min reached after ${sec(cut.afterMs)}, ${n0(cut.rowsDone)} of ${n0(cut.rowsTotal)} done`
      + `${cut.projectedMs === undefined ? '' : `; the whole would take ≈ ${minutes(cut.projectedMs)} at that pace`}`);
  };
  let store: Store | undefined = createStore(dbPath);
  let engine: Engine | undefined;
  try {
    log(`  N = ${n0(size)}: seeding ${n0(size)} orders, ${n0(size)} tickets and ${n0(opts.deals)} deals into ${dbPath}${Number.isFinite(deadline) ? ` (budget ${opts.budgetMin} min)` : ''}`);
    const seeded = seedStores(store, join(dir, 'raw.db'), size, opts.deals, synth, log);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `raw.db${suffix}`), { force: true });
    const { seed } = seeded;
    log(`    store ${n0(Math.round(seed.storeRowsPerS))} rows/s (${sec(seed.storeMs)}), plain INSERT ${n0(Math.round(seed.rawRowsPerS))} rows/s (${sec(seed.rawMs)}): `
      + `store ×${(seed.storeMs / seed.rawMs).toFixed(2)} the time; open tickets ${n0(seeded.openTickets.count)}`);
    const result: SizeResult = {
      size, orders: size, tickets: size, deals: opts.deals, openTickets: seeded.openTickets.count, dbMb: fileMb(dbPath), load: [load0, Number.NaN],
      seed, scanMs: Number.NaN, loadClocksMs: Number.NaN, liveClocks: 0, keys: 0, screenKeys: 0, initialBuildMs: Number.NaN, engineHeapMb: Number.NaN,
      cuts, skipped, wallS: 0,
    };
    const finish = () => { result.wallS = (performance.now() - sizeStart) / 1000; result.load[1] = loadavg()[0]!; log(`    N = ${n0(size)} done in ${result.wallS.toFixed(0)} s`); return result; };
    const s = store;
    const later = ['SLA clocks', 'build', 'changes', 'full recomputation', 'ticks', ...(opts.hub ? ['hub start'] : [])];
    if (opts.hubOnly) {
      skip(['scan', ...later.slice(0, -1)], '--hub-only');
      store.close();
      store = undefined;
      const entries = loadScreens(SCREENS_DIR, () => undefined);
      result.hub = await measureHub(dbPath, size, entries.map((e) => e.id), opts, Math.max(1_000, Math.min(opts.hubTimeoutMs, left())));
      if (result.hub.listening && left() > 0) {
        result.hubRestart = await measureHub(dbPath, size, entries.map((e) => e.id), opts, Math.max(1_000, Math.min(opts.hubTimeoutMs, left())));
      }
      return finish();
    }

    // The floor of any recomputation: reading every row into a JS object.
    let t0 = performance.now();
    let scanned = 0;
    try {
      for (const _r of tracked(s.iterateRecords(), seed.rows, 'rows scanned', log, deadline)) scanned++;
      result.scanMs = performance.now() - t0;
    } catch (err) {
      if (!(err instanceof OutOfTime)) throw err;
      const afterMs = performance.now() - t0;
      cutAt({ phase: 'scan', afterMs, rowsDone: scanned, rowsTotal: seed.rows, projectedMs: (afterMs * seed.rows) / Math.max(1, scanned) });
      skip(later, 'budget spent');
      return finish();
    }
    if (scanned !== seed.rows) throw new Error(`the store holds ${scanned} records, expected ${seed.rows}`);

    const config = parseConfig(BENCH_CONFIG);
    const depsWith = (replay: () => Iterable<SourcedRecord>): EngineDeps => ({
      timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: CATALOGUE,
      replay, freshness: () => ({ asOf: null, stale: false }), flows: config.flows,
    });
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const buildTally: Tally = new Map();
    engine = createEngine(depsWith(() => tracked(s.iterateRecords(), seed.rows, 'rows replayed (build)', log, deadline, buildTally)));
    const { refs, screenKeys, screens } = benchRefs(engine);
    result.screenKeys = screenKeys;

    // The hub's SLA clocks for every stored ticket (what startHub does first).
    const clockTally: Tally = new Map();
    t0 = performance.now();
    try {
      engine.loadClocks(tracked(s.iterateOpenTickets(), seeded.openTickets.count, 'open tickets read for SLA clocks', log, deadline, clockTally), now);
      result.loadClocksMs = performance.now() - t0;
      result.liveClocks = engine.liveClocks;
    } catch (err) {
      if (!(err instanceof OutOfTime)) throw err;
      const open = seeded.openTickets.count;
      cutAt({ phase: 'SLA clocks', afterMs: performance.now() - t0, rowsDone: tallied(clockTally), rowsTotal: open, projectedMs: project(clockTally, { ticket: open }) });
      skip(later.slice(1), 'budget spent');
      return finish();
    }

    // Every key from the store in one pass: the engine that then takes the changes.
    const buildProfile = await startProfile(opts.profileDir);
    t0 = performance.now();
    let keys: string[];
    try {
      keys = [...new Set(engine.ensure(refs, now))];
      engine.collect(now);
      result.initialBuildMs = performance.now() - t0;
    } catch (err) {
      if (!(err instanceof OutOfTime)) throw err;
      await stopProfile(buildProfile, opts.profileDir, `engine-build-${size}`, log);
      cutAt({ phase: 'build', afterMs: performance.now() - t0, rowsDone: tallied(buildTally), rowsTotal: seed.rows, projectedMs: project(buildTally, totals) });
      skip(later.slice(2), 'budget spent');
      return finish();
    }
    await stopProfile(buildProfile, opts.profileDir, `engine-build-${size}`, log);
    result.keys = keys.length;
    collectGarbage();
    result.engineHeapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
    log(`    scan ${sec(result.scanMs)}, SLA clocks ${sec(result.loadClocksMs)} (${n0(result.liveClocks)} live), ${keys.length} keys built in ${sec(result.initialBuildMs)}, `
      + `engine heap ≈ ${result.engineHeapMb.toFixed(0)} MB`);

    // The changes: store write, then ingest + collect (the measured part), until done or out of time.
    const make = changeMaker(synth, { liveOrders: seeded.liveOrders.items, openTickets: seeded.openTickets.items, openDeals: seeded.openDeals.items }, synth.seed + size);
    const lat = new Float64Array(opts.changes), cpu = new Float64Array(opts.changes), write = new Float64Array(opts.changes);
    const perKind = new Map<ChangeKind, { samples: number[]; cpu: number[]; values: number }>();
    let valuesChanged = 0, done = 0;
    let session: Session | undefined;
    const loopStart = performance.now();
    for (let c = 0; c < total; c++) {
      if (performance.now() > deadline) {
        cutAt({ phase: 'changes', afterMs: performance.now() - loopStart, rowsDone: done, rowsTotal: opts.changes,
          projectedMs: done > 0 ? ((performance.now() - loopStart) * total) / (done + Math.min(c, opts.warmup)) : undefined });
        break;
      }
      const measuring = c >= opts.warmup;
      if (c === opts.warmup) session = await startProfile(opts.profileDir);
      const at = changeAt(c);
      const change = make(c, at);
      const w0 = performance.now();
      const applied = s.applyBatch(SOURCE, [change.record], { change: c });
      const w1 = performance.now();
      if (applied.length !== 1) throw new Error(`change ${c} (${change.kind} ${change.record.id}) was not taken by the store`);
      const cpu0 = process.cpuUsage();
      engine.ingest(applied.map((a) => a.after), now);
      const values = engine.collect(now);
      const w2 = performance.now();
      const used = process.cpuUsage(cpu0);
      if (!measuring) continue;
      lat[done] = w2 - w1; write[done] = w1 - w0; cpu[done] = (used.user + used.system) / 1000;
      done++;
      valuesChanged += values.length;
      let k = perKind.get(change.kind);
      if (!k) perKind.set(change.kind, k = { samples: [], cpu: [], values: 0 });
      k.samples.push(w2 - w1); k.cpu.push(cpu[done - 1]!); k.values += values.length;
    }
    await stopProfile(session, opts.profileDir, `engine-changes-${size}`, log);
    if (done > 0) {
      result.changes = {
        done, latency: summarise(lat.subarray(0, done)), cpu: summarise(cpu.subarray(0, done)), storeWrite: summarise(write.subarray(0, done)),
        valuesChangedPerChange: valuesChanged / done,
        byKind: Object.fromEntries(KINDS.filter((k) => perKind.has(k)).map((k) => {
          const e = perKind.get(k)!;
          return [k, { ...summarise(e.samples), valuesChanged: e.values / e.samples.length, cpu: summarise(e.cpu) }];
        })),
      };
      const c = result.changes;
      log(`    ${done} changes: ingest → collect p50 ${ms(c.latency.p50)} ms, p99 ${ms(c.latency.p99)} ms, max ${ms(c.latency.max)} ms `
        + `(CPU p50 ${ms(c.cpu.p50)} ms, p99 ${ms(c.cpu.p99)} ms; store write p50 ${ms(c.storeWrite.p50)} ms)`);
    }

    // What the incremental engine holds now, to compare with the first full recomputation; then the hub's
    // 1 s ticker on it (windows moved, due clocks re-evaluated, every key collected), and it is let go.
    const incremental = new Map(keys.map((key) => [key, JSON.stringify(engine!.current(key)?.value)]));
    if (left() > 0) {
      const ticks: number[] = [];
      for (let k = 0; k < opts.ticks && left() > 0; k++) {
        const tickAt = now + (k + 1) * 1_000;
        const k0 = performance.now();
        engine.tick(tickAt);
        engine.collect(tickAt);
        ticks.push(performance.now() - k0);
      }
      result.tick = summarise(ticks);
    } else skip(['ticks'], 'budget spent');
    engine = undefined;

    // The baseline: the same keys computed from scratch (a fresh engine seeded from the store), a few times.
    // The hub start comes after them but goes first for the budget: time for it (≈ SLA clocks + build) is kept back.
    const hubReserveMs = opts.hub && Number.isFinite(deadline) ? (result.loadClocksMs + result.initialBuildMs) * 1.3 + 15_000 : 0;
    const runsMs: number[] = [];
    for (let r = 0; r < opts.fullRuns; r++) {
      const expected = runsMs.length ? runsMs[runsMs.length - 1]! : result.initialBuildMs;
      if (left() - hubReserveMs < expected * 1.1) {
        skip([`full recomputation run${r + 1 < opts.fullRuns ? 's' : ''} ${r + 1}${r + 1 < opts.fullRuns ? `–${opts.fullRuns}` : ''}`],
          `budget: ${minutes(Math.max(0, left()))} left, a run takes ≈ ${sec(expected)}${hubReserveMs ? ` and the hub start ≈ ${sec(hubReserveMs)} is kept back` : ''}`);
        break;
      }
      collectGarbage();
      const tally: Tally = new Map();
      t0 = performance.now();
      try {
        const fresh = createEngine(depsWith(() => tracked(s.iterateRecords(), seed.rows, `rows replayed (full recomputation ${r + 1})`, log, deadline, tally)));
        fresh.ensure(refs, now);
        fresh.collect(now);
        runsMs.push(performance.now() - t0);
        if (r === 0) result.mismatched = keys.filter((key) => JSON.stringify(fresh.current(key)?.value) !== incremental.get(key));
      } catch (err) {
        if (!(err instanceof OutOfTime)) throw err;
        cutAt({ phase: `full recomputation ${r + 1}`, afterMs: performance.now() - t0, rowsDone: tallied(tally), rowsTotal: seed.rows, projectedMs: project(tally, totals) });
        break;
      }
    }
    if (runsMs.length > 0) {
      result.full = { runsMs, medianMs: median(runsMs) };
      const bad = result.mismatched ?? [];
      log(`    full recomputation of ${keys.length} keys: ${runsMs.map((x) => sec(x)).join(', ')} (median ${sec(result.full.medianMs)}); `
        + `incremental = full: ${result.mismatched === undefined ? 'not compared' : bad.length === 0 ? 'yes, every key' : `NO for ${bad.length} key(s): ${bad.slice(0, 5).join(', ')}`}`);
    }
    store.close();
    store = undefined;
    collectGarbage();

    if (opts.hub) {
      const projected = result.loadClocksMs + result.initialBuildMs;
      if (left() <= 0) skip(['hub start'], `budget spent (it does the SLA clocks and a build of the screens' keys: ≈ ${minutes(projected)} here)`);
      else result.hub = await measureHub(dbPath, size, screens, opts, Math.max(1_000, Math.min(opts.hubTimeoutMs, left())));
    }
    return finish();
  } finally {
    engine = undefined;
    store?.close();
    if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
    else log(`    kept ${dir}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Business-flow chains (issue 15, item 8): N linked chains (deal → order → 0–3 tickets) across three sources, the
// demo's flow and its metrics standing; one record change → every affected value, at each N, against a fresh engine.

/** "Flat" for the flow section (the issue's rule): p99 at the largest chain count at most ×1.5 p99 at the smallest. */
export const FLOW_FLAT_FACTOR = 1.5;

export interface FlowSizeResult {
  chains: number;
  rows: { deal: number; order: number; ticket: number };
  seedMs: number;
  dbMb: number;
  load: [number, number];
  loadClocksMs: number;
  keys: number;
  /** The flow metric keys (and tickets.reassignments when the catalogue has it) among `keys`. */
  flowKeys: string[];
  buildMs: number;
  engineHeapMb: number;
  changes?: ChangeResult & {
    flowValuesPerChange: number;
    /**
     * Measured changes during which V8 collected garbage (a 'gc' performance entry overlapping the span), and the
     * wall-time p99 of the others: where the tail comes from (a scavenge every ~100 changes lands in ~1 % of them).
     */
    gc: { changesWithGc: number; p99WithoutGc: number; gcMsInChanges: number };
  };
  tick?: Summary;
  full?: { ms: number };
  mismatched?: string[];
  /** flow.paths (30d) after the changes: instances, completed, and broken ones across steps (the same in both engines when they agree). */
  paths?: { instances: number; completed: number; broken: number };
  wallS: number;
}

/** The flow metric keys the flow section keeps standing on `flow`: each metric, a window and a department variant. */
export function flowRefs(flow: string): MetricRef[] {
  return [
    { id: 'flow.handoffs', params: { flow } }, { id: 'flow.handoffs', params: { flow, window: '30d' } },
    { id: 'flow.handoffs', params: { flow, department: 'logistics' } },
    { id: 'flow.stuck', params: { flow } }, { id: 'flow.stuck', params: { flow, department: 'operations' } },
    { id: 'flow.paths', params: { flow } }, { id: 'flow.paths', params: { flow, window: '7d' } },
  ];
}
const FLOW_IDS = new Set(['flow.handoffs', 'flow.stuck', 'flow.paths', 'tickets.reassignments']);

async function runFlowSize(count: number, opts: EngineScaleOptions): Promise<FlowSizeResult> {
  const log = opts.log ?? (() => {});
  const sizeStart = performance.now();
  const load0 = loadavg()[0]!;
  const dir = mkdtempSync(join(opts.dir, 'opswall-engine-flows-'));
  const dbPath = join(dir, 'opswall.db');
  const total = opts.warmup + opts.changes;
  const { now, horizon, at: changeAt } = clock(total);
  const chainOpts: ChainOptions = { seed: DEFAULT_SYNTH.seed + 7, horizon, count, days: 60 };
  const store = createStore(dbPath);
  try {
    // Seed: each source's records through applyBatch, BATCH chains at a time; samples of what changes may pick.
    log(`  flows, ${n0(count)} chains: seeding into ${dbPath}`);
    const pools = { openDeals: new Reservoir<number>(RESERVOIR, chainOpts.seed + 1), orderlessWon: new Reservoir<number>(RESERVOIR, chainOpts.seed + 2),
      liveOrders: new Reservoir<number>(RESERVOIR, chainOpts.seed + 3), openTickets: new Reservoir<number>(RESERVOIR, chainOpts.seed + 4) };
    const rows = { deal: 0, order: 0, ticket: 0 };
    let seedMs = 0;
    for (let start = 0; start < count; start += BATCH) {
      const deals: CanonicalRecord[] = [], orders: CanonicalRecord[] = [], tickets: CanonicalRecord[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const chain = chainAt(i, chainOpts);
        deals.push(chain.deal);
        if (chain.deal.stage === 'negotiation') pools.openDeals.offer(i);
        else if (!chain.order) pools.orderlessWon.offer(i);
        if (chain.order) { orders.push(chain.order); if (isLiveOrder(chain.order)) pools.liveOrders.offer(i); }
        chain.tickets.forEach((t, j) => { tickets.push(t); if (isOpenChainTicket(t)) pools.openTickets.offer(i * 3 + j); });
      }
      const t0 = performance.now();
      for (const [source, batch] of [[CHAIN_SOURCES.deal, deals], [CHAIN_SOURCES.order, orders], [CHAIN_SOURCES.ticket, tickets]] as const) {
        if (batch.length && store.applyBatch(source, batch, { seeded: start + BATCH }).length !== batch.length) throw new Error(`seeding ${source}: records refused`);
      }
      seedMs += performance.now() - t0;
      rows.deal += deals.length; rows.order += orders.length; rows.ticket += tickets.length;
    }
    const allRows = rows.deal + rows.order + rows.ticket;
    log(`    seeded ${n0(rows.deal)} deals, ${n0(rows.order)} orders, ${n0(rows.ticket)} tickets in ${sec(seedMs)} (${n0(Math.round(allRows / (seedMs / 1000)))} rows/s)`);
    const s = store;
    const config = parseConfig(BENCH_CONFIG);
    const flow = config.flows[0]!;
    const deps = (): EngineDeps => ({
      timezone: config.timezone, policies: config.sla.policies, calendars: config.sla.calendars, catalogue: CATALOGUE,
      replay: () => s.iterateRecords(), freshness: () => ({ asOf: null, stale: false }), flows: config.flows, customerOf: customerOfAccount,
    });
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let engine: Engine | undefined = createEngine(deps());
    const refs = [...benchRefs(engine).refs, ...flowRefs(flow.id)];
    let t0 = performance.now();
    engine.loadClocks(s.iterateOpenTickets(), now);
    const loadClocksMs = performance.now() - t0;
    t0 = performance.now();
    const keys = [...new Set(engine.ensure(refs, now))];
    engine.collect(now);
    const buildMs = performance.now() - t0;
    collectGarbage();
    const engineHeapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
    const flowKeys = keys.filter((k) => FLOW_IDS.has(engine!.current(k)?.id ?? ''));
    log(`    ${keys.length} keys (${flowKeys.length} flow) built in ${sec(buildMs)} (SLA clocks ${sec(loadClocksMs)}), engine heap ≈ ${engineHeapMb.toFixed(0)} MB`);

    // The changes: store write, then ingest + collect (measured).
    const make = chainChangeMaker(chainOpts, { openDeals: pools.openDeals.items, orderlessWon: pools.orderlessWon.items,
      liveOrders: pools.liveOrders.items, openTickets: pools.openTickets.items }, chainOpts.seed + count);
    const lat = new Float64Array(opts.changes), cpu = new Float64Array(opts.changes), write = new Float64Array(opts.changes);
    const perKind = new Map<string, { samples: number[]; cpu: number[]; values: number }>();
    let valuesChanged = 0, flowValues = 0, done = 0;
    let session: Session | undefined;
    const spans = new Float64Array(opts.changes * 2);
    const gcs: [number, number][] = [];
    const gcObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]); });
    gcObserver.observe({ entryTypes: ['gc'] });
    for (let c = 0; c < total; c++) {
      const measuring = c >= opts.warmup;
      if (c === opts.warmup) session = await startProfile(opts.profileDir);
      const at = changeAt(c);
      const change = make(c, at);
      const w0 = performance.now();
      const applied = s.applyBatch(change.source, [change.record], { change: c });
      const w1 = performance.now();
      if (applied.length !== 1) throw new Error(`change ${c} (${change.kind} ${change.record.type} ${change.record.id}) was not taken by the store`);
      const cpu0 = process.cpuUsage();
      engine.ingest(applied.map((a) => a.after), now);
      const values = engine.collect(now);
      const w2 = performance.now();
      const used = process.cpuUsage(cpu0);
      if (!measuring) continue;
      lat[done] = w2 - w1; write[done] = w1 - w0; cpu[done] = (used.user + used.system) / 1000;
      spans[2 * done] = w1; spans[2 * done + 1] = w2;
      done++;
      valuesChanged += values.length;
      flowValues += values.filter((v) => FLOW_IDS.has(v.id)).length;
      let k = perKind.get(change.kind);
      if (!k) perKind.set(change.kind, k = { samples: [], cpu: [], values: 0 });
      k.samples.push(w2 - w1); k.cpu.push(cpu[done - 1]!); k.values += values.length;
    }
    await stopProfile(session, opts.profileDir, `engine-flow-changes-${count}`, log);
    await new Promise((r) => setTimeout(r, 50)); // the observer is told of the last collections asynchronously
    gcObserver.disconnect();
    const clean: number[] = [];
    let changesWithGc = 0, gcMsInChanges = 0;
    for (let d = 0; d < done; d++) {
      const from = spans[2 * d]!, to = spans[2 * d + 1]!;
      const inside = gcs.filter(([a, b]) => b > from && a < to);
      if (inside.length === 0) { clean.push(lat[d]!); continue; }
      changesWithGc++;
      for (const [a, b] of inside) gcMsInChanges += Math.min(b, to) - Math.max(a, from);
    }
    const changes = {
      gc: { changesWithGc, p99WithoutGc: summarise(clean).p99, gcMsInChanges },
      done, latency: summarise(lat.subarray(0, done)), cpu: summarise(cpu.subarray(0, done)), storeWrite: summarise(write.subarray(0, done)),
      valuesChangedPerChange: valuesChanged / Math.max(1, done), flowValuesPerChange: flowValues / Math.max(1, done),
      byKind: Object.fromEntries(CHAIN_KINDS.filter((k) => perKind.has(k)).map((k) => {
        const e = perKind.get(k)!;
        return [k, { ...summarise(e.samples), valuesChanged: e.values / e.samples.length, cpu: summarise(e.cpu) }];
      })),
    };
    log(`    ${done} changes: ingest → collect p50 ${ms(changes.latency.p50)} ms, p99 ${ms(changes.latency.p99)} ms, max ${ms(changes.latency.max)} ms `
      + `(CPU p99 ${ms(changes.cpu.p99)} ms), ${changes.flowValuesPerChange.toFixed(2)} flow values per change; `
      + `${changesWithGc} with a GC inside (${ms(gcMsInChanges)} ms of GC), p99 of the others ${ms(changes.gc.p99WithoutGc)} ms`);

    // The incremental values, then the ticker on them; then a fresh engine from the same store must say the same.
    const incremental = new Map(keys.map((key) => [key, JSON.stringify(engine!.current(key)?.value)]));
    const pathsKey = engine.resolve({ id: 'flow.paths', params: { flow: flow.id, window: '30d' } }).key;
    const pathsValue = engine.current(pathsKey)?.value;
    const ticks: number[] = [];
    for (let k = 0; k < opts.ticks; k++) {
      const tickAt = now + (k + 1) * 1_000;
      const k0 = performance.now();
      engine.tick(tickAt);
      engine.collect(tickAt);
      ticks.push(performance.now() - k0);
    }
    engine = undefined;
    collectGarbage();
    t0 = performance.now();
    const fresh = createEngine(deps());
    fresh.loadClocks(s.iterateOpenTickets(), now);
    fresh.ensure(refs, now);
    fresh.collect(now);
    const fullMs = performance.now() - t0;
    const mismatched = keys.filter((key) => JSON.stringify(fresh.current(key)?.value) !== incremental.get(key));
    log(`    full recomputation ${sec(fullMs)}; incremental = full: ${mismatched.length === 0 ? 'yes, every key' : `NO for ${mismatched.length} key(s): ${mismatched.slice(0, 5).join(', ')}`}`);
    const paths = pathsValue?.kind === 'flow-paths'
      ? { instances: pathsValue.instances, completed: pathsValue.completed, broken: pathsValue.steps.reduce((a, st) => a + st.broken, 0) } : undefined;
    return {
      chains: count, rows, seedMs, dbMb: fileMb(dbPath), load: [load0, loadavg()[0]!], loadClocksMs, keys: keys.length, flowKeys, buildMs, engineHeapMb,
      changes, tick: summarise(ticks), full: { ms: fullMs }, mismatched, ...(paths ? { paths } : {}),
      wallS: (performance.now() - sizeStart) / 1000,
    };
  } finally {
    store.close();
    if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
    else log(`    kept ${dir}`);
  }
}

/** p99 at the largest chain count ÷ p99 at the smallest: flat at most ×FLOW_FLAT_FACTOR. */
export function flowGrowth(report: EngineScaleReport): { from: number; to: number; factor: number; flat: boolean } | undefined {
  const sorted = report.flows.filter((f) => f.changes).sort((a, b) => a.chains - b.chains);
  const first = sorted[0], last = sorted[sorted.length - 1];
  if (!first?.changes || !last?.changes || first === last) return undefined;
  const factor = last.changes.latency.p99 / first.changes.latency.p99;
  return { from: first.chains, to: last.chains, factor, flat: factor <= FLOW_FLAT_FACTOR };
}

export function formatFlowChains(report: EngineScaleReport): string[] {
  if (report.flows.length === 0) return [];
  const lines = ['', `Business-flow chains (deal → order → 0–3 tickets; salesforce, erpnext, zendesk; the demo's flow, ${report.flows[0]!.flowKeys.length} flow keys standing), `
    + 'change → every affected value updated, wall time:'];
  const rows: (string | number)[][] = [['chains', 'deals / orders / tickets', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'CPU p50 / p99 ms', 'full recompute ms',
    `p99 < ${TARGET_P99_MS} ms`, 'with GC inside: n, p99 of the others ms', 'values / flow values per change', 'incremental = full', 'build s', 'engine heap MB', 'tick+collect p50 / max ms', 'load avg']];
  for (const f of report.flows) {
    const c = f.changes;
    rows.push([n0(f.chains), `${n0(f.rows.deal)} / ${n0(f.rows.order)} / ${n0(f.rows.ticket)}`, c ? c.done : 0, c ? ms(c.latency.p50) : '–', c ? ms(c.latency.p99) : '–',
      c ? ms(c.latency.max) : '–', c ? `${ms(c.cpu.p50)} / ${ms(c.cpu.p99)}` : '–', f.full ? Math.round(f.full.ms) : '–',
      c ? (c.latency.p99 < TARGET_P99_MS ? 'yes' : 'NO') : '–', c ? `${c.gc.changesWithGc}, ${ms(c.gc.p99WithoutGc)}` : '–',
      c ? `${c.valuesChangedPerChange.toFixed(1)} / ${c.flowValuesPerChange.toFixed(2)}` : '–',
      f.mismatched === undefined ? '–' : f.mismatched.length === 0 ? 'yes' : `NO (${f.mismatched.length} keys)`, s1(f.buildMs), mb(f.engineHeapMb),
      f.tick ? `${ms(f.tick.p50)} / ${ms(f.tick.max)}` : '–', `${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`]);
  }
  lines.push(table(rows), '', 'By kind of change, wall time (p50 / p99 / max ms, values changed per change, count):');
  const kindRows: (string | number)[][] = [['chains', ...CHAIN_KINDS]];
  for (const f of report.flows) {
    if (!f.changes) continue;
    kindRows.push([n0(f.chains), ...CHAIN_KINDS.map((k) => { const e = f.changes!.byKind[k];
      return e ? `${ms(e.p50)} / ${ms(e.p99)} / ${ms(e.max)} (${e.valuesChanged.toFixed(1)}) n=${e.count}` : '–'; })]);
  }
  lines.push(table(kindRows));
  for (const f of report.flows) {
    if (f.paths) lines.push(`chains = ${n0(f.chains)}: flow.paths (30d) after the changes: ${n0(f.paths.instances)} instances, ${n0(f.paths.completed)} completed, ${n0(f.paths.broken)} broken.`);
  }
  const g = flowGrowth(report);
  if (g) lines.push(`flow p99 from ${n0(g.from)} to ${n0(g.to)} chains: ×${g.factor.toFixed(2)}: ${g.flat ? 'flat' : 'NOT flat'} (rule: at most ×${FLOW_FLAT_FACTOR}).`);
  return lines;
}

/** Runs every size in turn; `onSize` sees the report after each (to save what is done if a later size dies). */
export async function runEngineScale(opts: EngineScaleOptions, onSize?: (partial: EngineScaleReport) => void): Promise<EngineScaleReport> {
  const { log: _log, ...options } = opts;
  const report: EngineScaleReport = { startedAt: new Date().toISOString(), node: process.version, code: codeState(), options, sizes: [], flows: [] };
  opts.log?.(`  code: ${codeLabel(report.code)}`);
  for (const size of opts.chainsOnly ? [] : opts.sizes) {
    report.sizes.push(await runSize(size, opts));
    onSize?.(report);
  }
  for (const count of opts.chains) {
    report.flows.push(await runFlowSize(count, opts));
    onSize?.(report);
  }
  return report;
}

/** p99 growth from the smallest to the largest store measured, and the exponent e of p99 ∝ N^e (0 = flat, 1 = linear). */
export function growth(report: EngineScaleReport): { from: number; to: number; factor: number; exponent: number; flat: boolean } | undefined {
  const sorted = report.sizes.filter((s) => s.changes).sort((a, b) => a.size - b.size);
  const first = sorted[0], last = sorted[sorted.length - 1];
  if (!first?.changes || !last?.changes || first === last) return undefined;
  const factor = last.changes.latency.p99 / first.changes.latency.p99;
  const exponent = Math.log(factor) / Math.log(last.size / first.size);
  return { from: first.size, to: last.size, factor, exponent, flat: factor <= FLAT_FACTOR && exponent <= FLAT_EXPONENT };
}

/**
 * The full recomputation to compare with: the median of the runs after the changes, or else the initial build
 * (the same work: a fresh engine, every key from the store in one pass, one collect; only before the changes).
 */
export function fullBaseline(s: SizeResult): { ms: number; fromBuild: boolean } | undefined {
  if (s.full) return { ms: s.full.medianMs, fromBuild: false };
  return Number.isFinite(s.initialBuildMs) ? { ms: s.initialBuildMs, fromBuild: true } : undefined;
}

const s1 = (msv: number) => (Number.isFinite(msv) ? (msv / 1000).toFixed(1) : '–');
const mb = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');

export function formatEngineScale(report: EngineScaleReport): string {
  const o = report.options;
  const lines: string[] = [`code ${codeLabel(report.code)}; ${o.changes} changes (+${o.warmup} warm-up) per size; `
    + `ids ${o.idOrder === 'created' ? 'rise with creation time' : 'independent of creation time'}; ${n0(o.deals)} deals at every size; `
    + `budget ${o.budgetMin > 0 ? `${o.budgetMin} min per size` : 'none'}`, ''];
  if (report.sizes.length === 0) return [`code ${codeLabel(report.code)}; ${o.changes} changes (+${o.warmup} warm-up) per chain count`, ...formatFlowChains(report)].join('\n');
  const rows: (string | number)[][] = [['N tickets = N orders', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'CPU p50 / p99 ms',
    'full recompute ms', 'full ÷ p99', `p99 < ${TARGET_P99_MS} ms`, 'values/change', 'store write p50 / p99 ms', 'tick+collect p50 / max ms']];
  for (const s of report.sizes) {
    const c = s.changes;
    const full = fullBaseline(s);
    rows.push([n0(s.size), c ? c.done : 0, c ? ms(c.latency.p50) : '–', c ? ms(c.latency.p99) : '–', c ? ms(c.latency.max) : '–',
      c ? `${ms(c.cpu.p50)} / ${ms(c.cpu.p99)}` : '–', full ? `${Math.round(full.ms)}${full.fromBuild ? ' (build)' : ''}` : '–',
      c && full ? `×${Math.round(full.ms / c.latency.p99)}` : '–', c ? (c.latency.p99 < TARGET_P99_MS ? 'yes' : 'NO') : '–',
      c ? c.valuesChangedPerChange.toFixed(1) : '–', c ? `${ms(c.storeWrite.p50)} / ${ms(c.storeWrite.p99)}` : '–',
      s.tick ? `${ms(s.tick.p50)} / ${ms(s.tick.max)}` : '–']);
  }
  if (report.sizes.some((s) => s.changes)) {
    lines.push('Change → every affected value updated (engine.ingest of the stored change → engine.collect returned), wall time:', table(rows));
    lines.push('', 'By kind of change, wall time (p50 / p99 / max ms, values changed per change, count):');
    const kindRows: (string | number)[][] = [['N', ...KINDS]];
    for (const s of report.sizes) {
      if (!s.changes) continue;
      kindRows.push([n0(s.size), ...KINDS.map((k) => { const e = s.changes!.byKind[k];
        return e ? `${ms(e.p50)} / ${ms(e.p99)} / ${ms(e.max)} (${e.valuesChanged.toFixed(1)}) n=${e.count}` : '–'; })]);
    }
    lines.push(table(kindRows), '');
    // A wall tail without a CPU tail waited for a core; CPU above wall is V8's concurrent GC threads (all threads count).
    lines.push('By kind of change, process CPU time (p50 / p99 / max ms):');
    const cpuRows: (string | number)[][] = [['N', ...KINDS]];
    for (const s of report.sizes) {
      if (!s.changes) continue;
      cpuRows.push([n0(s.size), ...KINDS.map((k) => { const e = s.changes!.byKind[k]?.cpu;
        return e ? `${ms(e.p50)} / ${ms(e.p99)} / ${ms(e.max)}` : '–'; })]);
    }
    lines.push(table(cpuRows), '');
  }

  lines.push('Store and engine build (same run):');
  const buildRows: (string | number)[][] = [['N', 'rows', 'DB MB', 'store seed rows/s', 'plain INSERT rows/s', 'store ÷ INSERT time',
    'scan all rows s', 'SLA clocks s', 'live clocks', 'keys (screens)', 'build s', 'full recompute runs s', 'engine heap MB', 'incremental = full', 'load avg']];
  for (const s of report.sizes) {
    buildRows.push([n0(s.size), n0(s.seed.rows), s.dbMb.toFixed(0), n0(Math.round(s.seed.storeRowsPerS)), n0(Math.round(s.seed.rawRowsPerS)),
      `×${(s.seed.storeMs / s.seed.rawMs).toFixed(2)}`, s1(s.scanMs), s1(s.loadClocksMs), n0(s.liveClocks), s.keys ? `${s.keys} (${s.screenKeys})` : '–',
      s1(s.initialBuildMs), s.full ? s.full.runsMs.map((x) => (x / 1000).toFixed(1)).join(', ') : '–', mb(s.engineHeapMb),
      s.mismatched === undefined ? '–' : s.mismatched.length === 0 ? 'yes' : `NO (${s.mismatched.length} keys)`, `${s.load[0].toFixed(1)} → ${s.load[1].toFixed(1)}`]);
  }
  lines.push(table(buildRows));

  const hubs = report.sizes.filter((s) => s.hub);
  for (const s of hubs) {
    if (!sameCode(s.hub!.code, report.code)) lines.push(`NOTE: the hub child for N = ${n0(s.size)} loaded other code than the bench process: ${codeLabel(s.hub!.code)}.`);
  }
  if (hubs.length) {
    lines.push('', 'Hub start on the seeded store (child: node --import tsx bench/children/hub.ts; shipped screens; push source + demo SLA policies):');
    const hubRows: (string | number)[][] = [['N', 'spawn → listening s', 'of which startHub s', 'CPU to listen s', 'RSS listening MB', 'peak RSS MB',
      'spawn → first snapshot s', 'first screen', 'RSS after snapshot MB', 'idle CPU %', 'subscribe ms per screen']];
    for (const [s, h, label] of hubs.flatMap((s) => [[s, s.hub!, ''], ...(s.hubRestart ? [[s, s.hubRestart, ' restart'] as const] : [])] as const)) {
      hubRows.push([`${n0(s.size)}${label}`, h.listening ? s1(h.listeningMs) : `not after ${s1(h.listeningMs)}`, s1(h.startHubMs), s1(h.cpuAtListeningMs),
        mb(h.rssListeningMb), mb(h.peakRssMb), s1(h.firstSnapshotMs), h.listening ? `${h.firstScreen} (${h.firstSnapshotKeys} keys)` : '–',
        mb(h.rssAfterSnapshotMb), Number.isFinite(h.idleCpuPct) ? h.idleCpuPct.toFixed(0) : '–',
        Object.entries(h.subscribeMs).map(([k, v]) => `${k} ${ms(v)}`).join(', ') || '–']);
    }
    lines.push(table(hubRows));
  }

  lines.push('');
  for (const s of report.sizes) {
    const c = s.changes;
    const full = fullBaseline(s);
    if (c && full) {
      lines.push(`N = ${n0(s.size)}: p99 ${ms(c.latency.p99)} ms is ${((c.latency.p99 / full.ms) * 100).toPrecision(2)} % of a full recomputation `
        + `(${Math.round(full.ms)} ms, ${full.fromBuild ? 'the initial build: no full run finished' : `median of ${s.full!.runsMs.length}`}); p50 ${ms(c.latency.p50)} ms; `
        + `${c.latency.p99 < TARGET_P99_MS ? 'meets' : 'MISSES'} the ${TARGET_P99_MS} ms p99 target.`);
    } else if (!c) {
      lines.push(`N = ${n0(s.size)}: no change was measured (see below).`);
    }
    for (const cut of s.cuts) {
      lines.push(`N = ${n0(s.size)}: ${cut.phase} cut by the ${o.budgetMin} min budget after ${sec(cut.afterMs)} (${n0(cut.rowsDone)} of ${n0(cut.rowsTotal)})`
        + `${cut.projectedMs === undefined ? '' : `; projected whole: ≈ ${minutes(cut.projectedMs)}`}.`);
    }
    for (const why of s.skipped) lines.push(`N = ${n0(s.size)}: not run: ${why}.`);
  }
  const g = growth(report);
  if (g) {
    lines.push(`p99 from N = ${n0(g.from)} to N = ${n0(g.to)}: ×${g.factor.toFixed(2)} (p99 ∝ N^${g.exponent.toFixed(2)}; 0 = flat, 1 = linear): `
      + `${g.flat ? 'flat' : 'NOT flat'} (rule: at most ×${FLAT_FACTOR} and N^${FLAT_EXPONENT}).`);
  }
  lines.push(...formatFlowChains(report));
  return lines.join('\n');
}

export function parseEngineScaleArgs(argv: string[]): EngineScaleOptions & { json: string } {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: true,
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' }, deals: { type: 'string', default: '200000' },
      changes: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '50' },
      'full-runs': { type: 'string', default: '3' }, ticks: { type: 'string', default: '10' },
      'id-order': { type: 'string', default: 'created' }, 'budget-min': { type: 'string', default: '20' },
      'no-hub': { type: 'boolean', default: false }, 'hub-only': { type: 'boolean', default: false }, 'hub-idle-s': { type: 'string', default: '10' },
      'hub-timeout-ms': { type: 'string', default: '3600000' }, dir: { type: 'string', default: tmpdir() },
      'keep-db': { type: 'boolean', default: false }, json: { type: 'string', default: 'bench/out/engine-scale.json' },
      profile: { type: 'string' }, chains: { type: 'string', default: '' }, 'chains-only': { type: 'boolean', default: false },
    },
  });
  const int = (name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${String(v)}"`);
    return x;
  };
  const idOrder = values['id-order'];
  if (idOrder !== 'created' && idOrder !== 'random') throw new Error(`--id-order must be "created" or "random", got "${String(idOrder)}"`);
  const dir = String(values.dir);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--dir ${dir}: not a folder`);
  return {
    sizes: String(values.sizes).split(',').map((s) => int('sizes', s.trim().replace(/_/g, ''), 100, 10_000_000)),
    deals: int('deals', values.deals, 100, 10_000_000),
    changes: int('changes', values.changes, 1, 100_000), warmup: int('warmup', values.warmup, 0, 10_000),
    fullRuns: int('full-runs', values['full-runs'], 1, 20), ticks: int('ticks', values.ticks, 1, 1_000), idOrder,
    budgetMin: int('budget-min', values['budget-min'], 0, 24 * 60),
    hub: values['no-hub'] !== true || values['hub-only'] === true, hubOnly: values['hub-only'] === true, hubIdleS: int('hub-idle-s', values['hub-idle-s'], 0, 600),
    hubTimeoutMs: int('hub-timeout-ms', values['hub-timeout-ms'], 1_000), dir, keepDb: values['keep-db'] === true,
    json: String(values.json),
    chains: String(values.chains).split(',').filter((s) => s.trim() !== '').map((s) => int('chains', s.trim().replace(/_/g, ''), 100, 10_000_000)),
    chainsOnly: values['chains-only'] === true,
    ...(typeof values.profile === 'string' ? { profileDir: values.profile } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const opts = parseEngineScaleArgs(process.argv.slice(2));
    console.log(`Engine scale: ${opts.chainsOnly ? 'store sizes skipped' : `N = ${opts.sizes.map(n0).join(', ')} (tickets and orders each) + ${n0(opts.deals)} deals`}; `
      + `${opts.chains.length ? `flow chains ${opts.chains.map(n0).join(', ')}; ` : ''}`
      + `${opts.changes} changes (+${opts.warmup} warm-up)${opts.chainsOnly ? '' : `, ${opts.fullRuns} full recomputations${opts.hub ? ', hub start' : ''}; `
      + `budget ${opts.budgetMin > 0 ? `${opts.budgetMin} min per size` : 'none'}`}`);
    const started = performance.now();
    const report = await runEngineScale({ ...opts, log: (l) => console.log(l) }, (partial) => writeJson(opts.json, partial));
    console.log(`\n${formatEngineScale(report)}`);
    console.log(`\ntotal time ${((performance.now() - started) / 1000).toFixed(0)} s; results: ${writeJson(opts.json, report)}`);
  } catch (err) {
    console.error(`\nengine-scale benchmark aborted: ${(err as Error).stack ?? (err as Error).message}`);
    process.exitCode = 1;
  }
}
