import { z } from 'zod';
import { SLA_METRICS } from '../../protocol';
import { TICKET_PRIORITIES, type SourcedRecord, type Ticket } from '../../model';
import type { SlaInstance } from '../../sla';
import type { SlaQueueItem } from '../../protocol';
import { ALL_TIME, WindowedGroups } from '../windowed-groups';
import { SortedList } from '../sorted-list';
import { windowRange, windowSchema } from '../windows';
import { matchesFilters, ticketFilters } from '../filters';
import { defineMetric, type Aggregator, type MetricContext } from '../types';
import { breakdownOf, windowedAggregator } from './windowed';

const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
const openParams = z.object(ticketFilters).strict();
const isOpenMatch = (r: SourcedRecord, filters: object): r is SourcedRecord & Ticket =>
  r.type === 'ticket' && OPEN.has(r.status) && matchesFilters(r, filters);

export const ticketsByPriority = defineMetric({
  id: 'tickets.by_priority', title: '工单优先级 / Open tickets by priority', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'The open tickets of tickets.open, counted by current priority (urgent, high, normal, low).',
  params: openParams,
  create: (params, ctx) => windowedAggregator(ctx, 'all',
    (r) => (isOpenMatch(r, params) ? { t: 0, group: r.priority } : undefined),
    (g) => breakdownOf(g, TICKET_PRIORITIES)),
});

/**
 * One entry per SLA instance (ticket × metric × cycle). A ticket's instances are replaced whole on each
 * evaluation; `replace` calls back for each current instance and with `undefined` for each that went. Only
 * the instances the callback kept (it says so) are remembered: a million finished tickets whose clocks lie
 * before every window cost nothing here.
 */
class InstanceEntries {
  private readonly byTicket = new Map<string, string[]>();
  replace(ticket: string, instances: readonly SlaInstance[], put: (id: string, inst: SlaInstance | undefined) => boolean): void {
    const ids = instances.map((i) => [ticket, i.metric, i.cycle].join('#')); // flat strings: a template makes ropes
    for (const old of this.byTicket.get(ticket) ?? []) if (!ids.includes(old)) put(old, undefined);
    const kept = ids.filter((id, i) => put(id, instances[i]!));
    if (kept.length > 0) this.byTicket.set(ticket, kept);
    else this.byTicket.delete(ticket);
  }

  /** An instance the window dropped for good. */
  forget(id: string): void {
    const ticket = id.slice(0, id.indexOf('#'));
    const left = this.byTicket.get(ticket)?.filter((i) => i !== id);
    if (left?.length) this.byTicket.set(ticket, left);
    else this.byTicket.delete(ticket);
  }
}

const slaMetricParam = z.enum(SLA_METRICS).optional();
const summaryParams = z.object({ window: windowSchema.default('today'), metric: slaMetricParam, ...ticketFilters }).strict();

/**
 * Live clocks by health (all time) and finished clocks by outcome (windowed by fulfilment time). One entry
 * per ticket × SLA metric, so a ticket's entries are replaced whenever its instances are re-evaluated.
 */
function slaSummaryAggregator(params: z.infer<typeof summaryParams>, ctx: MetricContext): Aggregator {
  const { window, metric, ...filters } = params;
  const live = new WindowedGroups(ALL_TIME, ctx.now);
  const perTicket = new InstanceEntries();
  const finished = new WindowedGroups((now) => windowRange(window, now, ctx.timezone), ctx.now, (id) => perTicket.forget(id));
  return {
    apply(input) {
      if (input.kind !== 'sla') return;
      const { key, ticket, instances } = input.sla;
      const relevant = matchesFilters(ticket, filters) ? instances.filter((i) => !metric || i.metric === metric) : [];
      perTicket.replace(key, relevant, (id, inst) => {
        const isLive = inst && (inst.clock === 'running' || inst.clock === 'paused');
        const inLive = live.set(id, isLive ? 0 : undefined, inst?.health);
        const done = inst?.clock === 'stopped' && inst.fulfilled_at ? Date.parse(inst.fulfilled_at) : undefined;
        return finished.set(id, done, inst?.outcome) || inLive;
      });
    },
    advance(now) { finished.advance(now); },
    value() {
      const met = finished.total('current', 'met').count;
      const missed = finished.total('current', 'missed').count;
      const at = (h: string) => live.total('current', h).count;
      return { kind: 'sla-summary', running: live.sum().count, at_risk: at('at_risk'), breached: at('breached'), met, missed,
        compliance: met + missed === 0 ? null : Math.round((met / (met + missed)) * 1000) / 10 };
    },
  };
}

