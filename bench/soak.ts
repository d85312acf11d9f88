/**
 * Soak: a 12-widget screen in headless Chromium, every widget's value changing `--rate` times a second
 * (default 10: ten times the one update per widget per second a busy wall sees) for `--minutes` (default 10).
 * Reports the page's JS heap after warm-up and at the end (after a forced GC each time; target: within 10 %),
 * the main thread's busy time per second (CDP Performance.getMetrics TaskDuration), DOM nodes and listeners.
 *
 *   node --import tsx bench/soak.ts [--minutes 10] [--warmup-s 60] [--rate 10] [--sample-s 30]
 *        [--width 1920 --height 1080] [--json bench/out/soak.json] [--profile bench/out/soak.cpuprofile]
 *
 * Needs the built wall (npm run build) and Chromium (tests/support/chromium.ts installs it as root).
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { DEMO_CONFIG } from '../server/config';
import { launchChromium } from '../tests/support/chromium';
import { ensureBuiltWall } from '../tests/support/built-wall';
import { processCpuMs, startServerChild } from './lib/child';
import { table, writeJson } from './lib/stats';

export interface SoakOptions { minutes: number; warmupS: number; rate: number; sampleS: number; width: number; height: number; json?: string;
  /** Writes a V8 CPU profile of the page's first 10 s after warm-up here (for bench/profile-top.ts). */
  profile?: string }

export interface SoakSample { atS: number; heapMb: number; busyPerS: number; scriptPerS: number; nodes: number; listeners: number; changes: number }

export interface SoakReport {
  options: SoakOptions;
  samples: SoakSample[];
  heapAfterWarmupMb: number;
  heapEndMb: number;
  /** (end − after warm-up) / after warm-up. */
  heapGrowth: number;
  busyPerSMean: number;
  busyPerSMax: number;
  changes: number;
  hubCpuPct: number;
  reloads: number;
}

const SCREEN_ID = 'soak';
const today = { window: 'today' };
/** Twelve widgets, each on a metric that every pushed batch moves. */
const WIDGETS: Record<string, { type: string; metric?: { id: string; params?: Record<string, unknown> }; options?: Record<string, unknown> }> = {
  orders: { type: 'kpi', metric: { id: 'orders.count', params: today } },
  amount: { type: 'kpi', metric: { id: 'orders.amount', params: today }, options: { format: 'currency' } },
  throughput: { type: 'line', metric: { id: 'orders.throughput', params: { window: '24h' } } },
  status: { type: 'bar', metric: { id: 'orders.by_status', params: today } },
  regions: { type: 'pie', metric: { id: 'orders.by_region', params: today }, options: { ring: true } },
  flow: { type: 'order-flow', metric: { id: 'orders.flow', params: today } },
  open: { type: 'kpi', metric: { id: 'tickets.open' } },
  priority: { type: 'bar', metric: { id: 'tickets.by_priority' }, options: { horizontal: true } },
  sla: { type: 'gauge', metric: { id: 'tickets.sla.summary', params: today } },
  queue: { type: 'sla-queue', metric: { id: 'tickets.sla.queue', params: { limit: 8 } } },
  funnel: { type: 'funnel', metric: { id: 'deals.funnel' } },
  owners: { type: 'ranking', metric: { id: 'deals.by_owner' } },
};

function screenFile() {
  const names = Object.keys(WIDGETS);
  return {
    id: SCREEN_ID, title: 'Soak', canvas: { width: 1920, height: 1080, fit: 'contain' },
    widgets: Object.fromEntries(names.map((n) => [n, { ...WIDGETS[n], title: n }])),
    layout: { wall: { columns: 24, rows: 12, items: names.map((widget, i) => ({ widget, x: (i % 4) * 6, y: Math.floor(i / 4) * 4, w: 6, h: 4 })) } },
  };
}

