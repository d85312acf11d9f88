import type { SourceHealth } from '../../../server/protocol';

/**
 * The data-quality widget takes no metric (its index.ts says `sample: null`): it shows what the hub's sources
 * report about their records. This list is its sample for tests: one source clean, one with amounts no rate
 * converts, one that feeds only tickets.
 */
export const dataQualitySample: SourceHealth[] = [
  { id: 'crm', kind: 'salesforce', state: 'ok', lastSuccessAt: '2026-11-24T05:59:48.000Z', records: 12_840, entities: ['deal'],
    amountsWithoutRate: { records: 0, byCurrency: {} } },
  { id: 'erp', kind: 'erpnext', state: 'ok', lastSuccessAt: '2026-11-24T05:59:50.000Z', records: 86_210, entities: ['order'],
    amountsWithoutRate: { records: 12_345, byCurrency: { KRW: 3, JPY: 12_342 } } },
  { id: 'desk', kind: 'zendesk', state: 'ok', lastSuccessAt: '2026-11-24T05:59:55.000Z', records: 4_000, entities: ['ticket'],
    amountsWithoutRate: { records: 0, byCurrency: {} } },
];
