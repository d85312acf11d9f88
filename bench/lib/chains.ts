/**
 * Deterministic linked business chains for the engine-scale benchmark's flow section: a deal in the CRM, the order the
 * ERP made from it, and 0–3 after-sales tickets in the service desk on the order, each record in its own source with
 * that source's own account id and the link the demo's connectors read (server/config/demo.ts: ERPNext's Sales Order
 * carries the CRM deal id, a Zendesk ticket field the order number). Chain `i` is a pure function of (seed, i, horizon),
 * so a store of 100,000 chains is streamed, never held, and any one chain is rebuilt to change it.
 */
import type { Deal, DealStage, Order, OrderStatus, Ticket, TicketEvent, TicketPriority } from '../../server/model';
import { AGENTS, CUSTOMERS, PRODUCTS, REGIONS, SALES_REPS, TICKET_GROUPS, TICKET_SUBJECTS } from '../../server/demo/names';
import { Random } from '../../server/demo/random';
import { rngFor } from './synthetic';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Where each type lives, as in the demo: deals in Salesforce, orders in ERPNext, tickets in Zendesk. */
export const CHAIN_SOURCES = { deal: 'salesforce', order: 'erpnext', ticket: 'zendesk' } as const;

export interface ChainOptions {
  seed: number;
  /** The latest instant (epoch ms) any generated event may have; changes come after it. */
  horizon: number;
  /** How many chains; chain i's deal is decided at about i/count of the span (ids rise with time, as vendors' do). */
  count: number;
  /** Deals are decided uniformly over this many days before the horizon. */
  days: number;
}

export interface Chain { deal: Deal; order?: Order; tickets: Ticket[] }

const iso = (ms: number) => new Date(ms).toISOString();
const b36 = (i: number, width: number) => i.toString(36).toUpperCase().padStart(width, '0');
/** A Salesforce Opportunity id (prefix 006, 15 characters), an ERPNext Sales Order name, a Zendesk ticket id. */
export const chainDealId = (i: number) => `006${b36(i, 12)}`;
export const chainOrderId = (i: number) => `SAL-ORD-2026-${String(i).padStart(6, '0')}`;
export const chainTicketId = (i: number, j: number) => String(1_000_000 + i * 3 + j);

/** One customer's account as each vendor keys it: a Salesforce Account id, an ERPNext Customer name, a Zendesk organization id. */
export function chainAccounts(k: number) {
  return { deal: `001${b36(k, 12)}`, order: `CUST-${String(k).padStart(5, '0')}`, ticket: String(360_000_000 + k) };
}
/** The customer map's answer for an account of any of the three sources (the benchmark has no map of its own). */
export function customerOfAccount(source: string, id: string): string | undefined {
  if (source === CHAIN_SOURCES.deal && id.startsWith('001')) return `cust:${parseInt(id.slice(3), 36)}`;
  if (source === CHAIN_SOURCES.order && id.startsWith('CUST-')) return `cust:${Number(id.slice(5))}`;
  if (source === CHAIN_SOURCES.ticket) return `cust:${Number(id) - 360_000_000}`;
  return undefined;
}

const accountsFor = (o: ChainOptions) => Math.max(CUSTOMERS.length, Math.floor(o.count / 4));

export const isLiveOrder = (o: Order) => o.status === 'new' || o.status === 'confirmed' || o.status === 'in_fulfilment' || o.status === 'shipped';
export const isOpenChainTicket = (t: Ticket) => t.status !== 'closed' && t.status !== 'deleted';

/** The next status of a live order and the typical time to it (a few stall: the flow's stuck instances). */
export const ORDER_STEPS: Partial<Record<OrderStatus, { to: OrderStatus; mean: number; stall: number; cancel: number }>> = {
  new: { to: 'confirmed', mean: 2 * HOUR, stall: 0.1, cancel: 0.02 },
  confirmed: { to: 'in_fulfilment', mean: 90 * MIN, stall: 0, cancel: 0.01 },
  in_fulfilment: { to: 'shipped', mean: 8 * HOUR, stall: 0.1, cancel: 0 },
  shipped: { to: 'delivered', mean: 28 * HOUR, stall: 0.03, cancel: 0 },
};

