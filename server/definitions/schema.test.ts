import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { definitionJsonSchema } from './schema';

describe('docs/metric-definition.schema.json', () => {
  it('is the definition\'s zod schema (run scripts/definitions-schema.ts after changing it)', () => {
    const file = fileURLToPath(new URL('../../docs/metric-definition.schema.json', import.meta.url));
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
  });
});
