import type { Order, OrderStatus } from '../model';
import type { World } from './world';
import { CUSTOMERS, REGIONS, SALES_REPS } from './names';

const MIN = 60_000;
/** Mean time in each stage before the next, at speed 1; and the chance of a cancellation there. */
const NEXT: Partial<Record<OrderStatus, { to: OrderStatus; mean: number; cancel: number }>> = {
  new: { to: 'confirmed', mean: 25 * MIN, cancel: 0.04 },
  confirmed: { to: 'in_fulfilment', mean: 90 * MIN, cancel: 0.02 },
  in_fulfilment: { to: 'shipped', mean: 5 * 60 * MIN, cancel: 0 },
  shipped: { to: 'delivered', mean: 28 * 60 * MIN, cancel: 0 },
};

/** Orders: created through the day, then confirmed, fulfilled, shipped and delivered, a few cancelled. */
export function simulateOrders(world: World): void {
  const { rng } = world;
  let serial = 100_000;

  const advance = (order: Order) => {
    const step = NEXT[order.status];
    if (!step) return;
    world.after(world.duration(step.mean), () => {
      order.status = rng.chance(step.cancel) ? 'cancelled' : step.to;
      order.updated_at = world.iso();
      order.history!.push({ status: order.status, at: order.updated_at });
      world.changed(order);
      advance(order);
    });
  };

  world.arrivals(360, () => {
    const region = rng.weighted(REGIONS);
    const direct = rng.chance(0.6);
    const reps = SALES_REPS.filter((r) => r.region === region);
    const at = world.iso();
    const order: Order = {
      type: 'order', id: `SO${serial++}`, status: 'new',
      amount: Math.round(rng.lognormal(6000, 2.2) * 100) / 100, currency: 'CNY',
      customer: rng.pick(CUSTOMERS), department: direct ? 'sales' : 'marketing', region,
      channel: direct ? rng.pick(['直销', '渠道']) : '电商',
      owner: reps.length > 0 ? rng.pick(reps).name : rng.pick(SALES_REPS).name,
      created_at: at, updated_at: at, history: [{ status: 'new', at }],
    };
    world.changed(order);
    advance(order);
  });
}
