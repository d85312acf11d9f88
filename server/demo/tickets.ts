import type { Order, Ticket, TicketPriority, TicketStatus } from '../model';
import type { World } from './world';
import { DEMO_CUSTOMERS, customerOf } from './customers';
import { AFTER_SALES, AGENTS, LATE_DELIVERY_SUBJECTS, PASSED_TO, TICKET_GROUPS, TICKET_SUBJECTS } from './names';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Typical first-reply target by priority (minutes); replies are drawn around it. */
const REPLY_TARGET: Record<TicketPriority, number> = { urgent: 30, high: 60, normal: 240, low: 480 };
const CHANNELS = ['电话', '邮件', '在线客服', '微信'];
/** The share of new tickets of each group that get passed on to another group (踢皮球)... */
const PASS_CHANCE: Record<string, number> = { L1: 0.07, L2: 0.08, 物流: 0.2, 账务: 0.18 };
/** ...and how many times such a ticket moves before a group keeps it. */
const PASSES = [[1, 45], [2, 20], [3, 20], [4, 10], [5, 5]] as const;
/** After-sales tickets per delivered order: business customers ask about installation and invoices, shop buyers seldom write. */
const AFTER_SALES_CHANCE = { business: 0.22, retail: 0.05 };

export interface ServiceDesk {
  /** An order was delivered: its customer may write about it. */
  afterDelivery(order: Order): void;
  /** A parcel will be late to arrive: its customer may chase it. */
  lateShipment(order: Order): void;
}

interface NewTicket { group: string; subject: string; accountKey?: string; links?: Ticket['links'] }

/**
 * Tickets: a customer writes; an agent replies (most quickly, some late enough to breach); then the ticket is solved
 * at once, or waits on the customer (pending) or on a third party (on_hold) first; a few are escalated in priority or
 * reopened; solved tickets close two days later. Some are passed between groups, a few several times, before one
 * keeps them; only then are they solved. Besides the tickets that come in through the day, customers write about
 * delivered orders and chase late parcels: those tickets link to their order.
 *
 * A ticket's `group` events are its group over time (the one it was created in, then one per pass); its `assignee`
 * events each agent it was given to, the first included.
 */
