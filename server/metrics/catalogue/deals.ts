import { z } from 'zod';
import { DEAL_STAGES, withDerivedHistory, type Deal, type SourcedRecord } from '../../model';
import { commonFilters, matchesFilters } from '../filters';
import { defineMetric } from '../types';
import { windowSchema } from '../windows';
import { reportingAmount } from './money';
import { largestFirst } from './orders';
import { breakdownOf, round2, scalarOf, windowedAggregator } from './windowed';

/** The pipeline in order; `lost` is an exit, not a stage a deal progresses to. */
const PIPELINE = DEAL_STAGES.filter((s) => s !== 'lost');
const params = z.object({ window: windowSchema.default('30d'), ...commonFilters }).strict();

interface StageStep { stage: Deal['stage']; t: number }

/**
 * A deal's stages over time, oldest first: its history, or (a deal handed over without one) the history the store
 * derives for it (withDerivedHistory), ending in its current stage (at updated_at when the history lags behind it).
 */
function stageSteps(deal: Deal): StageStep[] {
  const history = deal.history?.length ? deal.history : (withDerivedHistory(deal) as Deal).history ?? [];
  const steps = history.map((h) => ({ stage: h.stage, t: Date.parse(h.at) })).sort((a, b) => a.t - b.t);
  const last = steps[steps.length - 1];
  if (last?.stage !== deal.stage) steps.push({ stage: deal.stage, t: Math.max(last?.t ?? -Infinity, Date.parse(deal.updated_at)) });
  return steps;
}

/**
 * The furthest pipeline stage a deal counts for in the funnel (index into PIPELINE). Won only while its current
 * stage is won; otherwise the furthest stage other than won it reached, so a deal won and then reopened (or
 * lost) counts up to negotiation, not as won. Lost is no pipeline stage: a lost deal counts for the stages it reached.
 */
export function furthestStage(deal: Deal): number {
  if (deal.stage === 'won') return PIPELINE.indexOf('won');
  const reached = stageSteps(deal).map((s) => (s.stage === 'won' ? -1 : PIPELINE.indexOf(s.stage as (typeof PIPELINE)[number])));
  return Math.max(0, ...reached);
}

/**
 * Won or lost, as the deal now stands (Salesforce's IsWon / IsClosed of its current stage), dated by its last
 * arrival at that stage: a deal won, reopened and won again is won at the second win; one won and reopened is
 * undecided, in every deal metric alike. Undefined while the deal is open.
 */
export function decidedAt(deal: Deal): number | undefined {
  if (deal.stage !== 'won' && deal.stage !== 'lost') return undefined;
  const steps = stageSteps(deal);
  let i = steps.length - 1;
  while (i > 0 && steps[i - 1]!.stage === deal.stage) i--; // the same stage again is no new arrival
  return steps[i]!.t;
}

/** When a won deal was won (its last arrival at won); undefined for any deal not won now. */
const wonAt = (deal: Deal) => (deal.stage === 'won' ? decidedAt(deal) : undefined);

/** A deal that counts at all: not deleted in its source (a tombstone), matching the filters. */
const isDeal = (r: SourcedRecord, filters: object): r is SourcedRecord & Deal => r.type === 'deal' && r.deleted !== true && matchesFilters(r, filters);

