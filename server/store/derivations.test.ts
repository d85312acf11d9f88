import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutRate } from '../currency';
import type { CanonicalRecord, Deal, Order, SourcedRecord, Ticket } from '../model';
import { StoreWriteError } from './faults';
import { createStore, type Store } from './store';

const AT = '2026-03-10T02:00:00.000Z';
const order = (id: string, over: Partial<Order> = {}): Order => ({ type: 'order', id, status: 'new', amount: 100, created_at: AT, updated_at: AT, ...over });
const deal = (id: string, over: Partial<Deal> = {}): Deal => ({ type: 'deal', id, stage: 'lead', amount: 100, created_at: AT, updated_at: AT, ...over });
const ticket: Ticket = { type: 'ticket', id: 't1', priority: 'low', status: 'open', created_at: AT, updated_at: AT };

const open: Store[] = [];
const dirs: string[] = [];
function tempDb(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-derive-')); dirs.push(d); return join(d, 'hub.db'); }
function store(path = ':memory:', pragmas?: string[]): Store { const s = createStore(path, { retryMs: 60_000, ...(pragmas ? { pragmas } : {}) }); open.push(s); return s; }
afterEach(() => {
  for (const s of open.splice(0)) { try { s.close(); } catch { /* already closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('countWithoutRate', () => {
  it("counts one source's orders and deals with a currency and no amount_reporting, per currency, tombstones and tickets aside", () => {
    const s = store();
    const records: CanonicalRecord[] = [
      order('jpy-1', { currency: 'JPY' }), // counted
      deal('jpy-2', { currency: 'JPY' }), // counted
      order('krw', { currency: 'KRW' }), // counted
      order('usd', { currency: 'USD', amount_reporting: 710 }), // converted
      order('bare'), // no currency: taken as the reporting currency
      order('gone', { currency: 'JPY', deleted: true }), // a tombstone
      ticket,
    ];
    s.applyBatch('erp', records, null);
    s.applyBatch('crm', [order('other', { currency: 'JPY' })], null); // another source
    expect(s.countWithoutRate('erp')).toEqual({ JPY: 2, KRW: 1 });
    expect(s.countWithoutRate('crm')).toEqual({ JPY: 1 });
    expect(s.countWithoutRate('nobody')).toEqual({});
    // SQLite's test and the currency room's are the same question.
    const byRoom: Record<string, number> = {};
    for (const r of s.iterateRecords()) { const c = r.source === 'erp' ? withoutRate(r) : undefined; if (c) byRoom[c] = (byRoom[c] ?? 0) + 1; }
    expect(byRoom).toEqual(s.countWithoutRate('erp'));
  });
});

describe('rederive', () => {
  /** Marks each order and deal with the fingerprint's rate, as a conversion would; the same object when already marked. */
  const deriveWith = (rate: number, seen: string[]) => (r: SourcedRecord): SourcedRecord => {
    seen.push(`${r.type}:${r.id}`);
    if (r.type !== 'order' && r.type !== 'deal') return r;
    return r.amount_reporting === r.amount * rate ? r : { ...r, amount_reporting: r.amount * rate };
  };

  it('rewrites the records of the named types under a new fingerprint, and nothing under the same one', () => {
    const path = tempDb();
    let s = store(path);
    s.applyBatch('erp', [order('a', { currency: 'USD' }), deal('b', { currency: 'USD', amount_reporting: 700 }), ticket], null);
    const seen: string[] = [];
    expect(s.rederive('currency', 'rate=7', ['order', 'deal'], deriveWith(7, seen))).toBe(1); // only the order changed (b already had 700)
    expect(seen.sort()).toEqual(['deal:b', 'order:a']); // the ticket was not asked
    expect(s.getRecord('erp', 'order', 'a')).toMatchObject({ amount: 100, currency: 'USD', amount_reporting: 700, source: 'erp' });
    s.close();

    // Kept in the file: the same fingerprint after a restart does nothing; another one rewrites both.
    s = store(path);
    const again: string[] = [];
    expect(s.rederive('currency', 'rate=7', ['order', 'deal'], deriveWith(7, again))).toBeNull();
    expect(again).toEqual([]);
    expect(s.rederive('currency', 'rate=8', ['order', 'deal'], deriveWith(8, again))).toBe(2);
    expect(s.getRecord('erp', 'deal', 'b')).toMatchObject({ amount_reporting: 800 });
    expect(s.rederive('other', 'rate=8', ['order'], (r) => r)).toBe(0); // names are kept apart
  });

  it('pages through more records than one page, writing each once', () => {
    const s = store();
    s.applyBatch('erp', Array.from({ length: 2_500 }, (_, i) => order(`o${String(i).padStart(5, '0')}`)), null);
    const seen: string[] = [];
    expect(s.rederive('currency', 'x', ['order'], deriveWith(2, seen))).toBe(2_500);
    expect(new Set(seen).size).toBe(2_500);
    expect([...s.iterateRecords('order')].every((r) => r.type === 'order' && r.amount_reporting === 200)).toBe(true);
  });

  it('throws a StoreWriteError on a read-only database and keeps no fingerprint, so the next start does it again', () => {
    const path = tempDb();
    const first = store(path);
    first.applyBatch('erp', [order('a', { currency: 'USD' })], null);
    first.close();
    const readOnly = store(path, ['query_only = ON']);
    expect(() => readOnly.rederive('currency', 'rate=7', ['order'], deriveWith(7, []))).toThrow(StoreWriteError);
    readOnly.close();
    expect(store(path).rederive('currency', 'rate=7', ['order'], deriveWith(7, []))).toBe(1);
  });
});
