import { compileDefinition, checkDefinition, definitionSchema, DEFAULT_LIMITS, type Definition, type DefinitionLimits } from '../definitions';
import type { MetricDefinition } from '../metrics';
import { parseLocated, type FileEntry } from '../screens';

/** One definition file, valid or not, as the screens folder lists its files (`definition`: the one in force). */
export type DefinitionEntry = FileEntry<Definition>;

/** `filter.all[1].eq` → ['filter', 'all', 1, 'eq'], to place a semantic check's problem in the file. */
function pathParts(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/**
 * Validates one definition file's text: JSON syntax, the schema, the checks of the definitions room (fields, types,
 * id clash with a built-in, cost budget) and that the file is named after its id. Every problem is placed in the file.
 */
export function validateDefinitionFile(file: string, text: string, builtinIds: ReadonlySet<string>,
  limits: DefinitionLimits = DEFAULT_LIMITS): DefinitionEntry {
  const { id, json, fail, value: definition, failed } = parseLocated(file, text, definitionSchema);
  if (failed) return failed;
  const problems = checkDefinition(definition, builtinIds, limits).map((p) => json.at(pathParts(p.path), p.message));
  if (definition.id !== id) problems.unshift(json.at(['id'], `"${definition.id}" must equal the file name "${id}" (the file is ${id}.json)`));
  if (problems.length > 0) return fail(problems);
  return { id, file, valid: true, title: definition.title, description: definition.description, definition };
}

/** A definition as the engine runs it, carrying where it came from (GET /api/metrics). */
export function compileEntry(definition: Definition, origin: 'builtin' | 'company', file: string, moneyExtras?: ReadonlySet<string>): MetricDefinition<never> {
  return { ...compileDefinition(definition, { moneyExtras }), origin, definition, file } as unknown as MetricDefinition<never>;
}
