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
    expect(migrate(db, MIGRATIONS)).toEqual(['2026-11-26-access']);
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
