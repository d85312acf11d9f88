/**
 * Company-defined metrics against hand code (issue 16, point 5). See bench/README.md, "Definitions".
 *
 * 1. Side by side in one run, at each N orders: the frozen built-in orders.by_region (bench/baseline/) and its
 *    defined twins (bench/lib/defined-metrics.ts), each in an engine of its own, fed the same records and the same
 *    changes in turn: seeding, heap retained, change → value p50 / p99; twin ÷ built-in, PASS at most ×1.2.
 * 2. Twenty definitions held by one engine over N orders, N tickets and N/5 deals: change → values p99, PASS < 5 ms,
 *    and the incremental values equal to a fresh engine's.
 *
 *   node --import tsx bench/definitions.ts [--records 100000,1000000] [--changes 2000] [--warmup 100] [--seed-runs 3]
 *        [--twenty-records 100000 | --no-twenty] [--json bench/out/definitions.json] [--profile <dir>]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Session } from 'node:inspector/promises';
import type { Engine, MetricDefinition } from '../server/metrics';
import type { SourcedRecord } from '../server/model';
import { baselineOrdersByRegion } from './baseline/orders-by-region';
import { changeMaker, codeState, startProfile, stopProfile, type CodeState } from './engine-scale';
import { SpanSamples, watchGc } from './lib/change-samples';
import { TWENTY, TWIN_COUNT, TWIN_SUM, compile } from './lib/defined-metrics';
import { formatDefinitions } from './lib/definitions-report';
import { handWorkedCheck, twinMismatches } from './lib/twin-check';
import { summarise, writeJson } from './lib/stats';
import { clock } from './lib/clock';
import { engineOf, median, refsOf, replayOf, scan, seed, sourced } from './lib/definitions-engine';
import { DEFAULT_SYNTH, type SynthOptions } from './lib/synthetic';
import type { ContenderResult, DefinitionsReport, SideBySideResult, TwentyResult } from './lib/definitions-report';

export interface DefinitionsOptions {
  /** Order counts for the side-by-side section. */
  records: number[];
  changes: number;
  warmup: number;
  /** Each contender is seeded this many times (in rotation): the best time and the median heap are reported, the last engine kept. */
  seedRuns: number;
  /** N for the twenty-definitions section (N orders, N tickets, N/5 deals); 0: not run. */
  twentyRecords: number;
  profileDir?: string;
  log?: (line: string) => void;
}

interface Contender { name: string; defs: MetricDefinition<never>[] }

/** The built-in first (the ratios' denominator), then the twins. */
function contenders(): Contender[] {
  const sum = compile(TWIN_SUM), count = compile(TWIN_COUNT);
  return [
    { name: 'built-in (frozen)', defs: [baselineOrdersByRegion as unknown as MetricDefinition<never>] },
    { name: 'twin: sum amount', defs: [sum] },
    { name: 'twin: count', defs: [count] },
    { name: 'twins: sum + count', defs: [sum, count] },
  ];
}