/**
 * Chain i: 8 % of deals are still in negotiation (no order yet); the won ones get their order after a few hours
 * (some after days), 7 % never (a 流程断点); a shipped order gets 0–3 tickets (55 / 28 / 11 / 6 %), a fifth of them
 * passed between groups one to three times. Everything after the horizon has not happened yet.
 */
export function chainAt(i: number, o: ChainOptions): Chain {
  const rng = rngFor(o.seed, 11, i);
  const decided = Math.round(o.horizon - (1 - (i + rng.next()) / o.count) * o.days * DAY);
  const k = rng.int(0, accountsFor(o) - 1);
  const accounts = chainAccounts(k);
  const customer = CUSTOMERS[k % CUSTOMERS.length]!;
  const rep = rng.pick(SALES_REPS);
  const open = rng.chance(0.08);
  // Stages backwards from the decision: negotiation, proposal, qualified, lead.
  const times = [decided];
  for (const mean of [3 * DAY, 3 * DAY, 2.5 * DAY, 1.5 * DAY]) times.unshift(times[0]! - Math.max(MIN, Math.round(rng.exp(mean))));
  const stages: DealStage[] = ['lead', 'qualified', 'proposal', 'negotiation', 'won'];
  const kept = open ? 4 : 5;
  const history = stages.slice(0, kept).map((stage, s) => ({ stage, at: iso(times[s + (open ? 1 : 0)]!) }));
  const amount = Math.round(rng.lognormal(180_000, 2.3) / 100) * 100;
  const deal: Deal = {
    type: 'deal', id: chainDealId(i), account_id: accounts.deal, name: `${customer} · ${rng.pick(PRODUCTS)}`, stage: history.at(-1)!.stage,
    amount, amount_reporting: amount, currency: 'CNY', owner: rep.name, department: rng.chance(0.85) ? 'sales' : 'marketing',
    region: rep.region, pipeline: 'default', created_at: history[0]!.at, updated_at: history.at(-1)!.at,
    ...(open ? {} : { close_date: iso(decided).slice(0, 10) }), history,
  };
  const chain: Chain = { deal, tickets: [] };
  if (open || rng.chance(0.07)) return chain;
  const created = decided + Math.max(MIN, Math.round(rng.chance(0.8) ? rng.exp(3 * HOUR) : rng.lognormal(DAY, 1.5)));
  if (created > o.horizon) return chain;
  chain.order = orderFor(i, deal, created, rng, o.horizon);
  const shipped = chain.order.history!.find((h) => h.status === 'shipped');
  if (!shipped) return chain;
  const n = rng.weighted([[0, 55], [1, 28], [2, 11], [3, 6]] as const);
  for (let j = 0; j < n; j++) {
    const at = Date.parse(shipped.at) + Math.max(MIN, Math.round(rng.exp(2 * DAY)));
    if (at <= o.horizon) chain.tickets.push(ticketFor(chainTicketId(i, j), chain.order, accounts.ticket, at, rng, o.horizon));
  }
  return chain;
}

/** The order made from a won deal at `created`, its statuses walked up to the horizon. */
export function orderFor(i: number, deal: Deal, created: number, rng: Random, horizon: number): Order {
  const history: { status: OrderStatus; at: string }[] = [{ status: 'new', at: iso(created) }];
  let status: OrderStatus = 'new';
  let t = created;
  for (let step = ORDER_STEPS[status]; step; step = ORDER_STEPS[status]) {
    t += Math.max(1000, Math.round(rng.chance(step.stall) ? rng.lognormal(4 * step.mean, 2) : rng.exp(step.mean)));
    if (t > horizon) break;
    status = rng.chance(step.cancel) ? 'cancelled' : step.to;
    history.push({ status, at: iso(t) });
  }
  const k = deal.account_id ? parseInt(deal.account_id.slice(3), 36) : 0;
  const amount = Math.round((deal.amount * (0.9 + rng.next() * 0.2)) * 100) / 100;
  return {
    type: 'order', id: chainOrderId(i), account_id: chainAccounts(k).order, links: [{ type: 'deal', id: deal.id, source: CHAIN_SOURCES.deal }],
    status, amount, amount_reporting: amount, currency: 'CNY', customer: CUSTOMERS[k % CUSTOMERS.length]!,
    department: deal.department ?? 'sales', region: deal.region ?? rng.weighted(REGIONS), channel: '直销', owner: deal.owner ?? '王磊',
    created_at: iso(created), updated_at: history.at(-1)!.at, history,
  };
}

