import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccessTables } from './access';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

let db: Database.Database | undefined;
afterEach(() => { db?.close(); db = undefined; });

describe('the access migration', () => {
  it('applies to a database of the previous shape, keeping its data, and its tables work', () => {
    db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.id < '2026-11-26-access');
    expect(migrate(db, before)).toEqual(before.map((m) => m.id));
    db.prepare("INSERT INTO alerts (alert_key, state, data) VALUES ('k', 'firing', '{}')").run();
    expect(migrate(db, MIGRATIONS.filter((m) => m.id <= '2026-11-26-access'))).toEqual(['2026-11-26-access']);
    expect(db.prepare('SELECT state FROM alerts').pluck().get()).toBe('firing');

    const t = createAccessTables(db);
    t.putSession({ idHash: 'h1', principal: { username: 'a' }, createdAt: 1, lastSeenAt: 1 });
    t.putSession({ idHash: 'h2', principal: { username: 'b' }, createdAt: 5, lastSeenAt: 9 });
    expect(t.pruneSessions(5, 0)).toBe(1); // h1 idle since 1 < 5
    expect(t.session('h2')).toEqual({ idHash: 'h2', principal: { username: 'b' }, createdAt: 5, lastSeenAt: 9 });

    t.putDevice({ id: 'd1', tokenHash: 'th', data: { name: 'TV' } });
    t.touchDevice('d1', 42);
    t.revokeDevice('d1', 50);
    t.revokeDevice('d1', 60); // a second revoke keeps the first time
    expect(t.deviceByToken('th')).toEqual({ id: 'd1', tokenHash: 'th', data: { name: 'TV' }, lastSeenAt: 42, revokedAt: 50 });

    const ids = ['login', 'login', 'device.pair', 'lo_in'].map((action, i) => t.audit({ at: `t${i}`, actor: 'x', action, outcome: 'ok' }));
    expect(t.auditList({ limit: 10, action: 'login' }).map((e) => e.id)).toEqual([ids[1], ids[0]]); // `_` is no wildcard
    expect(t.auditList({ limit: 1, before: ids[3] }).map((e) => e.action)).toEqual(['device.pair']);
  });
});

describe('audit retention', () => {
  it('keeps the newest N entries, and drops those older than a day only when asked to scan by age', () => {
    db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    const t = createAccessTables(db);
    // 12 entries: the first 4 written on 1 December, the rest on 7 December.
    const ids = Array.from({ length: 12 }, (_, i) => t.audit({ at: i < 4 ? `2026-12-01T10:0${i}:00.000Z` : `2026-12-07T10:0${i - 4}:00.000Z`, actor: 'anonymous', action: 'silence.create', outcome: 'refused 401' }));
    // Keep 10: the two oldest go, whatever their age.
    expect(t.pruneAudit({ keepRows: 10 })).toBe(2);
    expect(t.auditList({ limit: 100 }).map((e) => e.id)).toEqual(ids.slice(2).reverse());
    // By age too: the two left from 1 December go; 8 newer entries stay (under the 10 kept by size).
    expect(t.pruneAudit({ keepRows: 10, olderThan: '2026-12-06T00:00:00.000Z' })).toBe(2);
    expect(t.auditList({ limit: 100 }).map((e) => e.at.slice(0, 10))).toEqual(Array(8).fill('2026-12-07'));
    // The newest ids stay after a size prune once more: 8 → 5.
    expect(t.pruneAudit({ keepRows: 5 })).toBe(3);
    expect(t.auditList({ limit: 100 }).map((e) => e.id)).toEqual(ids.slice(7).reverse());
  });
});
