import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Ticket } from '../model';
import type { Alert, SourceHealth } from '../protocol';
import { SlaTracker } from '../sla';
import { createStore, type Store } from '../store';
import type { NotificationBatch } from './channels/types';
import { createAlertService } from './service';

// All instants are UTC on Mon 2025-03-10; tickets are in calendar hours, so the arithmetic is plain.
const at = (hhmmss: string) => Date.parse(`2025-03-10T${hhmmss}Z`);
const iso = (hhmmss: string) => new Date(at(hhmmss)).toISOString();
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** First reply within 60 min (at risk at 75 %: 45 min); next reply within 30 min (at risk at 22.5 min). */
const POLICY = {
  id: 'std',
  metrics: [
    { metric: 'first_reply_time', targets: { '*': { minutes: 60 } },
      escalations: [{ offset: '+30m', kind: 'escalate', to: ['lead'] }] },
    { metric: 'next_reply_time', targets: { '*': { minutes: 30 } } },
  ],
};

function ticket(id: string, created: string, over: Partial<Ticket> = {}): Ticket & { source: string } {
  return { type: 'ticket', source: 'zd', id, priority: 'high', status: 'open', group: 'L1', subject: `Ticket ${id}`,
    created_at: iso(created), updated_at: iso(created), ...over };
}

interface Harness {
  store: Store;
  published: Alert[];
  sent: (NotificationBatch & { at: number })[];
  health: SourceHealth[];
  tracker: SlaTracker;
  service: ReturnType<typeof createAlertService>;
  now: number;
  /** A ticket as a poll (or a push) brings it. */
  change(t: Ticket & { source: string }, now: number): void;
  /** The hub's second: deadlines, then the alerts' own tick. */
  tick(now: number): void;
  run(from: string, to: string, stepS?: number, each?: (t: number) => void): void;
  latest(key: string): Alert | undefined;
}

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function harness(opts: { sourceKind?: 'push' | 'demo'; alerts?: object; dbPath?: string; policy?: object } = {}): Harness {
  const sourceKind = opts.sourceKind ?? 'push';
  const config = parseConfig({
    sources: [sourceKind === 'push' ? { id: 'zd', kind: 'push' } : { id: 'zd', kind: 'demo' }],
    sla: { policies: [opts.policy ?? POLICY] },
    alerts: {
      channels: [{ id: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }, { id: 'lead', kind: 'webhook', url: 'http://127.0.0.1:9/lead' }],
      routes: [{ receivers: ['ops'] }],
      ...opts.alerts,
    },
  });
  const store = createStore(opts.dbPath ?? ':memory:');
  const h = {
    store, published: [] as Alert[], sent: [] as (NotificationBatch & { at: number })[], now: 0,
    health: [{ id: 'zd', kind: sourceKind, state: 'ok', lastSuccessAt: null, records: 0 }] as SourceHealth[],
    tracker: new SlaTracker(config.sla.policies),
  } as Harness;
  h.service = createAlertService({
    config, tables: store.alerts, log: pino({ level: 'silent' }),
    health: () => h.health, metric: () => undefined,
    publish: (a) => h.published.push(a), deliver: (b) => h.sent.push({ ...b, at: h.now }), externalUrl: () => 'http://wall.test',
  });
  h.change = (t, now) => { h.now = now; h.service.observeSla(h.tracker.update(`zd/ticket/${t.id}`, t, now), now); };
  h.tick = (now) => {
    h.now = now;
    for (const sla of h.tracker.due(now)) h.service.observeSla(sla, now);
    h.service.tick(now);
  };
  h.run = (from, to, stepS = 10, each) => {
    for (let t = at(from); t <= at(to); t += stepS * 1000) { each?.(t); h.tick(t); }
  };
  h.latest = (key) => h.service.get(key);
  return h;
}

const breachKey = (id: string, metric = 'first_reply_time', cycle = 1) => `zd/${id}/${metric}/${cycle}/breach`;
const riskKey = (id: string, metric = 'first_reply_time', cycle = 1) => `zd/${id}/${metric}/${cycle}/at_risk`;
const breachBatches = (h: Harness) => h.sent.filter((b) => b.receiver === 'ops' && b.group_labels.kind === 'breach');

