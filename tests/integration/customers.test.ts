import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { DataQuality } from '../../server/http/data-quality';
import { getJson, startTestHub, waitFor } from '../support/hub';

/**
 * One customer across systems through the real hub: a CRM, an ERP and a service desk push their accounts, orders and
 * tickets, each with its own ids and names; the config file (in a temp folder) matches on tax id, external id and
 * name and names a mapping file beside it. GET /api/data-quality lists what no rule joins, per source, and the
 * mapping file's state; edits of the file are followed. Expected values worked by hand from docs/customers.md.
 */
const dir = mkdtempSync(join(tmpdir(), 'opswall-customers-'));
const MAPPING = join(dir, 'customers.json');
const CONFIG = join(dir, 'ops.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let hub: Hub | undefined;
afterAll(async () => { await hub?.close(); });

const at = new Date(Date.now() - 3_600_000).toISOString();
const account = (id: string, name: string, more: Record<string, unknown> = {}) => ({ type: 'account', id, name, created_at: at, updated_at: at, ...more });
const order = (id: string, accountId: string) => ({ type: 'order', id, status: 'confirmed', amount: 100, account_id: accountId, created_at: at, updated_at: at });
const ticket = (id: string, accountId: string) => ({ type: 'ticket', id, priority: 'normal', status: 'open', account_id: accountId, created_at: at, updated_at: at });

const mappingWith = (accounts: { source: string; id: string }[]) => JSON.stringify({ customers: [{ id: 'C-0001', name: '伽马贸易', accounts }] }, null, 2);

async function push(source: string, records: unknown[]): Promise<void> {
  const res = await fetch(`${hub!.url}/api/ingest/${source}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(await res.json()).toEqual({ accepted: records.length, rejected: [] });
}
const quality = async () => (await getJson<DataQuality>(`${hub!.url}/api/data-quality`)).body;
const unmatched = async (source: string) => (await quality()).sources.find((s) => s.id === source)!.unmatchedAccounts;

describe('the customer map, end to end', () => {
  beforeAll(async () => {
    writeFileSync(MAPPING, mappingWith([{ source: 'crm', id: 'A3' }, { source: 'desk', id: '3601' }]));
    writeFileSync(CONFIG, JSON.stringify({
      timezone: 'Asia/Shanghai',
      sources: [{ id: 'crm', kind: 'push' }, { id: 'erp', kind: 'push' }, { id: 'desk', kind: 'push' }],
      // A relative path: the config file's neighbour, whatever the working directory.
      customers: { match: ['tax_id', 'external_id', 'name'], mapping_file: 'customers.json' },
    }));
    hub = await startTestHub({ configPath: CONFIG, dbPath: join(dir, 'hub.db'), screensDir: join(dir, 'no-screens') });
    await push('crm', [
      account('A1', 'Huaxin Technology Co., Ltd.', { tax_id: '91110108MA01ABCD2X' }),
      account('A2', '北方重工'),
      account('A3', 'Gamma Trading'),
    ]);
    await push('erp', [
      account('C-7', '华信科技有限公司', { tax_id: '9111 0108-MA01-ABCD 2X' }), // the same 统一社会信用代码 as A1
      account('C-8', '北方重工有限公司'), // 北方重工 once normalised, as A2
      account('C-9', 'Delta'),
      order('SO-1', 'C-7'), order('SO-2', 'C-9'), order('SO-3', 'C-404'), // C-404: no such account record
    ]);
    await push('desk', [ticket('T-1', '3601')]); // the desk syncs no accounts: 3601 is joined only by the mapping file
  });

  it('lists per source the accounts joined to no other source, and the mapping file in force', async () => {
    const body = await quality();
    // crm: A1 ↔ erp C-7 by tax id, A2 ↔ erp C-8 by name, A3 ↔ desk 3601 by the mapping file: none left.
    // erp: C-9 (Delta, no counterpart) and C-404 (carried by SO-3, no record), sorted by id ("C-4…" < "C-9").
    // desk: 3601 is in C-0001 with crm A3.
    expect(body.sources).toEqual([
      { id: 'crm', kind: 'push', amountsWithoutRate: { records: 0, byCurrency: {} }, unmatchedAccounts: { accounts: 0, withoutRecord: 0, sample: [] } },
      { id: 'erp', kind: 'push', amountsWithoutRate: { records: 0, byCurrency: {} },
        unmatchedAccounts: { accounts: 2, withoutRecord: 1, sample: [{ id: 'C-404' }, { id: 'C-9', name: 'Delta' }] } },
      { id: 'desk', kind: 'push', amountsWithoutRate: { records: 0, byCurrency: {} }, unmatchedAccounts: { accounts: 0, withoutRecord: 0, sample: [] } },
    ]);
    expect(body.customerMap).toEqual({ file: 'customers.json', ok: true, customers: 1 });
  });

  it('keeps the last good mapping when an edit breaks the file, and says where', async () => {
    // Line 2 `  "customers": [` then line 3 `    { "id": "C-0001", "accounts": [{ "source": "desk" }] }`: the account
    // lacks its "id"; the account object starts at column 36 (4 spaces and `{ "id": "C-0001", "accounts": [` are 35).
    writeFileSync(MAPPING, '{\n  "customers": [\n    { "id": "C-0001", "accounts": [{ "source": "desk" }] }\n  ]\n}\n');
    const map = await waitFor('the broken edit to be read', async () => { const m = (await quality()).customerMap; return m.ok ? undefined : m; });
    expect(map).toMatchObject({ file: 'customers.json', ok: false, lastGood: true, customers: 1,
      error: 'customers.json:3:36 customers[0].accounts[0].id: Invalid input: expected string, received undefined' });
    expect(await unmatched('desk')).toEqual({ accounts: 0, withoutRecord: 0, sample: [] }); // still joined by the last good file
  });

  it('re-resolves at once when a valid edit moves an account out', async () => {
    writeFileSync(MAPPING, mappingWith([{ source: 'crm', id: 'A3' }]));
    await waitFor('the valid edit to be read', async () => ((await quality()).customerMap.ok ? true : undefined));
    // C-0001 holds crm A3 alone now: A3 is unmatched in crm, and 3601 (no account record) in desk.
    expect(await unmatched('crm')).toEqual({ accounts: 1, withoutRecord: 0, sample: [{ id: 'A3', name: 'Gamma Trading' }] });
    expect(await unmatched('desk')).toEqual({ accounts: 1, withoutRecord: 1, sample: [{ id: '3601' }] });
  });

  it('follows record changes: an ERP account renamed to a CRM account\'s name joins it', async () => {
    // "Gamma Trading Ltd." normalises to gammatrading, as crm A3's "Gamma Trading": the one such name in each source.
    await push('erp', [{ ...account('C-9', 'Gamma Trading Ltd.'), updated_at: new Date().toISOString() }]);
    expect(await unmatched('crm')).toEqual({ accounts: 0, withoutRecord: 0, sample: [] });
    expect(await unmatched('erp')).toEqual({ accounts: 1, withoutRecord: 1, sample: [{ id: 'C-404' }] });
  });

  it('builds the same map again from the store at a restart', async () => {
    await hub!.close();
    hub = await startTestHub({ configPath: CONFIG, dbPath: join(dir, 'hub.db'), screensDir: join(dir, 'no-screens') });
    expect((await quality()).sources.map((s) => [s.id, s.unmatchedAccounts])).toEqual([
      ['crm', { accounts: 0, withoutRecord: 0, sample: [] }],
      ['erp', { accounts: 1, withoutRecord: 1, sample: [{ id: 'C-404' }] }],
      ['desk', { accounts: 1, withoutRecord: 1, sample: [{ id: '3601' }] }],
    ]);
  });
});