export const ticketsSlaSummary = defineMetric({
  id: 'tickets.sla.summary', title: 'SLA 概览 / SLA summary', unit: 'clocks', entity: 'ticket', input: 'sla',
  description: 'SLA clocks (one per ticket, SLA metric and cycle; or only those of `metric`): `running` = clocks still live (running '
    + 'or paused) now, of which `at_risk` have passed their warning point and `breached` their due time; `met` and '
    + '`missed` = clocks that stopped within the window, by whether they stopped at or before the due time; '
    + '`compliance` = met / (met + missed) in percent, null when none stopped.',
  details: `**Health is one value per clock**, so the live counts do not overlap: \`at_risk\` counts the running clocks
past their warning point but not yet past their due time; a clock past its due time counts in \`breached\` only, not in
\`at_risk\` too. \`running\` counts every live clock, running or paused, whatever its health: ok, at risk and breached
alike. A paused clock is never at risk (its due time is unknown while paused); one paused after its due time stays
breached. A clock that stopped late is \`missed\`, not \`breached\`.

Example, \`metric=resolution\`, due 240 min after creation with a warning at 180: tickets open for 200 and 250 min,
and one pending since its 100th minute (its clock paused) give \`running\` 3, \`at_risk\` 1 (the 200-minute one),
\`breached\` 1 (the 250-minute one); the paused clock counts in \`running\` only. Ok clocks are running − at_risk −
breached: here 1.`,
  params: summaryParams,
  create: slaSummaryAggregator,
});

const queueParams = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10), metric: slaMetricParam, ...ticketFilters }).strict();

export const ticketsSlaQueue = defineMetric({
  id: 'tickets.sla.queue', title: 'SLA 队列 / Next to breach', unit: 'tickets', entity: 'ticket', input: 'sla',
  description: 'Live SLA clocks ordered by due time, earliest first (so breached clocks lead), then paused clocks '
    + 'by least time left; the first `limit` of them, and `total` = all live clocks that match.',
  params: queueParams,
  create(params) {
    const { limit, metric, ...filters } = params;
    const queue = new SortedQueue();
    const perTicket = new InstanceEntries();
    return {
      apply(input) {
        if (input.kind !== 'sla') return;
        const { key, ticket, instances } = input.sla;
        const wanted = matchesFilters(ticket, filters)
          ? instances.filter((i) => (i.clock === 'running' || i.clock === 'paused') && (!metric || metric === i.metric)) : [];
        perTicket.replace(key, wanted, (id, inst) => {
          if (!inst) { queue.delete(id); return false; }
          queue.set(id, { ticket_id: ticket.id, subject: ticket.subject, priority: ticket.priority, group: ticket.group,
            assignee: ticket.assignee, metric: inst.metric, due_at: inst.due_at ?? '', health: inst.health,
            clock: inst.clock as 'running' | 'paused', ...(inst.clock === 'paused' ? { remaining_s: inst.business_remaining_s } : {}),
            ...(inst.vendor_due_at ? { vendor_due_at: inst.vendor_due_at, vendor_disagrees: inst.vendor_disagrees ?? false } : {}) });
          return true;
        });
      },
      advance() {},
      value: () => ({ kind: 'sla-queue', items: queue.first(limit), total: queue.size }),
    };
  },
});

interface QueueEntry { id: string; due: number; left: number; item: SlaQueueItem }

/** Running clocks by due time (so breached ones lead), then paused ones by time left, then by ticket id. */
function queueOrder(a: QueueEntry, b: QueueEntry): number {
  if (a.due !== b.due) return a.due < b.due ? -1 : 1;
  if (a.left !== b.left) return a.left - b.left;
  if (a.item.ticket_id !== b.item.ticket_id) return a.item.ticket_id < b.item.ticket_id ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Queue items kept in `queueOrder`. Each item's rank is computed once when it is set; a change costs a
 * search and a move within one bucket of a SortedList, and the head of the queue is read from its front.
 */
class SortedQueue {
  private readonly order = new SortedList(queueOrder);
  private readonly byId = new Map<string, QueueEntry>();

  get size(): number { return this.order.size; }

  set(id: string, item: SlaQueueItem): void {
    const due = item.clock === 'running' ? Date.parse(item.due_at) : Infinity;
    const left = item.remaining_s ?? 0;
    const same = this.byId.get(id);
    // Re-evaluated but still in the same place (most clocks of a changed ticket): no moves at all.
    if (same && same.due === due && same.left === left && same.item.ticket_id === item.ticket_id) { same.item = item; return; }
    this.delete(id);
    const entry = { id, due, left, item };
    this.byId.set(id, entry);
    this.order.add(entry);
  }

  delete(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    this.order.delete(entry);
  }

  first(n: number): SlaQueueItem[] { return this.order.first(n).map((e) => e.item); }
}

// tickets.open is a definition file (server/catalogue/builtin/).
export const ticketMetrics = [ticketsByPriority, ticketsSlaSummary, ticketsSlaQueue];