async function sideBySide(orders: number, opts: DefinitionsOptions): Promise<SideBySideResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now(), load0 = loadavg()[0]!;
  const total = opts.warmup + opts.changes;
  const { now, horizon, at } = clock(total);
  const synth: SynthOptions = { ...DEFAULT_SYNTH, horizon, counts: { order: orders, ticket: 0, deal: 0 }, idOrder: 'created' };
  const scanned = scan(synth);
  log(`  ${orders.toLocaleString('en-US')} orders: scan ${(scanned.ms / 1000).toFixed(1)} s`);

  const list = contenders();
  const engines: (Engine | undefined)[] = list.map(() => undefined);
  // Heap after a full GC moves by a few hundred kB from run to run (code compiled, caches): the median of the runs is kept.
  const seedMs: number[][] = list.map(() => []), heapRuns: number[][] = list.map(() => []);
  const scanMs = [scanned.ms];
  for (let round = 0; round < opts.seedRuns; round++) {
    scanMs.push(scan(synth).ms); // the floor again, as warm as the seedings beside it
    for (let j = 0; j < list.length; j++) {
      const k = (round + j) % list.length; // which goes first rotates per round
      engines[k] = undefined; // its previous engine is garbage before the heap is read
      const s = seed(list[k]!.defs, () => replayOf(synth), now);
      engines[k] = s.engine; seedMs[k]!.push(s.ms); heapRuns[k]!.push(s.heapMb);
    }
  }
  const built = engines as Engine[];
  const heapMb = heapRuns.map(median);
  log(`    seeded: ${list.map((c, k) => `${c.name} ${(Math.min(...seedMs[k]!) / 1000).toFixed(2)} s, ${heapMb[k]!.toFixed(1)} MB`).join('; ')}`);

  // Changes: a new order, then a live order's next status, in turn (engine-scale's rotation at 0 and 1 mod 4).
  const make = changeMaker(synth, { liveOrders: scanned.pools.liveOrders, openTickets: [], openDeals: [] }, synth.seed + orders);
  const samples = list.map(() => new SpanSamples(opts.changes));
  const gc = watchGc();
  let session: Session | undefined;
  for (let c = 0; c < total; c++) {
    if (c === opts.warmup) session = await startProfile(opts.profileDir);
    const record = sourced(make(4 * Math.floor(c / 2) + (c % 2), at(c)).record);
    for (let j = 0; j < built.length; j++) {
      const k = (c + j) % built.length; // which engine goes first rotates per change
      const work = () => { built[k]!.ingest([record], now); return built[k]!.collect(now); };
      if (c < opts.warmup) work(); else samples[k]!.time(work);
    }
  }
  await stopProfile(session, opts.profileDir, `definitions-twins-${orders}`, log);
  await gc.stop();

  const bestScanMs = Math.min(...scanMs);
  const results: ContenderResult[] = list.map((c, k) => ({
    name: c.name, keys: c.defs.length, seedMs: Math.min(...seedMs[k]!), seedRunsMs: seedMs[k]!, heapRunsMb: heapRuns[k]!, seedOverScanMs: Math.min(...seedMs[k]!) - bestScanMs,
    heapMb: heapMb[k]!, changes: samples[k]!.summary(gc.gcs),
  }));
  const current = (e: Engine) => e.keys().map((key) => e.current(key)!.value);
  const [b, s, n, pair, lean] = built.map(current) as ReturnType<typeof current>[];
  const mismatches = [...twinMismatches(b![0]!, s![0]!, n![0]!), ...twinMismatches(b![0]!, pair![0]!, pair![1]!).map((m) => `pair: ${m}`),
    ...(lean ? twinMismatches(b![0]!, lean[0]!, n![0]!).map((m) => `proposed: ${m}`) : [])];
  const inToday = b![0]!.kind === 'breakdown' ? b![0]!.items.reduce((sum, i) => sum + i.value, 0) : 0;
  for (const r of results) {
    log(`    ${r.name}: p50 ${r.changes.latency.p50.toFixed(3)} ms, p99 ${r.changes.latency.p99.toFixed(3)} ms `
      + `(${r.changes.withGc} with a GC inside, p99 of the others ${r.changes.p99WithoutGc.toFixed(3)} ms)`);
  }
  return { orders, inToday, scanMs: bestScanMs, contenders: results, mismatches, load: [load0, loadavg()[0]!], wallS: (performance.now() - started) / 1000 };
}

/** The twenty compiled by the hub's compiler, in one engine. */
async function twenty(n: number, opts: DefinitionsOptions): Promise<TwentyResult[]> {
  const log = opts.log ?? (() => {});
  const started = performance.now(), load0 = loadavg()[0]!;
  const total = opts.warmup + opts.changes;
  const { now, horizon, at } = clock(total);
  const counts = { order: n, ticket: n, deal: Math.max(100, Math.round(n / 5)) };
  const synth: SynthOptions = { ...DEFAULT_SYNTH, horizon, counts, idOrder: 'created' };
  const scanned = scan(synth);
  const variants = [{ compiler: 'compile.ts' }]; // one compiler now; the rows keep its name
  const runs = variants.map((v) => {
    const defs = TWENTY.map((def) => compile(def));
    const s = seed(defs, () => replayOf(synth), now);
    log(`  twenty definitions (${v.compiler}) over ${n.toLocaleString('en-US')} orders and tickets, ${counts.deal.toLocaleString('en-US')} deals: `
      + `scan ${(scanned.ms / 1000).toFixed(1)} s, seeded in ${(s.ms / 1000).toFixed(1)} s, ${s.heapMb.toFixed(1)} MB`);
    return { ...v, defs, engine: s.engine, seedMs: s.ms, heapMb: s.heapMb, samples: new SpanSamples(opts.changes), byKind: new Map<string, number[]>(), values: 0 };
  });

  // engine-scale's rotation: a new order, an order's next status, a ticket change, a deal's next stage.
  const make = changeMaker(synth, scanned.pools, synth.seed + n);
  const changed = new Map<string, SourcedRecord>();
  const gc = watchGc();
  let session: Session | undefined;
  for (let c = 0; c < total; c++) {
    if (c === opts.warmup) session = await startProfile(opts.profileDir);
    const change = make(c, at(c));
    const record = sourced(change.record);
    changed.set(`${record.type}/${record.id}`, record);
    for (let j = 0; j < runs.length; j++) {
      const run = runs[(c + j) % runs.length]!; // which goes first rotates per change
      const work = () => { run.engine.ingest([record], now); return run.engine.collect(now); };
      if (c < opts.warmup) { work(); continue; }
      const t0 = performance.now();
      run.values += run.samples.time(work).length;
      const kind = run.byKind.get(change.kind) ?? [];
      kind.push(performance.now() - t0);
      run.byKind.set(change.kind, kind);
    }
  }
  await stopProfile(session, opts.profileDir, `definitions-twenty-${n}`, log);
  await gc.stop();

  return runs.map((run) => {
    // A fresh engine seeded from the records as they now are must hold the same values (incremental = full).
    const fresh = engineOf(run.defs, () => replayOf(synth, changed));
    fresh.ensure(refsOf(run.defs), now);
    fresh.collect(now);
    const { engine } = run;
    const valueOf = (e: Engine, key: string) => JSON.stringify(e.current(key)?.value);
    const mismatches = engine.keys().filter((key) => valueOf(engine, key) !== valueOf(fresh, key));
    // A proposed compiler must also give the hub's compiler's values.
    if (run !== runs[0]) mismatches.push(...engine.keys().filter((key) => valueOf(engine, key) !== valueOf(runs[0]!.engine, key)).map((k) => `${k} (≠ compile.ts)`));
    const changes = run.samples.summary(gc.gcs);
    log(`    ${run.compiler}: ${run.samples.count} changes: p50 ${changes.latency.p50.toFixed(3)} ms, p99 ${changes.latency.p99.toFixed(3)} ms; `
      + `incremental = full: ${mismatches.length === 0 ? 'yes' : `NO for ${mismatches.join(', ')}`}`);
    return {
      compiler: run.compiler, counts, keys: engine.keys().length, scanMs: scanned.ms, seedMs: run.seedMs, heapMb: run.heapMb, changes,
      valuesPerChange: run.values / Math.max(1, run.samples.count), byKind: Object.fromEntries([...run.byKind].map(([k, xs]) => [k, summarise(xs)])),
      mismatches, load: [load0, loadavg()[0]!], wallS: (performance.now() - started) / 1000,
    };
  });
}