const REPLY_MEAN: Record<TicketPriority, number> = { urgent: 20 * MIN, high: 40 * MIN, normal: 2 * HOUR, low: 4 * HOUR };

/** An after-sales ticket on `order`, created at `created`: answered, maybe passed between groups, solved, closed. */
export function ticketFor(id: string, order: Order, account: string, created: number, rng: Random, horizon: number): Ticket {
  const first = rng.weighted(TICKET_GROUPS.map((g) => [g, g.weight] as const));
  let group: string = first.group;
  const priority = rng.weighted([['urgent', 6], ['high', 20], ['normal', 56], ['low', 18]] as const);
  const events: TicketEvent[] = [{ at: iso(created), kind: 'comment', by: 'customer', public: true }, { at: iso(created), kind: 'group', to: group }];
  let status: Ticket['status'] = 'new';
  let assignee: string | undefined;
  let t = created;
  const wait = (ms: number) => { t += Math.max(1000, Math.round(ms)); return t <= horizon; };
  life: {
    if (!wait(rng.exp(REPLY_MEAN[priority]))) break life;
    assignee = rng.pick(AGENTS);
    events.push({ at: iso(t), kind: 'comment', by: 'agent', public: true }, { at: iso(t), kind: 'status', to: 'open' });
    status = 'open';
    const passes = rng.chance(0.2) ? rng.int(1, 3) : 0;
    for (let p = 0; p < passes; p++) {
      if (!wait(rng.exp(2 * HOUR))) break life;
      group = rng.pick(TICKET_GROUPS.filter((g) => g.group !== group)).group;
      events.push({ at: iso(t), kind: 'group', to: group });
    }
    if (!wait(rng.exp(6 * HOUR))) break life;
    events.push({ at: iso(t), kind: 'comment', by: 'agent', public: true }, { at: iso(t), kind: 'status', to: 'solved' });
    status = 'solved';
    if (!wait(rng.exp(48 * HOUR))) break life;
    events.push({ at: iso(t), kind: 'status', to: 'closed' });
    status = 'closed';
  }
  const department = TICKET_GROUPS.find((g) => g.group === group)!.department;
  return {
    type: 'ticket', id, account_id: account, links: [{ type: 'order', id: order.id, source: CHAIN_SOURCES.order }],
    subject: rng.pick(TICKET_SUBJECTS[first.group]!), priority, status, group, department, ...(assignee ? { assignee } : {}),
    customer: order.customer, channel: '邮件', created_at: iso(created), updated_at: events.at(-1)!.at, events,
  };
}

export const CHAIN_KINDS = ['deal won', 'new order', 'order status', 'new ticket', 'ticket change', 'relink', 'delete'] as const;
export type ChainChangeKind = (typeof CHAIN_KINDS)[number];
export interface ChainChange { kind: ChainChangeKind; source: string; record: Deal | Order | Ticket }

/** What seeding saw, to draw changes from: chain indices (tickets as i × 3 + j), each a uniform sample. */
export interface ChainPools { openDeals: number[]; orderlessWon: number[]; liveOrders: number[]; openTickets: number[] }

/** A fixed rotation of ten: order status ×3, ticket change ×2, and one each of the others. */
const ROTATION: readonly ChainChangeKind[] = ['order status', 'new order', 'deal won', 'new ticket', 'ticket change', 'order status', 'ticket change', 'relink', 'order status', 'delete'];

/**
 * Makes change number `c` at instant `at` on the chains: a deal won (a new instance), the order for a won deal without
 * one, the next status of a live order, a new ticket on an order, a reply, status change or group pass on a ticket,
 * a ticket relinked to another chain's order, a tombstone (an order deleted in the ERP, or a ticket deleted). Changed
 * records are kept, so a record changed twice builds on its first change. Pools are drawn from and refilled.
 */