describe('the alerts room at work (docs/alerts.md, with a controllable clock)', () => {
  it('E5: breaches confirmed at 10:00:00, 10:00:10 and 10:02:00 notify at 10:00:30 (2) and 10:05:30 (3, 1 new), repeat at 14:05:30; the stream fires at once', () => {
    const h = harness({ policy: { id: 'plain', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] } });
    // A clock breaches just after its due instant (a reply at due is met); the hub looks every 10 s here, and a
    // pushed source has no lag grace, so a breach due 1 s before a tick is confirmed at that tick.
    h.change(ticket('a', '08:59:59'), at('08:59:59'));
    h.change(ticket('b', '09:00:09'), at('09:00:09'));
    h.change(ticket('c', '09:01:59'), at('09:01:59'));
    h.run('09:59:00', '14:10:00');
    const firings = h.published.filter((a) => a.labels.kind === 'breach' && a.state === 'firing');
    expect(firings.map((a) => [a.labels.ticket_id, a.fired_at])).toEqual([
      ['a', iso('10:00:00')], ['b', iso('10:00:10')], ['c', iso('10:02:00')]]);
    expect(breachBatches(h).map((b) => [clock(b.at), b.alerts.length, b.repeat])).toEqual([
      ['10:00:30', 2, false], ['10:05:30', 3, false], ['14:05:30', 3, true]]);
    const first = breachBatches(h)[0]!;
    expect(first.group_labels).toEqual({ group: 'L1', kind: 'breach' });
    expect(first.alerts[0]).toMatchObject({ status: 'firing', labels: { source: 'zd', ticket_id: 'a', kind: 'breach' },
      annotations: { priority: 'high', group: 'L1', title: 'Ticket a', due_at: iso('09:59:59') }, late_s: 31 });
  });

  it('a polled source: the breach stays pending until a poll that started a grace (60 s) after the due instant succeeds', () => {
    const h = harness({ sourceKind: 'demo' });
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:59:50', '10:00:50');
    expect(h.latest(breachKey('a'))!.state).toBe('pending');
    h.service.pollSucceeded('zd', at('10:00:30'), at('10:00:40')); // started too early: 10:00:30 < 10:01:00
    expect(h.latest(breachKey('a'))!.state).toBe('pending');
    h.service.pollSucceeded('zd', at('10:01:00'), at('10:01:05'));
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'firing', fired_at: iso('10:01:05') });
  });

  it('retraction: a late poll shows the reply came at 09:59:50, before the due time; the pending breach resolves without ever firing', () => {
    const h = harness({ sourceKind: 'demo' });
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:44:50', '09:46:20');
    h.service.pollSucceeded('zd', at('09:46:30'), at('09:46:32')); // confirms the at-risk alert (warn 09:45 + 60 s ≤ 09:46:30)
    h.run('09:59:50', '10:00:50');
    expect(h.latest(riskKey('a'))!.state).toBe('firing');
    expect(h.latest(breachKey('a'))!.state).toBe('pending');
    // The poll started at 10:01:10 brings the agent's reply of 09:59:50, which the source was slow to show.
    h.change(ticket('a', '09:00:00', { updated_at: iso('09:59:50'), events: [{ at: iso('09:59:50'), kind: 'comment', by: 'agent', public: true }] }), at('10:01:12'));
    h.service.pollSucceeded('zd', at('10:01:10'), at('10:01:12'));
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'resolved', resolved_reason: 'retracted' });
    expect(h.latest(breachKey('a'))!.fired_at).toBeUndefined();
    // The at-risk alert was right (the reply came after 09:45): it resolves as fulfilled.
    expect(h.latest(riskKey('a'))).toMatchObject({ state: 'resolved', resolved_reason: 'fulfilled' });
    expect(h.published.some((a) => a.alert_key === breachKey('a') && a.state === 'firing')).toBe(false);
  });

  it('inhibition: once the breach fires, the at-risk alert of the same instance is inhibited and leaves its notifications', () => {
    const h = harness({ alerts: { routes: [{ receivers: ['ops'], group_by: ['group'] }] } });
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:44:50', '09:50:00');
    expect(h.latest(riskKey('a'))).toMatchObject({ state: 'firing', suppressed: { silenced_by: [], inhibited_by: [] } });
    expect(h.sent.map((b) => [clock(b.at), b.alerts.map((a) => a.alert_key)])).toEqual([['09:45:30', [riskKey('a')]]]);
    h.run('09:50:10', '10:06:00');
    expect(h.latest(riskKey('a'))!.suppressed).toEqual({ silenced_by: [], inhibited_by: [breachKey('a')] });
    // The group's tick after the breach (09:45:30 + 3 × 5 min = 10:00:30) carries the breach alone.
    expect(h.sent.slice(1).map((b) => [clock(b.at), b.alerts.map((a) => a.alert_key)])).toEqual([['10:00:30', [breachKey('a')]]]);
  });

  it('a silence: matched over the annotation group=L1, nothing is sent while active; after it ends the still-firing breach is notified at its group tick', () => {
    const h = harness();
    h.now = at('09:00:00');
    const s = h.service.silence({ matchers: [{ name: 'group', op: '=', value: 'L1' }], starts_at: iso('09:00:00'), ends_at: iso('10:03:00'),
      created_by: 'li.wei', comment: 'maintenance' }, at('09:00:00'));
    expect(s.status).toBe('active');
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:59:50', '10:02:50');
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'firing', suppressed: { silenced_by: [s.id], inhibited_by: [] } });
    expect(h.sent).toEqual([]);
    h.run('10:03:00', '10:05:00');
    expect(h.latest(breachKey('a'))!.suppressed!.silenced_by).toEqual([]);
    expect(h.service.silences(at('10:03:00'))[0]!.status).toBe('expired');
    // The silence ends at 10:03:00; the group is new then, so it waits group_wait (30 s).
    expect(breachBatches(h).map((b) => clock(b.at))).toEqual(['10:03:30']);
  });

  it('acknowledgement stops the repeats and the escalation, is cleared on resolve; the next cycle is a new, unacknowledged alert', () => {
    const h = harness();
    // Escalation step of first_reply_time: +30 min after due → 10:30:00, to channel "lead".
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:59:50', '10:01:00'); // the breach fires at the first look after 10:00:00: 10:00:10
    h.service.ack(breachKey('a'), { by: 'wang.lei' }, at('10:01:00'));
    expect(h.latest(breachKey('a'))).toMatchObject({ acknowledged: true, ack_by: 'wang.lei', ack_at: iso('10:01:00') });
    h.run('10:01:10', '14:10:00');
    expect(breachBatches(h).map((b) => [clock(b.at), b.repeat])).toEqual([['10:00:40', false]]); // no repeat at 14:00:40
    expect(h.sent.filter((b) => b.receiver === 'lead')).toEqual([]);
    expect(h.latest(breachKey('a'))!.escalations).toEqual([{ offset: '+30m', kind: 'escalate', to: ['lead'], at: iso('10:30:00'), skipped: true }]);
    // The agent replies at 14:10; the customer writes again at 14:20, starting next_reply_time cycle 1 (due 14:50).
    const replied = ticket('a', '09:00:00', { updated_at: iso('14:20:00'), events: [
      { at: iso('14:10:00'), kind: 'comment', by: 'agent', public: true },
      { at: iso('14:20:00'), kind: 'comment', by: 'customer', public: true }] });
    h.change(replied, at('14:20:00'));
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'resolved', resolved_reason: 'fulfilled', acknowledged: false });
    expect(h.latest(breachKey('a'))!.ack_by).toBeUndefined();
    h.run('14:49:50', '14:51:00');
    const next = h.service.list('firing').filter((a) => a.labels.kind === 'breach');
    expect(next.map((a) => [a.labels.metric, a.acknowledged])).toEqual([['next_reply_time', false]]);
  });

  it('an escalation step goes to its channel at due + 30 min when the breach is not acknowledged', () => {
    const h = harness();
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.run('09:59:50', '10:31:00');
    const lead = h.sent.filter((b) => b.receiver === 'lead');
    expect(lead.map((b) => [clock(b.at), b.alerts.map((a) => a.alert_key), b.group_labels])).toEqual([
      ['10:30:00', [breachKey('a')], { escalation: 'escalate' }]]);
    expect(lead[0]!.alerts[0]!.late_s).toBe(1800);
  });

  it('a source outage resolves nothing: a new condition stays pending, then fires unconfirmed after max_unconfirmed (10 min)', () => {
    const h = harness({ sourceKind: 'demo' });
    h.change(ticket('a', '09:00:00'), at('09:00:00'));
    h.change(ticket('b', '09:10:00'), at('09:10:00'));
    h.run('09:59:50', '10:00:10');
    h.service.pollSucceeded('zd', at('10:01:00'), at('10:01:01'));
    expect(h.latest(breachKey('a'))!.state).toBe('firing');
    h.health = [{ ...h.health[0]!, state: 'down', lastError: 'HTTP 503' }];
    h.run('10:01:10', '10:19:50');
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'firing', stale: true });
    // b's breach (due 10:10, seen at 10:10:10) cannot be confirmed while the source is down: pending until
    // 10:10 + max_unconfirmed = 10:20, then fired unconfirmed.
    expect(h.latest(breachKey('b'))!.state).toBe('pending');
    h.run('10:20:00', '10:30:00');
    expect(h.latest(breachKey('b'))).toMatchObject({ state: 'firing', unconfirmed: true, fired_at: iso('10:20:00') });
    expect(h.service.list('resolved')).toEqual([]);
  });

  it('a restart in the middle neither loses the alert, nor fires it again, nor re-sends its notification; the acknowledgement survives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-alerts-'));
    dirs.push(dir);
    const dbPath = join(dir, 'hub.db');
    const first = harness({ dbPath });
    const a = ticket('a', '09:00:00');
    first.change(a, at('09:00:00'));
    first.run('09:59:50', '10:02:00');
    first.service.ack(riskKey('a'), { by: 'li.wei' }, at('10:02:00'));
    const before = first.latest(breachKey('a'))!;
    expect(breachBatches(first).map((b) => clock(b.at))).toEqual(['10:00:40']);
    first.store.close();

    // The hub comes back at 10:04: its clocks are loaded again from the stored ticket.
    const second = harness({ dbPath });
    second.change(a, at('10:04:00'));
    second.run('10:04:00', '10:29:50');
    expect(second.latest(breachKey('a'))).toEqual(before);
    expect(second.published.filter((x) => x.alert_key === breachKey('a'))).toEqual([]);
    second.run('10:30:00', '14:10:00'); // the escalation step at due + 30 min is a change, and is published
    expect(second.published.filter((x) => x.alert_key === breachKey('a')).map((x) => [x.version, x.escalations?.length])).toEqual([[before.version + 1, 1]]);
    expect(second.latest(riskKey('a'))).toMatchObject({ acknowledged: true, ack_by: 'li.wei' });
    // Nothing new after the restart: the group's next notification is the repeat, 4 h after 10:00:40.
    expect(breachBatches(second).map((b) => [clock(b.at), b.repeat])).toEqual([['14:00:40', true]]);
    second.store.close();
  });

  it('a lower priority that moves the due time later resolves the breach as retargeted', () => {
    const policy = { ...POLICY, metrics: [{ metric: 'first_reply_time', targets: { high: { minutes: 60 }, low: { minutes: 240 } } }] };
    const h = harness({ policy });
    const t = ticket('a', '09:00:00');
    h.change(t, at('09:00:00'));
    h.run('09:59:50', '10:05:00');
    expect(h.latest(breachKey('a'))!.state).toBe('firing');
    h.change({ ...t, priority: 'low', updated_at: iso('10:05:00'), events: [{ at: iso('10:05:00'), kind: 'priority', to: 'low' }] }, at('10:05:10'));
    expect(h.latest(breachKey('a'))).toMatchObject({ state: 'resolved', resolved_reason: 'retargeted' });
  });
});
