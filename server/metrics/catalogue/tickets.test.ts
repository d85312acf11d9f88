import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import type { SourcedRecord, Ticket, TicketEvent } from '../../model';
import type { MetricPayload } from '../../protocol';
import { evaluateTicket } from '../../sla';
import type { MetricDefinition } from '../types';
import { builtinMetrics } from '../../catalogue';
import { ticketsByPriority, ticketsSlaQueue, ticketsSlaSummary } from './tickets';

// tickets.open is a shipped definition file now: these hand-worked values hold for it as they did for the code.
const ticketsOpen = builtinMetrics().find((m) => m.id === 'tickets.open') as unknown as MetricDefinition<Record<string, unknown>>;

// now = 2025-03-10 12:30 Shanghai (04:30Z); today since 03-09T16:00Z.
// Every ticket: first reply 60 min (warn at 45), resolution 240 min (warn at 180), pending/on_hold pause resolution.
const NOW = Date.parse('2025-03-10T04:30:00Z');
const CTX = { timezone: 'Asia/Shanghai', now: NOW };
const POLICIES = parseConfig({ sla: { policies: [{ id: 'all', metrics: [
  { metric: 'first_reply_time', targets: { '*': { minutes: 60 } } },
  { metric: 'resolution', targets: { '*': { minutes: 240 } } },
] }] } }).sla.policies;

const reply = (at: string): TicketEvent => ({ at, kind: 'comment', by: 'agent', public: true });
const to = (at: string, status: Ticket['status']): TicketEvent => ({ at, kind: 'status', to: status });
function ticket(id: string, created: string, priority: Ticket['priority'], events: TicketEvent[], group = 'L1'): SourcedRecord & Ticket {
  const statuses = events.filter((e) => e.kind === 'status');
  return { type: 'ticket', id, priority, group, status: statuses.at(-1)?.to ?? 'new', created_at: created,
    updated_at: events.at(-1)?.at ?? created, events, source: 's' };
}

const TICKETS = [
  // k1: no reply after 50 min → first reply at risk (≥ 45); due 04:40Z; resolution due 07:40Z
  ticket('k1', '2025-03-10T03:40:00.000Z', 'urgent', []),
  // k2: no reply after 70 min → first reply breached (due 04:20Z); resolution due 07:20Z
  ticket('k2', '2025-03-10T03:20:00.000Z', 'high', [], 'L2'),
  // k3: replied after 40 min → met today; resolution running, due 07:00Z
  ticket('k3', '2025-03-10T03:00:00.000Z', 'normal', [reply('2025-03-10T03:40:00.000Z'), to('2025-03-10T03:40:00.000Z', 'open')]),
  // k4: replied after 90 min → missed today; solved after 150 min → resolution met today
  ticket('k4', '2025-03-10T01:00:00.000Z', 'low', [reply('2025-03-10T02:30:00.000Z'), to('2025-03-10T03:30:00.000Z', 'solved')]),
  // k5: both met, but yesterday (outside today)
  ticket('k5', '2025-03-09T10:00:00.000Z', 'normal', [reply('2025-03-09T10:30:00.000Z'), to('2025-03-09T13:00:00.000Z', 'solved')]),
  // k6: replied after 20 min → met today; pending since 00:30Z → resolution paused with 240 − 30 = 210 min left
  ticket('k6', '2025-03-10T00:00:00.000Z', 'normal', [reply('2025-03-10T00:20:00.000Z'), to('2025-03-10T00:30:00.000Z', 'pending')]),
  // k7: deleted → both clocks cancelled, counted nowhere
  ticket('k7', '2025-03-09T12:00:00.000Z', 'normal', [to('2025-03-09T13:00:00.000Z', 'deleted')]),
];

function valueOf<P>(def: MetricDefinition<P>, rawParams: Record<string, unknown>, tickets: (SourcedRecord & Ticket)[] = TICKETS): MetricPayload {
  const agg = def.create(def.params.parse(rawParams), CTX);
  for (const t of tickets) {
    const key = `s/ticket/${t.id}`;
    if (def.input === 'record') agg.apply({ kind: 'record', key, record: t });
    else agg.apply({ kind: 'sla', sla: { key, ticket: t, instances: evaluateTicket(t, POLICIES, NOW) } });
  }
  return agg.value(NOW);
}

describe('tickets.open and tickets.by_priority', () => {
  it('counts new, open, pending and on_hold tickets; previous is null', () => {
    expect(valueOf(ticketsOpen, {})).toEqual({ kind: 'scalar', value: 4, previous: null }); // k1 k2 k3 k6
    expect(valueOf(ticketsOpen, { priority: 'normal' })).toEqual({ kind: 'scalar', value: 2, previous: null }); // k3 k6
    expect(valueOf(ticketsOpen, { group: 'L2' })).toEqual({ kind: 'scalar', value: 1, previous: null }); // k2
  });
  it('breaks the open tickets down by priority, in priority order', () => {
    expect(valueOf(ticketsByPriority, {})).toEqual({ kind: 'breakdown', items: [
      { key: 'urgent', value: 1, amount: 0 }, { key: 'high', value: 1, amount: 0 },
      { key: 'normal', value: 2, amount: 0 }, { key: 'low', value: 0, amount: 0 },
    ] });
  });
});

