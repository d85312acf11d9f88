import { z } from 'zod';
import { SLA_METRICS } from '../../protocol/sla';
import { TICKET_PRIORITIES, type SourcedRecord, type Ticket } from '../../model';
import type { SlaInstance } from '../../sla';
import type { SlaQueueItem } from '../../protocol';
import { ALL_TIME, WindowedGroups } from '../windowed-groups';
import { windowRange, windowSchema } from '../windows';
import { matchesFilters, ticketFilters } from '../filters';
import { defineMetric, type Aggregator, type MetricContext } from '../types';
import { breakdownOf, scalarOf, windowedAggregator } from './windowed';

const OPEN = new Set(['new', 'open', 'pending', 'on_hold']);
const openParams = z.object(ticketFilters).strict();
const isOpenMatch = (r: SourcedRecord, filters: object): r is SourcedRecord & Ticket =>
  r.type === 'ticket' && OPEN.has(r.status) && matchesFilters(r, filters);

export const ticketsOpen = defineMetric({
  id: 'tickets.open', title: '未结工单 / Open tickets', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Tickets whose current status is new, open, pending or on_hold (not solved, closed or deleted), '
    + 'matching the filters. A state, not a window: `previous` is null.',
  params: openParams,
  create: (params, ctx) => windowedAggregator(ctx, 'all', (r) => (isOpenMatch(r, params) ? { t: 0 } : undefined),
    (g) => scalarOf(g, 'count', false)),
});

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
 * evaluation; `replace` calls back for each current instance and with `undefined` for each that went.
 */
class InstanceEntries {
  private readonly byTicket = new Map<string, string[]>();
  replace(ticket: string, instances: readonly SlaInstance[], put: (id: string, inst: SlaInstance | undefined) => void): void {
    const ids = instances.map((i) => `${ticket}#${i.metric}#${i.cycle}`);
    for (const old of this.byTicket.get(ticket) ?? []) if (!ids.includes(old)) put(old, undefined);
    instances.forEach((inst, i) => put(ids[i]!, inst));
    if (ids.length > 0) this.byTicket.set(ticket, ids);
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
  const finished = new WindowedGroups((now) => windowRange(window, now, ctx.timezone), ctx.now);
  const perTicket = new InstanceEntries();
  return {
    apply(input) {
      if (input.kind !== 'sla') return;
      const { key, ticket, instances } = input.sla;
      const relevant = matchesFilters(ticket, filters) ? instances.filter((i) => !metric || i.metric === metric) : [];
      perTicket.replace(key, relevant, (id, inst) => {
        const isLive = inst && (inst.clock === 'running' || inst.clock === 'paused');
        live.set(id, isLive ? 0 : undefined, inst?.health);
        const done = inst?.clock === 'stopped' && inst.fulfilled_at ? Date.parse(inst.fulfilled_at) : undefined;
        finished.set(id, done, inst?.outcome);
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
    const items = new Map<string, SlaQueueItem>();
    const perTicket = new InstanceEntries();
    let sorted: SlaQueueItem[] | undefined; // kept until the items change: the clock alone does not reorder them
    const dueOf = (i: SlaQueueItem) => (i.clock === 'running' ? Date.parse(i.due_at) : Infinity);
    return {
      apply(input) {
        if (input.kind !== 'sla') return;
        const { key, ticket, instances } = input.sla;
        const wanted = matchesFilters(ticket, filters)
          ? instances.filter((i) => (i.clock === 'running' || i.clock === 'paused') && (!metric || metric === i.metric)) : [];
        perTicket.replace(key, wanted, (id, inst) => {
          sorted = undefined;
          if (!inst) { items.delete(id); return; }
          items.set(id, { ticket_id: ticket.id, subject: ticket.subject, priority: ticket.priority, group: ticket.group,
            assignee: ticket.assignee, metric: inst.metric, due_at: inst.due_at ?? '', health: inst.health,
            clock: inst.clock as 'running' | 'paused', ...(inst.clock === 'paused' ? { remaining_s: inst.business_remaining_s } : {}) });
        });
      },
      advance() {},
      value() {
        sorted ??= [...items.values()].sort((a, b) => dueOf(a) - dueOf(b)
          || (a.remaining_s ?? 0) - (b.remaining_s ?? 0) || a.ticket_id.localeCompare(b.ticket_id));
        return { kind: 'sla-queue', items: sorted.slice(0, limit), total: items.size };
      },
    };
  },
});

export const ticketMetrics = [ticketsOpen, ticketsByPriority, ticketsSlaSummary, ticketsSlaQueue];
