/// <reference types="vitest/config" />
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type LogLevel, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * The widgets' option schemas the hub checks screens with (server/screens/widget-option-schemas.ts and the
 * client modules it imports), compiled to one plain ES module for Node, zod left an import: the hub loads it
 * without a TypeScript loader (server/screens/widget-options.ts).
 */
export async function buildWidgetOptions(outFile = resolve(ROOT, 'dist/widget-options.js'), logLevel: LogLevel = 'warn'): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel,
    publicDir: false,
    build: {
      ssr: 'server/screens/widget-option-schemas.ts',
      target: 'node20',
      outDir: dirname(outFile),
      emptyOutDir: false,
      minify: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: basename(outFile) } },
    },
  });
}

/** `vite build` (so `npm run build`, and `npm start` when it builds) writes dist/widget-options.js after the wall. */
function widgetOptions(): Plugin {
  let logLevel: LogLevel = 'info';
  return {
    name: 'opswall:widget-options',
    apply: 'build',
    configResolved: (config) => { logLevel = config.logLevel ?? 'info'; },
    closeBundle: () => buildWidgetOptions(undefined, logLevel),
  };
}

// The wall is built into dist/client and served by the hub, the widgets' option schemas into
// dist/widget-options.js for the hub; tests run in three projects.
export default defineConfig({
  root: 'client',
  plugins: [vue(), widgetOptions()],
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
