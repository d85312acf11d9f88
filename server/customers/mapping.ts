import { basename } from 'node:path';
import { z } from 'zod';
import { formatProblem, locateJson, sourceId, zodProblems, type FileProblem } from '../fields';
import type { MappedCustomer } from './resolver';

const accountSchema = z.strictObject({
  source: sourceId.describe('The OpsWall source id the account lives in, as in the config file\'s `sources`'),
  id: z.string().min(1).max(200).describe('The source\'s own id of the account: what its records carry as `account_id`'),
});

const customerSchema = z.strictObject({
  id: z.string().min(1).max(200)
    .regex(/^\S(.*\S)?$/, 'expected no spaces at the start or end')
    .regex(/^[^:]*$/, 'expected no ":": ids with ":" are the ones the map makes itself (tax:…, ext:…, <source>:<id>)')
    .describe('The customer id every listed account resolves to, such as "C-0001"'),
  name: z.string().min(1).max(1000).optional().describe('The name shown for this customer'),
  accounts: z.array(accountSchema).min(1, 'expected at least one account { "source": "…", "id": "…" }')
    .describe('The accounts of this customer, one per line of any source; each account belongs to one customer of the file'),
});

/** The mapping file (docs/customers.md § The mapping file): customers named by hand, winning over every match key. */
export const mappingFileSchema = z.strictObject({
  $schema: z.string().optional(),
  customers: z.array(customerSchema).describe('Explicit customers: their accounts are joined whatever the match keys say'),
});

/** What reading the mapping file gave: its customers, or what is wrong, each problem placed in the file. */
export type MappingRead =
  | { ok: true; customers: MappedCustomer[] }
  | { ok: false; problems: FileProblem[]; error: string };

/**
 * Validates the mapping file's text: JSON syntax, the schema, then the file as a whole: customer ids once, each
 * account in one customer only, and (when `sources` is given) only configured sources.
 */
export function readMapping(file: string, text: string, sources?: readonly string[]): MappingRead {
  const json = locateJson(text);
  const fail = (problems: FileProblem[]): MappingRead => ({
    ok: false, problems, error: problems.map((p) => formatProblem(basename(file), p)).join('\n'),
  });
  if (json.syntax.length > 0) return fail(json.syntax);
  const parsed = mappingFileSchema.safeParse(json.value);
  if (!parsed.success) return fail(zodProblems(json, parsed.error.issues));
  const problems: FileProblem[] = [];
  const ids = new Map<string, number>();
  const accounts = new Map<string, string>();
  const known = sources && new Set(sources);
  parsed.data.customers.forEach((c, i) => {
    const first = ids.get(c.id);
    if (first !== undefined) problems.push(json.at(['customers', i, 'id'], `"${c.id}" is already the id of customers[${first}]`));
    else ids.set(c.id, i);
    c.accounts.forEach((a, j) => {
      const at = ['customers', i, 'accounts', j];
      if (known && !known.has(a.source)) {
        problems.push(json.at([...at, 'source'], `no source "${a.source}" in the config; its sources: ${[...known].join(', ') || '(none)'}`));
      }
      const key = `${a.source}\u0000${a.id}`;
      const where = accounts.get(key);
      if (where !== undefined) problems.push(json.at(at, `${a.source} account "${a.id}" is already listed at ${where}: an account belongs to one customer`));
      else accounts.set(key, `customers[${i}].accounts[${j}]`);
    });
  });
  if (problems.length > 0) return fail(problems);
  return { ok: true, customers: parsed.data.customers.map((c) => ({ id: c.id, ...(c.name !== undefined ? { name: c.name } : {}), accounts: c.accounts })) };
}

/** The JSON Schema of the mapping file, for editors (`"$schema": "…/docs/customers.schema.json"`). */
export function mappingJsonSchema(): Record<string, unknown> {
  return {
    $comment: 'Generated from the zod mapping file schema (server/customers/mapping.ts) by scripts/customers-schema.ts; do not edit.',
    ...z.toJSONSchema(mappingFileSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