export async function runDefinitions(opts: DefinitionsOptions, onPart?: (partial: DefinitionsReport) => void): Promise<DefinitionsReport> {
  const { log: _log, ...options } = opts;
  handWorkedCheck(); // throws if the twins and the built-in disagree on the hand-worked example
  const code: CodeState = codeState();
  const report: DefinitionsReport = { startedAt: new Date().toISOString(), node: process.version, code, options, sizes: [], twenty: [] };
  for (const orders of opts.records) {
    report.sizes.push(await sideBySide(orders, opts));
    onPart?.(report);
  }
  if (opts.twentyRecords > 0) report.twenty = await twenty(opts.twentyRecords, opts);
  return report;
}

export function parseDefinitionsArgs(argv: string[]): DefinitionsOptions & { json: string } {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: true, options: {
      records: { type: 'string', default: '100000' }, changes: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '100' },
      'seed-runs': { type: 'string', default: '3' }, 'twenty-records': { type: 'string', default: '100000' }, 'no-twenty': { type: 'boolean', default: false },
      json: { type: 'string', default: 'bench/out/definitions.json' }, profile: { type: 'string' },
    },
  });
  const int = (name: string, v: unknown, min: number, max: number) => {
    const x = Number(String(v).trim().replace(/_/g, ''));
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${String(v)}"`);
    return x;
  };
  return {
    records: String(values.records).split(',').filter((s) => s.trim() !== '').map((s) => int('records', s, 100, 10_000_000)),
    changes: int('changes', values.changes, 1, 100_000), warmup: int('warmup', values.warmup, 0, 10_000),
    seedRuns: int('seed-runs', values['seed-runs'], 1, 10),
    twentyRecords: values['no-twenty'] === true ? 0 : int('twenty-records', values['twenty-records'], 100, 10_000_000),
    json: String(values.json), ...(typeof values.profile === 'string' ? { profileDir: values.profile } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const opts = parseDefinitionsArgs(process.argv.slice(2));
    console.log(`Definitions: twins side by side at ${opts.records.map((r) => r.toLocaleString('en-US')).join(', ')} orders; `
      + `${opts.twentyRecords ? `twenty definitions at N = ${opts.twentyRecords.toLocaleString('en-US')}; ` : ''}${opts.changes} changes (+${opts.warmup} warm-up)`);
    const started = performance.now();
    const report = await runDefinitions({ ...opts, log: (l) => console.log(l) }, (partial) => writeJson(opts.json, partial));
    console.log(`\n${formatDefinitions(report)}`);
    console.log(`\ntotal time ${((performance.now() - started) / 1000).toFixed(0)} s; results: ${writeJson(opts.json, report)}`);
  } catch (err) {
    console.error(`\ndefinitions benchmark aborted: ${(err as Error).stack ?? (err as Error).message}`);
    process.exitCode = 1;
  }
}
