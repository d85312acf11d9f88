// Writes screens/screen.schema.json and screens/playlist.schema.json from the zod schemas and every
// widget folder's options.ts (as server/screens/widget-option-schemas.ts lists them), so editors complete
// screen files. A unit test checks the files are current.
// Run: node --import tsx scripts/screen-schema.ts   (after adding a widget or changing its options)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWidgetOptionSchemas } from '../server/screens';
import { playlistJsonSchema, schemaText, screenJsonSchema } from '../server/screens/json-schema';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const widgets = await loadWidgetOptionSchemas();
writeFileSync(at('screens/screen.schema.json'), schemaText(screenJsonSchema(widgets)));
writeFileSync(at('screens/playlist.schema.json'), schemaText(playlistJsonSchema()));
console.log(`wrote screens/screen.schema.json (widget types: ${[...widgets.keys()].join(', ')}) and screens/playlist.schema.json`);
