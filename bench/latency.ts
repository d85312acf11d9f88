/**
 * Change → `metrics` latency at the clients, with 1 and with 500 clients on the same screen, and the hub's
 * CPU time for it; against plain Socket.IO measured in the same run. See bench/README.md.
 *
 *   node --import tsx bench/latency.ts [--clients 1,500] [--changes 1000] [--warmup 50]
 *        [--modes raw,screen,metrics] [--timeout-ms 5000] [--json bench/out/latency.json]
 *        [--profile bench/out/profiles]   (V8 CPU profile of each server child; the profiler slows it)
 */
import { request, Agent } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, MetricRef, MetricValue, ServerToClientEvents, SubscribeAck, SubscribeRequest } from '../server/protocol';
import { ROOT, processCpuMs, processRssMb, startServerChild, type ServerChild } from './lib/child';
import { ms, summarise, table, writeJson, type Summary } from './lib/stats';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * raw: plain Socket.IO, one room, one ~300-byte message per change (the baseline).
 * screen: OpsWall, every client subscribed to the same 8-metric screen (`subscribe { screen }`).
 * metrics: OpsWall, every client subscribed to the same 8 metrics by list (`subscribe { metrics }`).
 */
export type Mode = 'raw' | 'screen' | 'metrics';
export const MODES: readonly Mode[] = ['raw', 'screen', 'metrics'];

export interface LatencyOptions {
  clients: number[];
  changes: number;
  warmup: number;
  modes: Mode[];
  /** Longest wait for one change to reach every client before the run is aborted. */
  timeoutMs: number;
  /** Longest time to connect and subscribe all clients of one scenario. */
  connectTimeoutMs: number;
  /** A folder for V8 CPU profiles of each server child (node --cpu-prof), or undefined for none. */
  profileDir?: string;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  mode: Mode;
  clients: number;
  changes: number;
  /** Change sent → one client's message, over all client × change samples (ms). */
  latency: Summary;
  /** Change sent → the last of the N clients has it, one sample per change (ms). */
  allClients: Summary;
  /** The same, change by change in sending order (ms, 0.01 precision): for spotting periodic stalls. */
  allClientsSeries: number[];
  /** Server child's CPU time (user + system) over the measured loop. */
  serverCpuMs: number;
  serverCpuPerChangeMs: number;
  /** serverCpuMs / loop wall time. */
  serverCpuPct: number;
  loopMs: number;
  connectMs: number;
  serverRssMb: number;
  /** The bench process's own CPU over the loop (clients, HTTP client). */
  benchCpuMs: number;
  /** Socket.IO messages of any kind a client got per change (heartbeats included), and the size of the one carrying the count. */
  messagesPerChangePerClient: number;
  countMessageBytes: number;
  /** Per event name: messages per change per client, and mean encoded size (JSON of [event, body], seen in the warm-up by client 0). */
  events: Record<string, { perChangePerClient: number; bytes: number }>;
}

export interface LatencyReport { startedAt: string; node: string; options: Omit<LatencyOptions, 'log'>; scenarios: ScenarioResult[] }

/** The "same screen" every client watches: 8 metrics, like a typical wall. */
export const SCREEN_METRICS: MetricRef[] = [
  { id: 'orders.count', params: { window: 'today' } },
  { id: 'orders.amount', params: { window: 'today' } },
  { id: 'orders.by_status', params: { window: 'today' } },
  { id: 'orders.by_region', params: { window: 'today' } },
  { id: 'orders.throughput', params: { window: 'today' } },
  { id: 'tickets.open', params: {} },
  { id: 'deals.funnel', params: {} },
  { id: 'deals.won_amount', params: {} },
];
const SCREEN_ID = 'bench-wall';