const REGIONS = ['华东', '华南', '华北', '西南', '华中'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won'] as const;
const OWNERS = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊'];

/** Batch n: a new order, an earlier order moving on, a new ticket, a ticket answered, a deal moving a stage. */
function batch(n: number, now: number) {
  const at = new Date(now).toISOString();
  const created = new Date(now - 60_000).toISOString();
  const records: unknown[] = [
    { type: 'order', id: `O${n}`, status: 'new', amount: 1000 + (n % 97) * 37, region: REGIONS[n % REGIONS.length], created_at: at, updated_at: at },
    { type: 'ticket', id: `T${n}`, status: 'new', priority: PRIORITIES[n % 4], group: 'support', subject: `Soak ticket ${n}`, created_at: at, updated_at: at },
    { type: 'deal', id: `D${n % 200}`, stage: STAGES[Math.floor(n / 200) % STAGES.length], amount: 5000 + (n % 200) * 100, owner: OWNERS[n % OWNERS.length], created_at: created, updated_at: at },
  ];
  if (n > 0) {
    records.push({ type: 'order', id: `O${n - 1}`, status: n % 10 === 0 ? 'cancelled' : 'confirmed', amount: 1000 + ((n - 1) % 97) * 37,
      region: REGIONS[(n - 1) % REGIONS.length], created_at: created, updated_at: at });
    records.push({ type: 'ticket', id: `T${n - 1}`, status: 'open', priority: PRIORITIES[(n - 1) % 4], group: 'support', subject: `Soak ticket ${n - 1}`,
      created_at: created, updated_at: at, events: [{ at, kind: 'comment', by: 'agent', public: true }] });
  }
  return { records };
}

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`POST ${path} timed out`)));
    req.end(body);
  });
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

export async function runSoak(o: SoakOptions, log: (line: string) => void = console.log): Promise<SoakReport> {
  ensureBuiltWall();
  const screens = mkdtempSync(join(tmpdir(), 'opswall-soak-'));
  writeFileSync(join(screens, `${SCREEN_ID}.json`), JSON.stringify(screenFile(), null, 2));
  const config = { timezone: 'Asia/Shanghai', sources: [{ id: 'soak', kind: 'push' }], sla: DEMO_CONFIG.sla };
  const hub = await startServerChild('bench/children/hub.ts', { label: 'OpsWall hub', env: { BENCH_HUB_CONFIG: JSON.stringify(config), BENCH_SCREENS_DIR: screens } });
  const browser = await launchChromium();
  let n = 0;
  try {
    const page = await browser.newPage({ viewport: { width: o.width, height: o.height } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    let reloads = -1;
    page.on('load', () => { reloads++; });
    await page.goto(`http://127.0.0.1:${hub.port}/s/${SCREEN_ID}?kiosk`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    // One batch every 1000 / rate ms, on a fixed schedule; every loop is bounded by the run's length.
    const end = Date.now() + o.minutes * 60_000;
    const interval = 1000 / o.rate;
    let next = Date.now();
    const pushing = (async () => {
      while (Date.now() < end) {
        const status = await post(hub.port, '/api/ingest/soak', JSON.stringify(batch(n, Date.now())));
        if (status !== 200) throw new Error(`batch ${n}: the hub answered ${status}`);
        n++;
        next += interval;
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    })();

    const samples: SoakSample[] = [];
    const started = Date.now();
    const hubCpu0 = processCpuMs(hub.pid);
    let last = { t: Date.now(), m: await metrics(cdp) };
    let heapAfterWarmupMb = Number.NaN;
    const sampleAt = async () => {
      const m = await metrics(cdp);
      const t = Date.now();
      const dt = (t - last.t) / 1000;
      const sample: SoakSample = {
        atS: Math.round((t - started) / 1000), heapMb: await heapMb(cdp),
        busyPerS: ((m.TaskDuration ?? 0) - (last.m.TaskDuration ?? 0)) / dt, scriptPerS: ((m.ScriptDuration ?? 0) - (last.m.ScriptDuration ?? 0)) / dt,
        nodes: m.Nodes ?? 0, listeners: m.JSEventListeners ?? 0, changes: n,
      };
      last = { t, m };
      samples.push(sample);
      log(`  ${String(sample.atS).padStart(5)} s: heap ${sample.heapMb.toFixed(2)} MB, main thread busy ${(sample.busyPerS * 1000).toFixed(0)} ms/s `
        + `(script ${(sample.scriptPerS * 1000).toFixed(0)}), ${sample.nodes} nodes, ${sample.listeners} listeners, ${n} batches`);
      return sample;
    };
    await new Promise((r) => setTimeout(r, Math.min(o.warmupS * 1000, end - Date.now())));
    if (o.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(0, end - Date.now()))));
      writeFileSync(o.profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      log(`  page CPU profile written to ${o.profile}`);
    }
    heapAfterWarmupMb = (await sampleAt()).heapMb;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(o.sampleS * 1000, Math.max(0, end - Date.now()))));
      await sampleAt();
    }
    await pushing;
    const hubCpuPct = ((processCpuMs(hub.pid) - hubCpu0) / (Date.now() - started)) * 100;
    if (problems.length) log(`  page errors: ${problems.slice(0, 5).join(' | ')}`);
    const measured = samples.slice(1);
    const heapEndMb = samples[samples.length - 1]!.heapMb;
    return {
      options: o, samples, heapAfterWarmupMb, heapEndMb, heapGrowth: (heapEndMb - heapAfterWarmupMb) / heapAfterWarmupMb,
      busyPerSMean: measured.reduce((s, x) => s + x.busyPerS, 0) / Math.max(1, measured.length),
      busyPerSMax: Math.max(0, ...measured.map((x) => x.busyPerS)), changes: n, hubCpuPct, reloads,
    };
  } finally {
    await browser.close();
    await hub.stop();
    rmSync(screens, { recursive: true, force: true });
  }
}

