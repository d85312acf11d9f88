import type { MetricValue, SlaQueueValue } from '../../../server/protocol';

export const slaQueueSample: MetricValue<SlaQueueValue> = {
  key: 'tickets.sla.queue?limit=10',
  id: 'tickets.sla.queue',
  params: { limit: 10 },
  value: {
    kind: 'sla-queue',
    total: 23,
    items: [
      { ticket_id: '20931', subject: '支付回调失败，订单状态未更新', priority: 'urgent', group: '支付组', metric: 'first_reply_time', due_at: '2026-11-24T05:57:00.000Z', health: 'breached', clock: 'running' },
      { ticket_id: '20944', subject: '发票抬头无法修改', priority: 'high', group: '财务支持', metric: 'first_reply_time', due_at: '2026-11-24T06:04:30.000Z', health: 'at_risk', clock: 'running' },
      { ticket_id: '20950', subject: 'API 限流导致同步中断 <script>', priority: 'high', group: '技术支持', assignee: '周杰', metric: 'resolution', due_at: '2026-11-24T06:25:00.000Z', health: 'at_risk', clock: 'running' },
      { ticket_id: '20962', subject: '客户等待补发配件', priority: 'normal', group: '售后', metric: 'resolution', due_at: '2026-11-24T09:00:00.000Z', health: 'ok', clock: 'paused', remaining_s: 5400 },
      { ticket_id: '20977', subject: '账号被锁定', priority: 'normal', group: '技术支持', metric: 'first_reply_time', due_at: '2026-11-24T07:10:00.000Z', health: 'ok', clock: 'running' },
    ],
  },
  version: 512,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.100Z',
  stale: false,
};
