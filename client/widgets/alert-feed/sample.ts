import type { Alert } from '../../../server/protocol';

/** Open alerts as the hub would send them; the feed reads the alerts store, not a metric value. */
export const alertFeedSample: Alert[] = [
  {
    alert_key: 'zd/4711/first_reply_time/1/breach', version: 3, state: 'firing',
    labels: { source: 'zd', ticket_id: '4711', metric: 'first_reply_time', cycle: 1, kind: 'breach' },
    annotations: { priority: 'high', group: 'L1', assignee: 'li.wei', due_at: '2025-03-10T04:30:00Z', title: '无法登录后台' },
    acknowledged: false, fired_at: '2025-03-10T04:31:00Z',
  },
  {
    alert_key: 'zd/4720/resolution/1/at_risk', version: 1, state: 'pending',
    labels: { source: 'zd', ticket_id: '4720', metric: 'resolution', cycle: 1, kind: 'at_risk' },
    annotations: { priority: 'normal', group: 'VIP', due_at: '2025-03-10T06:00:00Z', title: '发票抬头修改' },
    acknowledged: false,
  },
  {
    alert_key: 'zd/4702/first_reply_time/1/breach', version: 5, state: 'firing',
    labels: { source: 'zd', ticket_id: '4702', metric: 'first_reply_time', cycle: 1, kind: 'breach' },
    annotations: { priority: 'urgent', group: 'L1', due_at: '2025-03-10T04:00:00Z', title: '支付失败' },
    acknowledged: true, ack_by: 'wang.lei', ack_at: '2025-03-10T04:05:00Z', fired_at: '2025-03-10T04:01:00Z',
  },
];
