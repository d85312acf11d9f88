import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mappingJsonSchema, readMapping } from './mapping';

const SOURCES = ['salesforce', 'erpnext', 'zendesk'];

describe('the mapping file', () => {
  it('reads customers with their accounts', () => {
    const text = JSON.stringify({ customers: [{ id: 'C-0001', name: '华信科技', accounts: [{ source: 'salesforce', id: '001' }, { source: 'erpnext', id: 'CUST-7' }] }] });
    expect(readMapping('customers.json', text, SOURCES)).toEqual({ ok: true, customers: [
      { id: 'C-0001', name: '华信科技', accounts: [{ source: 'salesforce', id: '001' }, { source: 'erpnext', id: 'CUST-7' }] },
    ] });
  });

  it('places each schema problem at its line and column, by JSON path', () => {
    const text = [
      '{',
      '  "customers": [',
      '    { "id": "C-0001", "accounts": [{ "source": "salesforce", "id": "001" }] },',
      '    { "id": "C-0002", "accounts": [] },',
      '    { "id": "tax:X", "accounts": [{ "source": "erpnext", "id": "C1" }], "owner": "li" }',
      '  ]',
      '}',
    ].join('\n');
    const read = readMapping('/etc/opswall/customers.json', text, SOURCES);
    // Line 4: four spaces, `{ "id": "C-0002", ` is 18 characters (columns 5–22), so "accounts" starts at column 23.
    // Line 5: `"id"` at column 7; `    { "id": "tax:X", "accounts": [{ "source": "erpnext", "id": "C1" }], ` is 72 characters,
    // so "owner" starts at column 73.
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.split('\n')).toEqual([
      'customers.json:4:23 customers[1].accounts: expected at least one account { "source": "…", "id": "…" }',
      'customers.json:5:7 customers[2].id: expected no ":": ids with ":" are the ones the map makes itself (tax:…, ext:…, <source>:<id>)',
      'customers.json:5:73 customers[2].owner: unknown property "owner"',
    ]);
  });

  it('refuses a customer id twice, an account in two customers, and a source the config does not have', () => {
    const text = [
      '{ "customers": [',
      '  { "id": "C-1", "accounts": [{ "source": "salesforce", "id": "001" }] },',
      '  { "id": "C-1", "accounts": [{ "source": "salesforce", "id": "001" }, { "source": "sap", "id": "K1" }] }',
      '] }',
    ].join('\n');
    const read = readMapping('customers.json', text, SOURCES);
    // Line 3: `  { "id": "C-1", "accounts": [` is 30 characters, so the first account's `{` is at column 31; the account
    // `{ "source": "salesforce", "id": "001" }` and `, { ` take columns 31–73, so the second's "source" is at column 74.
    expect(!read.ok && read.error.split('\n')).toEqual([
      'customers.json:3:5 customers[1].id: "C-1" is already the id of customers[0]',
      'customers.json:3:31 customers[1].accounts[0]: salesforce account "001" is already listed at customers[0].accounts[0]: an account belongs to one customer',
      'customers.json:3:74 customers[1].accounts[1].source: no source "sap" in the config; its sources: salesforce, erpnext, zendesk',
    ]);
  });

  it('says where the JSON syntax breaks', () => {
    const read = readMapping('customers.json', '{\n  "customers": [,]\n}', SOURCES);
    // The comma at line 2, column 17 (after `  "customers": [`) is where a value was expected.
    expect(!read.ok && read.error).toBe('customers.json:2:17 (root): not valid JSON: value expected');
  });
});

describe('docs/customers.schema.json', () => {
  it('is the mapping file\'s zod schema (run scripts/customers-schema.ts after changing it)', () => {
    const file = fileURLToPath(new URL('../../docs/customers.schema.json', import.meta.url));
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
  });
});
