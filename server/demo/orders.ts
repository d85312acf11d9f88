import type { Deal, Order, OrderStatus } from '../model';
import type { World } from './world';
import { DEMO_CUSTOMERS, RETAIL_CUSTOMER } from './customers';
import { REGIONS, repsOf } from './names';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** An office day: 09:00–18:00 (office-hours.ts). */
const OFFICE_DAY = 9 * HOUR;

/**
 * A status's next status: the mean time to it (sped up with the demo), the chance of a cancellation there, and the
 * share of orders that wait far longer (a credit check, goods on backorder, a lost parcel) in real time, so that the
 * live demo has late hand-offs too. `office`: the time counts in office hours only.
 */
interface Step { to: OrderStatus; mean: number; cancel: number; office: boolean; stall?: { p: number; median: number; spread: number } }

/** Orders of business customers: entered, checked and picked by the office, shipped by courier. */
const B2B: Partial<Record<OrderStatus, Step>> = {
  new: { to: 'confirmed', mean: 1 * HOUR, cancel: 0.03, office: true, stall: { p: 0.06, median: 10 * HOUR, spread: 1.5 } },
  confirmed: { to: 'in_fulfilment', mean: 2 * HOUR, cancel: 0.01, office: true },
  in_fulfilment: { to: 'shipped', mean: 4 * HOUR, cancel: 0, office: true, stall: { p: 0.1, median: 2.5 * OFFICE_DAY, spread: 1.6 } },
  shipped: { to: 'delivered', mean: 30 * HOUR, cancel: 0, office: false, stall: { p: 0.08, median: 4 * DAY, spread: 1.4 } },
};
/** Online-shop orders: the shop's warehouse works every day and ships within hours. */
const SHOP: Partial<Record<OrderStatus, Step>> = {
  new: { to: 'confirmed', mean: 25 * MIN, cancel: 0.04, office: false },
  confirmed: { to: 'in_fulfilment', mean: 90 * MIN, cancel: 0.02, office: false },
  in_fulfilment: { to: 'shipped', mean: 5 * HOUR, cancel: 0, office: false },
  shipped: { to: 'delivered', mean: 28 * HOUR, cancel: 0, office: false },
};

/** A won deal that never becomes an order (流程断点), and one whose order is entered only days later. */
const NEVER_ENTERED = 0.07;
const ENTERED_LATE = { p: 0.1, median: 3 * OFFICE_DAY, spread: 1.6 };

export interface OrderEvents {
  /** A shipment that will be late to arrive has left the warehouse. */
  lateShipment(order: Order): void;
  delivered(order: Order): void;
}

export interface OrderDesk {
  /** A deal was won: the order desk enters its Sales Order (most of the time, some quickly, some late). */
  wonDeal(deal: Deal): void;
}

/**
 * Orders: most come from won deals, entered by the order desk in office hours and linked to their deal; the rest
 * are online-shop orders (the ERP's retail customer) and reorders of business customers without a deal. Each is
 * then confirmed, fulfilled, shipped and delivered; a few are cancelled.
 */
export function simulateOrders(world: World, events: OrderEvents): OrderDesk {
  const { rng } = world;
  let serial = 100_000;

  const advance = (order: Order, steps: Partial<Record<OrderStatus, Step>>) => {
    const step = steps[order.status];
    if (!step) return;
    const stalled = step.stall !== undefined && rng.chance(step.stall.p);
    const wait = stalled ? rng.lognormal(step.stall!.median, step.stall!.spread) : world.duration(step.mean);
    const then = () => {
      order.status = rng.chance(step.cancel) ? 'cancelled' : step.to;
      order.updated_at = world.iso();
      order.history!.push({ status: order.status, at: order.updated_at });
      world.changed(order);
      if (order.status === 'delivered') events.delivered(order);
      advance(order, steps);
    };
    if (step.office) world.afterOffice(wait, then); else world.after(wait, then);
    // A parcel that will be late is known as it leaves: the customer may chase it before it arrives.
    if (stalled && step.to === 'delivered') events.lateShipment(order);
  };

  const open = (order: Order, steps: Partial<Record<OrderStatus, Step>>) => {
    world.changed(order);
    advance(order, steps);
  };

  const newOrder = (fields: Omit<Order, 'type' | 'id' | 'status' | 'created_at' | 'updated_at' | 'history'>): Order => {
    const at = world.iso();
    return { type: 'order', id: `SO${serial++}`, status: 'new', ...fields, created_at: at, updated_at: at, history: [{ status: 'new', at }] };
  };

  // Online-shop orders and reorders without a deal.
  const weighted = DEMO_CUSTOMERS.map((c) => [c, c.weight] as const);
  world.arrivals(22, () => {
    if (rng.chance(0.68)) {
      const region = rng.weighted(REGIONS);
      open(newOrder({
        amount: Math.round(rng.lognormal(6000, 2.2) * 100) / 100, currency: 'CNY', customer: RETAIL_CUSTOMER.short, account_id: RETAIL_CUSTOMER.key,
        department: 'marketing', region, channel: '电商', owner: rng.pick(repsOf(region)).name,
      }), SHOP);
      return;
    }
    const customer = rng.weighted(weighted);
    open(newOrder({
      amount: Math.round(rng.lognormal(15_000, 2) * 100) / 100, currency: 'CNY', customer: customer.short, account_id: customer.key,
      department: 'sales', region: customer.region, channel: '直销', owner: rng.pick(repsOf(customer.region)).name,
    }), B2B);
  });

  return {
    wonDeal(deal) {
      if (rng.chance(NEVER_ENTERED)) return;
      const late = rng.chance(ENTERED_LATE.p);
      const wait = late ? rng.lognormal(ENTERED_LATE.median, ENTERED_LATE.spread) : world.duration(2 * HOUR);
      world.afterOffice(wait, () => {
        open(newOrder({
          amount: deal.amount, currency: deal.currency ?? 'CNY', customer: deal.name?.split(' · ')[0], account_id: deal.account_id,
          department: 'sales', region: deal.region, channel: rng.chance(0.8) ? '直销' : '渠道', owner: deal.owner,
          links: [{ type: 'deal', id: deal.id }],
        }), B2B);
      });
    },
  };
}
