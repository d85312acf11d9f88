/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type LogLevel, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Node's own modules, and the packages the hub may import at run time: `dependencies`, not dev ones (`npm ci --omit=dev`). */
const RUNTIME = new Set(Object.keys((JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies));
const packageOf = (id: string) => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');

/** Fails the build when what the hub loads imports a package an install without dev dependencies lacks. */
function runtimeImportsOnly(): Plugin {
  return {
    name: 'opswall:runtime-imports',
    generateBundle(_options, bundle) {
      const wrong = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of [...chunk.imports, ...chunk.dynamicImports]) {
          if (id.startsWith('.') || id.startsWith('node:') || builtinModules.includes(id) || bundle[id] || RUNTIME.has(packageOf(id))) continue;
          wrong.add(`${id} (from ${chunk.fileName})`);
        }
      }
      if (wrong.size > 0) this.error(`the hub imports packages that are not runtime dependencies in package.json: ${[...wrong].join(', ')}`);
    },
  };
}

/** Compiles a module of the hub to plain ES modules for Node, the packages left imports (runtime ones only). */
async function buildForNode(entry: string, outDir: string, logLevel: LogLevel, output: { entryFileNames: string; chunkFileNames?: string }, whole = false): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    publicDir: false,
    plugins: [runtimeImportsOnly()],
    build: {
      ssr: entry,
      target: 'node20',
      outDir,
      emptyOutDir: whole, // dist/ also holds the wall: only a folder of its own is emptied
      minify: false,
      sourcemap: whole,
      rolldownOptions: { output: { format: 'es', ...output } },
    },
  });
}

/**
 * The widgets' option schemas the hub checks screens with (server/screens/widget-option-schemas.ts and the
 * client modules it imports), compiled to one plain ES module for Node, zod left an import: the hub loads it
 * without a TypeScript loader (server/screens/widget-options.ts).
 */
export function buildWidgetOptions(outFile = resolve(ROOT, 'dist/widget-options.js'), logLevel: LogLevel = 'warn'): Promise<void> {
  return buildForNode('server/screens/widget-option-schemas.ts', dirname(outFile), logLevel, { entryFileNames: basename(outFile) });
}

/**
 * The hub compiled to plain JavaScript for Node (dist/server/main.js and its chunks, with source maps): `npm start`
 * and a service run it without a TypeScript loader.
 */
export function buildHub(outDir = resolve(ROOT, 'dist/server'), logLevel: LogLevel = 'warn'): Promise<void> {
  return buildForNode('server/main.ts', outDir, logLevel, { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' }, true);
}

/** `vite build` (so `npm run build`, and `npm start` when it builds) writes dist/widget-options.js and the hub after the wall. */
function serverBuilds(): Plugin {
  let logLevel: LogLevel = 'info';
  return {
    name: 'opswall:server-builds',
    apply: 'build',
    configResolved: (config) => { logLevel = config.logLevel ?? 'info'; },
    closeBundle: async () => {
      await buildWidgetOptions(undefined, logLevel);
      await buildHub(undefined, logLevel);
    },
  };
}

// The wall is built into dist/client and served by the hub, the widgets' option schemas into
// dist/widget-options.js and the hub into dist/server; tests run in three projects.
export default defineConfig({
  root: 'client',
  plugins: [vue(), serverBuilds()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // zod with the switch that keeps it from probing for eval (client/zod-config.ts), in one chunk of their own:
            // every chunk that builds a schema imports it, so the switch is set before the first schema exists.
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|client[\\/]zod-config\.ts$/, priority: 30 },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/, priority: 20 },
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } } },
  test: {
    root: '.',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['server/**/*.test.ts', 'client/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
