import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type CanonicalRecord, type Order, type Ticket } from '../model';
import { mayHaveLiveClocks, type SlaInstance } from '../sla';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createStore, type Store } from './store';

const order = (id: string, updated: string, over: Partial<Order> = {}): Order => ({
  type: 'order', id, status: 'new', amount: 10, created_at: '2025-03-10T01:00:00.000Z', updated_at: updated, ...over,
});

const open: Store[] = [];
const dirs: string[] = [];
function memory(): Store { const s = createStore(':memory:'); open.push(s); return s; }
function tempDir(): string { const d = mkdtempSync(join(tmpdir(), 'opswall-store-')); dirs.push(d); return d; }
afterEach(() => {
  for (const s of open.splice(0)) { try { s.close(); } catch { /* already closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('applyBatch', () => {
  it('stores records and the cursor, and reports each new record as a change without before', () => {
    const store = memory();
    const changes = store.applyBatch('erp', [order('a', '2025-03-10T01:00:00.000Z'), order('b', '2025-03-10T01:00:00.000Z')], { page: 1 });
    expect(changes.map((c) => [c.after.id, c.before])).toEqual([['a', undefined], ['b', undefined]]);
    expect(changes[0]!.after.source).toBe('erp');
    expect(store.getCursor('erp')).toEqual({ page: 1 });
    expect(store.countRecords()).toBe(2);
    expect(store.countRecords('erp')).toBe(2);
    expect(store.countRecords('crm')).toBe(0);
  });

  it('newest updated_at wins: an older version is ignored, a newer one replaces', () => {
    const store = memory();
    store.applyBatch('erp', [order('a', '2025-03-10T02:00:00.000Z', { status: 'confirmed' })], 1);
    expect(store.applyBatch('erp', [order('a', '2025-03-10T01:00:00.000Z', { status: 'new' })], 2)).toEqual([]);
    expect([...store.iterateRecords()].map((r) => (r as Order).status)).toEqual(['confirmed']);
    const newer = store.applyBatch('erp', [order('a', '2025-03-10T03:00:00.000Z', { status: 'shipped' })], 3);
    expect(newer).toHaveLength(1);
    expect((newer[0]!.before as Order).status).toBe('confirmed');
    expect((newer[0]!.after as Order).status).toBe('shipped');
    expect(store.getCursor('erp')).toBe(3); // the cursor moves even when a record was ignored
  });

  it('an identical re-delivery changes nothing', () => {
    const store = memory();
    const batch = [order('a', '2025-03-10T01:00:00.000Z'), order('b', '2025-03-10T01:00:00.000Z')];
    store.applyBatch('erp', batch, 1);
    expect(store.applyBatch('erp', structuredClone(batch), 2)).toEqual([]);
    expect(store.countRecords()).toBe(2);
  });

  it('derives history from the changes it observes', () => {
    const store = memory();
    store.applyBatch('erp', [order('a', '2025-03-10T01:00:00.000Z')], 1);
    store.applyBatch('erp', [order('a', '2025-03-10T02:00:00.000Z', { status: 'confirmed' })], 2);
    const [stored] = [...store.iterateRecords('order')] as Order[];
    expect(stored!.history).toEqual([
      { status: 'new', at: '2025-03-10T01:00:00.000Z' }, // created_at
      { status: 'confirmed', at: '2025-03-10T02:00:00.000Z' }, // updated_at of the change
    ]);
  });

  it('keeps the same id from two sources apart, and types apart', () => {
    const store = memory();
    store.applyBatch('erp', [order('1', '2025-03-10T01:00:00.000Z')], null);
    store.applyBatch('shop', [order('1', '2025-03-10T01:00:00.000Z')], null);
    const ticket: CanonicalRecord = { type: 'ticket', id: '1', priority: 'low', status: 'new', created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z' };
    store.applyBatch('erp', [ticket], null);
    expect(store.countRecords()).toBe(3);
    expect([...store.iterateRecords('ticket')].map((r) => [r.source, r.id])).toEqual([['erp', '1']]);
  });

  it('is one transaction: when the cursor cannot be saved, no record of the batch is stored', () => {
    const store = memory();
    store.applyBatch('erp', [order('a', '2025-03-10T01:00:00.000Z')], { page: 1 });
    // A BigInt cannot be written as JSON, so saving this cursor throws after the records were written.
    expect(() => store.applyBatch('erp', [order('b', '2025-03-10T01:00:00.000Z')], { page: 2n })).toThrow();
    expect(store.countRecords()).toBe(1);
    expect([...store.iterateRecords()].map((r) => r.id)).toEqual(['a']);
    expect(store.getCursor('erp')).toEqual({ page: 1 });
  });
});

describe('iterateRecords', () => {
  it('reads every record once, by type, source and id, across its pages', () => {
    const store = memory();
    const ids = Array.from({ length: 2_345 }, (_, i) => `o${String(i).padStart(4, '0')}`);
    store.applyBatch('erp', ids.map((id) => order(id, '2025-03-10T01:00:00.000Z')), null);
    store.applyBatch('crm', [order('z', '2025-03-10T01:00:00.000Z'), order('a', '2025-03-10T01:00:00.000Z')], null);
    store.applyBatch('erp', [{ type: 'deal', id: 'd1', stage: 'lead', amount: 1, created_at: '2025-03-10T01:00:00.000Z',
      updated_at: '2025-03-10T01:00:00.000Z' }], null);
    const key = (r: { type: string; source: string; id: string }) => `${r.type}/${r.source}/${r.id}`;
    const expected = ['deal/erp/d1', 'order/crm/a', 'order/crm/z', ...ids.map((id) => `order/erp/${id}`)];
    expect([...store.iterateRecords()].map(key)).toEqual(expected);
    expect([...store.iterateRecords('order')].map(key)).toEqual(expected.slice(1));
    expect([...store.iterateRecords('ticket')]).toEqual([]);
  });
});

describe('iterateOpenTickets', () => {
  it('reads the tickets not solved, closed or deleted, as iterateRecords and mayHaveLiveClocks would pick them', () => {
    const store = memory();
    const statuses = TICKET_STATUSES; // 7: new, open, pending, on_hold are open; solved, closed, deleted are not
    const tickets: Ticket[] = Array.from({ length: 2_100 }, (_, i) => ({ type: 'ticket', id: `t${String(i).padStart(4, '0')}`,
      priority: 'normal', status: statuses[i % 7]!, created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z' }));
    store.applyBatch('desk', tickets, null);
    store.applyBatch('erp', [order('o1', '2025-03-10T01:00:00.000Z')], null);
    const open = [...store.iterateOpenTickets()];
    expect(open).toHaveLength(1_200); // 4 of every 7, over two pages
    expect(open.every((t) => t.type === 'ticket' && mayHaveLiveClocks(t))).toBe(true);
    expect(open.map((t) => t.id)).toEqual([...store.iterateRecords('ticket')].filter((t) => mayHaveLiveClocks(t as Ticket)).map((t) => t.id));
  });
});

describe('file database', () => {
  it('keeps records and cursors after a reopen', () => {
    const file = join(tempDir(), 'nested', 'opswall.db'); // the folder is created
    const first = createStore(file);
    first.applyBatch('erp', [order('a', '2025-03-10T01:00:00.000Z'), order('b', '2025-03-10T01:00:00.000Z')], { until: 42 });
    first.close();
    const second = createStore(file);
    open.push(second);
    expect(second.countRecords()).toBe(2);
    expect(second.getCursor('erp')).toEqual({ until: 42 });
    expect([...second.iterateRecords()].map((r) => r.id).sort()).toEqual(['a', 'b']);
  });

  it('migrations are applied once: a second run applies none and keeps data', () => {
    const file = join(tempDir(), 'm.db');
    const db = new Database(file);
    try {
      expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.id));
      db.prepare("INSERT INTO source_cursors (source, cursor, updated_at) VALUES ('x', '1', 'now')").run();
      expect(migrate(db, MIGRATIONS)).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
      expect(db.prepare('SELECT cursor FROM source_cursors').pluck().get()).toBe('1');
    } finally {
      db.close();
    }
    const store = createStore(file); // opening the store on a migrated file migrates nothing and works
    open.push(store);
    expect(store.getCursor('x')).toBe(1);
  });

  it('migration ids are dated and in sort order', () => {
    const ids = MIGRATIONS.map((m) => m.id);
    for (const id of ids) expect(id).toMatch(/^\d{4}-\d{2}-\d{2}-/);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('finished SLA instances', () => {
  const stopped = (metric: SlaInstance['metric'], cycle: number): SlaInstance => ({ metric, cycle, clock: 'stopped', in_hours: true,
    health: 'ok', outcome: 'met', due_at: '2025-03-10T02:00:00.000Z', warn_at: '2025-03-10T01:45:00.000Z', business_elapsed_s: 600,
    business_remaining_s: 3000, wall_until_due_s: null, fulfilled_at: '2025-03-10T01:10:00.000Z', ever_breached: false });

  it('are readable at once, written in one batch, and kept across a reopen', async () => {
    const file = join(tempDir(), 'f.db');
    const store = createStore(file);
    open.push(store);
    store.slaFinished.put('s/ticket/1', '2025-03-10T01:10:00.000Z', [stopped('first_reply_time', 1)]);
    expect(store.slaFinished.get('s/ticket/1')?.instances[0]?.outcome).toBe('met'); // from the queue, before the write
    await new Promise((r) => setImmediate(r));
    store.close();
    const again = createStore(file);
    open.push(again);
    expect(again.slaFinished.get('s/ticket/1')).toEqual({ updatedAt: '2025-03-10T01:10:00.000Z', instances: [stopped('first_reply_time', 1)] });
    expect(again.slaFinished.get('s/ticket/2')).toBeUndefined();
  });

  it('a start that keeps many while it reads the records writes them as it goes, in batches', () => {
    const file = join(tempDir(), 'b.db');
    const store = createStore(file);
    open.push(store);
    const orders = Array.from({ length: 2_500 }, (_, i) => order(`o${String(i).padStart(4, '0')}`, '2025-03-10T01:00:00.000Z'));
    store.applyBatch('erp', orders, null);
    const reader = new Database(file, { readonly: true });
    const written = () => reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM sla_finished').get()!.n;
    let i = 0;
    for (const r of store.iterateRecords('order')) {
      // Three per record as the engine's seeding keeps them, with no turn of the event loop in between.
      for (let k = 0; k < 3; k++) store.slaFinished.put(`${r.id}/${k}`, r.updated_at, [stopped('resolution', 1)]);
      if (++i === 2_000) expect(written()).toBe(5_000); // 6,000 kept so far: one batch of 5,000 written, the rest queued
    }
    expect(i).toBe(2_500);
    store.close();
    expect(written()).toBe(7_500);
    reader.close();
  });

  it('close writes what is queued; prune drops tickets last updated before the instant', () => {
    const file = join(tempDir(), 'p.db');
    const store = createStore(file);
    store.slaFinished.put('old', '2025-01-01T00:00:00.000Z', [stopped('resolution', 1)]);
    store.slaFinished.put('new', '2025-03-01T00:00:00.000Z', [stopped('resolution', 1)]);
    store.close(); // no turn of the event loop in between
    const again = createStore(file);
    open.push(again);
    expect(again.slaFinished.prune('2025-02-01T00:00:00.000Z')).toBe(1);
    expect(again.slaFinished.get('old')).toBeUndefined();
    expect(again.slaFinished.get('new')?.updatedAt).toBe('2025-03-01T00:00:00.000Z');
  });
});
