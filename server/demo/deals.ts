import type { Deal, DealStage } from '../model';
import type { World } from './world';
import { DEMO_CUSTOMERS } from './customers';
import { PRODUCTS, repsOf } from './names';

const HOUR = 3_600_000;
/**
 * Each stage's next stage, the mean office time to the decision, and the chance of moving on (else lost): about one
 * lead in five is won, some five office days after it came in.
 */
const NEXT: Partial<Record<DealStage, { to: DealStage; mean: number; p: number }>> = {
  lead: { to: 'qualified', mean: 6 * HOUR, p: 0.72 },
  qualified: { to: 'proposal', mean: 10 * HOUR, p: 0.72 },
  proposal: { to: 'negotiation', mean: 12 * HOUR, p: 0.7 },
  negotiation: { to: 'won', mean: 12 * HOUR, p: 0.62 },
};

export interface DealEvents {
  /** A deal was won: the order desk may turn it into a Sales Order. */
  won(deal: Deal): void;
}

/**
 * Deals: leads from the company's customers, owned by the rep who serves the customer's region, moved through the
 * pipeline in office hours to won or lost.
 */
export function simulateDeals(world: World, events: DealEvents): void {
  const { rng } = world;
  let serial = 5_000;
  const weighted = DEMO_CUSTOMERS.map((c) => [c, c.weight] as const);

  const decide = (deal: Deal) => {
    const step = NEXT[deal.stage];
    if (!step) return;
    world.afterOffice(world.duration(step.mean), () => {
      deal.stage = rng.chance(step.p) ? step.to : 'lost';
      deal.updated_at = world.iso();
      deal.history!.push({ stage: deal.stage, at: deal.updated_at });
      if (deal.stage === 'won' || deal.stage === 'lost') deal.close_date = deal.updated_at.slice(0, 10);
      world.changed(deal);
      if (deal.stage === 'won') events.won(deal);
      decide(deal);
    });
  };

  world.arrivals(220, () => {
    const customer = rng.weighted(weighted);
    const rep = rng.pick(repsOf(customer.region));
    const at = world.iso();
    const deal: Deal = {
      type: 'deal', id: `D-${serial++}`, name: `${customer.short} · ${rng.pick(PRODUCTS)}`, stage: 'lead',
      amount: Math.round(rng.lognormal(180_000, 2.3) / 100) * 100, currency: 'CNY', owner: rep.name, account_id: customer.key,
      department: rng.chance(0.85) ? 'sales' : 'marketing', region: customer.region, pipeline: 'default',
      created_at: at, updated_at: at, history: [{ stage: 'lead', at }],
    };
    world.changed(deal);
    decide(deal);
  });
}
