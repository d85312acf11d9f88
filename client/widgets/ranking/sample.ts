import type { BreakdownValue, MetricValue } from '../../../server/protocol';

export const rankingSample: MetricValue<BreakdownValue> = {
  key: 'deals.by_owner?window=mtd',
  id: 'deals.by_owner',
  params: { window: 'mtd' },
  value: {
    kind: 'breakdown',
    items: [
      { key: '李娜', value: 2_410_500 },
      { key: '王芳', value: 2_860_000 },
      { key: '张伟', value: 1_980_000 },
      { key: '刘洋', value: 1_502_300 },
      { key: '<b>杨磊</b>', value: 860_000 },
    ],
  },
  version: 9,
  asOf: '2026-11-24T05:55:00.000Z',
  computedAt: '2026-11-24T05:55:00.500Z',
  stale: false,
};
