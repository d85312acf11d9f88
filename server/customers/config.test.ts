import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';

function problems(raw: unknown): { path: string; message: string }[] {
  try { parseConfig(raw, 'ops.json'); } catch (err) { if (err instanceof ConfigError) return err.problems; throw err; }
  return [];
}

describe('the config file\'s customers section', () => {
  it('matches on tax id, external id and name, in that order, with no mapping file by default', () => {
    expect(parseConfig({}).customers).toEqual({ match: ['tax_id', 'external_id', 'name'] });
    expect(parseConfig({ customers: { match: ['name', 'tax_id'], mapping_file: 'customers.json' } }).customers)
      .toEqual({ match: ['name', 'tax_id'], mapping_file: 'customers.json' });
  });

  it('names each problem by its path', () => {
    expect(problems({ customers: { match: ['tax_id', 'email', 'tax_id'], mapping_file: '', extra: 1 } })).toEqual([
      // zod checks the known keys first, then names the unknown ones.
      { path: 'customers.match[1]', message: 'expected one of "tax_id", "external_id", "name"' },
      { path: 'customers.mapping_file', message: 'expected a file path such as "customers.json"' },
      { path: 'customers', message: 'Unrecognized key: "extra"' },
    ]);
    expect(problems({ customers: { match: ['name', 'name'] } })).toEqual([
      { path: 'customers.match', message: 'expected each key once: the order is the order of trust' },
    ]);
  });

  it('refuses source ids the customer ids it makes would collide with', () => {
    expect(problems({ sources: [{ id: 'crm', kind: 'push' }, { id: 'tax', kind: 'push' }] })).toEqual([
      { path: 'sources[1].id', message: '"tax" is reserved: the customer map names customers "tax:…" (docs/customers.md § Customer ids)' },
    ]);
  });
});
