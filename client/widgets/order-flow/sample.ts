import type { FlowValue, MetricValue } from '../../../server/protocol';

export const orderFlowSample: MetricValue<FlowValue> = {
  key: 'orders.flow?window=today',
  id: 'orders.flow',
  params: { window: 'today' },
  value: {
    kind: 'flow',
    nodes: [
      { key: 'new', value: 420 },
      { key: 'confirmed', value: 388 },
      { key: 'in_fulfilment', value: 301 },
      { key: 'shipped', value: 214 },
      { key: 'delivered', value: 96 },
      { key: 'cancelled', value: 23 },
    ],
    links: [
      { from: 'new', to: 'confirmed', value: 380 },
      { from: 'new', to: 'cancelled', value: 17 },
      { from: 'confirmed', to: 'in_fulfilment', value: 301 },
      { from: 'confirmed', to: 'cancelled', value: 6 },
      { from: 'in_fulfilment', to: 'shipped', value: 214 },
      { from: 'shipped', to: 'delivered', value: 96 },
    ],
  },
  version: 31,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.300Z',
  stale: false,
};
