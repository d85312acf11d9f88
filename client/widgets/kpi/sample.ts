import type { MetricValue, ScalarValue } from '../../../server/protocol';

export const kpiSample: MetricValue<ScalarValue> = {
  key: 'orders.count?window=today',
  id: 'orders.count',
  params: { window: 'today' },
  value: { kind: 'scalar', value: 12_845, previous: 11_320 },
  version: 42,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.300Z',
  stale: false,
};
