import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourcedRecord } from '../model';
import { createCustomerMap, type CustomerMap } from './service';

const AT = '2026-03-02T08:00:00Z';
const account = (source: string, id: string, name: string): SourcedRecord => ({ type: 'account', source, id, name, created_at: AT, updated_at: AT });
const silent = pino({ level: 'silent' });

const GOOD = { customers: [{ id: 'C-0001', name: '华信科技', accounts: [{ source: 'salesforce', id: '001' }, { source: 'erpnext', id: 'CUST-7' }] }] };

let dir: string | undefined;
let map: CustomerMap | undefined;
afterEach(() => { map?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); dir = undefined; map = undefined; });

function start(mappingFile: unknown, onChanged?: (n: number) => void): CustomerMap {
  dir = mkdtempSync(join(tmpdir(), 'opswall-customers-'));
  if (mappingFile !== undefined) writeFileSync(join(dir, 'customers.json'), typeof mappingFile === 'string' ? mappingFile : JSON.stringify(mappingFile, null, 2));
  map = createCustomerMap({
    config: { match: ['tax_id', 'external_id', 'name'], mapping_file: 'customers.json' }, baseDir: dir,
    sources: ['salesforce', 'erpnext'], log: silent, debounceMs: 20, ...(onChanged ? { onChanged: (c) => onChanged(c.length) } : {}),
  });
  map.apply([account('salesforce', '001', 'Huaxin'), account('erpnext', 'CUST-7', '华信科技')]);
  return map;
}

describe('the customer map with its mapping file', () => {
  it('reads the file relative to the config file\'s folder', () => {
    const m = start(GOOD);
    expect(m.customerOf('erpnext', 'CUST-7')).toBe('C-0001');
    expect(m.status()).toEqual({ file: 'customers.json', ok: true, customers: 1 });
  });

  it('keeps the last good mapping in force when an edit breaks the file, and says where', () => {
    const m = start(GOOD);
    // Line 3 of the edit is `    { "id": "C-0001", "name": 7, "accounts": [] }`: "name" at column 23 (after 4 spaces and
    // `{ "id": "C-0001", `, 18 characters), "accounts" at column 34 (after `"name": 7, `, 11 more).
    writeFileSync(join(dir!, 'customers.json'), '{\n  "customers": [\n    { "id": "C-0001", "name": 7, "accounts": [] }\n  ]\n}\n');
    expect(m.reload()).toEqual([]);
    expect(m.customerOf('salesforce', '001')).toBe('C-0001'); // the last good mapping
    expect(m.status()).toMatchObject({
      file: 'customers.json', ok: false, lastGood: true, customers: 1,
      error: 'customers.json:3:23 customers[0].name: Invalid input: expected string, received number\n'
        + 'customers.json:3:34 customers[0].accounts: expected at least one account { "source": "…", "id": "…" }',
    });
    // Fixed: the new mapping moves CUST-7 out, and the status is clean again.
    writeFileSync(join(dir!, 'customers.json'), JSON.stringify({ customers: [{ id: 'C-0001', accounts: [{ source: 'salesforce', id: '001' }] }] }));
    expect(m.reload()).toEqual([{ source: 'erpnext', accountId: 'CUST-7', from: 'C-0001', to: 'erpnext:CUST-7' }]);
    expect(m.status()).toEqual({ file: 'customers.json', ok: true, customers: 1 });
  });

  it('starts with no mapping when the file is missing or never valid, and says so', () => {
    const m = start(undefined);
    expect(m.customerOf('salesforce', '001')).toBe('salesforce:001');
    expect(m.status()).toMatchObject({ file: 'customers.json', ok: false, customers: 0 });
    expect(m.status().error).toMatch(/^customers\.json: cannot read the file: ENOENT/);
    expect(m.status()).not.toHaveProperty('lastGood');
  });

  it('follows edits of the file while watching', async () => {
    const changed: number[] = [];
    const m = start({ customers: [] }, (n) => changed.push(n));
    m.watch();
    expect(m.customerOf('erpnext', 'CUST-7')).toBe('erpnext:CUST-7');
    writeFileSync(join(dir!, 'customers.json'), JSON.stringify(GOOD));
    for (let i = 0; i < 100 && m.customerOf('erpnext', 'CUST-7') !== 'C-0001'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(m.customerOf('erpnext', 'CUST-7')).toBe('C-0001');
    expect(changed).toEqual([2]); // salesforce 001 and erpnext CUST-7 moved, in one notice
  });

  it('has no file to read when none is configured', () => {
    map = createCustomerMap({ config: { match: ['name'] }, baseDir: tmpdir(), sources: [], log: silent });
    expect(map.status()).toEqual({ file: null, ok: true, customers: 0 });
  });
});
