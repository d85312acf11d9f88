// Writes screens/screen.schema.json and screens/playlist.schema.json from the zod schemas, every widget folder's
// options.ts (as server/screens/widget-option-schemas.ts lists them) and every metric a screen can show (the built-ins
// and the company's definitions in metrics/), so editors complete screen files: widget types, their options, metric
// ids and their params. A unit test checks the files are current; the hub warns when they do not offer a defined metric.
// Run: npm run screen-schema [-- --screens dir --metrics dir]   (after adding a widget, changing its options or a metric)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { metricsDirBeside, readCatalogue } from '../server/catalogue';
import { loadWidgetOptionSchemas } from '../server/screens';
import { playlistJsonSchema, schemaText, screenJsonSchema } from '../server/screens/json-schema';

const { values } = parseArgs({ options: { screens: { type: 'string' }, metrics: { type: 'string' } } });
const screens = values.screens ?? fileURLToPath(new URL('../screens', import.meta.url));
const metrics = readCatalogue(values.metrics ?? metricsDirBeside(screens), pino({ level: 'warn' }));
const widgets = await loadWidgetOptionSchemas();
writeFileSync(join(screens, 'screen.schema.json'), schemaText(screenJsonSchema(widgets, metrics)));
writeFileSync(join(screens, 'playlist.schema.json'), schemaText(playlistJsonSchema()));
console.log(`wrote ${join(screens, 'screen.schema.json')} (widget types: ${[...widgets.keys()].join(', ')}; ${metrics.length} metrics) and playlist.schema.json`);
