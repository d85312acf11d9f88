import { z } from 'zod';

/** The account keys the customer map can match on, strongest first by default (docs/customers.md). */
export const MATCH_KEYS = ['tax_id', 'external_id', 'name'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/**
 * The `customers` section of the config file: which account keys join one customer's accounts across sources,
 * in order of trust, and an optional mapping file whose explicit entries win over every key (docs/customers.md).
 */
export const customersConfigSchema = z.strictObject({
  match: z.array(z.enum(MATCH_KEYS, { error: `expected one of ${MATCH_KEYS.map((k) => `"${k}"`).join(', ')}` }))
    .max(MATCH_KEYS.length)
    .refine((keys) => new Set(keys).size === keys.length, { message: 'expected each key once: the order is the order of trust' })
    .default([...MATCH_KEYS]),
  /**
   * A JSON file of explicit customers (docs/customers.md § The mapping file), hot-reloaded. A relative path is
   * taken from the config file's folder (from the working directory for the built-in demo and inline configs).
   */
  mapping_file: z.string().min(1, 'expected a file path such as "customers.json"').optional(),
});

export type CustomersConfig = z.output<typeof customersConfigSchema>;

/** Prefixes of the customer ids the map makes itself (`tax:…`, `ext:…`, `name:…`): no source may be called so. */
export const RESERVED_SOURCE_IDS = ['tax', 'ext', 'name'] as const;

/** Source ids the customer map's own ids would collide with (`<source>:<account id>` against `tax:<tax id>`). */
export function customerIdProblems(sourceIds: readonly string[]): { path: (string | number)[]; message: string }[] {
  return sourceIds.flatMap((id, i) => ((RESERVED_SOURCE_IDS as readonly string[]).includes(id)
    ? [{ path: ['sources', i, 'id'], message: `"${id}" is reserved: the customer map names customers "${id}:…" (docs/customers.md § Customer ids)` }]
    : []));
}
