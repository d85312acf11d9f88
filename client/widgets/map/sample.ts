import type { BreakdownValue, MetricValue } from '../../../server/protocol';

export const mapSample: MetricValue<BreakdownValue> = {
  key: 'orders.by_region?window=today',
  id: 'orders.by_region',
  params: { window: 'today' },
  value: {
    kind: 'breakdown',
    items: [
      { key: '华东', value: 3120, amount: 4_861_200 },
      { key: '华南', value: 2580, amount: 3_998_000 },
      { key: '华北', value: 2210, amount: 3_105_400 },
      { key: '华中', value: 1460, amount: 1_822_300 },
      { key: '西南', value: 1190, amount: 1_503_900 },
      { key: '东北', value: 610, amount: 711_800 },
      { key: '西北', value: 540, amount: 602_100 },
    ],
  },
  version: 12,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.200Z',
  stale: false,
};
