import { readFileSync } from 'node:fs';

/**
 * The metric ids a screen schema file (`screens/screen.schema.json`, written by `npm run screen-schema`) does not offer
 * for completion: it was generated before these definitions. Empty when the file offers all, or there is none.
 */
export function screenSchemaMissing(schemaFile: string, ids: readonly string[]): string[] {
  let text: string;
  try { text = readFileSync(schemaFile, 'utf8'); } catch { return []; }
  return ids.filter((id) => !text.includes(`"const": ${JSON.stringify(id)}`));
}
