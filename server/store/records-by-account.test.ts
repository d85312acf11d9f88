import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../model';
import { createStore, type Store } from './store';

// recordsOfAccount: a customer's timeline reads the records of each of its accounts by an index, never a scan.
const open: Store[] = [];
afterEach(() => { for (const s of open.splice(0)) s.close(); });
function memory(): Store { const s = createStore(':memory:'); open.push(s); return s; }

const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T01:00:00.000Z`;
const order = (id: string, account: string | undefined, day: number): CanonicalRecord =>
  ({ type: 'order', id, status: 'new', amount: 10, ...(account ? { account_id: account } : {}), created_at: at(1), updated_at: at(day) });
const ticket = (id: string, account: string | undefined, day: number): CanonicalRecord =>
  ({ type: 'ticket', id, priority: 'normal', status: 'open', ...(account ? { account_id: account } : {}), created_at: at(1), updated_at: at(day) });

describe('recordsOfAccount', () => {
  it('gives one source\'s records naming the account, newest change first, at most `limit`', () => {
    const store = memory();
    store.applyBatch('erp', [order('O1', 'ACME', 3), order('O2', 'ACME', 5), order('O3', 'OTHER', 4), order('O4', undefined, 6), ticket('T1', 'ACME', 4)], null);
    // The same account id in another source is another account.
    store.applyBatch('desk', [ticket('T9', 'ACME', 9)], null);
    store.applyBatch('erp', [{ type: 'account', id: 'ACME', name: 'Acme', created_at: at(1), updated_at: at(1) }], null);
    // ACME in erp: O2 (03-05), T1 (03-04), O1 (03-03); not O3 (another account), O4 (none), T9 (desk), the account record.
    expect(store.recordsOfAccount('erp', 'ACME', 10).map((r) => r.id)).toEqual(['O2', 'T1', 'O1']);
    expect(store.recordsOfAccount('erp', 'ACME', 2).map((r) => r.id)).toEqual(['O2', 'T1']);
    expect(store.recordsOfAccount('desk', 'ACME', 10).map((r) => r.id)).toEqual(['T9']);
    expect(store.recordsOfAccount('erp', 'NOBODY', 10)).toEqual([]);
  });

  it('reads the index, not the table', () => {
    const store = memory();
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN SELECT data FROM records
      WHERE source = ? AND json_extract(data, '$.account_id') = ? ORDER BY updated_at DESC LIMIT ?`).all('erp', 'ACME', 10) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toContain('USING INDEX records_by_account');
    expect(details).not.toContain('SCAN records');
    expect(details).not.toContain('TEMP B-TREE'); // the index gives the order too
  });
});