function screenFile() {
  const widgets: Record<string, unknown> = {};
  const items: unknown[] = [];
  SCREEN_METRICS.forEach((metric, i) => {
    const name = `w${i}`;
    widgets[name] = { type: i < 2 || i === 5 || i === 7 ? 'kpi' : i === 4 ? 'line' : i === 6 ? 'funnel' : 'bar', title: metric.id, metric };
    items.push({ widget: name, x: (i % 4) * 6, y: Math.floor(i / 4) * 6, w: 6, h: 6 });
  });
  return { id: SCREEN_ID, title: 'Bench wall', canvas: { width: 1920, height: 1080, fit: 'contain' }, theme: 'dark', widgets, layout: { wall: { columns: 24, rows: 12, items } } };
}

/** A zone whose local midnight is not within the next hour, so `today` does not roll over mid-run. */
function safeZone(): string {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return hour >= 22 ? 'UTC' : 'Asia/Shanghai';
}

interface Target { server: ServerChild; url: string; ingestPath: string; subscribe: SubscribeRequest; cleanup(): void }

async function startTarget(mode: Mode, n: number, profileDir: string | undefined): Promise<Target> {
  // One folder per scenario; node names each thread's profile itself (tsx's loader thread has one too: the main thread's is the big one).
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${mode}-${n}`)] : [];
  if (mode === 'raw') {
    const server = await startServerChild('bench/children/raw-socketio.ts', { label: 'raw Socket.IO server', nodeArgs });
    return { server, url: `http://127.0.0.1:${server.port}`, ingestPath: '/emit', subscribe: { screen: SCREEN_ID }, cleanup: () => {} };
  }
  const screens = mkdtempSync(join(tmpdir(), 'opswall-bench-screens-'));
  writeFileSync(join(screens, `${SCREEN_ID}.json`), JSON.stringify(screenFile(), null, 2));
  const config = { timezone: safeZone(), sources: [{ id: 'bench', kind: 'push' }] };
  try {
    const server = await startServerChild('bench/children/hub.ts', {
      label: 'OpsWall hub', nodeArgs, env: { BENCH_HUB_CONFIG: JSON.stringify(config), BENCH_SCREENS_DIR: screens },
    });
    return {
      server, url: `http://127.0.0.1:${server.port}`, ingestPath: '/api/ingest/bench',
      subscribe: mode === 'screen' ? { screen: SCREEN_ID } : { metrics: SCREEN_METRICS },
      cleanup: () => rmSync(screens, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(screens, { recursive: true, force: true });
    throw err;
  }
}

function connectOne(url: string, timeoutMs: number): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
  return new Promise((resolveConnect, reject) => {
    socket.once('connect', () => resolveConnect(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(new Error(`could not connect to ${url}: ${err.message}`)); });
  });
}

/** Connects `n` clients, `batch` at a time, within `budgetMs` in all. */
async function connectAll(url: string, n: number, budgetMs: number, sockets: ClientSocket[]): Promise<void> {
  const deadline = performance.now() + budgetMs;
  const batch = 50;
  for (let i = 0; i < n; i += batch) {
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`connecting ${n} clients took longer than ${budgetMs} ms (${sockets.length} connected)`);
    const settled = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, () => connectOne(url, Math.min(10_000, left))));
    for (const s of settled) if (s.status === 'fulfilled') sockets.push(s.value);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