describe('tickets.sla.summary', () => {
  it('live clocks by health, clocks stopped today by outcome', () => {
    // live: k1 ×2, k2 ×2, k3 resolution, k6 resolution (paused) = 6; at risk k1 first reply; breached k2 first reply
    // met today: k3 first reply, k4 resolution, k6 first reply = 3; missed: k4 first reply = 1 → 3/4 = 75 %
    expect(valueOf(ticketsSlaSummary, {})).toEqual({ kind: 'sla-summary', running: 6, at_risk: 1, breached: 1, met: 3, missed: 1, compliance: 75 });
  });
  it('at_risk leaves breached clocks out; running counts every live clock, paused ones too', () => {
    // k2's first reply clock (70 min: past its warning at 45 and its due time at 60) counts in breached only, not at_risk.
    // k6's resolution clock is paused: in running, in neither at_risk nor breached.
    // live: k2 first reply (breached), k2 resolution (ok, due 07:20Z), k6 resolution (paused) = 3; stopped today: k6 first reply met.
    expect(valueOf(ticketsSlaSummary, {}, [TICKETS[1]!, TICKETS[5]!]))
      .toEqual({ kind: 'sla-summary', running: 3, at_risk: 0, breached: 1, met: 1, missed: 0, compliance: 100 });
  });
  it('one SLA metric only', () => {
    // first reply: live k1, k2; met k3, k6; missed k4 → 2/3 = 66.67 → 66.7
    expect(valueOf(ticketsSlaSummary, { metric: 'first_reply_time' }))
      .toEqual({ kind: 'sla-summary', running: 2, at_risk: 1, breached: 1, met: 2, missed: 1, compliance: 66.7 });
  });
  it('filters by group; compliance is null when nothing stopped', () => {
    expect(valueOf(ticketsSlaSummary, { group: 'L2' }))
      .toEqual({ kind: 'sla-summary', running: 2, at_risk: 0, breached: 1, met: 0, missed: 0, compliance: null });
  });
  it('a 7-day window also counts yesterday\'s stops', () => {
    // + k5 first reply and resolution met → met 5, missed 1 → 5/6 = 83.33 → 83.3
    expect(valueOf(ticketsSlaSummary, { window: '7d' }))
      .toEqual({ kind: 'sla-summary', running: 6, at_risk: 1, breached: 1, met: 5, missed: 1, compliance: 83.3 });
  });
  it('a re-evaluated ticket replaces its earlier instances', () => {
    const answered = ticket('k1', '2025-03-10T03:40:00.000Z', 'urgent', [reply('2025-03-10T04:00:00.000Z')]);
    // k1's first reply is now met (20 min): live 5, at risk 0, met 4, missed 1 → 80 %
    expect(valueOf(ticketsSlaSummary, {}, [...TICKETS, answered]))
      .toEqual({ kind: 'sla-summary', running: 5, at_risk: 0, breached: 1, met: 4, missed: 1, compliance: 80 });
  });
});

describe('tickets.sla.queue', () => {
  const brief = (v: MetricPayload) => {
    if (v.kind !== 'sla-queue') throw new Error(`expected sla-queue, got ${v.kind}`);
    return { total: v.total, items: v.items.map((i) => [i.ticket_id, i.metric, i.clock, i.health, i.due_at, i.remaining_s]) };
  };
  it('orders live clocks by due time, earliest (breached) first, limited', () => {
    expect(brief(valueOf(ticketsSlaQueue, { limit: 3 }))).toEqual({ total: 6, items: [
      ['k2', 'first_reply_time', 'running', 'breached', '2025-03-10T04:20:00.000Z', undefined],
      ['k1', 'first_reply_time', 'running', 'at_risk', '2025-03-10T04:40:00.000Z', undefined],
      ['k3', 'resolution', 'running', 'ok', '2025-03-10T07:00:00.000Z', undefined],
    ] });
  });
  it('puts paused clocks last with the time they have left', () => {
    expect(brief(valueOf(ticketsSlaQueue, { metric: 'resolution' }))).toEqual({ total: 4, items: [
      ['k3', 'resolution', 'running', 'ok', '2025-03-10T07:00:00.000Z', undefined],
      ['k2', 'resolution', 'running', 'ok', '2025-03-10T07:20:00.000Z', undefined],
      ['k1', 'resolution', 'running', 'ok', '2025-03-10T07:40:00.000Z', undefined],
      ['k6', 'resolution', 'paused', 'ok', '', 12_600], // 210 min
    ] });
  });
});
