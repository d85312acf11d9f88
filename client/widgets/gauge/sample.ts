import type { MetricValue, SlaSummaryValue } from '../../../server/protocol';

export const gaugeSample: MetricValue<SlaSummaryValue> = {
  key: 'tickets.sla.summary?metric=first_reply_time&window=today',
  id: 'tickets.sla.summary',
  params: { metric: 'first_reply_time', window: 'today' },
  value: { kind: 'sla-summary', running: 86, at_risk: 9, breached: 3, met: 412, missed: 14, compliance: 96.7 },
  version: 230,
  asOf: '2026-11-24T06:00:10.000Z',
  computedAt: '2026-11-24T06:00:10.200Z',
  stale: false,
};
