// Writes docs/customers.schema.json, the JSON Schema of the customer mapping file, from its zod schema, so editors
// complete mapping files. A unit test checks the file is current.
// Run: node --import tsx scripts/customers-schema.ts   (after changing server/customers/mapping.ts)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mappingJsonSchema } from '../server/customers';

const file = fileURLToPath(new URL('../docs/customers.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
console.log('wrote docs/customers.schema.json');
