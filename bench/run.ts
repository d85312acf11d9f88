/**
 * Runs every benchmark and prints a summary: `npm run bench` (= node --import tsx bench/run.ts).
 *
 * Takes the options of bench/latency.ts (--clients, --changes, --warmup, --modes, --timeout-ms) and of
 * bench/bundle-size.ts (--dist, --fresh); --quick is a short smoke run (1 and 50 clients, 200 changes).
 * Results go to bench/out/{bundle-size,latency,summary}.json.
 */
import { parseArgs } from 'node:util';
import { formatBundle, measureBundle, parseBundleArgs, type BundleReport } from './bundle-size';
import { formatLatency, parseLatencyArgs, runLatency, type LatencyReport, type Mode, type ScenarioResult } from './latency';
import { kb, ms, table, writeJson } from './lib/stats';

const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv, strict: false, allowPositionals: false, options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick === true;
const rest = argv.filter((a) => a !== '--quick');
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
if (bundle?.staleWarning) console.log(`note: ${bundle.staleWarning}`);
console.log(`\n${latencyOpts.changes} changes per scenario; latency = POST sent → the client's \`metrics\` message; all client × change samples.`);
console.log(`total time ${(((performance.now() - started) / 1000)).toFixed(0)} s; results in bench/out/`);
writeJson('bench/out/summary.json', { bundle, latency, errors });
if (errors.length) {
  console.error(`\n${errors.length} benchmark(s) failed:\n${errors.map((e) => `- ${e.split('\n')[0]}`).join('\n')}`);
  process.exitCode = 1;
}