export function formatSoak(r: SoakReport): string {
  const o = r.options;
  return [
    `Soak: 12 widgets at ${o.width}×${o.height}, ${o.rate} changes per widget per second for ${o.minutes} min (${r.changes} batches).`,
    table([['', 'value'],
      ['JS heap after warm-up (after GC)', `${r.heapAfterWarmupMb.toFixed(2)} MB`],
      ['JS heap at the end (after GC)', `${r.heapEndMb.toFixed(2)} MB`],
      ['growth', `${(r.heapGrowth * 100).toFixed(1)} % (target within 10 %: ${Math.abs(r.heapGrowth) <= 0.1 ? 'met' : 'MISSED'})`],
      ['main thread busy per second, mean / max', `${(r.busyPerSMean * 1000).toFixed(0)} / ${(r.busyPerSMax * 1000).toFixed(0)} ms`],
      ['hub CPU', `${r.hubCpuPct.toFixed(0)} % of one core`],
      ['page reloads', String(r.reloads)]]),
  ].join('\n');
}

export function parseSoakArgs(argv: string[]): SoakOptions {
  const { values } = parseArgs({ args: argv, options: {
    minutes: { type: 'string', default: '10' }, 'warmup-s': { type: 'string', default: '60' }, rate: { type: 'string', default: '10' },
    'sample-s': { type: 'string', default: '30' }, width: { type: 'string', default: '1920' }, height: { type: 'string', default: '1080' },
    json: { type: 'string', default: 'bench/out/soak.json' }, profile: { type: 'string' },
  } });
  const num = (name: string, v: string | undefined, min: number, max: number) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min || x > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
    return x;
  };
  return { minutes: num('minutes', values.minutes, 0.1, 240), warmupS: num('warmup-s', values['warmup-s'], 1, 3600), rate: num('rate', values.rate, 0.1, 100),
    sampleS: num('sample-s', values['sample-s'], 1, 600), width: num('width', values.width, 320, 7680), height: num('height', values.height, 320, 4320), json: values.json,
    ...(values.profile ? { profile: values.profile } : {}) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const opts = parseSoakArgs(process.argv.slice(2));
  const report = await runSoak(opts);
  console.log(formatSoak(report));
  if (opts.json) writeJson(opts.json, report);
}
