import type { SourceHealth } from '../../../server/protocol';

/**
 * The source-status widget takes no metric (its index.ts says `sample: null`): it shows the hub's
 * source health. This list is its sample for tests and docs, one source in each state.
 */
export const sourceStatusSample: SourceHealth[] = [
  { id: 'crm', kind: 'odoo', state: 'ok', lastSuccessAt: '2026-11-24T05:59:48.000Z', records: 12_840 },
  { id: 'erp', kind: 'kingdee', state: 'degraded', lastSuccessAt: '2026-11-24T05:52:00.000Z', lastError: 'HTTP 503', records: 86_210 },
  { id: 'desk', kind: 'zendesk', state: 'down', lastSuccessAt: null, lastError: 'ECONNREFUSED', records: 0 },
  { id: 'shop', kind: 'push', state: 'paused', lastSuccessAt: '2026-11-23T22:00:00.000Z', records: 530 },
];
