import type { Ticket, TicketPriority, TicketStatus } from '../model';
import type { World } from './world';
import { AGENTS, CUSTOMERS, TICKET_GROUPS, TICKET_SUBJECTS } from './names';

const MIN = 60_000;
/** Typical first-reply target by priority (minutes); replies are drawn around it. */
const REPLY_TARGET: Record<TicketPriority, number> = { urgent: 30, high: 60, normal: 240, low: 480 };

/**
 * Tickets: a customer writes; an agent replies (most quickly, some late enough to breach); then the
 * ticket is solved at once, or waits on the customer (pending) or on a third party (on_hold) first;
 * a few are escalated in priority or reopened; solved tickets close two days later.
 */
export function simulateTickets(world: World): void {
  const { rng } = world;
  let serial = 40_000;

  const touch = (t: Ticket) => { t.updated_at = world.iso(); world.changed(t); };
  const setStatus = (t: Ticket, to: TicketStatus) => { t.status = to; t.events!.push({ at: world.iso(), kind: 'status', to }); touch(t); };
  const comment = (t: Ticket, by: 'customer' | 'agent') => { t.events!.push({ at: world.iso(), kind: 'comment', by, public: true }); touch(t); };

  /** Most replies come well within target, sped up with the demo; about one in six comes late, in real time. */
  const replyDelay = (t: Ticket) => {
    const target = REPLY_TARGET[t.priority] * MIN;
    return rng.chance(0.83) ? world.duration(target * 0.3) : rng.lognormal(target * 1.05, 1.5);
  };

  const solve = (t: Ticket, mean: number) => world.after(world.duration(mean), () => {
    comment(t, 'agent');
    setStatus(t, 'solved');
    if (rng.chance(0.04)) {
      world.after(world.duration(8 * 60 * MIN), () => { comment(t, 'customer'); setStatus(t, 'open'); reply(t, 'after-reopen'); });
    } else {
      world.after(world.duration(48 * 60 * MIN), () => setStatus(t, 'closed'));
    }
  });

  const reply = (t: Ticket, phase: 'first' | 'after-wait' | 'after-reopen') => world.after(replyDelay(t), () => {
    t.assignee ??= rng.pick(AGENTS);
    comment(t, 'agent');
    if (t.status === 'new') setStatus(t, 'open');
    if (phase !== 'first') return solve(t, 90 * MIN);
    const path = rng.weighted([['solve', 45], ['pending', 40], ['on_hold', 15]] as const);
    if (path === 'solve') return solve(t, 3 * 60 * MIN);
    world.after(world.duration(20 * MIN), () => {
      setStatus(t, path);
      world.after(world.duration(path === 'pending' ? 4 * 60 * MIN : 6 * 60 * MIN), () => {
        if (path === 'pending') comment(t, 'customer');
        setStatus(t, 'open');
        reply(t, 'after-wait');
      });
    });
  });

  world.arrivals(180, () => {
    const { group, department } = rng.weighted(TICKET_GROUPS.map((g) => [g, g.weight] as const));
    const priority = group === 'VIP'
      ? rng.weighted([['urgent', 30], ['high', 50], ['normal', 20]] as const)
      : rng.weighted([['urgent', 6], ['high', 20], ['normal', 56], ['low', 18]] as const);
    const at = world.iso();
    const ticket: Ticket = {
      type: 'ticket', id: String(serial++), subject: rng.pick(TICKET_SUBJECTS[group]!), priority, status: 'new',
      group, department, customer: rng.pick(CUSTOMERS), channel: rng.pick(['电话', '邮件', '在线客服', '微信']),
      created_at: at, updated_at: at,
      events: [{ at, kind: 'priority', to: priority }, { at, kind: 'comment', by: 'customer', public: true }],
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
  });
}
