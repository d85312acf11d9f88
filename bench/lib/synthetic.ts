/**
 * Deterministic synthetic records shaped like the demo company's (server/demo): orders with
 * status histories, tickets with comments and status changes, deals with stage histories. Record `i` of a
 * kind is a pure function of (seed, kind, i, horizon), so a benchmark can seed millions of them in a
 * stream and later rebuild any one of them to change it, without keeping them in memory.
 */
import type { Deal, DealStage, Order, OrderStatus, Ticket, TicketEvent, TicketPriority, TicketStatus } from '../../server/model';
import { AGENTS, CUSTOMERS, PRODUCTS, REGIONS, SALES_REPS, TICKET_GROUPS, TICKET_SUBJECTS } from '../../server/demo/names';
import { Random } from '../../server/demo/random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SynthOptions {
  seed: number;
  /** The latest instant (epoch ms) any generated event may have; changes made later come after it. */
  horizon: number;
  /** Records are created uniformly over this many days before the horizon. */
  orderDays: number;
  ticketDays: number;
  dealDays: number;
  /** How many records of each kind there are: with `idOrder: 'created'` record i is created at about i/count of the span. */
  counts: { order: number; ticket: number; deal: number };
  /**
   * `created`: ids rise with creation time, as a vendor's sequential ids do (the store iterates by id, so the
   * engine sees records roughly oldest first). `random`: creation times independent of the id (UUID-like ids).
   */
  idOrder: 'created' | 'random';
}

export const DEFAULT_SYNTH = { seed: 20_260_301, orderDays: 30, ticketDays: 30, dealDays: 60, idOrder: 'created' } as const;

/** When record i of `count` was created: rising with i (plus jitter within its slot), or uniformly at random. */
function createdAt(rng: Random, i: number, count: number, days: number, o: SynthOptions): number {
  const share = o.idOrder === 'created' ? (i + rng.next()) / Math.max(1, count) : rng.next();
  return Math.round(o.horizon - (1 - share) * days * DAY);
}

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (i: number) => String(i).padStart(7, '0');
export const orderId = (i: number) => `SO${pad(i)}`;
export const ticketId = (i: number) => `T${pad(i)}`;
export const dealId = (i: number) => `D${pad(i)}`;

