import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built wall the hub serves; built once here when a test is run on its own, without `npm test`. */
export function ensureBuiltWall(): void {
  if (existsSync(`${ROOT}dist/client/index.html`)) return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
