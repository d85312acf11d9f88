import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../server/protocol';
import { useAlertsStore } from './alerts';

function alert(ticket: string, version: number, state: Alert['state'] = 'firing', kind: Alert['labels']['kind'] = 'breach'): Alert {
  return {
    alert_key: `zd/${ticket}/first_reply_time/1/${kind}`, version, state,
    labels: { source: 'zd', ticket_id: ticket, metric: 'first_reply_time', cycle: 1, kind },
    annotations: { priority: 'high', group: 'L1', due_at: '2025-03-10T04:30:00Z' },
    acknowledged: false,
  };
}
const keys = (store: ReturnType<typeof useAlertsStore>) => store.list.map((a) => `${a.labels.ticket_id}@${a.version}:${a.state}`).sort();

describe('alerts store', () => {
  let store: ReturnType<typeof useAlertsStore>;
  beforeEach(() => {
    setActivePinia(createPinia());
    store = useAlertsStore();
  });

  it('applies a message once: a re-send or an older version changes nothing', () => {
    expect(store.apply(alert('1', 1, 'pending'))).toBe(true);
    expect(store.apply(alert('1', 2))).toBe(true);
    expect(store.apply(alert('1', 2))).toBe(false); // re-sent
    expect(store.apply(alert('1', 1, 'pending'))).toBe(false); // overtaken
    expect(keys(store)).toEqual(['1@2:firing']);
  });

  it('a resolved alert leaves, and a late firing message does not bring it back', () => {
    store.apply(alert('1', 2));
    store.apply(alert('1', 3, 'resolved'));
    expect(store.list).toEqual([]);
    expect(store.apply(alert('1', 2))).toBe(false);
    expect(store.list).toEqual([]);
    // A newer version (it fired again) does.
    expect(store.apply(alert('1', 4))).toBe(true);
    expect(keys(store)).toEqual(['1@4:firing']);
  });

  it('the same ticket with another kind is another alert', () => {
    store.apply(alert('1', 1, 'firing', 'at_risk'));
    store.apply(alert('1', 1, 'firing', 'breach'));
    expect(store.list).toHaveLength(2);
  });

  it('a snapshot replaces the open alerts; in the same epoch a newer held version wins', () => {
    store.apply(alert('1', 5));
    store.apply(alert('2', 1));
    store.replaceAll([alert('1', 4), alert('3', 2), alert('4', 1, 'resolved')], true);
    // 2 is not in the snapshot: it resolved meanwhile; 1 keeps version 5; resolved alerts are not open
    expect(keys(store)).toEqual(['1@5:firing', '3@2:firing']);
  });

  it('after a hub restart (new epoch) the snapshot wins, whatever the versions', () => {
    store.apply(alert('1', 5));
    store.apply(alert('2', 7, 'resolved'));
    store.replaceAll([alert('1', 1), alert('2', 1)], false);
    expect(keys(store)).toEqual(['1@1:firing', '2@1:firing']);
    expect(store.apply(alert('1', 1))).toBe(false);
    expect(store.apply(alert('1', 2, 'resolved'))).toBe(true);
    expect(keys(store)).toEqual(['2@1:firing']);
  });
});
