import { describe, expect, it } from 'vitest';
import type { Alert } from '../../server/protocol';
import { ACKED_LINGER_MS, TakeoverQueue, isCritical } from './takeover';

const breach = (id: string, over: Partial<Alert> = {}): Alert => ({
  alert_key: `zd/${id}/first_reply_time/1/breach`, version: 1, state: 'firing', acknowledged: false,
  labels: { source: 'zd', ticket_id: id, metric: 'first_reply_time', cycle: 1, kind: 'breach' },
  annotations: { priority: 'high', due_at: '2025-03-10T04:30:00Z' }, suppressed: { silenced_by: [], inhibited_by: [] }, ...over,
});

describe('takeover', () => {
  it('only a firing, unacknowledged, unsuppressed breach or critical rule takes a TV over', () => {
    expect(isCritical(breach('1'))).toBe(true);
    expect(isCritical(breach('1', { state: 'pending' }))).toBe(false);
    expect(isCritical(breach('1', { acknowledged: true }))).toBe(false);
    expect(isCritical(breach('1', { suppressed: { silenced_by: ['s1'], inhibited_by: [] } }))).toBe(false);
    expect(isCritical(breach('1', { labels: { kind: 'at_risk' }, annotations: { severity: 'warning' } }))).toBe(false);
    expect(isCritical(breach('1', { labels: { kind: 'rule', rule: 'stuck' }, annotations: { severity: 'critical' } }))).toBe(true);
  });

  it('shows each new breach for its time in turn; an acknowledgement shortens it, a resolve ends it', () => {
    const open = new Map<string, Alert>();
    const lookup = (k: string) => open.get(k);
    const q = new TakeoverQueue(30_000);
    const a = breach('a'), b = breach('b'), c = breach('c');
    for (const x of [a, b, c]) open.set(x.alert_key, x);
    q.offer(a, lookup, 0);
    q.offer(b, lookup, 1_000);
    q.offer(a, lookup, 2_000); // already showing: not queued twice
    expect(q.advance(lookup, 29_999)).toEqual({ key: a.alert_key, endsAt: 30_000 });
    expect(q.advance(lookup, 30_000)).toEqual({ key: b.alert_key, endsAt: 60_000 });
    open.set(b.alert_key, { ...b, acknowledged: true, version: 2 });
    expect(q.advance(lookup, 40_000)).toEqual({ key: b.alert_key, endsAt: 40_000 + ACKED_LINGER_MS });
    q.offer(c, lookup, 41_000);
    open.delete(c.alert_key); // c resolves while waiting its turn
    expect(q.advance(lookup, 40_000 + ACKED_LINGER_MS)).toBeUndefined();
  });

  it('takeover 0 never shows anything', () => {
    const q = new TakeoverQueue(0);
    const a = breach('a');
    q.offer(a, () => a, 0);
    expect(q.advance(() => a, 1)).toBeUndefined();
  });
});