export function chainChangeMaker(o: ChainOptions, pools: ChainPools, seed: number) {
  const rng = new Random(seed);
  const modified = new Map<string, Deal | Order | Ticket>();
  const keyOf = (type: string, id: string) => `${type}/${id}`;
  const take = (pool: number[]): number | undefined => {
    if (pool.length === 0) return undefined;
    const j = Math.floor(rng.next() * pool.length);
    const v = pool[j]!;
    pool[j] = pool[pool.length - 1]!;
    pool.pop();
    return v;
  };
  const generated = (i: number): Chain | undefined => (i < o.count ? chainAt(i, o) : undefined);
  const dealOf = (i: number) => structuredClone((modified.get(keyOf('deal', chainDealId(i))) as Deal | undefined) ?? generated(i)?.deal);
  const orderOf = (i: number) => structuredClone((modified.get(keyOf('order', chainOrderId(i))) as Order | undefined) ?? generated(i)?.order);
  const ticketOf = (n: number) => {
    const id = n >= 9_000_000 ? String(n) : chainTicketId(Math.floor(n / 3), n % 3);
    return structuredClone((modified.get(keyOf('ticket', id)) as Ticket | undefined) ?? generated(Math.floor(n / 3))?.tickets[n % 3]);
  };
  /** A chain with an order that is not deleted (for a new ticket, or a relink target). */
  const someOrder = (): Order | undefined => {
    for (let tries = 0; tries < 30; tries++) {
      const i = Math.floor(rng.next() * o.count);
      const order = orderOf(i);
      if (order && !order.deleted) return order;
    }
    return undefined;
  };
  const openTicket = (): Ticket | undefined => {
    for (let tries = 0; tries < 20 && pools.openTickets.length > 0; tries++) {
      const n = pools.openTickets[Math.floor(rng.next() * pools.openTickets.length)]!;
      const ticket = ticketOf(n);
      if (ticket && isOpenChainTicket(ticket)) return ticket;
    }
    return undefined;
  };
  let newTickets = 9_000_000;

  function dealWon(c: number, at: string): ChainChange {
    let i = take(pools.openDeals);
    let deal = i === undefined ? undefined : dealOf(i);
    if (i === undefined || !deal) {
      // No open deal left: a new chain, its deal won now.
      i = o.count + c;
      const k = rng.int(0, accountsFor(o) - 1);
      deal = { type: 'deal', id: chainDealId(i), account_id: chainAccounts(k).deal, stage: 'negotiation', amount: 120_000, amount_reporting: 120_000,
        currency: 'CNY', owner: '王磊', department: 'sales', region: '华东', pipeline: 'default', created_at: at, updated_at: at, history: [] };
    }
    deal.stage = 'won';
    deal.updated_at = at;
    deal.close_date = at.slice(0, 10);
    deal.history = [...(deal.history ?? []), { stage: 'won', at }];
    pools.orderlessWon.push(i);
    return { kind: 'deal won', source: CHAIN_SOURCES.deal, record: deal };
  }

  function newOrder(c: number, at: string): ChainChange {
    for (let tries = 0; tries < 20; tries++) {
      const i = take(pools.orderlessWon);
      if (i === undefined) break;
      const deal = dealOf(i);
      if (!deal || orderOf(i)) continue;
      const order = orderFor(i, deal, Date.parse(at), rng, Date.parse(at)); // created now: status new
      pools.liveOrders.push(i);
      return { kind: 'new order', source: CHAIN_SOURCES.order, record: order };
    }
    return orderStatus(c, at);
  }

  function orderStatus(c: number, at: string): ChainChange {
    for (let tries = 0; tries < 20 && pools.liveOrders.length > 0; tries++) {
      const j = Math.floor(rng.next() * pools.liveOrders.length);
      const order = orderOf(pools.liveOrders[j]!);
      const step = order && !order.deleted ? ORDER_STEPS[order.status] : undefined;
      if (!order || !step) { pools.liveOrders[j] = pools.liveOrders[pools.liveOrders.length - 1]!; pools.liveOrders.pop(); continue; }
      order.status = rng.chance(step.cancel) ? 'cancelled' : step.to;
      order.updated_at = at;
      order.history = [...(order.history ?? []), { status: order.status, at }];
      return { kind: 'order status', source: CHAIN_SOURCES.order, record: order };
    }
    return newTicket(c, at);
  }

  function newTicket(c: number, at: string): ChainChange {
    const order = someOrder();
    if (!order) return dealWon(c, at);
    const k = order.account_id ? Number(order.account_id.slice(5)) : 0;
    const n = newTickets++;
    const ticket = ticketFor(String(n), order, chainAccounts(k).ticket, Date.parse(at), rng, Date.parse(at)); // created now: new
    pools.openTickets.push(n);
    return { kind: 'new ticket', source: CHAIN_SOURCES.ticket, record: ticket };
  }

  function ticketChange(c: number, at: string): ChainChange {
    const ticket = openTicket();
    if (!ticket) return newTicket(c, at);
    const events = [...(ticket.events ?? [])];
    const r = rng.next();
    if (ticket.status === 'new') {
      ticket.assignee ??= rng.pick(AGENTS);
      events.push({ at, kind: 'comment', by: 'agent', public: true }, { at, kind: 'status', to: 'open' });
      ticket.status = 'open';
    } else if (ticket.status === 'solved') {
      if (r < 0.7) { events.push({ at, kind: 'status', to: 'closed' }); ticket.status = 'closed'; } else {
        events.push({ at, kind: 'comment', by: 'customer', public: true }, { at, kind: 'status', to: 'open' });
        ticket.status = 'open';
      }
    } else if (r < 0.35) {
      // Passed to another group (踢皮球 when it happens again and again).
      const to = rng.pick(TICKET_GROUPS.filter((g) => g.group !== ticket.group));
      events.push({ at, kind: 'group', to: to.group });
      ticket.group = to.group;
      ticket.department = to.department;
    } else if (r < 0.7) {
      events.push({ at, kind: 'comment', by: 'agent', public: true }, { at, kind: 'status', to: 'solved' });
      ticket.status = 'solved';
    } else events.push({ at, kind: 'comment', by: r < 0.85 ? 'agent' : 'customer', public: true });
    ticket.events = events;
    ticket.updated_at = at;
    return { kind: 'ticket change', source: CHAIN_SOURCES.ticket, record: ticket };
  }

  /** An agent corrects the order number on a ticket: it moves to another chain. */
  function relink(c: number, at: string): ChainChange {
    const ticket = openTicket();
    const order = someOrder();
    if (!ticket || !order) return newTicket(c, at);
    ticket.links = [{ type: 'order', id: order.id, source: CHAIN_SOURCES.order }];
    ticket.updated_at = at;
    return { kind: 'relink', source: CHAIN_SOURCES.ticket, record: ticket };
  }

  function remove(c: number, at: string): ChainChange {
    if (c % 20 === 9) {
      // Every other delete: an order deleted in the ERP (its tickets stay, linked to an order that is gone).
      const i = take(pools.liveOrders);
      const order = i === undefined ? undefined : orderOf(i);
      if (order && !order.deleted) {
        order.deleted = true;
        order.updated_at = at;
        return { kind: 'delete', source: CHAIN_SOURCES.order, record: order };
      }
    }
    const ticket = openTicket();
    if (!ticket) return newTicket(c, at);
    ticket.status = 'deleted';
    ticket.updated_at = at;
    return { kind: 'delete', source: CHAIN_SOURCES.ticket, record: ticket };
  }

  const make: Record<ChainChangeKind, (c: number, at: string) => ChainChange> = {
    'deal won': dealWon, 'new order': newOrder, 'order status': orderStatus, 'new ticket': newTicket,
    'ticket change': ticketChange, relink, delete: remove,
  };
  return (c: number, at: string): ChainChange => {
    const change = make[ROTATION[c % ROTATION.length]!](c, at);
    modified.set(keyOf(change.record.type, change.record.id), change.record);
    return change;
  };
}
