import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, NotificationGrouper, type GroupedAlert, type Notification } from './grouping';

const at = (hhmmss: string) => Date.parse(`2025-03-10T${hhmmss}Z`);
const breach = (key: string, group = 'L1', state: GroupedAlert['state'] = 'firing'): GroupedAlert =>
  ({ alert_key: key, state, fields: { group, kind: 'breach' } });
const brief = (n: Notification[]) => n.map((x) => ({ at: new Date(x.at).toISOString().slice(11, 19), firing: x.firing.length, new: x.new, resolved: x.resolved, repeat: x.repeat }));

describe('notification grouping (Alertmanager semantics, §2.5)', () => {
  it('E5: 10:00:30 with 2 alerts, 10:05:30 with 3 (1 new), then the repeat at 14:05:30', () => {
    const g = new NotificationGrouper(DEFAULT_ROUTE); // group_by [group, kind], 30 s, 5 m, 4 h
    const confirmed = [[at('10:00:00'), breach('a')], [at('10:00:10'), breach('b')], [at('10:02:00'), breach('c')]] as const;
    // The day in 10 s steps: each alert is observed when it is confirmed, then whatever is due is flushed.
    const sent: Notification[] = [];
    for (let t = at('10:00:00'); t <= at('18:00:00'); t += 10_000) {
      for (const [when, alert] of confirmed) if (when === t) g.observe(alert, t);
      sent.push(...g.flush(t));
    }
    expect(brief(sent)).toEqual([
      { at: '10:00:30', firing: 2, new: ['a', 'b'], resolved: [], repeat: false },
      { at: '10:05:30', firing: 3, new: ['c'], resolved: [], repeat: false },
      // 10:05:30 + 4 h = 14:05:30, itself a tick (10:00:30 + 49 × 5 min); the next repeat would be 18:05:30.
      { at: '14:05:30', firing: 3, new: [], resolved: [], repeat: true },
    ]);
  });

  it('a late flush reports the tick instant, not its own, and keeps the tick grid', () => {
    const g = new NotificationGrouper();
    g.observe(breach('a'), at('10:00:00'));
    g.observe(breach('b'), at('10:00:10'));
    expect(g.nextDue()).toBe(at('10:00:30'));
    // Flushed only at 10:07: the first notification is dated 10:00:30; the 10:05:30 tick had nothing new.
    expect(brief(g.flush(at('10:07:00')))).toEqual([{ at: '10:00:30', firing: 2, new: ['a', 'b'], resolved: [], repeat: false }]);
    expect(g.nextDue()).toBe(at('10:10:30'));
  });

  it('groups apart by group and kind; a resolve is told at the next tick (send_resolved) and ends an empty group', () => {
    const g = new NotificationGrouper();
    g.observe(breach('a', 'L1'), at('10:00:00'));
    g.observe(breach('v', 'VIP'), at('10:00:20'));
    g.observe({ alert_key: 'r', state: 'firing', fields: { group: 'L1', kind: 'at_risk' } }, at('10:00:05'));
    const first = g.flush(at('10:01:00'));
    // L1/breach at 10:00:30, L1/at_risk at 10:00:35, VIP/breach at 10:00:50.
    expect(first.map((n) => [n.group, new Date(n.at).toISOString().slice(11, 19)])).toEqual([
      ['group=L1,kind=breach', '10:00:30'], ['group=L1,kind=at_risk', '10:00:35'], ['group=VIP,kind=breach', '10:00:50']]);
    g.observe(breach('a', 'L1', 'resolved'), at('10:03:00'));
    // The L1 breach group's next tick is 10:05:30: it tells the resolve, then has nothing firing and is gone.
    expect(brief(g.flush(at('10:05:30')))).toEqual([{ at: '10:05:30', firing: 0, new: [], resolved: ['a'], repeat: false }]);
    expect(g.flush(at('23:59:59')).filter((n) => n.group === 'group=L1,kind=breach')).toEqual([]);
  });

  it('without send_resolved a resolve alone sends nothing; a new alert of the group is told with what still fires', () => {
    const g = new NotificationGrouper({ ...DEFAULT_ROUTE, send_resolved: false });
    g.observe(breach('a'), at('10:00:00'));
    g.observe(breach('b'), at('10:00:01'));
    g.flush(at('10:00:30'));
    g.observe(breach('a', 'L1', 'resolved'), at('10:01:00'));
    expect(g.flush(at('10:05:30'))).toEqual([]);
    g.observe(breach('c'), at('10:06:00'));
    expect(brief(g.flush(at('10:10:30')))).toEqual([{ at: '10:10:30', firing: 2, new: ['c'], resolved: [], repeat: false }]);
  });

  it('an alert resolved before its group first speaks is never notified', () => {
    const g = new NotificationGrouper();
    g.observe(breach('a'), at('10:00:00'));
    g.observe(breach('a', 'L1', 'resolved'), at('10:00:20'));
    expect(g.flush(at('10:00:30'))).toEqual([]);
    expect(g.nextDue()).toBeUndefined();
  });
});
