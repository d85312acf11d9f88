import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../server/protocol';
import { alertLinkFields, feedAlerts } from './feed';
import { alertFeedOptionsSchema } from './options';
import { alertFeedSample } from './sample';

const all = alertFeedOptionsSchema.parse({});
const ids = (list: Alert[]) => list.map((a) => a.labels.ticket_id);

describe('alert feed order', () => {
  it('breaches first, unacknowledged before acknowledged, then risks', () => {
    // 4711 breach firing; 4702 breach firing but acknowledged; 4720 at_risk pending
    expect(ids(feedAlerts(alertFeedSample, all))).toEqual(['4711', '4702', '4720']);
  });

  it('newest first among equals, and filters by pending, acknowledgement and group', () => {
    const later = { ...alertFeedSample[0]!, alert_key: 'k2', labels: { ...alertFeedSample[0]!.labels, ticket_id: '4800' }, fired_at: '2025-03-10T05:00:00Z' };
    expect(ids(feedAlerts([...alertFeedSample, later], all)).slice(0, 2)).toEqual(['4800', '4711']);
    expect(ids(feedAlerts(alertFeedSample, { ...all, showPending: false, showAcknowledged: false }))).toEqual(['4711']);
    expect(ids(feedAlerts(alertFeedSample, { ...all, groups: ['VIP'] }))).toEqual(['4720']);
  });

  it('leaves out an at-risk alert inhibited by its breach, and lists rule alerts after breaches', () => {
    const atRisk = { ...alertFeedSample[0]!, alert_key: 'zd/4711/first_reply_time/1/at_risk', labels: { ...alertFeedSample[0]!.labels, kind: 'at_risk' as const },
      suppressed: { silenced_by: [], inhibited_by: ['zd/4711/first_reply_time/1/breach'] } };
    const rule: Alert = { alert_key: 'rule/stuck', version: 1, state: 'firing', acknowledged: false, labels: { kind: 'rule', rule: 'stuck' },
      annotations: { severity: 'warning', summary: 'orders.stuck > 20', value: '23' }, fired_at: '2025-03-10T04:00:00Z' };
    const listed = feedAlerts([...alertFeedSample, atRisk, rule], all).map((a) => a.alert_key);
    expect(listed).toEqual([alertFeedSample[0]!.alert_key, alertFeedSample[2]!.alert_key, 'rule/stuck', alertFeedSample[1]!.alert_key]);
  });

  it('never lists resolved alerts', () => {
    expect(feedAlerts([{ ...alertFeedSample[0]!, state: 'resolved' }], all)).toEqual([]);
  });
});

describe('alertLinkFields', () => {
  it('labels and annotations flat, for {ticket_id}, {priority} and the like', () => {
    const a = alertFeedSample[0]!;
    expect(alertLinkFields(a)).toMatchObject({ ticket_id: a.labels.ticket_id, metric: a.labels.metric, kind: a.labels.kind, priority: a.annotations.priority, alert_key: a.alert_key, state: a.state });
  });
});
