import type { MetricValue, SeriesValue } from '../../../server/protocol';

const counts = [12, 8, 5, 4, 6, 15, 38, 86, 142, 188, 203, 176, 165, 190, 214];

export const lineSample: MetricValue<SeriesValue> = {
  key: 'orders.throughput?window=today',
  id: 'orders.throughput',
  params: { window: 'today' },
  value: {
    kind: 'series',
    bucket: '1h',
    points: counts.map((value, h) => ({ t: new Date(Date.UTC(2026, 10, 23, 16 + h)).toISOString(), value })),
  },
  version: 17,
  asOf: '2026-11-24T06:59:30.000Z',
  computedAt: '2026-11-24T06:59:31.000Z',
  stale: false,
};
