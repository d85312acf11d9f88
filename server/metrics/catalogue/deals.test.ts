import { describe, expect, it } from 'vitest';
import type { Deal, SourcedRecord } from '../../model';
import type { MetricPayload } from '../../protocol';
import type { MetricDefinition } from '../types';
import { decidedAt, dealsByOwner, dealsFunnel, dealsPipelineValue, dealsWinRate, dealsWonAmount, furthestStage } from './deals';

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

describe('won means won now, in every deal metric alike', () => {
  // Every deal created and decided within the last 30 days (since 02-08T04:30Z), so the funnel (by creation) and
  // won_amount / by_owner / win_rate (by decision) look at the same deals. A stage list is one stage a day from creation.
  const at = (day: string) => `2025-03-${day}T02:00:00.000Z`;
  const SET: SourcedRecord[] = [
    // w1: won 03-05. Won.
    { ...deal('w1', at('01'), [...STEPS], 1000, { owner: '王磊' }) },
    // w2: won 03-06, reopened to negotiation 03-07: not won; in the funnel up to negotiation.
    { ...deal('w2', at('02'), [...STEPS, 'negotiation'], 2000, { owner: '王磊' }) },
    // w3: won 03-02, reopened 03-03, won again today 03-10 02:00: won, dated by its last arrival (today).
    { ...deal('w3', '2025-02-26T02:00:00.000Z', [...STEPS, 'negotiation', 'won'], 3000, { owner: '李娜' }, '2025-03-10T02:00:00.000Z') },
    // l1: lost 03-04 from qualified. Lost; in the funnel up to qualified.
    { ...deal('l1', at('02'), ['lead', 'qualified', 'lost'], 400) },
    // l2: lost 03-05, reopened to proposal 03-06: open again, not decided; in the funnel up to proposal.
    { ...deal('l2', at('02'), ['lead', 'qualified', 'proposal', 'lost', 'proposal'], 700) },
    // x: won 03-07, then lost 03-08 (the contract fell through): lost, not won; in the funnel up to negotiation.
    { ...deal('x', at('03'), [...STEPS, 'lost'], 500, { owner: '张伟' }) },
    // o: a lead.
    { ...deal('o', at('04'), ['lead'], 100) },
  ];
  const d30 = { window: '30d' };

  it('the funnel counts won only w1 and w3; a reopened or lost deal counts up to the furthest other stage it reached', () => {
    // won: w1 w3 = 2 / 4000; negotiation +w2 +x = 4 / 6500; proposal +l2 = 5 / 7200; qualified +l1 = 6 / 7600; lead +o = 7 / 7700.
    // conversion: 6/7 = 85.71 → 85.7; 5/6 = 83.33 → 83.3; 4/5 = 80; 2/4 = 50.
    expect(valueOf(dealsFunnel, d30, SET)).toEqual({ kind: 'funnel', stages: [
      { stage: 'lead', count: 7, amount: 7700, conversion: null },
      { stage: 'qualified', count: 6, amount: 7600, conversion: 85.7 },
      { stage: 'proposal', count: 5, amount: 7200, conversion: 83.3 },
      { stage: 'negotiation', count: 4, amount: 6500, conversion: 80 },
      { stage: 'won', count: 2, amount: 4000, conversion: 50 },
    ] });
  });

  it('won_amount and by_owner sum the same two, win_rate decides w1 w3 won and l1 x lost', () => {
    expect(valueOf(dealsWonAmount, d30, SET)).toEqual({ kind: 'scalar', value: 4000, previous: 0 }); // w1 1000 + w3 3000
    expect(valueOf(dealsByOwner, d30, SET)).toEqual({ kind: 'breakdown', items: [
      { key: '李娜', value: 1, amount: 3000 }, { key: '王磊', value: 1, amount: 1000 }] }); // w2 (王磊) not won, x (张伟) lost
    // won 2 (w1 w3), lost 2 (l1 x); w2 and l2 undecided: 2 / 4 = 50 %.
    expect(valueOf(dealsWinRate, d30, SET)).toEqual({ kind: 'scalar', value: 50, previous: 0 });
  });

  it('a deal won twice is won at its last arrival at won', () => {
    // today (since 03-09T16:00Z): only w3, won again 03-10 02:00 (its first win, 03-02, does not count here).
    expect(valueOf(dealsWonAmount, { window: 'today' }, SET)).toEqual({ kind: 'scalar', value: 3000, previous: 0 });
    expect(decidedAt(SET[2] as Deal)).toBe(Date.parse('2025-03-10T02:00:00.000Z'));
    expect(decidedAt(SET[1] as Deal)).toBeUndefined(); // w2, reopened
    expect(furthestStage(SET[1] as Deal)).toBe(3); // negotiation
    expect(furthestStage(SET[5] as Deal)).toBe(3); // x: won then lost → negotiation
  });
});

describe('deals.by_owner: largest amount first', () => {
  it('ties by the number of deals, then by owner in code-point order', () => {
    const won = (id: string, owner: string, amount: number) => deal(id, '2025-03-01T02:00:00.000Z', ['won'], amount, { owner });
    // 赵 500 (1 deal); 钱 300 + 200 = 500 (2 deals); 孙 400; 李 400. Largest amount: 500s first, 钱 (2 deals) before 赵 (1);
    // then the 400s by code point: 孙 U+5B59 before 李 U+674E.
    const v = valueOf(dealsByOwner, {}, [won('a', '赵', 500), won('b', '钱', 300), won('c', '钱', 200), won('d', '李', 400), won('e', '孙', 400)]);
    expect(v.kind === 'breakdown' && v.items.map((i) => [i.key, i.value, i.amount])).toEqual([
      ['钱', 2, 500], ['赵', 1, 500], ['孙', 1, 400], ['李', 1, 400]]);
  });
});
