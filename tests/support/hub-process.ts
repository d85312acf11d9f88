import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A hub in a process of its own, as an operator starts it. */
export interface HubProcess {
  /** The process started: `npm` for `npm start`, else node itself. */
  child: ChildProcess;
  /** Where it listens, from its start-up line. */
  url: string;
  /** The hub's own process id, from its log lines (under `npm start`, not the child's). */
  pid: number;
  /** Every line it wrote so far, stdout and stderr. */
  lines: string[];
  /** Resolves when the process started exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface HubProcessOptions {
  /**
   * `npm start` (as the README runs it), `node dist/server/main.js` (the compiled hub, as a service unit runs it) or
   * the TypeScript sources through tsx (default).
   */
  via?: 'npm-start' | 'compiled' | 'source';
  args: string[];
  env?: Record<string, string>;
  /** The package folder it runs in (default: this checkout). */
  cwd?: string;
  /** Flags for node itself (compiled only). */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/** Every process started here, so a test file can kill what a failed test left running (`killHubProcesses`). */
const started: ChildProcess[] = [];
const hubPids: number[] = [];

/** Starts a hub process and resolves once its start-up line says where it listens (JSON log lines, LOG_LEVEL info). */
export function startHubProcess({ via = 'source', args, env = {}, cwd = ROOT, nodeArgs = [], timeoutMs = 30_000 }: HubProcessOptions): Promise<HubProcess> {
  const [command, argv] = via === 'npm-start' ? ['npm', ['start', '--silent', '--', ...args]]
    : via === 'compiled' ? [process.execPath, [...nodeArgs, 'dist/server/main.js', ...args]]
      : [process.execPath, ['--import', 'tsx', 'server/main.ts', ...args]];
  const child = spawn(command, argv, { cwd, env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const entry = parseLogLine(line);
      if (typeof entry?.url === 'string' && String(entry.msg).startsWith('OpsWall listening on')) {
        clearTimeout(timer);
        hubPids.push(entry.pid as number);
        resolve({ child, url: entry.url, pid: entry.pid as number, lines, exited });
      }
    });
    void exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`the hub exited (${code ?? signal}) before listening:\n${lines.join('\n')}`)); });
  });
}

/** One JSON log line, or undefined for any other line. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try { return JSON.parse(line) as Record<string, unknown>; } catch { return undefined; }
}

/** Kills whatever hub processes are still running (afterAll). */
export function killHubProcesses(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of hubPids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ } }
}
