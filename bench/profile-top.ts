/**
 * The functions a V8 CPU profile (.cpuprofile) spent its time in, by self and by inclusive time, with their
 * TypeScript file and line. tsx hands V8 transpiled code, so a profile's positions are mapped back through
 * the source maps of the same modules, loaded here the same way:
 *
 *   node --enable-source-maps --import tsx bench/profile-top.ts <file.cpuprofile> [--top 25] [--filter server/]
 */
import { readFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface ProfileTop { totalMs: number; self: [string, number][]; inclusive: [string, number][] }

/** Self and inclusive milliseconds per "function file:line", largest first. Imports the profiled TS modules to get their source maps. */
export async function profileTop(file: string): Promise<ProfileTop> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const ownModules = [...new Set(profile.nodes.map((n) => n.callFrame.url))]
    .filter((u) => u.startsWith('file://') && u.endsWith('.ts') && !u.includes('/node_modules/'));
  for (const url of ownModules) { try { await import(url); } catch { /* a module that cannot load twice (a main script): positions stay transpiled */ } }

  const names = new Map<number, string>();
  const nameOf = (node: ProfileNode): string => {
    let name = names.get(node.id);
    if (name === undefined) {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      let line = lineNumber + 1;
      const entry = (url.endsWith('.ts') ? findSourceMap(url)?.findEntry(lineNumber, columnNumber) : undefined) as { originalLine?: number } | undefined;
      if (typeof entry?.originalLine === 'number') line = entry.originalLine + 1;
      const where = url.replace(/^file:\/\/.*?\/(bench|server|node_modules)\//, '$1/');
      names.set(node.id, name = `${functionName || '(anonymous)'} ${where}${url ? `:${line}` : ''}`);
    }
    return name;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>(), inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of time) {
    total += us;
    const name = nameOf(byId.get(id)!);
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set<string>(); // a recursive function counts once per sample
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = nameOf(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].map(([k, us]) => [k, us / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, self: sorted(self), inclusive: sorted(inclusive) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, filter: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: node --enable-source-maps --import tsx bench/profile-top.ts <file.cpuprofile> [--top 25] [--filter server/]');
    process.exit(2);
  }
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); throw err; }); // | head
  const top = await profileTop(positionals[0]!);
  const n = Number(values.top) || 25;
  for (const [title, rows] of [['self', top.self], ['inclusive', top.inclusive]] as const) {
    console.log(`== ${title} time (profile total ${top.totalMs.toFixed(0)} ms)`);
    for (const [name, msv] of rows.filter(([k]) => !values.filter || k.includes(values.filter)).slice(0, n)) {
      console.log(`${msv.toFixed(0).padStart(9)} ms ${((100 * msv) / top.totalMs).toFixed(1).padStart(5)} %  ${name}`);
    }
  }
}
