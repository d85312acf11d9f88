import type { FlowStuckValue, MetricValue } from '../../../server/protocol';

// Stuck instances of the demo's flow at 2026-11-24 06:00 UTC (14:00 in Shanghai), the longest waiting first.
export const flowStuckSample: MetricValue<FlowStuckValue> = {
  key: 'flow.stuck?flow=order-to-delivery&limit=10',
  id: 'flow.stuck',
  params: { flow: 'order-to-delivery', limit: 10 },
  value: {
    kind: 'flow-stuck', flow: 'order-to-delivery',
    total: 4,
    departments: [{ department: 'operations', count: 3 }, { department: 'logistics', count: 1 }],
    groups: [
      { step: 'confirmed', department: 'operations', count: 3, oldest_since: '2026-11-19T07:00:00.000Z' },
      { step: 'shipped', department: 'logistics', count: 1, oldest_since: '2026-11-20T03:30:00.000Z' },
    ],
    items: [
      { instance: 'salesforce/deal/0066F00000xQ1aZ', account: { source: 'salesforce', id: '0016F00002abcDE' }, customer_id: 'tax:91310115MA1K4LXX3Q',
        step: 'confirmed', department: 'operations', waiting_since: '2026-11-19T07:00:00.000Z', due_at: '2026-11-20T07:00:00.000Z' },
      { instance: 'salesforce/deal/0066F00000xQ7bY', account: { source: 'salesforce', id: '0016F00002fghIJ' },
        step: 'confirmed', department: 'operations', waiting_since: '2026-11-19T09:30:00.000Z', due_at: '2026-11-20T09:30:00.000Z' },
      { instance: 'erpnext/order/SAL-ORD-2026-00412', account: { source: 'erpnext', id: 'CUST-00077' }, customer_id: 'tax:91440300MA5F2KXX7B',
        step: 'shipped', department: 'logistics', waiting_since: '2026-11-20T03:30:00.000Z', due_at: '2026-11-21T07:30:00.000Z' },
      { instance: 'salesforce/deal/0066F00000xR2cX', step: 'confirmed', department: 'operations',
        waiting_since: '2026-11-21T02:00:00.000Z', due_at: '2026-11-23T02:00:00.000Z' },
    ],
  },
  version: 17,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.100Z',
  stale: false,
};