interface PostResult { status: number; body: string }
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Sends one POST; returns when the request was handed to the socket, with the response as a promise. */
function post(url: string, path: string, body: string): Promise<PostResult> {
  return new Promise((resolvePost, reject) => {
    const req = request(`${url}${path}`, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const scalar = (v: MetricValue | undefined): number | undefined =>
  (v && v.value.kind === 'scalar' ? v.value.value : undefined);

/** One scenario: a fresh server child, N clients, warm-up, then the measured changes. */
async function runScenario(mode: Mode, n: number, opts: LatencyOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => {});
  const target = await startTarget(mode, n, opts.profileDir === undefined ? undefined : resolve(ROOT, opts.profileDir));
  const sockets: ClientSocket[] = [];
  let failure: Error | undefined;
  try {
    const connectStart = performance.now();
    await connectAll(target.url, n, opts.connectTimeoutMs, sockets);

    // Subscribe every client and learn the count key and its current value from the snapshot.
    let key: string | undefined;
    let count = 0;
    const budget = Math.max(1_000, opts.connectTimeoutMs - (performance.now() - connectStart));
    const acks = await Promise.all(sockets.map((s): Promise<SubscribeAck> => s.timeout(budget).emitWithAck('subscribe', target.subscribe).catch((err: unknown) => {
      throw new Error(`subscribe was not answered within ${Math.round(budget)} ms: ${(err as Error).message}`);
    })));
    for (const ack of acks) {
      if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.code}: ${ack.error.message}`);
      const value = Object.values(ack.snapshot.metrics).find((v) => v.id === 'orders.count');
      if (!value || scalar(value) === undefined) throw new Error('the subscribe snapshot holds no scalar orders.count value');
      key = value.key;
      count = scalar(value)!;
    }
    const connectMs = performance.now() - connectStart;
    log(`  ${mode} × ${n}: ${n} clients connected and subscribed in ${ms(connectMs)} ms`);

    // Per-change state shared by all clients' handlers.
    const total = opts.warmup + opts.changes;
    const samples = new Float64Array(n * opts.changes);
    const allClients = new Float64Array(opts.changes);
    let sampleCount = 0;
    let measuring = false;
    let expected = count;
    let t0 = 0;
    let remaining = 0;
    let lastArrival = 0;
    let countMessageBytes = Number.NaN;
    let messages = 0;
    const byEvent = new Map<string, { count: number; warmCount: number; warmBytes: number }>();
    const eventOf = (name: string) => {
      let e = byEvent.get(name);
      if (!e) byEvent.set(name, e = { count: 0, warmCount: 0, warmBytes: 0 });
      return e;
    };
    let wake: (() => void) | undefined;
    const lastSeen = new Float64Array(n).fill(count);

    sockets.forEach((socket, i) => {
      socket.onAny((event: string, ...args: unknown[]) => {
        if (measuring) { messages++; eventOf(event).count++; } else if (i === 0 && expected > count) {
          // Sizes are taken in the warm-up only, so that the measured loop pays nothing for them.
          const e = eventOf(event);
          e.warmCount++; e.warmBytes += Buffer.byteLength(JSON.stringify([event, ...args]));
        }
      });
      socket.on('metrics', (msg) => {
        const t = performance.now();
        const got = scalar(msg.values[key!]);
        if (got === undefined) return; // a message about other keys only
        if (got !== expected || got === lastSeen[i]) {
          failure ??= new Error(`client ${i} got ${key}=${got} (last seen ${lastSeen[i]}) while expecting ${expected}: lost, duplicated or out of order`);
          wake?.();
          return;
        }
        lastSeen[i] = got;
        if (!measuring && i === 0) countMessageBytes = Buffer.byteLength(JSON.stringify(['metrics', msg]));
        if (measuring) {
          samples[sampleCount++] = t - t0;
        }
        lastArrival = t;
        if (--remaining === 0) wake?.();
      });
      socket.on('disconnect', (reason) => { failure ??= new Error(`client ${i} was disconnected (${reason})`); wake?.(); });
    });

    const stamp = Date.now().toString(36);
    let cpuBefore = 0, loopStart = 0, benchCpu = process.cpuUsage();
    for (let c = 0; c < total; c++) {
      if (c === opts.warmup) {
        measuring = true;
        cpuBefore = processCpuMs(target.server.pid);
        benchCpu = process.cpuUsage();
        loopStart = performance.now();
      }
      const now = new Date().toISOString();
      const body = JSON.stringify({ records: [{ type: 'order', id: `B${stamp}-${c}`, status: 'new', amount: 100 + (c % 50), region: 'east', created_at: now, updated_at: now }] });
      expected++;
      remaining = n;
      const arrived = new Promise<void>((r) => { wake = r; });
      t0 = performance.now();
      const response = post(target.url, target.ingestPath, body);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), opts.timeoutMs); });
      const [res, outcome] = await Promise.all([
        Promise.race([response, timeout]),
        Promise.race([arrived.then(() => 'ok' as const), timeout]),
      ]);
      clearTimeout(timer);
      if (failure) throw failure;
      if (res === 'timeout') throw new Error(`change ${c + 1}: no HTTP response within ${opts.timeoutMs} ms`);
      if (res.status !== 200) throw new Error(`change ${c + 1}: POST ${target.ingestPath} answered ${res.status}: ${res.body.slice(0, 300)}`);
      const answer = JSON.parse(res.body) as { accepted?: number };
      if (answer.accepted !== 1) throw new Error(`change ${c + 1}: the record was not accepted: ${res.body.slice(0, 300)}`);
      if (outcome === 'timeout') throw new Error(`change ${c + 1}: only ${n - remaining} of ${n} clients got ${key}=${expected} within ${opts.timeoutMs} ms`);
      if (measuring) allClients[c - opts.warmup] = lastArrival - t0;
    }
    const loopMs = performance.now() - loopStart;
    const serverCpuMs = processCpuMs(target.server.pid) - cpuBefore;
    const bench = process.cpuUsage(benchCpu);
    const result: ScenarioResult = {
      mode, clients: n, changes: opts.changes,
      latency: summarise(samples.subarray(0, sampleCount)),
      allClients: summarise(allClients),
      allClientsSeries: Array.from(allClients, (v) => Math.round(v * 100) / 100),
      serverCpuMs, serverCpuPerChangeMs: serverCpuMs / opts.changes, serverCpuPct: (serverCpuMs / loopMs) * 100,
      loopMs, connectMs, serverRssMb: processRssMb(target.server.pid),
      benchCpuMs: (bench.user + bench.system) / 1000,
      messagesPerChangePerClient: messages / (n * opts.changes),
      countMessageBytes,
      events: Object.fromEntries([...byEvent].map(([name, e]) => [name, {
        perChangePerClient: e.count / (n * opts.changes), bytes: e.warmCount ? e.warmBytes / e.warmCount : Number.NaN,
      }])),
    };
    log(`  ${mode} × ${n}: p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms, server CPU ${ms(result.serverCpuPerChangeMs)} ms/change (${ms(loopMs / 1000)} s loop)`);
    return result;
  } catch (err) {
    const tail = target.server.output.slice(-10).join('\n');
    throw new Error(`${mode} × ${n} clients: ${(err as Error).message}${tail ? `\n--- last server output ---\n${tail}` : ''}`, { cause: err });
  } finally {
    for (const s of sockets) { s.off('disconnect'); s.close(); }
    await target.server.stop();
    target.cleanup();
  }
}

export async function runLatency(opts: LatencyOptions): Promise<LatencyReport> {
  const report: LatencyReport = {
    startedAt: new Date().toISOString(), node: process.version,
    options: { clients: opts.clients, changes: opts.changes, warmup: opts.warmup, modes: opts.modes, timeoutMs: opts.timeoutMs, connectTimeoutMs: opts.connectTimeoutMs },
    scenarios: [],
  };
  // Interleaved (raw, then OpsWall, per client count) so drift on a noisy machine hits both alike.
  for (const n of opts.clients) for (const mode of opts.modes) report.scenarios.push(await runScenario(mode, n, opts));
  agent.destroy();
  return report;
}

const MODE_LABEL: Record<Mode, string> = { raw: 'raw Socket.IO', screen: 'OpsWall, screen', metrics: 'OpsWall, 8 metrics' };

export function formatLatency(report: LatencyReport): string {
  const rows: (string | number)[][] = [['server', 'clients', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'all-N p50', 'all-N p99',
    'server CPU ms', 'CPU/change ms', 'CPU %', 'msgs/chg/client', 'count msg B', 'RSS MB', 'bench CPU/chg']];
  for (const s of report.scenarios) {
    rows.push([MODE_LABEL[s.mode], s.clients, s.changes, ms(s.latency.p50), ms(s.latency.p99), ms(s.latency.max),
      ms(s.allClients.p50), ms(s.allClients.p99), Math.round(s.serverCpuMs), ms(s.serverCpuPerChangeMs),
      s.serverCpuPct.toFixed(0), s.messagesPerChangePerClient.toFixed(2), Number.isFinite(s.countMessageBytes) ? Math.round(s.countMessageBytes) : '?', s.serverRssMb.toFixed(0), ms(s.benchCpuMs / s.changes)]);
  }
  const lines = [table(rows), '', 'Messages per change per client, by event (mean size in bytes as JSON):'];
  for (const s of report.scenarios) {
    lines.push(`  ${MODE_LABEL[s.mode]} × ${s.clients}: ${Object.entries(s.events).map(([name, e]) =>
      `${name} ${e.perChangePerClient.toFixed(2)} (${Number.isFinite(e.bytes) ? Math.round(e.bytes) : '?'} B)`).join(', ')}`);
  }
  lines.push('');
  for (const s of report.scenarios) {
    if (s.mode === 'raw') continue;
    const raw = report.scenarios.find((r) => r.mode === 'raw' && r.clients === s.clients);
    if (!raw) continue;
    const d = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${ms(a - b)} ms (×${(a / b).toFixed(2)})`;
    lines.push(`${MODE_LABEL[s.mode]} vs raw Socket.IO, ${s.clients} client${s.clients === 1 ? '' : 's'}: `
      + `p50 ${d(s.latency.p50, raw.latency.p50)}, p99 ${d(s.latency.p99, raw.latency.p99)}, `
      + `server CPU/change ${d(s.serverCpuPerChangeMs, raw.serverCpuPerChangeMs)}`);
  }
  return lines.join('\n');
}

export function parseLatencyArgs(argv: string[]): LatencyOptions & { json: string } {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: false,
    options: {
      clients: { type: 'string', default: '1,500' }, changes: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '50' },
      modes: { type: 'string', default: MODES.join(',') }, 'timeout-ms': { type: 'string', default: '5000' },
      'connect-timeout-ms': { type: 'string', default: '120000' }, profile: { type: 'string' }, json: { type: 'string', default: 'bench/out/latency.json' },
    },
  });
  const int = (name: string, v: unknown, min: number) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${String(v)}"`);
    return x;
  };
  const modes = String(values.modes).split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of modes) if (!MODES.includes(m as Mode)) throw new Error(`--modes: unknown mode "${m}" (known: ${MODES.join(', ')})`);
  return {
    clients: String(values.clients).split(',').map((c) => int('clients', c, 1)),
    changes: int('changes', values.changes, 1), warmup: int('warmup', values.warmup, 0),
    modes: modes as Mode[], timeoutMs: int('timeout-ms', values['timeout-ms'], 100),
    connectTimeoutMs: int('connect-timeout-ms', values['connect-timeout-ms'], 1000),
    json: String(values.json),
    ...(typeof values.profile === 'string' ? { profileDir: values.profile } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const opts = parseLatencyArgs(process.argv.slice(2));
    console.log(`Latency: ${opts.changes} changes (+${opts.warmup} warm-up) per scenario, clients ${opts.clients.join(', ')}, modes ${opts.modes.join(', ')}`);
    const report = await runLatency({ ...opts, log: (l) => console.log(l) });
    console.log(`\n${formatLatency(report)}`);
    console.log(`\nresults: ${writeJson(opts.json, report)}`);
  } catch (err) {
    console.error(`\nlatency benchmark aborted: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
