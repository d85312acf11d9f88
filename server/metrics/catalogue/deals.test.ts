import { describe, expect, it } from 'vitest';
import type { Deal, SourcedRecord } from '../../model';
import type { MetricPayload } from '../../protocol';
import type { MetricDefinition } from '../types';
import { dealsByOwner, dealsFunnel, dealsPipelineValue, dealsWinRate, dealsWonAmount } from './deals';

// now = 2025-03-10 12:30 Shanghai (04:30Z). 30d = since 2025-02-08T04:30Z.
// mtd = since 1 Mar local (02-28T16:00Z); previous = 1 Feb local (01-31T16:00Z) to 10 Feb 12:30 (02-10T04:30Z).
const NOW = Date.parse('2025-03-10T04:30:00Z');
const CTX = { timezone: 'Asia/Shanghai', now: NOW };
const STEPS = ['lead', 'qualified', 'proposal', 'negotiation', 'won'] as const;

/** A deal created at `created` that went through `stages` (one a day after creation), the last being current. */
function deal(id: string, created: string, stages: Deal['stage'][], amount: number, extra: Partial<Deal> = {}, lastAt?: string): SourcedRecord {
  const t0 = Date.parse(created);
  const history = stages.map((stage, i) => ({ stage, at: i === stages.length - 1 && lastAt ? lastAt : new Date(t0 + i * 86_400_000).toISOString() }));
  return { type: 'deal', id, stage: stages.at(-1)!, amount, created_at: created, updated_at: history.at(-1)!.at, history, source: 's', ...extra };
}

const DEALS: SourcedRecord[] = [
  deal('d1', '2025-03-01T02:00:00.000Z', ['lead'], 100, { owner: '王磊', region: '华东' }),
  deal('d2', '2025-03-02T02:00:00.000Z', ['lead', 'qualified'], 200),
  deal('d3', '2025-03-03T02:00:00.000Z', ['lead', 'qualified', 'proposal', 'lost'], 300),
  deal('d4', '2025-03-04T02:00:00.000Z', [...STEPS], 400, { owner: '王磊', region: '华东' }, '2025-03-09T02:00:00.000Z'),
  deal('d5', '2025-03-05T02:00:00.000Z', [...STEPS], 500, { owner: '李娜', region: '华南' }, '2025-03-10T01:00:00.000Z'),
  deal('d6', '2025-01-01T02:00:00.000Z', [...STEPS], 600, { owner: '王磊', region: '华东' }, '2025-03-10T02:00:00.000Z'),
  deal('d7', '2025-03-06T02:00:00.000Z', ['lead', 'qualified', 'proposal', 'negotiation'], 700),
  deal('d8', '2025-01-20T02:00:00.000Z', [...STEPS], 800, { owner: '李娜', region: '华南' }, '2025-02-05T00:00:00.000Z'),
  deal('d9', '2025-01-20T02:00:00.000Z', [...STEPS], 50, { owner: '李娜' }, '2025-02-20T00:00:00.000Z'),
  // Won with no history: the move to won is taken at updated_at.
  { type: 'deal', id: 'd10', stage: 'won', amount: 10, owner: '张伟', region: '华北',
    created_at: '2025-02-01T00:00:00.000Z', updated_at: '2025-03-08T00:00:00.000Z', source: 's' },
];

function valueOf<P>(def: MetricDefinition<P>, rawParams: Record<string, unknown>, records = DEALS): MetricPayload {
  const agg = def.create(def.params.parse(rawParams), CTX);
  for (const record of records) agg.apply({ kind: 'record', key: `s/deal/${record.id}`, record });
  return agg.value(NOW);
}

describe('deals.funnel', () => {
  it('counts deals created in the last 30 days by the furthest stage they reached', () => {
    // In the window: d1 (lead), d2 (qualified), d3 (proposal, then lost), d4 d5 (won), d7 (negotiation).
    expect(valueOf(dealsFunnel, {})).toEqual({ kind: 'funnel', stages: [
      { stage: 'lead', count: 6, amount: 2200, conversion: null }, // 100+200+300+400+500+700
      { stage: 'qualified', count: 5, amount: 2100, conversion: 83.3 }, // 5/6
      { stage: 'proposal', count: 4, amount: 1900, conversion: 80 }, // d3 d4 d5 d7; 4/5
      { stage: 'negotiation', count: 3, amount: 1600, conversion: 75 }, // d4 d5 d7; 3/4
      { stage: 'won', count: 2, amount: 900, conversion: 66.7 }, // d4 d5; 2/3
    ] });
  });
});

