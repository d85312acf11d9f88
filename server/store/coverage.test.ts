import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../model';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createStore, type Store } from './store';

const order = (id: string): Order =>
  ({ type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z' });

const open: Store[] = [];
const dirs: string[] = [];
function memory(): Store { const s = createStore(':memory:'); open.push(s); return s; }
afterEach(() => {
  vi.useRealTimers();
  for (const s of open.splice(0)) { try { s.close(); } catch { /* already closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const FROM = Date.parse('2025-01-01T00:00:00Z');

describe('a source\'s coverage, kept with its cursor', () => {
  it('is stored in the batch that carries it, and kept by later batches that carry none', () => {
    const store = memory();
    expect(store.getCoverage('erp')).toBeUndefined();
    store.applyBatch('erp', [order('a')], { page: 1 }, { from: FROM, complete: false });
    expect(store.getCoverage('erp')).toEqual({ from: FROM, complete: false });
    store.applyBatch('erp', [order('b')], { page: 2 }, { from: FROM, complete: true });
    expect(store.getCoverage('erp')).toEqual({ from: FROM, complete: true });
    store.applyBatch('erp', [order('c')], { page: 3 });
    expect(store.getCoverage('erp')).toEqual({ from: FROM, complete: true });
    expect(store.getCursor('erp')).toEqual({ page: 3 });
  });

  it('a cursor stored without coverage has none, and another source\'s coverage is its own', () => {
    const store = memory();
    store.applyBatch('crm', [], { page: 1 });
    store.applyBatch('erp', [], { page: 1 }, { from: 0, complete: true }); // 0: the whole history
    expect(store.getCoverage('crm')).toBeUndefined();
    expect(store.getCoverage('erp')).toEqual({ from: 0, complete: true });
  });

  it('a batch the store cannot write stores neither its cursor nor its coverage', () => {
    const store = memory();
    store.applyBatch('erp', [order('a')], { page: 1 }, { from: FROM, complete: false });
    store.db.pragma('query_only = ON');
    expect(() => store.applyBatch('erp', [order('b')], { page: 2 }, { from: FROM, complete: true })).toThrow();
    store.db.pragma('query_only = OFF');
    expect(store.getCoverage('erp')).toEqual({ from: FROM, complete: false });
    expect(store.getCursor('erp')).toEqual({ page: 1 });
  });

  it('survives closing and opening the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-coverage-'));
    dirs.push(dir);
    const first = createStore(join(dir, 'hub.db'));
    first.applyBatch('erp', [order('a')], { page: 1 }, { from: FROM, complete: true });
    first.close();
    const again = createStore(join(dir, 'hub.db'));
    open.push(again);
    expect(again.getCoverage('erp')).toEqual({ from: FROM, complete: true });
  });

  it('an upgraded database: a source that had a cursor counts as covered from the upgrade on, complete', () => {
    const db = new Database(':memory:');
    try {
      const before = MIGRATIONS.filter((m) => m.id < '2026-11-29-coverage');
      migrate(db, before);
      db.prepare('INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)').run('erp', '{"page":7}', '2025-01-01T00:00:00.000Z');
      vi.useFakeTimers({ now: Date.parse('2026-12-01T09:00:00Z') });
      expect(migrate(db, MIGRATIONS.filter((m) => m.id <= '2026-11-29-coverage'))).toEqual(['2026-11-29-coverage']);
      expect(db.prepare('SELECT backfill_from AS "from", backfill_done AS done FROM source_cursors').get())
        .toEqual({ from: Date.parse('2026-12-01T09:00:00Z'), done: 1 });
    } finally { db.close(); }
  });
});
