// Writes docs/metric-definition.schema.json, the JSON Schema of a metric definition file, from its zod schema, so
// editors complete and check metrics/*.json. A unit test checks the file is current.
// Run: node --import tsx scripts/definitions-schema.ts   (after changing server/definitions/schema.ts)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionJsonSchema } from '../server/definitions';

const file = fileURLToPath(new URL('../docs/metric-definition.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
console.log('wrote docs/metric-definition.schema.json');
