import type { BreakdownValue, MetricValue } from '../../../server/protocol';

export const pieSample: MetricValue<BreakdownValue> = {
  key: 'tickets.by_priority',
  id: 'tickets.by_priority',
  params: {},
  value: {
    kind: 'breakdown',
    items: [
      { key: 'urgent', value: 6 },
      { key: 'high', value: 18 },
      { key: 'normal', value: 53 },
      { key: 'low', value: 23 },
    ],
  },
  version: 12,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.200Z',
  stale: false,
};
