import type { Deal, DealStage } from '../model';
import type { World } from './world';
import { CUSTOMERS, PRODUCTS, SALES_REPS } from './names';

const DAY = 86_400_000;
/** Each stage's next stage, mean time to the decision, and the chance of moving on (else lost). */
const NEXT: Partial<Record<DealStage, { to: DealStage; mean: number; p: number }>> = {
  lead: { to: 'qualified', mean: 1.5 * DAY, p: 0.6 },
  qualified: { to: 'proposal', mean: 2.5 * DAY, p: 0.65 },
  proposal: { to: 'negotiation', mean: 3 * DAY, p: 0.6 },
  negotiation: { to: 'won', mean: 3 * DAY, p: 0.55 },
};

/** Deals: leads through the pipeline to won or lost, owned by the sales reps of each region. */
export function simulateDeals(world: World): void {
  const { rng } = world;
  let serial = 5_000;

  const decide = (deal: Deal) => {
    const step = NEXT[deal.stage];
    if (!step) return;
    world.after(world.duration(step.mean), () => {
      deal.stage = rng.chance(step.p) ? step.to : 'lost';
      deal.updated_at = world.iso();
      deal.history!.push({ stage: deal.stage, at: deal.updated_at });
      if (deal.stage === 'won' || deal.stage === 'lost') deal.close_date = deal.updated_at.slice(0, 10);
      world.changed(deal);
      decide(deal);
    });
  };

  world.arrivals(80, () => {
    const rep = rng.pick(SALES_REPS);
    const at = world.iso();
    const customer = rng.pick(CUSTOMERS);
    const deal: Deal = {
      type: 'deal', id: `D-${serial++}`, name: `${customer} · ${rng.pick(PRODUCTS)}`, stage: 'lead',
      amount: Math.round(rng.lognormal(180_000, 2.3) / 100) * 100, currency: 'CNY', owner: rep.name,
      department: rng.chance(0.85) ? 'sales' : 'marketing', region: rep.region, pipeline: 'default',
      created_at: at, updated_at: at, history: [{ stage: 'lead', at }],
    };
    world.changed(deal);
    decide(deal);
  });
}
