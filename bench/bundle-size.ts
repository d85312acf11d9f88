/**
 * The wall's JavaScript size: raw and gzip (level 9) per file of the built client, in total, and what the
 * screen page (/s/:id) loads. Builds nothing unless the build is missing (or --fresh is given).
 *
 *   node --import tsx bench/bundle-size.ts [--dist dist/client] [--fresh] [--json bench/out/bundle-size.json]
 *
 * --fresh builds the current client/ into bench/out/client (leaving dist/ alone) and measures that.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/child';
import { kb, table, writeJson } from './lib/stats';

export interface FileSize { file: string; raw: number; gzip: number; screenPage: 'initial' | 'lazy' | 'no' }
export interface BundleReport {
  dir: string;
  built: boolean;
  /** Set when client/ has files newer than the build measured. */
  staleWarning?: string;
  files: FileSize[];
  total: { raw: number; gzip: number };
  /** JS the screen page loads before it renders: the entry script(s), modulepreloads and their static imports. */
  screenPageInitial: { raw: number; gzip: number; files: string[] };
  /** Plus every chunk reachable through dynamic import() (an upper bound: a route or widget may never ask for it). */
  screenPageWithLazy: { raw: number; gzip: number; files: string[] };
  css: { raw: number; gzip: number };
}

export interface BundleOptions { dist: string; fresh: boolean; log?: (line: string) => void }

const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

function build(outDir: string | undefined, log: (line: string) => void) {
  const args = [VITE, 'build', '--logLevel', 'warn', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])];
  log(`building the wall: node ${args.map((a) => relative(ROOT, a) || a).join(' ')}`);
  try {
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000, encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`vite build failed:\n${[e.stderr, e.stdout].filter(Boolean).join('\n').trim() || e.message}`, { cause: err });
  }
}

function newestMtime(dir: string): { file: string; mtime: number } {
  let best = { file: '', mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.ts$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const mtime = statSync(file).mtimeMs;
    if (mtime > best.mtime) best = { file, mtime };
  }
  return best;
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

/** Relative module specifiers a built chunk imports: static (import … from "./x.js", import "./x.js") and dynamic (import("./x.js")). */
function importsOf(code: string): { static: string[]; dynamic: string[] } {
  const stat = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`\s]+?\.js)["'`]/g)].map((m) => m[1]!);
  const dyn = [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`\s]+?\.js)["'`]\s*\)/g)].map((m) => m[1]!);
  return { static: stat, dynamic: dyn };
}

export function measureBundle(opts: BundleOptions): BundleReport {
  const log = opts.log ?? (() => {});
  let dir = resolve(ROOT, opts.dist);
  let built = false;
  if (opts.fresh) {
    dir = join(ROOT, 'bench/out/client');
    build(dir, log);
    built = true;
  } else if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, 'assets'))) {
    log(`${relative(ROOT, dir)} has no build`);
    build(dir === join(ROOT, 'dist/client') ? undefined : dir, log);
    built = true;
  }
  const assets = join(dir, 'assets');
  const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js')).sort();
  if (jsFiles.length === 0) throw new Error(`no JavaScript in ${relative(ROOT, assets)}`);

  let staleWarning: string | undefined;
  const newest = newestMtime(join(ROOT, 'client'));
  const builtAt = statSync(join(dir, 'index.html')).mtimeMs;
  if (newest.mtime > builtAt) {
    staleWarning = `${relative(ROOT, newest.file)} is newer than the build in ${relative(ROOT, dir)}: the figures may not match the current client (use --fresh)`;
  }

  // The screen page is the SPA's index.html at /s/:id: follow what it loads.
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const roots = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ].map((src) => posix.normalize(src.replace(/^\//, '')));
  const codeOf = new Map(jsFiles.map((f) => [`assets/${f}`, readFileSync(join(assets, f))]));
  const initial = new Set<string>();
  const lazy = new Set<string>();
  const walk = (file: string, into: Set<string>) => {
    if (initial.has(file) || into.has(file)) return;
    const code = codeOf.get(file);
    if (!code) throw new Error(`index.html or a chunk refers to ${file}, which is not in ${relative(ROOT, assets)}`);
    into.add(file);
    const { static: stat, dynamic } = importsOf(code.toString('utf8'));
    for (const spec of stat) walk(posix.join(posix.dirname(file), spec), into);
    for (const spec of dynamic) pendingLazy.push(posix.join(posix.dirname(file), spec));
  };
  const pendingLazy: string[] = [];
  for (const root of roots) walk(root, initial);
  while (pendingLazy.length) walk(pendingLazy.pop()!, lazy);

  const files: FileSize[] = [...codeOf].map(([file, buf]) => ({
    file, raw: buf.length, gzip: gz(buf), screenPage: initial.has(file) ? 'initial' : lazy.has(file) ? 'lazy' : 'no',
  }));
  const sum = (list: FileSize[]) => ({ raw: list.reduce((a, f) => a + f.raw, 0), gzip: list.reduce((a, f) => a + f.gzip, 0) });
  const initialFiles = files.filter((f) => f.screenPage === 'initial');
  const withLazy = files.filter((f) => f.screenPage !== 'no');
  const cssBufs = readdirSync(assets).filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(assets, f)));
  return {
    dir: relative(ROOT, dir), built, ...(staleWarning ? { staleWarning } : {}),
    files, total: sum(files),
    screenPageInitial: { ...sum(initialFiles), files: initialFiles.map((f) => f.file) },
    screenPageWithLazy: { ...sum(withLazy), files: withLazy.map((f) => f.file) },
    css: { raw: cssBufs.reduce((a, b) => a + b.length, 0), gzip: cssBufs.reduce((a, b) => a + gz(b), 0) },
  };
}

export function formatBundle(r: BundleReport): string {
  const rows: (string | number)[][] = [['file', 'raw', 'gzip -9', 'screen page']];
  for (const f of r.files) rows.push([f.file, kb(f.raw), kb(f.gzip), f.screenPage]);
  rows.push(['total JS', kb(r.total.raw), kb(r.total.gzip), '']);
  rows.push(['screen page JS (initial)', kb(r.screenPageInitial.raw), kb(r.screenPageInitial.gzip), `files: ${r.screenPageInitial.files.length}`]);
  if (r.screenPageWithLazy.files.length !== r.screenPageInitial.files.length) {
    rows.push(['screen page JS (+ all lazy chunks)', kb(r.screenPageWithLazy.raw), kb(r.screenPageWithLazy.gzip), `files: ${r.screenPageWithLazy.files.length}`]);
  }
  rows.push(['(CSS, not counted above)', kb(r.css.raw), kb(r.css.gzip), '']);
  return [`build: ${r.dir}${r.built ? ' (built by this run)' : ''}`, ...(r.staleWarning ? [`warning: ${r.staleWarning}`] : []), table(rows)].join('\n');
}

export function parseBundleArgs(argv: string[]): BundleOptions & { json: string } {
  const { values } = parseArgs({
    args: argv, allowPositionals: false, strict: false,
    options: { dist: { type: 'string', default: 'dist/client' }, fresh: { type: 'boolean', default: false }, json: { type: 'string', default: 'bench/out/bundle-size.json' } },
  });
  return { dist: String(values.dist), fresh: values.fresh === true, json: String(values.json) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const opts = parseBundleArgs(process.argv.slice(2));
    const report = measureBundle({ ...opts, log: (l) => console.log(l) });
    console.log(formatBundle(report));
    console.log(`\nresults: ${writeJson(opts.json, report)}`);
  } catch (err) {
    console.error(`bundle-size: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
