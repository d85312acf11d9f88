/**
 * Start-up time and memory of the hub, compiled (`node dist/server/main.js`, what `npm start` and the service unit
 * run) against its TypeScript sources through tsx (what `npm start` ran before the build): the same config, a fresh
 * store each start, the runs alternating. Measures spawn → the start-up line ("OpsWall listening on …"), the RSS
 * then and its peak (VmHWM), and SIGTERM → exit. `node --import tsx bench/startup.ts [--runs 5]`; needs `npm run build`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, startHubProcess } from '../tests/support/hub-process';
import { percentile, table, writeJson } from './lib/stats';

export type StartupMode = 'compiled' | 'tsx';
export interface StartupRun { mode: StartupMode; listeningMs: number; rssMb: number; peakRssMb: number; stopMs: number }
export interface StartupReport { runs: StartupRun[]; median: Record<StartupMode, Omit<StartupRun, 'mode'>> }

/** VmRSS and VmHWM of a process, in MB. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function startOnce(mode: StartupMode, dir: string, config: string, i: number): Promise<StartupRun> {
  const started = performance.now();
  const hub = await startHubProcess({ via: mode === 'tsx' ? 'source' : 'compiled', timeoutMs: 60_000,
    args: ['--config', config, '--db', join(dir, `${mode}-${i}.db`), '--port', '0', '--host', '127.0.0.1'] });
  const listeningMs = performance.now() - started;
  const memory = memoryMb(hub.pid);
  const stopAt = performance.now();
  hub.child.kill('SIGTERM');
  await hub.exited;
  return { mode, listeningMs, rssMb: memory.rss, peakRssMb: memory.peak, stopMs: performance.now() - stopAt };
}

export async function runStartup(runs: number, log: (line: string) => void = console.log): Promise<StartupReport> {
  if (!existsSync(join(ROOT, 'dist/server/main.js'))) throw new Error('dist/server/main.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'opswall-startup-'));
  const config = join(dir, 'config.json');
  // One push source: nothing polls, so only the start itself is measured; the shipped screens are loaded and checked.
  writeFileSync(config, JSON.stringify({ sources: [{ id: 'desk', kind: 'push' }] }));
  const all: StartupRun[] = [];
  try {
    await startOnce('compiled', dir, config, -1); // warm the file cache for both
    for (let i = 0; i < runs; i++) {
      for (const mode of ['tsx', 'compiled'] as const) {
        const run = await startOnce(mode, dir, config, i);
        all.push(run);
        log(`  ${mode.padEnd(8)} listening ${run.listeningMs.toFixed(0)} ms, RSS ${run.rssMb.toFixed(0)} MB (peak ${run.peakRssMb.toFixed(0)}), stop ${run.stopMs.toFixed(0)} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (mode: StartupMode, key: keyof Omit<StartupRun, 'mode'>) =>
    percentile(all.filter((r) => r.mode === mode).map((r) => r[key]).sort((a, b) => a - b), 50);
  const of = (mode: StartupMode) => ({ listeningMs: median(mode, 'listeningMs'), rssMb: median(mode, 'rssMb'), peakRssMb: median(mode, 'peakRssMb'), stopMs: median(mode, 'stopMs') });
  return { runs: all, median: { compiled: of('compiled'), tsx: of('tsx') } };
}

export function formatStartup(report: StartupReport): string {
  const { compiled: c, tsx: t } = report.median;
  const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
  return table([
    ['start-up (median)', 'compiled (npm start now)', 'tsx sources (before, same run)', 'compiled ÷ tsx'],
    ['spawn → listening', `${c.listeningMs.toFixed(0)} ms`, `${t.listeningMs.toFixed(0)} ms`, ratio(c.listeningMs, t.listeningMs)],
    ['RSS when listening', `${c.rssMb.toFixed(0)} MB`, `${t.rssMb.toFixed(0)} MB`, ratio(c.rssMb, t.rssMb)],
    ['peak RSS (VmHWM)', `${c.peakRssMb.toFixed(0)} MB`, `${t.peakRssMb.toFixed(0)} MB`, ratio(c.peakRssMb, t.peakRssMb)],
    ['SIGTERM → exit', `${c.stopMs.toFixed(0)} ms`, `${t.stopMs.toFixed(0)} ms`, ratio(c.stopMs, t.stopMs)],
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const report = await runStartup(Number(values.runs));
  console.log(`\n${formatStartup(report)}`);
  writeJson('bench/out/startup.json', report);
}