export const dealsFunnel = defineMetric({
  id: 'deals.funnel', title: '销售漏斗 / Sales funnel', unit: 'deals', money: 'amounts', entity: 'deal', input: 'record',
  description: 'Deals created in the window (default 30d), per pipeline stage (lead → qualified → proposal → '
    + 'negotiation → won): `count` = deals that reached the stage or a later one (lost deals count for the stages '
    + 'they reached before being lost), `amount` = their amounts, `conversion` = count / the previous stage\'s count in percent.',
  details: `**Won means won now** (Salesforce's \`IsWon\` of the current stage), in this funnel, \`deals.won_amount\`,
\`deals.by_owner\` and \`deals.win_rate\` alike; so is lost. A deal counts at won only while its current stage is won.
Any other deal counts up to the furthest stage other than won that it reached: a deal won and then reopened to
negotiation, or won and then lost, counts up to negotiation; a deal lost and then reopened counts up to the furthest
stage it reached, as any open deal. A deal's stages come from its history (see Status over time).

Example, seven deals created this month: w1 won; w2 won, then reopened to negotiation; w3 won, reopened, won again;
l1 lost after qualified; l2 lost after proposal, then reopened to proposal; x won, then lost; o a lead. Won: w1, w3
(2); negotiation: + w2, x (4); proposal: + l2 (5); qualified: + l1 (6); lead: + o (7). \`deals.won_amount\` sums w1 and
w3, and \`deals.win_rate\` counts w1, w3 won and l1, x lost: 2 of 4, 50%.`,
  params,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window,
      (r) => (isDeal(r, filters) ? { t: Date.parse(r.created_at), group: String(furthestStage(r)), amount: reportingAmount(r) } : undefined),
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
  description: 'Sum of the amounts in the reporting currency (`amount_reporting`, see Money) over deals won now whose move to won lies within the window (by their last arrival '
    + 'at won); `previous` is the same span of the previous period, null unless the stored data covers it (see Comparisons).',
  details: `A deal counts while its current stage is won, the same deals as the funnel's won stage and \`deals.win_rate\`
(see \`deals.funnel\`). It is dated by its last arrival at won: a deal won on the 2nd, reopened on the 3rd and won
again on the 10th counts on the 10th, and not at all between the 3rd and the 10th. A deal won and then reopened or
lost leaves the sum, in the window it was won in too.`,
  params: wonParams,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window, (r) => { const t = isDeal(r, filters) ? wonAt(r) : undefined;
      return t === undefined ? undefined : { t, amount: reportingAmount(r as Deal) }; }, (g) => scalarOf(g, 'amount', true));
  },
});

export const dealsByOwner = defineMetric({
  id: 'deals.by_owner', title: '销售排行 / Won by owner', unit: 'CNY', money: 'amounts', entity: 'deal', input: 'record',
  description: 'The deals of deals.won_amount grouped by owner: `value` = deals won, `amount` = their sum; largest amount first.',
  details: `**Largest first** means the largest amount first; owners with the same amount go by more deals won, then by
owner in Unicode code-point order. Example: 赵 500 (1 deal), 钱 300 + 200 (2 deals), 李 400, 孙 400 → 钱, 赵, 孙, 李
(孙 U+5B59 before 李 U+674E). Deals without an owner count under "unknown".`,
  params: wonParams,
  create: (p, ctx) => {
    const { window, ...filters } = p;
    return windowedAggregator(ctx, window, (r) => { const t = isDeal(r, filters) ? wonAt(r) : undefined;
      return t === undefined ? undefined : { t, group: (r as Deal).owner ?? 'unknown', amount: reportingAmount(r as Deal) }; },
    (g) => largestFirst(breakdownOf(g), 'amount'));
  },
});

/** Likelihood of closing by stage, for the weighted pipeline value. */
const STAGE_WEIGHT: Record<string, number> = { lead: 0.1, qualified: 0.25, proposal: 0.5, negotiation: 0.75 };

export const dealsPipelineValue = defineMetric({
  id: 'deals.pipeline_value', title: '在途商机 / Pipeline value', unit: 'CNY', money: 'value', entity: 'deal', input: 'record',
  description: 'Sum of the amounts in the reporting currency (`amount_reporting`, see Money) over open deals (any stage but won and lost) now. With `weighted=true` each amount '
    + 'is multiplied by its stage\'s likelihood: lead 10%, qualified 25%, proposal 50%, negotiation 75%.',
  params: z.object({ weighted: z.enum(['true', 'false']).default('false'), ...commonFilters }).strict(),
  create: (p, ctx) => {
    const { weighted, ...filters } = p;
    return windowedAggregator(ctx, 'all', (r) => (isDeal(r, filters) && r.stage in STAGE_WEIGHT
      ? { t: 0, amount: (reportingAmount(r) ?? 0) * (weighted === 'true' ? STAGE_WEIGHT[r.stage]! : 1) } : undefined),
    (g) => scalarOf(g, 'amount', false));
  },
});

export const dealsWinRate = defineMetric({
  id: 'deals.win_rate', title: '赢单率 / Win rate', unit: '%', entity: 'deal', input: 'record',
  description: 'Of the deals decided within the window (default 30d; by when they became won or lost), the share '
    + 'won, in percent; `previous` is the same for the period before (null unless the stored data covers it, see Comparisons). 0 when none was decided.',
  details: `Decided means won or lost now, dated by the last arrival at that stage: the deals the funnel counts as won
(see \`deals.funnel\`) and those it counts as lost. A deal won or lost and then reopened is undecided again and leaves
the rate; a deal won and then lost counts as lost, when it was lost. Example: won w1 and w3, lost l1 and x, w2 won
and reopened: 2 / (2 + 2) = 50%.`,
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
