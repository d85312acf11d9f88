import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { widgetRegistry } from '../../client/widgets/registry';
import { buildWidgetOptions } from '../../vite.config';
import { WIDGET_OPTION_SCHEMAS } from './widget-option-schemas';
import { loadWidgetOptionSchemas, type WidgetOptionsFiles } from './widget-options';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WIDGETS = join(ROOT, 'client', 'widgets');
// Beside the hub's own build, so the compiled module finds zod in node_modules as that one does.
const OUT = join(ROOT, 'dist', `.widget-options-test-${process.pid}`);
const COMPILED = join(OUT, 'widget-options.js');
const SOURCE = join(OUT, 'source.txt');

const jsonSchemas = (table: Iterable<[string, z.ZodType]>) =>
  Object.fromEntries([...table].map(([type, schema]) => [type, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]));

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await buildWidgetOptions(COMPILED);
}, 60_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the widgets\' option schemas the hub reads (server/screens/widget-option-schemas.ts)', () => {
  it('name every widget folder, each with the schema the wall\'s registry uses', () => {
    const folders = readdirSync(WIDGETS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(Object.keys(WIDGET_OPTION_SCHEMAS).sort()).toEqual(folders);
    expect([...widgetRegistry.keys()].sort()).toEqual(folders);
    for (const [type, schema] of Object.entries(WIDGET_OPTION_SCHEMAS)) expect(schema, type).toBe(widgetRegistry.get(type)!.optionsSchema);
  });

  it('compile to a module plain Node loads, without a TypeScript loader, giving the same schemas', () => {
    // A child without tsx: what the hub has once it runs compiled.
    const script = `import { z } from 'zod';
const { WIDGET_OPTION_SCHEMAS } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
const out = Object.fromEntries(Object.entries(WIDGET_OPTION_SCHEMAS).sort(([a], [b]) => a.localeCompare(b))
  .map(([type, s]) => [type, z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })]));
process.stdout.write(JSON.stringify(out));`;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const sorted = Object.entries(WIDGET_OPTION_SCHEMAS).sort(([a], [b]) => a.localeCompare(b));
    expect(JSON.parse(printed)).toEqual(jsonSchemas(sorted));
  });

  it('the hub reads the build while it is newer than its sources, and the sources otherwise', async () => {
    writeFileSync(SOURCE, 'x');
    const files: WidgetOptionsFiles = { compiled: COMPILED, sources: [SOURCE] };
    const past = new Date(Date.now() - 60_000);
    utimesSync(SOURCE, past, past);
    const fromBuild = await loadWidgetOptionSchemas({ files });
    expect([...fromBuild.keys()]).toEqual(Object.keys(WIDGET_OPTION_SCHEMAS).sort());
    expect(fromBuild.get('kpi')).not.toBe(WIDGET_OPTION_SCHEMAS.kpi); // the compiled module's own
    expect(jsonSchemas(fromBuild)).toEqual(jsonSchemas(Object.entries(WIDGET_OPTION_SCHEMAS)));

    const future = new Date(Date.now() + 60_000);
    utimesSync(SOURCE, future, future); // a source edited after the build
    expect((await loadWidgetOptionSchemas({ files })).get('kpi')).toBe(WIDGET_OPTION_SCHEMAS.kpi);
    expect((await loadWidgetOptionSchemas({ files: { compiled: join(OUT, 'absent.js'), sources: [SOURCE] } })).get('kpi')).toBe(WIDGET_OPTION_SCHEMAS.kpi);
  });
});