describe('deals.won_amount', () => {
  it('sums deals won this month (by the move to won), previous month to the same day', () => {
    // d4 (03-09) + d5 (03-10) + d6 (03-10, created in January) + d10 (03-08, no history) = 1510; previous: d8 (02-05) = 800
    expect(valueOf(dealsWonAmount, {})).toEqual({ kind: 'scalar', value: 1510, previous: 800 });
  });
  it('filters by region', () => {
    expect(valueOf(dealsWonAmount, { region: '华东' })).toEqual({ kind: 'scalar', value: 1000, previous: 0 }); // d4 + d6
  });
});

describe('deals.by_owner', () => {
  it('groups this month\'s won deals by owner, largest amount first', () => {
    expect(valueOf(dealsByOwner, {})).toEqual({ kind: 'breakdown', items: [
      { key: '王磊', value: 2, amount: 1000 }, // d4 + d6
      { key: '李娜', value: 1, amount: 500 }, // d5
      { key: '张伟', value: 1, amount: 10 }, // d10
    ] });
  });
});

describe('deals.pipeline_value', () => {
  it('sums open deals now, optionally weighted by stage', () => {
    // open: d1 lead 100, d2 qualified 200, d7 negotiation 700
    expect(valueOf(dealsPipelineValue, {})).toEqual({ kind: 'scalar', value: 1000, previous: null });
    // 100·0.1 + 200·0.25 + 700·0.75 = 10 + 50 + 525
    expect(valueOf(dealsPipelineValue, { weighted: 'true' })).toEqual({ kind: 'scalar', value: 585, previous: null });
  });
});

describe('deleted deals (tombstones)', () => {
  // Deleted in their source after they were counted (the same keys, flagged): d3 (lost), d5 (won 500 by 李娜), d7 (negotiation 700).
  const gone = (id: string): SourcedRecord => ({ ...(DEALS.find((d) => d.id === id) as SourcedRecord & Deal), deleted: true, updated_at: '2025-03-10T04:00:00.000Z' });
  const withTombstones = [...DEALS, gone('d3'), gone('d5'), gone('d7')];

  it('leave the funnel: only d1 (lead), d2 (qualified) and d4 (won) of the last 30 days remain', () => {
    expect(valueOf(dealsFunnel, {}, withTombstones)).toEqual({ kind: 'funnel', stages: [
      { stage: 'lead', count: 3, amount: 700, conversion: null },
      { stage: 'qualified', count: 2, amount: 600, conversion: 66.7 },
      { stage: 'proposal', count: 1, amount: 400, conversion: 50 },
      { stage: 'negotiation', count: 1, amount: 400, conversion: 100 },
      { stage: 'won', count: 1, amount: 400, conversion: 100 },
    ] });
  });

  it('leave the won amount, the owners, the pipeline value and the win rate', () => {
    expect(valueOf(dealsWonAmount, {}, withTombstones)).toEqual({ kind: 'scalar', value: 1010, previous: 800 }); // d4 + d6 + d10
    expect(valueOf(dealsByOwner, {}, withTombstones)).toEqual({ kind: 'breakdown', items: [
      { key: '王磊', value: 2, amount: 1000 }, { key: '张伟', value: 1, amount: 10 }] });
    expect(valueOf(dealsPipelineValue, {}, withTombstones)).toEqual({ kind: 'scalar', value: 300, previous: null }); // d1 + d2
    expect(valueOf(dealsPipelineValue, { weighted: 'true' }, withTombstones)).toEqual({ kind: 'scalar', value: 60, previous: null }); // 10 + 50
    // Decided in the last 30 days: won d4 d5 d6 d9 d10, lost d3 → 5/6; previous 30 days: d8 won.
    expect(valueOf(dealsWinRate, {})).toEqual({ kind: 'scalar', value: 83.3, previous: 100 });
    expect(valueOf(dealsWinRate, {}, withTombstones)).toEqual({ kind: 'scalar', value: 100, previous: 100 }); // d4 d6 d9 d10, none lost
  });
});
