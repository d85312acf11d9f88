import type { MetricValue, ReassignmentsValue } from '../../../server/protocol';

// A week of the demo's Zendesk: 31 tickets passed between groups, 6 of them three times or more. Ticket 4821 went
// 售后 → 物流 → 售后 → 物流 → 售后: four passes, each between 售后 and 物流.
export const reassignmentsSample: MetricValue<ReassignmentsValue> = {
  key: 'tickets.reassignments?limit=10&min=3&window=7d',
  id: 'tickets.reassignments',
  params: { window: '7d', min: 3, limit: 10 },
  value: {
    kind: 'reassignments',
    passed: 31, bounced: 6, min: 3,
    pairs: [
      { a: '售后', b: '物流', passes: 27, tickets: 14 },
      { a: '售后', b: '技术支持', passes: 12, tickets: 8 },
      { a: '售后', b: '财务', passes: 7, tickets: 5 },
    ],
    items: [
      { ticket: 'zendesk/ticket/4821', source: 'zendesk', id: '4821', passes: 4, groups: ['售后', '物流', '售后', '物流', '售后'], subject: '配件少发，物流称已签收' },
      { ticket: 'zendesk/ticket/4790', source: 'zendesk', id: '4790', passes: 3, groups: ['技术支持', '售后', '技术支持', '售后'], subject: '安装后无法联网' },
      { ticket: 'zendesk/ticket/4802', source: 'zendesk', id: '4802', passes: 3, groups: ['售后', '财务', '售后', '物流'] },
    ],
  },
  version: 9,
  asOf: '2026-11-24T06:00:00.000Z',
  computedAt: '2026-11-24T06:00:00.150Z',
  stale: false,
};
