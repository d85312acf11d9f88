import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Ticket } from '../model';
import type { SourceHealth } from '../protocol';
import { SlaTracker } from '../sla';
import { createStore } from '../store';
import { createAlertService } from './service';

// Instants are UTC on Mon 2025-03-10; the tickets' first reply is due 60 min after they are created.
const at = (hhmmss: string, day = 10) => Date.parse(`2025-03-${day}T${hhmmss}Z`);
const iso = (hhmmss: string) => new Date(at(hhmmss)).toISOString();
const breachKey = (id: string) => `zd/${id}/first_reply_time/1/breach`;

function ticket(id: string, group: string): Ticket & { source: string } {
  return { type: 'ticket', source: 'zd', id, priority: 'high', status: 'open', group, subject: `Ticket ${id}`,
    created_at: iso('09:00:00'), updated_at: iso('09:00:00') };
}

const config = parseConfig({
  sources: [{ id: 'zd', kind: 'push' }],
  sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
  alerts: { channels: [{ id: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }], routes: [{ receivers: ['ops'] }] },
});

/** The alerts room on a SQLite file, with its log kept. */
function open(dbPath: string) {
  const logged: { level: number; msg: string; silence?: string; pattern?: string }[] = [];
  const store = createStore(dbPath);
  const tracker = new SlaTracker(config.sla.policies);
  const health: SourceHealth[] = [{ id: 'zd', kind: 'push', state: 'ok', lastSuccessAt: null, records: 0 }];
  const service = createAlertService({
    config, tables: store.alerts, log: pino({ level: 'info' }, { write: (line: string) => { logged.push(JSON.parse(line) as typeof logged[number]); } }),
    health: () => health, metric: () => undefined, publish: () => {}, deliver: () => {}, externalUrl: () => 'http://wall.test',
  });
  const tick = (now: number) => { for (const sla of tracker.due(now)) service.observeSla(sla, now); service.tick(now); };
  const change = (t: Ticket & { source: string }, now: number) => service.observeSla(tracker.update(`zd/ticket/${t.id}`, t, now), now);
  return { store, service, logged, tick, change };
}

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('stored silences RE2 refuses (written by a version that matched with JavaScript RegExp)', () => {
  it('are skipped at load with an error naming the silence and its pattern; the room starts and the other silences still apply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-silences-'));
    dirs.push(dir);
    const dbPath = join(dir, 'hub.db');

    // Before: silence "good" (group=L1) holds ticket a's breach, the other holds b's (group L2).
    const first = open(dbPath);
    const good = first.service.silence({ matchers: [{ name: 'group', op: '=', value: 'L1' }], ends_at: iso('11:00:00'), created_by: 'li.wei', comment: '' }, at('09:00:00'));
    const old = first.service.silence({ matchers: [{ name: 'title', op: '=~', value: 'Ticket b' }], ends_at: iso('11:00:00'), created_by: 'wang.lei', comment: '' }, at('09:00:00'));
    first.change(ticket('a', 'L1'), at('09:00:00'));
    first.change(ticket('b', 'L2'), at('09:00:00'));
    for (let t = at('09:59:50'); t <= at('10:01:00'); t += 10_000) first.tick(t);
    expect(first.service.get(breachKey('a'))!.suppressed!.silenced_by).toEqual([good.id]);
    expect(first.service.get(breachKey('b'))!.suppressed!.silenced_by).toEqual([old.id]);
    first.store.close();

    // As an older version stored them: b's silence with a lookahead, and another with a backreference.
    const db = new Database(dbPath);
    const row = (id: string, value: string) => JSON.stringify({ id, matchers: [{ name: 'title', op: '=~', value }], starts_at: iso('09:00:00'),
      ends_at: iso('11:00:00'), created_by: 'wang.lei', comment: '' });
    db.prepare('UPDATE silences SET data = ? WHERE id = ?').run(row(old.id, 'Ticket (?=b).*'), old.id);
    db.prepare('INSERT INTO silences (id, data) VALUES (?, ?)').run('backref', row('backref', '(.)\\1.*'));
    db.close();

    const second = open(dbPath);
    const errors = second.logged.filter((l) => l.level >= 50);
    expect(errors.map((l) => [l.silence, l.pattern]).sort()).toEqual([['backref', '(.)\\1.*'], [old.id, 'Ticket (?=b).*']].sort());
    expect(errors.find((l) => l.silence === old.id)!.msg).toBe(`stored silence ${old.id} skipped, it silences nothing: `
      + '"Ticket (?=b).*" is not an RE2 regular expression: invalid or unsupported Perl syntax: `(?=`; create it again in RE2 syntax');
    expect(second.service.silences(at('10:04:00')).map((s) => s.id)).toEqual([good.id]);

    // The hub comes back at 10:04: the good silence still holds a; b, stored as silenced by the skipped one, is not any more.
    second.change(ticket('a', 'L1'), at('10:04:00'));
    second.change(ticket('b', 'L2'), at('10:04:00'));
    second.tick(at('10:04:00'));
    expect(second.service.get(breachKey('a'))).toMatchObject({ state: 'firing', suppressed: { silenced_by: [good.id] } });
    expect(second.service.get(breachKey('b'))).toMatchObject({ state: 'firing', suppressed: { silenced_by: [] } });
    const ids = () => { second.store.alerts.flush(); const d = new Database(dbPath, { readonly: true }); try { return d.prepare<[], { id: string }>('SELECT id FROM silences ORDER BY id').all().map((r) => r.id); } finally { d.close(); } };
    expect(ids()).toEqual([good.id, old.id, 'backref'].sort());

    // Their rows go when they would have been pruned: keep_resolved (24 h) after their end, like the others.
    second.tick(at('11:00:01', 11));
    expect(ids()).toEqual([]);
    expect(second.service.silences(at('11:00:01', 11))).toEqual([]);
    second.store.close();
  });

  it('an alert stored as silenced only by a skipped silence is un-silenced at the first tick, without waiting for its ticket', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-silences-'));
    dirs.push(dir);
    const dbPath = join(dir, 'hub.db');
    const first = open(dbPath);
    const old = first.service.silence({ matchers: [{ name: 'title', op: '=~', value: 'Ticket b' }], ends_at: iso('11:00:00'), created_by: 'wang.lei', comment: '' }, at('09:00:00'));
    first.change(ticket('b', 'L2'), at('09:00:00'));
    for (let t = at('09:59:50'); t <= at('10:01:00'); t += 10_000) first.tick(t);
    expect(first.service.get(breachKey('b'))!.suppressed!.silenced_by).toEqual([old.id]);
    first.store.close();
    const db = new Database(dbPath);
    db.prepare('UPDATE silences SET data = json_set(data, \'$.matchers[0].value\', ?) WHERE id = ?').run('(Ticket) b\\1?', old.id);
    db.close();

    const second = open(dbPath);
    expect(second.logged.filter((l) => l.level >= 50).map((l) => [l.silence, l.pattern])).toEqual([[old.id, '(Ticket) b\\1?']]);
    second.tick(at('10:04:00'));
    expect(second.service.get(breachKey('b'))).toMatchObject({ state: 'firing', suppressed: { silenced_by: [] } });
    second.store.close();
  });
});
