// `npm start`: builds what is missing or older than its sources (a fresh clone, a pulled update), then runs the
// compiled hub in this very process, so a signal to `npm start` reaches the hub itself (no TypeScript at run time).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The wall, the widgets' option schemas and the hub (`vite build` writes all three: vite.config.ts).
const outputs = ['dist/client/index.html', 'dist/widget-options.js', 'dist/server/main.js'].map((f) => join(root, f));
const sources = ['client', 'server', 'vite.config.ts', 'package.json'].map((f) => join(root, f));

/** The newest modification time under a path; tests do not go into the build. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const builtAt = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : -Infinity)));
if (sources.some((source) => existsSync(source) && newest(source) > builtAt)) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  if (existsSync(vite)) {
    console.error(builtAt === -Infinity ? 'Building OpsWall (first start)…' : 'Building OpsWall (sources changed since the last build)…');
    const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  } else if (builtAt === -Infinity) {
    console.error('OpsWall is not built and the build tools are not installed (npm ci --omit=dev): run `npm ci && npm run build` first.');
    process.exit(1);
  } else {
    console.error('The sources are newer than the build, and the build tools are not installed: running the build as it is.');
  }
}

await import(pathToFileURL(join(root, 'dist/server/main.js')).href);
