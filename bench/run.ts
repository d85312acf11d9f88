/**
 * Runs every benchmark and prints a summary: `npm run bench` (= node --import tsx bench/run.ts).
 *
 * Takes the options of bench/latency.ts (--clients, --changes, --warmup, --modes, --timeout-ms) and of
 * bench/bundle-size.ts (--dist, --fresh); --quick is a short smoke run (1 and 50 clients, 200 changes).
 * --engine-scale adds bench/engine-scale.ts (long: see bench/README.md), with --engine-sizes 10000,100000,1000000
 * (its default), and 10,000 and 100,000 business-flow chains; with --quick it runs N = 10,000 with 20,000 deals and
 * 10,000 chains only. Its other options: run it on its own.
 * --definitions adds bench/definitions.ts (defined metrics against the frozen built-in, and twenty on one screen), with
 * --definitions-records 100000 (its default; 1000000 takes a few minutes more); with --quick 10,000 and 500 changes.
 * Start-up time and memory (bench/startup.ts: the compiled hub against its sources through tsx) run every time.
 * Results go to bench/out/{bundle-size,startup,latency,engine-scale,definitions,summary}.json.
 */
import { parseArgs } from 'node:util';
import { formatBundle, measureBundle, parseBundleArgs, type BundleReport } from './bundle-size';
import { parseDefinitionsArgs, runDefinitions } from './definitions';
import { TARGET_P99_MS, formatEngineScale, fullBaseline, growth, parseEngineScaleArgs, runEngineScale, type EngineScaleReport } from './engine-scale';
import { formatLatency, parseLatencyArgs, runLatency, type LatencyReport, type Mode, type ScenarioResult } from './latency';
import { RATIO_LIMIT, TWENTY_TARGET_MS, formatDefinitions, twinVerdict, type DefinitionsReport } from './lib/definitions-report';
import { kb, ms, table, writeJson } from './lib/stats';
import { formatStartup, runStartup, type StartupReport } from './startup';

const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv, strict: false, allowPositionals: false, options: {
  quick: { type: 'boolean', default: false }, 'engine-scale': { type: 'boolean', default: false }, 'engine-sizes': { type: 'string' },
  definitions: { type: 'boolean', default: false }, 'definitions-records': { type: 'string' },
} });
const quick = values.quick === true;
const engineScale = values['engine-scale'] === true || typeof values['engine-sizes'] === 'string';
const definitions = values.definitions === true || typeof values['definitions-records'] === 'string';
// The other benchmarks parse what is left, so this script's own options are taken out (with their values).
const OWN = ['--quick', '--engine-scale', '--engine-sizes', '--definitions', '--definitions-records'];
const WITH_VALUE = ['--engine-sizes', '--definitions-records'];
const rest = argv.filter((a, i) => !OWN.includes(a) && !WITH_VALUE.includes(argv[i - 1]!) && !WITH_VALUE.some((o) => a.startsWith(`${o}=`)));
const latencyOpts = parseLatencyArgs([...(quick ? ['--clients', '1,50', '--changes', '200', '--warmup', '20'] : []), ...rest]);
const bundleOpts = parseBundleArgs(rest);
const started = performance.now();
const errors: string[] = [];

console.log('== Bundle size ==');
let bundle: BundleReport | undefined;
try {
  bundle = measureBundle({ ...bundleOpts, log: (l) => console.log(l) });
  console.log(formatBundle(bundle));
  writeJson('bench/out/bundle-size.json', bundle);
} catch (err) {
  errors.push(`bundle size: ${(err as Error).message}`);
  console.error(`bundle size failed: ${(err as Error).message}`);
}

console.log('\n== Start-up: compiled hub against its sources through tsx ==');
let startup: StartupReport | undefined;
try {
  startup = await runStartup(quick ? 2 : 5, (l) => console.log(l));
  console.log(`\n${formatStartup(startup)}`);
  writeJson('bench/out/startup.json', startup);
} catch (err) {
  errors.push(`start-up: ${(err as Error).message}`);
  console.error(`start-up benchmark failed: ${(err as Error).message}`);
}

