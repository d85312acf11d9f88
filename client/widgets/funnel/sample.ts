import type { FunnelValue, MetricValue } from '../../../server/protocol';

export const funnelSample: MetricValue<FunnelValue> = {
  key: 'deals.funnel?window=30d',
  id: 'deals.funnel',
  params: { window: '30d' },
  value: {
    kind: 'funnel',
    stages: [
      { stage: 'lead', count: 1240, amount: 86_400_000, conversion: null },
      { stage: 'qualified', count: 620, amount: 51_200_000, conversion: 50 },
      { stage: 'proposal', count: 310, amount: 30_800_000, conversion: 50 },
      { stage: 'negotiation', count: 140, amount: 17_900_000, conversion: 45.2 },
      { stage: 'won', count: 72, amount: 9_860_000, conversion: 51.4 },
    ],
  },
  version: 9,
  asOf: '2026-11-24T05:58:00.000Z',
  computedAt: '2026-11-24T05:58:01.000Z',
  stale: false,
};
