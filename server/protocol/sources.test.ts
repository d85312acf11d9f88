import { describe, expect, it } from 'vitest';
import { phaseOf, type SourceHealth } from './sources';

const source = (id: string, state: SourceHealth['state'], more: Partial<SourceHealth> = {}): SourceHealth =>
  ({ id, kind: 'fake', state, lastSuccessAt: null, records: 0, ...more });

describe('phaseOf: the hub\'s phase from its sources', () => {
  it('syncing while a source is in its first sync, each with its progress; a failing one is no sync', () => {
    const phase = phaseOf([
      source('zendesk', 'syncing', { records: 1200, backfill: { done: 1200, total: 4000, pct: 30 } }),
      source('erpnext', 'syncing', { records: 310 }), // no total announced: records so far only
      source('salesforce', 'degraded'),
    ]);
    expect(phase).toEqual({ state: 'syncing', syncing: [
      { id: 'zendesk', records: 1200, total: 4000, pct: 30 },
      { id: 'erpnext', records: 310, total: null, pct: null },
    ] });
  });

  it('ready once none is syncing, whatever else their state', () => {
    expect(phaseOf([source('a', 'ok'), source('b', 'down'), source('c', 'paused')])).toEqual({ state: 'ready', syncing: [] });
    expect(phaseOf([])).toEqual({ state: 'ready', syncing: [] });
  });
});