console.log(`\n== Latency: ${latencyOpts.changes} changes (+${latencyOpts.warmup} warm-up) per scenario, clients ${latencyOpts.clients.join(', ')} ==`);
let latency: LatencyReport | undefined;
try {
  latency = await runLatency({ ...latencyOpts, log: (l) => console.log(l) });
  console.log(`\n${formatLatency(latency)}`);
  writeJson('bench/out/latency.json', latency);
} catch (err) {
  errors.push(`latency: ${(err as Error).message}`);
  console.error(`latency benchmark aborted: ${(err as Error).message}`);
}

let engine: EngineScaleReport | undefined;
if (engineScale) {
  const engineOpts = parseEngineScaleArgs([
    ...(quick ? ['--sizes', '10000', '--deals', '20000', '--changes', '200', '--full-runs', '1', '--hub-idle-s', '3'] : []),
    '--chains', quick ? '10000' : '10000,100000', // business-flow chains (deal → order → tickets): the "flat" check needs both
    ...(typeof values['engine-sizes'] === 'string' ? ['--sizes', values['engine-sizes']] : []),
  ]);
  console.log(`\n== Engine scale: N = ${engineOpts.sizes.join(', ')} tickets and orders, ${engineOpts.deals} deals ==`);
  try {
    engine = await runEngineScale({ ...engineOpts, log: (l) => console.log(l) }, (partial) => writeJson('bench/out/engine-scale.json', partial));
    console.log(`\n${formatEngineScale(engine)}`);
    writeJson('bench/out/engine-scale.json', engine);
  } catch (err) {
    errors.push(`engine scale: ${(err as Error).message}`);
    console.error(`engine-scale benchmark aborted: ${(err as Error).message}`);
  }
}

let defined: DefinitionsReport | undefined;
if (definitions) {
  const defOpts = parseDefinitionsArgs([
    ...(quick ? ['--records', '10000', '--twenty-records', '10000', '--changes', '500', '--warmup', '50'] : []),
    ...(typeof values['definitions-records'] === 'string' ? ['--records', values['definitions-records']] : []),
  ]);
  console.log(`\n== Definitions: twins at ${defOpts.records.join(', ')} orders, twenty definitions at N = ${defOpts.twentyRecords} ==`);
  try {
    defined = await runDefinitions({ ...defOpts, log: (l) => console.log(l) }, (partial) => writeJson('bench/out/definitions.json', partial));
    console.log(`\n${formatDefinitions(defined)}`);
    writeJson('bench/out/definitions.json', defined);
  } catch (err) {
    errors.push(`definitions: ${(err as Error).message}`);
    console.error(`definitions benchmark aborted: ${(err as Error).message}`);
  }
}