export function simulateTickets(world: World): ServiceDesk {
  const { rng } = world;
  let serial = 40_000;
  const departmentOf = (group: string) => TICKET_GROUPS.find((g) => g.group === group)?.department ?? 'service';
  /** Tickets still being passed around: nobody solves them until a group keeps them. */
  const passing = new Set<Ticket>();

  const touch = (t: Ticket) => { t.updated_at = world.iso(); world.changed(t); };
  const setStatus = (t: Ticket, to: TicketStatus) => { t.status = to; t.events!.push({ at: world.iso(), kind: 'status', to }); touch(t); };
  const comment = (t: Ticket, by: 'customer' | 'agent') => { t.events!.push({ at: world.iso(), kind: 'comment', by, public: true }); touch(t); };
  const assign = (t: Ticket, agent: string) => { t.assignee = agent; t.events!.push({ at: world.iso(), kind: 'assignee', to: agent }); };

  /** Most replies come well within target, sped up with the demo; about one in six comes late, in real time. */
  const replyDelay = (t: Ticket) => {
    const target = REPLY_TARGET[t.priority] * MIN;
    return rng.chance(0.83) ? world.duration(target * 0.3) : rng.lognormal(target * 1.05, 1.5);
  };

  const solve = (t: Ticket, mean: number): void => world.after(world.duration(mean), () => {
    if (passing.has(t)) return solve(t, mean);
    comment(t, 'agent');
    setStatus(t, 'solved');
    if (rng.chance(0.04)) {
      world.after(world.duration(8 * HOUR), () => { comment(t, 'customer'); setStatus(t, 'open'); reply(t, 'after-reopen'); });
    } else {
      world.after(world.duration(48 * HOUR), () => setStatus(t, 'closed'));
    }
  });

  const reply = (t: Ticket, phase: 'first' | 'after-wait' | 'after-reopen') => world.after(replyDelay(t), () => {
    if (t.assignee === undefined) assign(t, rng.pick(AGENTS));
    comment(t, 'agent');
    if (t.status === 'new') setStatus(t, 'open');
    if (phase !== 'first') return solve(t, 90 * MIN);
    const path = rng.weighted([['solve', 45], ['pending', 40], ['on_hold', 15]] as const);
    if (path === 'solve') return solve(t, 3 * HOUR);
    world.after(world.duration(20 * MIN), () => {
      setStatus(t, path);
      world.after(world.duration(path === 'pending' ? 4 * HOUR : 6 * HOUR), () => {
        if (path === 'pending') comment(t, 'customer');
        setStatus(t, 'open');
        reply(t, 'after-wait');
      });
    });
  });

  /** Passes the ticket on `left` more times: mostly back to the group it came from, sometimes on to a third. */
  const pass = (t: Ticket, from: string | undefined, left: number): void => world.after(world.duration(from ? 90 * MIN : 45 * MIN), () => {
    if (t.status === 'solved' || t.status === 'closed') { passing.delete(t); return; }
    const current = t.group!;
    const to = from && rng.chance(0.7) ? from : rng.pick((PASSED_TO[current] ?? ['L1']).filter((g) => g !== current));
    t.group = to;
    t.department = departmentOf(to);
    t.events!.push({ at: world.iso(), kind: 'group', to });
    assign(t, rng.pick(AGENTS.filter((a) => a !== t.assignee)));
    touch(t);
    if (left > 1) pass(t, current, left - 1); else passing.delete(t);
  });

  const open = ({ group, subject, accountKey, links }: NewTicket) => {
    const priority = group === 'VIP'
      ? rng.weighted([['urgent', 30], ['high', 50], ['normal', 20]] as const)
      : rng.weighted([['urgent', 6], ['high', 20], ['normal', 56], ['low', 18]] as const);
    const customer = customerOf(accountKey);
    const at = world.iso();
    const ticket: Ticket = {
      type: 'ticket', id: String(serial++), subject, priority, status: 'new', group, department: departmentOf(group),
      ...(customer ? { customer: customer.short, account_id: customer.key } : {}),
      ...(links ? { links } : {}),
      channel: rng.pick(CHANNELS), created_at: at, updated_at: at,
      events: [{ at, kind: 'priority', to: priority }, { at, kind: 'group', to: group }, { at, kind: 'comment', by: 'customer', public: true }],
    };
    world.changed(ticket);
    reply(ticket, 'first');
    if (priority !== 'urgent' && rng.chance(0.05)) {
      world.after(world.duration(40 * MIN), () => {
        if (ticket.status === 'solved' || ticket.status === 'closed') return;
        ticket.priority = priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
        ticket.events!.push({ at: world.iso(), kind: 'priority', to: ticket.priority });
        touch(ticket);
      });
    }
    if (rng.chance(PASS_CHANCE[group] ?? 0)) {
      passing.add(ticket);
      pass(ticket, undefined, rng.weighted(PASSES));
    }
  };

  // Tickets through the day: most from the business customers, some from people who are in no organisation.
  const weighted = DEMO_CUSTOMERS.map((c) => [c, c.weight] as const);
  world.arrivals(150, () => {
    const { group } = rng.weighted(TICKET_GROUPS.map((g) => [g, g.weight] as const));
    const customer = rng.chance(0.88) ? rng.weighted(weighted) : undefined;
    open({ group, subject: rng.pick(TICKET_SUBJECTS[group]!), accountKey: customer?.key });
  });

  const about = (order: Order): Pick<NewTicket, 'accountKey' | 'links'> => ({ accountKey: order.account_id, links: [{ type: 'order', id: order.id }] });
  return {
    afterDelivery(order) {
      const business = customerOf(order.account_id) !== undefined;
      if (!rng.chance(business ? AFTER_SALES_CHANCE.business : AFTER_SALES_CHANCE.retail)) return;
      world.after(world.duration(30 * HOUR), () => {
        const topic = rng.weighted(AFTER_SALES.map((a) => [a, a.weight] as const));
        open({ group: topic.group, subject: rng.pick(topic.subjects), ...about(order) });
      });
    },
    lateShipment(order) {
      if (!rng.chance(0.5)) return;
      // The parcel is late in real time, and so is the customer's patience.
      world.after(rng.lognormal(1.5 * DAY, 1.4), () => {
        if (order.status === 'shipped') open({ group: '物流', subject: rng.pick(LATE_DELIVERY_SUBJECTS), ...about(order) });
      });
    },
  };
}
