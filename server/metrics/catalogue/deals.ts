import { z } from 'zod';
import { DEAL_STAGES, type Deal, type SourcedRecord } from '../../model';
import { commonFilters, matchesFilters } from '../filters';
import { defineMetric } from '../types';
import { windowSchema } from '../windows';
import { breakdownOf, round2, scalarOf, windowedAggregator } from './windowed';

/** The pipeline in order; `lost` is an exit, not a stage a deal progresses to. */
const PIPELINE = DEAL_STAGES.filter((s) => s !== 'lost');
const params = z.object({ window: windowSchema.default('30d'), ...commonFilters }).strict();

/** The furthest pipeline stage a deal has reached, from its history and its current stage. */
export function furthestStage(deal: Deal): number {
  const stages = [...(deal.history ?? []).map((h) => h.stage), deal.stage];
  return Math.max(0, ...stages.map((s) => PIPELINE.indexOf(s as (typeof PIPELINE)[number])));
}

/** When a deal entered its current stage: its history's last entry for that stage, else its last update. */
function enteredStageAt(deal: Deal): number {
  const entry = [...(deal.history ?? [])].reverse().find((h) => h.stage === deal.stage);
  return Date.parse(entry?.at ?? deal.updated_at);
}

/** When a won deal was won. */
const wonAt = (deal: Deal) => (deal.stage === 'won' ? enteredStageAt(deal) : undefined);
/** When a deal was decided, won or lost. */
const decidedAt = (deal: Deal) => (deal.stage === 'won' || deal.stage === 'lost' ? enteredStageAt(deal) : undefined);

/** A deal that counts at all: not deleted in its source (a tombstone), matching the filters. */
const isDeal = (r: SourcedRecord, filters: object): r is SourcedRecord & Deal => r.type === 'deal' && r.deleted !== true && matchesFilters(r, filters);

export const dealsFunnel = defineMetric({
  id: 'deals.funnel', title: '销售漏斗 / Sales funnel', unit: 'deals', money: 'amounts', entity: 'deal', input: 'record',
  description: 'Deals created in the window (default 30d), per pipeline stage (lead → qualified → proposal → '
    + 'negotiation → won): `count` = deals that reached the stage or a later one (lost deals count for the stages '
    + 'they reached before being lost), `amount` = their amounts, `conversion` = count / the previous stage\'s count in percent.',
  params,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window,
      (r) => (isDeal(r, filters) ? { t: Date.parse(r.created_at), group: String(furthestStage(r)), amount: r.amount } : undefined),
      (g) => {
        let count = 0, amount = 0;
        const reached = PIPELINE.map((_, i) => PIPELINE.length - 1 - i).map((i) => {
          const t = g.total('current', String(i));
          count += t.count; amount += t.amount;
          return { stage: PIPELINE[i]!, count, amount: round2(amount) };
        }).reverse();
        return { kind: 'funnel', stages: reached.map((s, i) => {
          const before = reached[i - 1];
          return { ...s, conversion: i === 0 || !before || before.count === 0 ? null : Math.round((s.count / before.count) * 1000) / 10 };
        }) };
      });
  },
});

const wonParams = z.object({ window: windowSchema.default('mtd'), ...commonFilters }).strict();

export const dealsWonAmount = defineMetric({
  id: 'deals.won_amount', title: '赢单金额 / Won amount', unit: 'CNY', money: 'value', entity: 'deal', input: 'record',
  description: 'Sum of `amount` over deals whose stage became won within the window (by the time of the move to '
    + 'won); `previous` is the same span of the previous period.',
  params: wonParams,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window, (r) => { const t = isDeal(r, filters) ? wonAt(r) : undefined;
      return t === undefined ? undefined : { t, amount: (r as Deal).amount }; }, (g) => scalarOf(g, 'amount', true));
  },
});

export const dealsByOwner = defineMetric({
  id: 'deals.by_owner', title: '销售排行 / Won by owner', unit: 'CNY', money: 'amounts', entity: 'deal', input: 'record',
  description: 'The deals of deals.won_amount grouped by owner: `value` = deals won, `amount` = their sum; largest amount first.',
  params: wonParams,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window, (r) => { const t = isDeal(r, filters) ? wonAt(r) : undefined;
      return t === undefined ? undefined : { t, group: (r as Deal).owner ?? 'unknown', amount: (r as Deal).amount }; },
    (g) => { const b = breakdownOf(g); if (b.kind === 'breakdown') b.items.sort((x, y) => (y.amount ?? 0) - (x.amount ?? 0)); return b; });
  },
});

/** Likelihood of closing by stage, for the weighted pipeline value. */
const STAGE_WEIGHT: Record<string, number> = { lead: 0.1, qualified: 0.25, proposal: 0.5, negotiation: 0.75 };

export const dealsPipelineValue = defineMetric({
  id: 'deals.pipeline_value', title: '在途商机 / Pipeline value', unit: 'CNY', money: 'value', entity: 'deal', input: 'record',
  description: 'Sum of `amount` over open deals (any stage but won and lost) now. With `weighted=true` each amount '
    + 'is multiplied by its stage\'s likelihood: lead 10%, qualified 25%, proposal 50%, negotiation 75%.',
  params: z.object({ weighted: z.enum(['true', 'false']).default('false'), ...commonFilters }).strict(),
  create: (p, ctx) => {
    const { weighted, ...filters } = p;
    return windowedAggregator(ctx, 'all', (r) => (isDeal(r, filters) && r.stage in STAGE_WEIGHT
      ? { t: 0, amount: r.amount * (weighted === 'true' ? STAGE_WEIGHT[r.stage]! : 1) } : undefined),
    (g) => scalarOf(g, 'amount', false));
  },
});

export const dealsWinRate = defineMetric({
  id: 'deals.win_rate', title: '赢单率 / Win rate', unit: '%', entity: 'deal', input: 'record',
  description: 'Of the deals decided within the window (default 30d; by when they became won or lost), the share '
    + 'won, in percent; `previous` is the same for the period before. Null-free: 0 when none was decided.',
  params: z.object({ window: windowSchema.default('30d'), ...commonFilters }).strict(),
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window,
      (r) => { const t = isDeal(r, filters) ? decidedAt(r) : undefined;
        return t === undefined ? undefined : { t, group: (r as Deal).stage }; },
      (g) => {
        const rate = (which: 'current' | 'previous') => {
          const won = g.total(which, 'won').count, lost = g.total(which, 'lost').count;
          return won + lost === 0 ? 0 : Math.round((won / (won + lost)) * 1000) / 10;
        };
        return { kind: 'scalar', value: rate('current'), previous: rate('previous') };
      });
  },
});

export const dealMetrics = [dealsFunnel, dealsWonAmount, dealsByOwner, dealsPipelineValue, dealsWinRate];