console.log('\n== Summary ==');
const rows: (string | number)[][] = [['measure', 'OpsWall', 'raw Socket.IO (same run)', 'difference']];
const find = (mode: Mode, n: number): ScenarioResult | undefined => latency?.scenarios.find((s) => s.mode === mode && s.clients === n);
for (const n of latencyOpts.clients) {
  const raw = find('raw', n);
  for (const mode of latencyOpts.modes.filter((m): m is Exclude<Mode, 'raw'> => m !== 'raw')) {
    const s = find(mode, n);
    if (!s) continue;
    const label = `${n} client${n === 1 ? '' : 's'}, ${mode === 'screen' ? 'same screen' : 'same 8 metrics'}`;
    const diff = (a: number, b: number | undefined) => (b === undefined ? '' : `${a - b >= 0 ? '+' : ''}${ms(a - b)} ms (×${(a / b).toFixed(2)})`);
    rows.push([`change → metrics p50, ${label}`, `${ms(s.latency.p50)} ms`, raw ? `${ms(raw.latency.p50)} ms` : '–', diff(s.latency.p50, raw?.latency.p50)]);
    rows.push([`change → metrics p99, ${label}`, `${ms(s.latency.p99)} ms`, raw ? `${ms(raw.latency.p99)} ms` : '–', diff(s.latency.p99, raw?.latency.p99)]);
    rows.push([`server CPU per change, ${label}`, `${ms(s.serverCpuPerChangeMs)} ms`, raw ? `${ms(raw.serverCpuPerChangeMs)} ms` : '–', diff(s.serverCpuPerChangeMs, raw?.serverCpuPerChangeMs)]);
  }
}
if (bundle) {
  rows.push(['wall JS, all chunks (gzip -9)', kb(bundle.total.gzip), '', '']);
  rows.push(['wall JS loaded by the screen page (gzip -9)', kb(bundle.screenPageInitial.gzip), '', `${kb(bundle.screenPageInitial.raw)} raw`]);
}
console.log(table(rows));
if (engine) {
  const engineRows: (string | number)[][] = [['engine scale (N tickets = N orders)', 'OpsWall', 'full recomputation (same run)', 'ratio']];
  for (const s of engine.sizes) {
    const c = s.changes;
    const full = fullBaseline(s);
    if (c) {
      engineRows.push([`change → values updated p50 / p99, N = ${s.size}`, `${ms(c.latency.p50)} / ${ms(c.latency.p99)} ms`,
        full ? `${Math.round(full.ms)} ms${full.fromBuild ? ' (initial build)' : ''}` : '–',
        `${full ? `p99 = ${((c.latency.p99 / full.ms) * 100).toPrecision(2)} % of it; ` : ''}p99 < ${TARGET_P99_MS} ms: ${c.latency.p99 < TARGET_P99_MS ? 'yes' : 'NO'}`]);
    }
    for (const cut of s.cuts) engineRows.push([`${cut.phase}, N = ${s.size}`, `cut after ${(cut.afterMs / 1000).toFixed(0)} s`, '',
      cut.projectedMs === undefined ? '' : `whole ≈ ${(cut.projectedMs / 60_000).toFixed(1)} min`]);
    if (s.hub?.listening) {
      engineRows.push([`hub start → listening / first snapshot, N = ${s.size}`, `${(s.hub.listeningMs / 1000).toFixed(1)} / ${(s.hub.firstSnapshotMs / 1000).toFixed(1)} s`, '', '']);
      engineRows.push([`hub RSS listening / after snapshot, N = ${s.size}`, `${s.hub.rssListeningMb.toFixed(0)} / ${s.hub.rssAfterSnapshotMb.toFixed(0)} MB`, '', '']);
    } else if (s.hub) {
      engineRows.push([`hub start, N = ${s.size}`, `not listening after ${(s.hub.listeningMs / 1000).toFixed(0)} s`, '', `RSS then ${s.hub.rssListeningMb.toFixed(0)} MB`]);
    }
  }
  const g = growth(engine);
  if (g) engineRows.push(['p99 growth smallest → largest N', `×${g.factor.toFixed(2)} (N^${g.exponent.toFixed(2)})`, '', g.flat ? 'flat' : 'NOT flat']);
  console.log(`\n${table(engineRows)}`);
}
if (defined) {
  const defRows: (string | number)[][] = [['defined metrics', 'definition', 'built-in (frozen, same run)', 'verdict']];
  for (const size of defined.sizes) {
    const base = size.contenders[0]!, twin = size.contenders[1]!;
    const v = twinVerdict(size, twin);
    defRows.push([`${twin.name}: change → value p99 / heap, ${size.orders} orders`, `${ms(twin.changes.latency.p99)} ms / ${twin.heapMb.toFixed(1)} MB`,
      `${ms(base.changes.latency.p99)} ms / ${base.heapMb.toFixed(1)} MB`, `×${v.p99.toFixed(2)} / ${Number.isNaN(v.heap) ? 'heap too small to compare' : `×${v.heap.toFixed(2)}`}: ${v.pass ? 'PASS' : 'FAIL'} (≤ ×${RATIO_LIMIT})`]);
  }
  const t = defined.twenty[0];
  if (t) defRows.push([`twenty definitions: change → values p99, N = ${t.counts.order}`, `${ms(t.changes.latency.p99)} ms`, '', `${t.changes.latency.p99 < TWENTY_TARGET_MS ? 'PASS' : 'FAIL'} (< ${TWENTY_TARGET_MS} ms)`]);
  console.log(`\n${table(defRows)}`);
}
if (bundle?.staleWarning) console.log(`note: ${bundle.staleWarning}`);
console.log(`\n${latencyOpts.changes} changes per scenario; latency = POST sent → the client's \`metrics\` message; all client × change samples.`);
console.log(`total time ${(((performance.now() - started) / 1000)).toFixed(0)} s; results in bench/out/`);
writeJson('bench/out/summary.json', { bundle, startup, latency, engineScale: engine, definitions: defined, errors });
if (errors.length) {
  console.error(`\n${errors.length} benchmark(s) failed:\n${errors.map((e) => `- ${e.split('\n')[0]}`).join('\n')}`);
  process.exitCode = 1;
}
