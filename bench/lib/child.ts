import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ → ../../). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerChild {
  pid: number;
  port: number;
  /** Lines the child printed that were not the ready line (pino JSON logs, warnings), newest last. */
  output: string[];
  /** Stops the child: SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void>;
}

const READY = /running at http:\/\/[^:/\s]+:(\d+)/;

/**
 * Starts `node --import tsx <script>` (node itself, not npx, so the pid we keep is the server's) and waits
 * for the line "… running at http://host:<port>". Fails with the child's output when it exits or is too slow.
 */
export async function startServerChild(script: string, opts: {
  env?: NodeJS.ProcessEnv; args?: string[]; nodeArgs?: string[]; label: string; timeoutMs?: number;
  /** Called with the child's pid right after the spawn (to watch a slow start from outside). */
  onSpawn?: (pid: number) => void;
}): Promise<ServerChild> {
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  const output: string[] = [];
  const keep = (line: string) => { output.push(line); if (output.length > 200) output.shift(); };
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  createInterface({ input: child.stderr! }).on('line', keep);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.label} did not print its URL within ${opts.timeoutMs ?? 30_000} ms.\n${output.slice(-20).join('\n')}`)), opts.timeoutMs ?? 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = READY.exec(line);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); } else keep(line);
    });
    void exit.then(() => { clearTimeout(timer); reject(new Error(`${opts.label} exited with code ${child.exitCode} before it was ready.\n${output.slice(-20).join('\n')}`)); });
  }).catch(async (err: unknown) => { child.kill('SIGKILL'); await exit; throw err; });

  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid!, port, output,
    stop: () => (stopping ??= (async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(killer);
    })()),
  };
}

let clockTicks: number | undefined;
/** Clock ticks per second for /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux if getconf fails). */
export function clkTck(): number {
  if (clockTicks === undefined) {
    try { clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { clockTicks = 100; }
  }
  return clockTicks;
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. Resolution: one clock tick (10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based, counting pid as 1).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]), stime = Number(rest[12]);
  return ((utime + stime) * 1000) / clkTck();
}

/** Resident memory of a process in MB, from /proc/<pid>/status. */
export function processRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** The highest resident memory a process has had so far in MB (VmHWM in /proc/<pid>/status). */
export function processPeakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}
