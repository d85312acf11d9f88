import type { FlowPathsValue, MetricValue } from '../../../server/protocol';

// The demo's flow over 30 days. Every count adds up: 120 won, of them 100 confirmed and 20 waiting at confirmed (9 of
// them past the target: broken); 4 orders entered at confirmed (their deal is missing), so 104 confirmed; 96 shipped
// (8 wait, 2 broken), 90 delivered (6 wait) and completed; 14 after-sales tickets (optional: never waited at).
// Instances 120 + 4 = 124 = 90 completed + 20 + 8 + 6 waiting.
export const flowPathsSample: MetricValue<FlowPathsValue> = {
  key: 'flow.paths?flow=order-to-delivery&window=30d',
  id: 'flow.paths',
  params: { flow: 'order-to-delivery', window: '30d' },
  value: {
    kind: 'flow-paths', flow: 'order-to-delivery',
    instances: 124, completed: 90,
    steps: [
      { step: 'won', department: 'sales', reached: 120, entered: 120, waiting: 0, broken: 0 },
      { step: 'confirmed', department: 'operations', reached: 104, entered: 4, waiting: 20, broken: 9 },
      { step: 'shipped', department: 'logistics', reached: 96, entered: 0, waiting: 8, broken: 2 },
      { step: 'delivered', department: 'logistics', reached: 90, entered: 0, waiting: 6, broken: 0 },
      { step: 'aftersales', department: 'service', reached: 14, entered: 0, waiting: 0, broken: 0 },
    ],
    links: [
      { from: 'won', to: 'confirmed', value: 100 },
      { from: 'confirmed', to: 'shipped', value: 96 },
      { from: 'shipped', to: 'delivered', value: 90 },
      { from: 'delivered', to: 'aftersales', value: 14 },
    ],
    breaks: [
      { from: 'won', to: 'confirmed', value: 9 },
      { from: 'confirmed', to: 'shipped', value: 2 },
    ],
  },
  version: 23,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.300Z',
  stale: false,
};