/** One generator per record: a 32-bit mix of seed, kind and index (murmur3's finaliser). */
export function rngFor(seed: number, kind: number, i: number): Random {
  let h = (Math.imul(i, 0x9e3779b1) ^ Math.imul(kind + 1, 0x85ebca6b) ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return new Random((h ^ (h >>> 16)) >>> 0);
}

const REPS_BY_REGION = new Map<string, string[]>(REGIONS.map(([region]) => [region, SALES_REPS.filter((r) => r.region === region).map((r) => r.name)]));
const ALL_REPS = SALES_REPS.map((r) => r.name);

/** Order stages as the demo runs them: mean time in a stage before the next, and the chance of a cancellation there. */
const ORDER_NEXT: Partial<Record<OrderStatus, { to: OrderStatus; mean: number; cancel: number }>> = {
  new: { to: 'confirmed', mean: 25 * MIN, cancel: 0.04 },
  confirmed: { to: 'in_fulfilment', mean: 90 * MIN, cancel: 0.02 },
  in_fulfilment: { to: 'shipped', mean: 5 * HOUR, cancel: 0 },
  shipped: { to: 'delivered', mean: 28 * HOUR, cancel: 0 },
};
export const ORDER_NEXT_STATUS = ORDER_NEXT;

export function orderAt(i: number, o: SynthOptions): Order {
  const rng = rngFor(o.seed, 1, i);
  const created = createdAt(rng, i, o.counts.order, o.orderDays, o);
  const region = rng.weighted(REGIONS);
  const direct = rng.chance(0.6);
  const reps = REPS_BY_REGION.get(region) ?? [];
  const amount = Math.round(rng.lognormal(6000, 2.2) * 100) / 100;
  const history: { status: OrderStatus; at: string }[] = [{ status: 'new', at: iso(created) }];
  let status: OrderStatus = 'new';
  let t = created;
  for (let step = ORDER_NEXT[status]; step; step = ORDER_NEXT[status]) {
    t += Math.max(1000, Math.round(rng.exp(step.mean)));
    if (t > o.horizon) break;
    status = rng.chance(step.cancel) ? 'cancelled' : step.to;
    history.push({ status, at: iso(t) });
  }
  return {
    type: 'order', id: orderId(i), status, amount, amount_reporting: amount, currency: 'CNY', // as the hub stores a CNY amount customer: rng.pick(CUSTOMERS),
    department: direct ? 'sales' : 'marketing', region, channel: direct ? rng.pick(['直销', '渠道']) : '电商',
    owner: reps.length > 0 ? rng.pick(reps) : rng.pick(ALL_REPS),
    created_at: iso(created), updated_at: history[history.length - 1]!.at, history,
  };
}

/** Typical first-reply target by priority (minutes), as in the demo. */
const REPLY_TARGET: Record<TicketPriority, number> = { urgent: 30, high: 60, normal: 240, low: 480 };
const CHANNELS = ['电话', '邮件', '在线客服', '微信'];

/**
 * A ticket's life as the demo lives it (reply, then solved at once or after waiting on the customer or a
 * third party, a few reopened, closed two days after solving), cut at the horizon. About 6 % are "stuck"
 * (never answered, or waiting for days), so that with the ones created in the last hours some 7 % are open.
 */
export function ticketAt(i: number, o: SynthOptions): Ticket {
  const rng = rngFor(o.seed, 2, i);
  const created = createdAt(rng, i, o.counts.ticket, o.ticketDays, o);
  const { group, department } = rng.weighted(TICKET_GROUPS.map((g) => [g, g.weight] as const));
  let priority: TicketPriority = group === 'VIP'
    ? rng.weighted([['urgent', 30], ['high', 50], ['normal', 20]] as const)
    : rng.weighted([['urgent', 6], ['high', 20], ['normal', 56], ['low', 18]] as const);
  const stuck = rng.chance(0.06);
  const events: TicketEvent[] = [{ at: iso(created), kind: 'comment', by: 'customer', public: true }];
  let status: TicketStatus = 'new';
  let assignee: string | undefined;
  let t = created;
  let last = created;
  const replyDelay = () => (rng.chance(0.83) ? rng.exp(REPLY_TARGET[priority] * MIN * 0.3) : rng.lognormal(REPLY_TARGET[priority] * MIN * 1.05, 1.5));
  /** Moves time on; false once past the horizon (the rest of the life has not happened yet). */
  const wait = (ms: number) => { t += Math.max(1000, Math.round(ms)); if (t > o.horizon) return false; last = t; return true; };
  const setStatus = (to: TicketStatus) => { status = to; events.push({ at: iso(t), kind: 'status', to }); };
  const comment = (by: 'customer' | 'agent') => events.push({ at: iso(t), kind: 'comment', by, public: true });

  // A few tickets are escalated 40 minutes after creation (an event of its own, sorted in below).
  if (priority !== 'urgent' && rng.chance(0.05) && created + 40 * MIN <= o.horizon) {
    priority = priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
    events.push({ at: iso(created + 40 * MIN), kind: 'priority', to: priority });
    last = Math.max(last, created + 40 * MIN);
  }
  life: {
    if (stuck && rng.chance(0.2)) break life; // never answered: the backlog
    if (!wait(replyDelay())) break life;
    assignee = rng.pick(AGENTS);
    comment('agent');
    setStatus('open');
    const path = rng.weighted([['solve', 45], ['pending', 40], ['on_hold', 15]] as const);
    if (path === 'solve') {
      if (stuck) break life; // answered, then left open
      if (!wait(rng.exp(3 * HOUR))) break life;
    } else {
      if (!wait(rng.exp(20 * MIN))) break life;
      setStatus(path);
      if (stuck) break life; // waits on the customer or a third party for days
      if (!wait(rng.exp(path === 'pending' ? 4 * HOUR : 6 * HOUR))) break life;
      if (path === 'pending') comment('customer');
      setStatus('open');
      if (!wait(replyDelay())) break life;
      comment('agent');
      if (!wait(rng.exp(90 * MIN))) break life;
    }
    comment('agent');
    setStatus('solved');
    if (rng.chance(0.04)) {
      if (!wait(rng.exp(8 * HOUR))) break life;
      comment('customer');
      setStatus('open');
      if (!wait(replyDelay())) break life;
      comment('agent');
      setStatus('solved');
    }
    if (!wait(rng.exp(48 * HOUR))) break life;
    setStatus('closed');
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    type: 'ticket', id: ticketId(i), subject: rng.pick(TICKET_SUBJECTS[group]!), priority, status, group, department,
    ...(assignee ? { assignee } : {}), customer: rng.pick(CUSTOMERS), channel: rng.pick(CHANNELS),
    created_at: iso(created), updated_at: iso(last), events,
  };
}

/** Deal stages as the demo runs them: next stage, mean time to the decision, chance of moving on (else lost). */
const DEAL_NEXT: Partial<Record<DealStage, { to: DealStage; mean: number; p: number }>> = {
  lead: { to: 'qualified', mean: 1.5 * DAY, p: 0.6 },
  qualified: { to: 'proposal', mean: 2.5 * DAY, p: 0.65 },
  proposal: { to: 'negotiation', mean: 3 * DAY, p: 0.6 },
  negotiation: { to: 'won', mean: 3 * DAY, p: 0.55 },
};
export const DEAL_NEXT_STAGE = DEAL_NEXT;

export function dealAt(i: number, o: SynthOptions): Deal {
  const rng = rngFor(o.seed, 3, i);
  const created = createdAt(rng, i, o.counts.deal, o.dealDays, o);
  const rep = rng.pick(SALES_REPS);
  const customer = rng.pick(CUSTOMERS);
  const history: { stage: DealStage; at: string }[] = [{ stage: 'lead', at: iso(created) }];
  let stage: DealStage = 'lead';
  let t = created;
  for (let step = DEAL_NEXT[stage]; step; step = DEAL_NEXT[stage]) {
    t += Math.max(1000, Math.round(rng.exp(step.mean)));
    if (t > o.horizon) break;
    stage = rng.chance(step.p) ? step.to : 'lost';
    history.push({ stage, at: iso(t) });
  }
  const closed = stage === 'won' || stage === 'lost';
  const updated = history[history.length - 1]!.at;
  const amount = Math.round(rng.lognormal(180_000, 2.3) / 100) * 100;
  return {
    type: 'deal', id: dealId(i), name: `${customer} · ${rng.pick(PRODUCTS)}`, stage,
    amount, amount_reporting: amount, currency: 'CNY', owner: rep.name, // as the hub stores a CNY amount
    department: rng.chance(0.85) ? 'sales' : 'marketing', region: rep.region, pipeline: 'default',
    created_at: iso(created), updated_at: updated, ...(closed ? { close_date: updated.slice(0, 10) } : {}), history,
  };
}

export const isOpenTicket = (t: Ticket) => t.status === 'new' || t.status === 'open' || t.status === 'pending' || t.status === 'on_hold';

/** A fixed-size uniform sample of a stream (Algorithm R), with its own generator. */
export class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  private readonly rng: Random;
  constructor(private readonly size: number, seed: number) { this.rng = new Random(seed); }
  offer(item: T): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(item);
    else { const j = Math.floor(this.rng.next() * this.seen); if (j < this.size) this.items[j] = item; }
  }
  get count(): number { return this.seen; }
}
