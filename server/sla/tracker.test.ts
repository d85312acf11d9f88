import { describe, expect, it } from 'vitest';
import { calendarSchema } from './config';
import { parseConfig } from '../config';
import type { Ticket } from '../model';
import { DueIndex } from './due-index';
import type { FinishedClocks } from './finished';
import { SlaTracker } from './tracker';
import type { SlaInstance } from './types';

const T0 = Date.parse('2025-03-10T02:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const iso = (minutes: number) => new Date(at(minutes)).toISOString();

const POLICIES = parseConfig({ sla: { policies: [{
  id: 'std',
  metrics: [
    { metric: 'first_reply_time', targets: { urgent: { minutes: 30 }, normal: { minutes: 240 } } },
    { metric: 'resolution', targets: { urgent: { minutes: 240 }, normal: { minutes: 1440 } } },
  ],
}] } }).sla.policies;

const ticket = (id: string, priority: Ticket['priority'], over: Partial<Ticket> = {}): Ticket => ({
  type: 'ticket', id, priority, status: 'new', created_at: iso(0), updated_at: iso(0), ...over,
});

describe('SlaTracker', () => {
  // A is urgent: first reply warns at 22.5 min (75 % of 30) and breaches after 30 min.
  // B is normal: first reply warns at 180 min (75 % of 240); A's resolution warns at 180 min too (75 % of 240).
  function tracked() {
    const tracker = new SlaTracker(POLICIES);
    tracker.update('A', ticket('A', 'urgent'), at(0));
    tracker.update('B', ticket('B', 'normal'), at(0));
    return tracker;
  }

  it('re-evaluates nothing before any deadline', () => {
    const tracker = tracked();
    expect(tracker.liveCount).toBe(2);
    expect(tracker.due(at(22))).toEqual([]);
  });

  it('re-evaluates only the ticket whose warn instant passed, at the new now', () => {
    const tracker = tracked();
    const due = tracker.due(at(22.5));
    expect(due.map((d) => d.key)).toEqual(['A']);
    const fr = due[0]!.instances.find((i) => i.metric === 'first_reply_time')!;
    expect(fr.health).toBe('at_risk');
    expect(fr.business_elapsed_s).toBe(1350); // 22.5 min
    expect(tracker.due(at(25))).toEqual([]); // nothing new until A's due time has passed
  });

  it('fires the breach just after the due second, not at it (T4)', () => {
    const tracker = tracked();
    tracker.due(at(22.5));
    expect(tracker.due(at(30))).toEqual([]);
    const due = tracker.due(at(30) + 1);
    expect(due.map((d) => d.key)).toEqual(['A']);
    expect(due[0]!.instances.find((i) => i.metric === 'first_reply_time')!.health).toBe('breached');
  });

  it('returns every ticket with a passed deadline in one call', () => {
    const tracker = tracked();
    // By 180 min: A's first reply warned (22.5) and breached (30) and its resolution warns (180); B warns (180).
    const keys = tracker.due(at(180)).map((d) => d.key).sort();
    expect(keys).toEqual(['A', 'B']);
  });

  it('stops tracking a ticket with no live clock left', () => {
    const tracker = tracked();
    const solved = ticket('B', 'normal', { status: 'solved', updated_at: iso(10),
      events: [{ at: iso(10), kind: 'status', to: 'solved' }] });
    const sla = tracker.update('B', solved, at(10));
    expect(sla.instances.map((i) => i.clock)).toEqual(['stopped', 'stopped']);
    expect(tracker.liveCount).toBe(1);
    const later = tracker.due(at(3000)).map((d) => d.key);
    expect(later).not.toContain('B');
    expect(later).toContain('A');
  });

  it('cancels the live clocks of a ticket that leaves its policy, at the change (§2.4)', () => {
    // Only group "vip" is covered. A vip urgent ticket created at 0 runs a 30-min first reply and a 240-min resolution.
    const vipOnly = parseConfig({ sla: { policies: [{ id: 'vip', match: { all: [{ field: 'group', op: 'is', value: 'vip' }] },
      metrics: POLICIES[0]!.metrics.map((m) => ({ metric: m.metric, targets: m.targets })) }] } }).sla.policies;
    const tracker = new SlaTracker(vipOnly);
    expect(tracker.update('V', ticket('V', 'urgent', { group: 'vip' }), at(0)).instances.map((i) => i.clock)).toEqual(['running', 'running']);
    // At 10 min it moves to group "general": no policy matches any more.
    const moved = ticket('V', 'urgent', { group: 'general', updated_at: iso(10) });
    const gone = tracker.update('V', moved, at(10)).instances;
    expect(gone.map((i) => [i.metric, i.clock, i.cancel_reason, i.business_elapsed_s, i.due_at])).toEqual([
      ['first_reply_time', 'cancelled', 'cancelled', 600, null], ['resolution', 'cancelled', 'cancelled', 600, null]]);
    expect(tracker.liveCount).toBe(0);
    // A later change still reports them cancelled at 10 min, not re-counted to the new now.
    expect(tracker.update('V', { ...moved, updated_at: iso(50) }, at(50)).instances.map((i) => [i.clock, i.business_elapsed_s]))
      .toEqual([['cancelled', 600], ['cancelled', 600]]);
    // A ticket never covered has no instances.
    expect(tracker.update('W', ticket('W', 'urgent', { group: 'general' }), at(0)).instances).toEqual([]);
  });

  it('never recomputes a finished instance after a policy edit; open ones follow the edit (C3)', () => {
    const kept = new Map<string, { updatedAt: string; instances: SlaInstance[] }>();
    const finished: FinishedClocks = { get: (k) => kept.get(k), put: (k, updatedAt, instances) => { kept.set(k, { updatedAt, instances }); } };
    // Urgent, created at 0, public agent reply at 20 min: first reply met against 30 min (due at 30).
    const replied = ticket('A', 'urgent', { status: 'open', updated_at: iso(20),
      events: [{ at: iso(20), kind: 'comment', by: 'agent', public: true }, { at: iso(20), kind: 'status', to: 'open' }] });
    const first = new SlaTracker(POLICIES, [], finished).update('A', replied, at(25)).instances;
    expect(first.map((i) => [i.metric, i.clock, i.outcome, i.due_at])).toEqual([
      ['first_reply_time', 'stopped', 'met', iso(30)], ['resolution', 'running', undefined, iso(240)]]);
    // The policy is edited: urgent first reply 10 min (the reply at 20 would now be missed), resolution 120 min.
    const edited = parseConfig({ sla: { policies: [{ id: 'std', metrics: [
      { metric: 'first_reply_time', targets: { urgent: { minutes: 10 } } }, { metric: 'resolution', targets: { urgent: { minutes: 120 } } }] }] } }).sla.policies;
    const after = new SlaTracker(edited, [], finished).update('A', replied, at(25)).instances;
    expect(after.map((i) => [i.metric, i.clock, i.outcome, i.due_at])).toEqual([
      ['first_reply_time', 'stopped', 'met', iso(30)], ['resolution', 'running', undefined, iso(120)]]);
  });

  it('peek takes a finished ticket\'s kept instances while it is unchanged, and evaluates it once it changed', () => {
    const kept = new Map<string, { updatedAt: string; instances: SlaInstance[] }>();
    const finished: FinishedClocks = { get: (k) => kept.get(k), put: (k, updatedAt, instances) => { kept.set(k, { updatedAt, instances }); } };
    const solved = ticket('S', 'normal', { status: 'solved', updated_at: iso(10), events: [{ at: iso(10), kind: 'status', to: 'solved' }] });
    expect(new SlaTracker(POLICIES, [], finished).update('S', solved, at(10)).instances.map((i) => i.outcome)).toEqual(['met', 'met']);
    // A tracker with no policy at all would find no instance if it evaluated: the kept ones come back instead.
    const blank = new SlaTracker([], [], finished);
    expect(blank.peek('S', solved, at(100)).instances.map((i) => [i.metric, i.outcome])).toEqual([['first_reply_time', 'met'], ['resolution', 'met']]);
    expect(blank.peek('S', { ...solved, updated_at: iso(11) }, at(100)).instances).toEqual([]);
  });

  it('peek evaluates without tracking', () => {
    const tracker = new SlaTracker(POLICIES);
    expect(tracker.peek('C', ticket('C', 'urgent'), at(31)).instances[0]!.health).toBe('breached');
    expect(tracker.liveCount).toBe(0);
    expect(tracker.due(at(1000))).toEqual([]);
  });
});

describe('DueIndex', () => {
  it('hands back the keys whose instant has come, earliest first', () => {
    const index = new DueIndex<string>();
    index.schedule('a', 30);
    index.schedule('b', 10);
    index.schedule('c', 20);
    expect(index.popDue(25)).toEqual(['b', 'c']);
    expect(index.size).toBe(1);
    expect(index.popDue(29)).toEqual([]);
    expect(index.popDue(30)).toEqual(['a']);
    expect(index.size).toBe(0);
  });

  it('rescheduling earlier returns the key once, at the new instant', () => {
    const index = new DueIndex<string>();
    index.schedule('a', 30);
    index.schedule('a', 5);
    expect(index.popDue(6)).toEqual(['a']);
    expect(index.popDue(100)).toEqual([]); // the stale entry at 30 is skipped
  });

  it('rescheduling later does not fire at the old instant', () => {
    const index = new DueIndex<string>();
    index.schedule('x', 10);
    index.schedule('x', 50);
    expect(index.popDue(20)).toEqual([]);
    expect(index.popDue(50)).toEqual(['x']);
  });

  it('scheduling undefined removes the key; scheduling back brings it once', () => {
    const index = new DueIndex<string>();
    index.schedule('k', 10);
    index.schedule('k', undefined);
    expect(index.size).toBe(0);
    expect(index.popDue(100)).toEqual([]);
    index.schedule('k', 10);
    index.schedule('k', 20);
    index.schedule('k', 10);
    expect(index.popDue(100)).toEqual(['k']);
  });

  it('orders many keys scheduled in a scrambled order', () => {
    const index = new DueIndex<number>();
    // 37 is coprime with 100, so i·37 mod 100 visits 0…99 each once, scrambled.
    for (let i = 0; i < 100; i++) index.schedule(i, (i * 37) % 100);
    const out = index.popDue(1_000);
    expect(out.map((k) => (k * 37) % 100)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('SlaTracker, a ticket the SLA arithmetic refuses', () => {
  it('gives that ticket no clocks and reports it; other tickets are evaluated as ever', () => {
    // Open one minute a week (Monday 09:00–09:01 Shanghai): 1,000 business minutes need ~19 years, past the ten-year horizon.
    const calendar = calendarSchema.parse({ id: 'weekly-minute', timezone: 'Asia/Shanghai', weekly: { mon: [['09:00', '09:01']] } });
    // One policy: normal tickets get 1,000 business minutes on that calendar (beyond reach), urgent ones 30 calendar minutes.
    const policies = [{ ...POLICIES[0]!, id: 'slow', calendar: 'weekly-minute',
      metrics: [{ ...POLICIES[0]!.metrics[0]!, targets: { normal: { minutes: 1000, hours: 'business' }, urgent: { minutes: 30, hours: 'calendar' } } }] }] as typeof POLICIES;
    const errors: [string, string][] = [];
    const tracker = new SlaTracker(policies, [calendar], undefined, (key, err) => errors.push([key, err.name]));
    expect(tracker.update('S', ticket('S', 'normal'), at(0)).instances).toEqual([]);
    expect(errors).toEqual([['S', 'TargetBeyondHorizonError']]);
    // B (urgent): first reply due 30 min after creation, as ever.
    const b = tracker.update('B', ticket('B', 'urgent'), at(0));
    expect(b.instances.find((i) => i.metric === 'first_reply_time')?.due_at).toBe(iso(30));
  });
});
