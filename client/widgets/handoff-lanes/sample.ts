import type { HandoffsValue, MetricValue } from '../../../server/protocol';

// The demo's flow order-to-delivery (server/config/demo.ts) over a week: targets 8 h and 18 h on the office calendar,
// 5 d into delivery, none for the optional after-sales ticket.
export const handoffLanesSample: MetricValue<HandoffsValue> = {
  key: 'flow.handoffs?flow=order-to-delivery&window=7d',
  id: 'flow.handoffs',
  params: { flow: 'order-to-delivery', window: '7d' },
  value: {
    kind: 'handoffs', flow: 'order-to-delivery',
    lanes: [
      { from: 'won', to: 'confirmed', department: 'operations', target_s: 28_800, through: 46, p50_s: 12_600, p90_s: 41_400, late: 9, late_pct: 19.6, waiting: 7 },
      { from: 'confirmed', to: 'shipped', department: 'logistics', target_s: 64_800, through: 41, p50_s: 30_600, p90_s: 59_000, late: 3, late_pct: 7.3, waiting: 12 },
      { from: 'shipped', to: 'delivered', department: 'logistics', target_s: 432_000, through: 38, p50_s: 190_000, p90_s: 350_000, late: 1, late_pct: 2.6, waiting: 15 },
      { from: 'delivered', to: 'aftersales', department: 'service', target_s: null, through: 6, p50_s: 86_400, p90_s: 400_000, late: 0, late_pct: null, waiting: 0 },
    ],
  },
  version: 44,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.200Z',
  stale: false,
};
