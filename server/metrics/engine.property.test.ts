import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { DEAL_STAGES, ORDER_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, type SourcedRecord, type Ticket, type TicketEvent } from '../model';
import type { MetricRef } from '../protocol';
import { builtinMetrics } from '../catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import { createEngine, MetricError } from './engine';

// Property: every catalogue metric computed incrementally by one long-lived engine (ingest, tick, collect)
// equals the value a FRESH engine computes at that instant when seeded from the same current records
// (its `replay`). Streams mix new orders, tickets and deals, status / stage / priority changes, comments,
// re-deliveries and clock advances of up to three days, in Asia/Shanghai and in Europe/Berlin across DST.

const MINUTE = 60_000;
type Source = 's1' | 's2';

interface Scenario { zone: string; start: number; calendar: unknown }
const NINE_TO_SIX = [['09:00', '18:00']];
const week = { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: [['10:00', '12:00']] };
const SCENARIOS: Scenario[] = [
  // Thu 2025-03-06 10:00 local; a make-up Sunday on 03-09 and a holiday on 03-10.
  { zone: 'Asia/Shanghai', start: Date.parse('2025-03-06T02:00:00Z'), calendar: { id: 'biz', timezone: 'Asia/Shanghai', weekly: week,
    holidays: [{ from: '2025-03-10' }], overrides: [{ date: '2025-03-09', intervals: [['09:00', '18:00']] }] } },
  // Fri 2025-03-28 11:00 CET, two days before the spring change; the short Sunday has night hours in the gap.
  { zone: 'Europe/Berlin', start: Date.parse('2025-03-28T10:00:00Z'), calendar: { id: 'biz', timezone: 'Europe/Berlin', weekly: week,
    overrides: [{ date: '2025-03-30', intervals: [['01:00', '04:00'], ['10:00', '24:00']] }] } },
  // Fri 2025-10-24 12:00 CEST, two days before the autumn change; month end on the way.
  { zone: 'Europe/Berlin', start: Date.parse('2025-10-24T10:00:00Z'), calendar: { id: 'biz', timezone: 'Europe/Berlin', weekly: week,
    overrides: [{ date: '2025-10-26', intervals: [['02:00', '03:00'], ['09:00', '17:00']] }], holidays: [{ month_day: '10-31', recurring: true }] } },
];

/**
 * VIP tickets run on the business calendar; the rest on calendar hours. Targets short enough to pass within a stream.
 * Parsed once per scenario: the business-hours clock of a calendar object is cached, which keeps the runs fast.
 */
const parsed = new Map<Scenario, ReturnType<typeof parseSla>>();
function slaOf(s: Scenario) {
  let sla = parsed.get(s);
  if (!sla) parsed.set(s, (sla = parseSla(s)));
  return sla;
}
function parseSla(s: Scenario) {
  return parseConfig({ timezone: s.zone, sla: { calendars: [s.calendar], policies: [
    { id: 'vip', position: 1, calendar: 'biz', match: { all: [{ field: 'group', op: 'is', value: 'VIP' }] }, metrics: [
      { metric: 'first_reply_time', targets: { urgent: { minutes: 30, hours: 'calendar' }, '*': { minutes: 60 } }, warn: { elapsed_pct: [50, 75], before_minutes: 10 } },
      { metric: 'next_reply_time', targets: { '*': { minutes: 30 } } },
      { metric: 'resolution', targets: { '*': { minutes: 240 } }, on_reopen: 'new_cycle' },
      { metric: 'pausable_update', targets: { urgent: { minutes: 60 }, '*': { minutes: 120 } }, on_priority_change: 'restart_at_change' },
    ] },
    { id: 'std', position: 10, metrics: [
      { metric: 'first_reply_time', targets: { urgent: { minutes: 15 }, high: { minutes: 60 }, normal: { minutes: 240 }, low: { minutes: 480 } } },
      { metric: 'resolution', targets: { '*': { minutes: 1440 } }, pause_statuses: ['pending'] },
      { metric: 'agent_work_time', targets: { '*': { minutes: 600 } }, on_reopen: 'resume' },
      { metric: 'requester_wait_time', targets: { '*': { minutes: 900 } }, on_reopen: 'ignore' },
      { metric: 'total_resolution_time', targets: { '*': { minutes: 2880 } } },
      { metric: 'periodic_update', targets: { '*': { minutes: 90 } } },
    ] },
  ] } }).sla;
}

function engineFor(s: Scenario, replay: () => Iterable<SourcedRecord>) {
  const { policies, calendars } = slaOf(s);
  return createEngine({ timezone: s.zone, policies, calendars, catalogue: BUILTINS, replay,
    freshness: () => ({ asOf: null, stale: false }) });
}

/** Every catalogue metric with its default params, plus a spread of windows and filters where the metric takes them. */
const EXTRA_PARAMS: Record<string, Record<string, string | number>[]> = {
  'orders.count': [{ window: '24h' }, { window: 'today@08:00', status: 'delivered' }],
  'orders.amount': [{ window: 'mtd', department: 'sales' }, { window: 'today@02:30' }],
  'orders.flow': [{ window: '24h', region: 'north' }],
  'tickets.open': [{ group: 'VIP' }],
  'tickets.sla.summary': [{ window: '7d', metric: 'first_reply_time' }, { window: '24h', group: 'VIP' }],
  'tickets.sla.queue': [{ limit: 3, metric: 'pausable_update' }],
  'deals.funnel': [{ window: 'today' }],
  'deals.won_amount': [{ window: '7d' }],
  'deals.pipeline_value': [{ weighted: 'true' }],
};
function refsFor(resolve: (ref: MetricRef) => unknown): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const def of BUILTINS) {
    for (const params of [{}, ...(EXTRA_PARAMS[def.id] ?? [])]) {
      const ref = { id: def.id, params };
      try { resolve(ref); refs.push(ref); } catch (err) { if (!(err instanceof MetricError)) throw err; }
    }
  }
  return refs;
}

type Op =
  | { kind: 'order'; slot: number; source: Source; ageMin: number; amount: number; status: (typeof ORDER_STATUSES)[number]; department: string; region: string }
  | { kind: 'order-status'; pick: number; status: (typeof ORDER_STATUSES)[number] }
  | { kind: 'ticket'; slot: number; source: Source; ageMin: number; priority: Ticket['priority']; group: string; department: string; initialEvent: boolean }
  | { kind: 'ticket-event'; pick: number; lagSeconds: number; event: 'customer' | 'agent' | 'note' | Ticket['status'] | `priority:${Ticket['priority']}` }
  | { kind: 'deal'; slot: number; source: Source; ageMin: number; amount: number; stage: (typeof DEAL_STAGES)[number]; owner: string; region: string }
  | { kind: 'deal-stage'; pick: number; stage: (typeof DEAL_STAGES)[number] }
  | { kind: 'redeliver'; pick: number }
  | { kind: 'advance'; minutes: number };

const slot = fc.integer({ min: 0, max: 5 });
const pick = fc.nat({ max: 1000 });
const source = fc.constantFrom<Source>('s1', 's2');
const age = fc.integer({ min: 0, max: 3 * 24 * 60 }); // created up to three days before now
const cents = fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('order' as const), slot, source, ageMin: age, amount: cents,
    status: fc.constantFrom(...ORDER_STATUSES), department: fc.constantFrom('sales', 'service'), region: fc.constantFrom('north', 'south') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('order-status' as const), pick, status: fc.constantFrom(...ORDER_STATUSES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ticket' as const), slot, source, ageMin: fc.integer({ min: 0, max: 2 * 24 * 60 }),
    priority: fc.constantFrom(...TICKET_PRIORITIES), group: fc.constantFrom('VIP', 'L1'), department: fc.constantFrom('sales', 'service'),
    initialEvent: fc.boolean() }) }, // with or without the creation-time priority in its history
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ticket-event' as const), pick,
    // 0: the change is pushed as it happens; otherwise it is delivered late, as by a polled source.
    lagSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7200 })),
    event: fc.constantFrom('customer', 'agent', 'note', ...TICKET_STATUSES, ...TICKET_PRIORITIES.map((p) => `priority:${p}` as const)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deal' as const), slot, source, ageMin: age, amount: cents,
    stage: fc.constantFrom(...DEAL_STAGES), owner: fc.constantFrom('li', 'wang'), region: fc.constantFrom('north', 'south') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deal-stage' as const), pick, stage: fc.constantFrom(...DEAL_STAGES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const),
    minutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3 * 24 * 60 })) }) },
);

const recordKey = (r: SourcedRecord) => `${r.source}/${r.type}/${r.id}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** The record an op produces from the current set, or undefined when it applies to nothing (or is only time). */
function apply(o: Op, records: Map<string, SourcedRecord>, now: number): SourcedRecord | undefined {
  const ofType = (type: SourcedRecord['type']) => [...records.values()].filter((r) => r.type === type);
  const at = iso(now);
  switch (o.kind) {
    case 'order': {
      const created = iso(now - o.ageMin * MINUTE);
      return { type: 'order', source: o.source, id: `o${o.slot}`, status: o.status, amount: o.amount, department: o.department, region: o.region,
        created_at: created, updated_at: at, history: [{ status: o.status, at: created }] };
    }
    case 'order-status': {
      const list = ofType('order');
      const r = list[o.pick % Math.max(1, list.length)];
      if (r?.type !== 'order') return undefined;
      return { ...r, status: o.status, updated_at: at, history: [...(r.history ?? []), { status: o.status, at }] };
    }
    case 'ticket': {
      const created = iso(now - o.ageMin * MINUTE);
      return { type: 'ticket', source: o.source, id: `t${o.slot}`, priority: o.priority, status: 'new', group: o.group, department: o.department,
        subject: `ticket ${o.slot}`, created_at: created, updated_at: at, events: o.initialEvent ? [{ at: created, kind: 'priority', to: o.priority }] : [] };
    }
    case 'ticket-event': {
      const list = ofType('ticket');
      const r = list[o.pick % Math.max(1, list.length)];
      if (r?.type !== 'ticket') return undefined;
      // The event happened lagSeconds ago, but not before the ticket's last event (or its creation).
      const last = Math.max(Date.parse(r.created_at), ...(r.events ?? []).map((e) => Date.parse(e.at)));
      const eventAt = iso(Math.max(last, now - o.lagSeconds * 1000));
      let event: TicketEvent;
      let change: Partial<Ticket> = {};
      if (o.event === 'customer') event = { at: eventAt, kind: 'comment', by: 'customer', public: true };
      else if (o.event === 'agent') event = { at: eventAt, kind: 'comment', by: 'agent', public: true };
      else if (o.event === 'note') event = { at: eventAt, kind: 'comment', by: 'agent', public: false };
      else if (o.event.startsWith('priority:')) {
        const to = o.event.slice('priority:'.length) as Ticket['priority'];
        event = { at: eventAt, kind: 'priority', to };
        change = { priority: to };
      } else {
        const to = o.event as Ticket['status'];
        event = { at: eventAt, kind: 'status', to };
        change = { status: to };
      }
      return { ...r, ...change, updated_at: iso(now), events: [...(r.events ?? []), event] };
    }
    case 'deal': {
      const created = iso(now - o.ageMin * MINUTE);
      return { type: 'deal', source: o.source, id: `d${o.slot}`, stage: o.stage, amount: o.amount, owner: o.owner, region: o.region,
        created_at: created, updated_at: at, history: [{ stage: o.stage, at: created }] };
    }
    case 'deal-stage': {
      const list = ofType('deal');
      const r = list[o.pick % Math.max(1, list.length)];
      if (r?.type !== 'deal') return undefined;
      return { ...r, stage: o.stage, updated_at: at, history: [...(r.history ?? []), { stage: o.stage, at }] };
    }
    case 'redeliver': {
      const list = [...records.values()];
      return list[o.pick % Math.max(1, list.length)];
    }
    case 'advance': return undefined;
  }
}

/** Runs a stream on a live engine; after every step compares each key with a fresh engine seeded from the same records. */
function checkStream(scenario: Scenario, ops: readonly Op[]): void {
  const records = new Map<string, SourcedRecord>();
  let now = scenario.start;
  const live = engineFor(scenario, () => []); // starts with an empty store
  const refs = refsFor((ref) => live.resolve(ref));
  const keys = new Set(live.ensure(refs, now));
  live.collect(now);
  ops.forEach((o, step) => {
    if (o.kind === 'advance') {
      now += o.minutes * MINUTE;
      live.tick(now);
    } else {
      const record = apply(o, records, now);
      if (record) {
        records.set(recordKey(record), record);
        live.ingest([record], now);
      }
    }
    live.collect(now);

    const fresh = engineFor(scenario, () => [...records.values()]);
    fresh.ensure(refs, now);
    const expected = new Map(fresh.collect(now).map((v) => [v.key, v.value]));
    for (const key of keys) {
      expect(live.current(key)?.value, `${key} at ${iso(now)} after step ${step} ${JSON.stringify(o)}`).toEqual(expected.get(key));
    }
  });
}

const SHANGHAI = SCENARIOS[0]!;
/** A priority change pushed at the instant it happens, on a clock that restarts at a change (pausable_update, VIP). */
const RESTART_AT_NOW: Op[] = [
  { kind: 'ticket', slot: 0, source: 's1', ageMin: 0, priority: 'urgent', group: 'VIP', department: 'sales', initialEvent: true },
  { kind: 'advance', minutes: 1 },
  { kind: 'ticket-event', pick: 0, lagSeconds: 0, event: 'priority:high' },
  { kind: 'advance', minutes: 1 },
];
/** Weighted pipeline amounts with half cents: 3989.70 × 0.5, then × 0.1 = 398.97, beside 1900.55 × 0.1 = 190.055. */
const HALF_CENTS: Op[] = [
  { kind: 'deal', slot: 0, source: 's1', ageMin: 0, amount: 3989.7, stage: 'proposal', owner: 'li', region: 'north' },
  { kind: 'deal', slot: 0, source: 's2', ageMin: 0, amount: 1900.55, stage: 'lead', owner: 'li', region: 'north' },
  { kind: 'deal-stage', pick: 0, stage: 'lead' },
];

describe('metrics engine property: incremental values equal a from-scratch computation', () => {
  it('after every step of a random stream of record changes and clock advances', () => {
    fc.assert(fc.property(fc.constantFrom(...SCENARIOS), fc.array(op, { minLength: 1, maxLength: 12 }), checkStream),
      { numRuns: 40, examples: [[SHANGHAI, RESTART_AT_NOW], [SHANGHAI, HALF_CENTS]] });
  }, 60_000); // a few seconds; the margin is for slow machines and for shrinking a failure
});

describe('metrics engine: the streams the property found, worked by hand', () => {
  it('restart_at_change: a priority change ingested at the instant it happened restarts the clock at once', () => {
    // Thu 2025-03-06 10:00 local (02:00Z): VIP ticket t0, urgent. 10:01 (02:01Z): priority → high, pushed at once.
    // pausable_update restarts at a change: cycle 1 (urgent) is cancelled at 10:01 and cycle 2 starts there
    // with the high target ('*' = 120 business min): 10:01 + 2 h = 12:01 local = 04:01Z (Thursday 09:00–18:00 open).
    const created = Date.parse('2025-03-06T02:00:00Z');
    const change = created + MINUTE;
    const t0: SourcedRecord = { type: 'ticket', source: 's1', id: 't0', priority: 'urgent', status: 'new', group: 'VIP',
      created_at: iso(created), updated_at: iso(created), events: [{ at: iso(created), kind: 'priority', to: 'urgent' }] };
    const changed: SourcedRecord = { ...t0, priority: 'high', updated_at: iso(change),
      events: [{ at: iso(created), kind: 'priority', to: 'urgent' }, { at: iso(change), kind: 'priority', to: 'high' }] };
    const live = engineFor(SHANGHAI, () => []);
    const [key] = live.ensure([{ id: 'tickets.sla.queue', params: { metric: 'pausable_update' } }], created);
    live.ingest([t0], created);
    live.collect(created);
    live.ingest([changed], change);
    live.collect(change);
    const queueAt = (value: unknown) => (value as { items: { due_at: string; metric: string }[]; total: number });
    expect(queueAt(live.current(key!)?.value).items).toMatchObject([{ ticket_id: 't0', metric: 'pausable_update', due_at: '2025-03-06T04:01:00.000Z', clock: 'running' }]);
    // one minute later, with nothing new, the live engine still agrees with a fresh one
    live.tick(change + MINUTE);
    live.collect(change + MINUTE);
    const fresh = engineFor(SHANGHAI, () => [changed]);
    fresh.ensure([{ id: 'tickets.sla.queue', params: { metric: 'pausable_update' } }], change + MINUTE);
    const [expected] = fresh.collect(change + MINUTE);
    expect(queueAt(expected?.value).items).toMatchObject([{ due_at: '2025-03-06T04:01:00.000Z' }]);
    expect(live.current(key!)?.value).toEqual(expected?.value);
  });

  it('deals.pipeline_value weighted: the same deals give the same value whatever the order of their changes', () => {
    // Now: s1/d0 lead 3989.70 → 398.97; s2/d0 lead 1900.55 → 190.055. Exact sum 589.025.
    const now = SHANGHAI.start;
    const at = iso(now);
    const d1: SourcedRecord = { type: 'deal', source: 's1', id: 'd0', stage: 'proposal', amount: 3989.7, created_at: at, updated_at: at };
    const d2: SourcedRecord = { type: 'deal', source: 's2', id: 'd0', stage: 'lead', amount: 1900.55, created_at: at, updated_at: at };
    const d1Lead: SourcedRecord = { ...d1, stage: 'lead' };
    const ref = { id: 'deals.pipeline_value', params: { weighted: 'true' } };
    const live = engineFor(SHANGHAI, () => []);
    const [key] = live.ensure([ref], now);
    live.ingest([d1, d2, d1Lead], now);
    live.collect(now);
    const fresh = engineFor(SHANGHAI, () => [d1Lead, d2]);
    fresh.ensure([ref], now);
    const [expected] = fresh.collect(now);
    const value = (v: unknown) => (v as { value: number }).value;
    expect(Math.abs(value(expected?.value) - 589.025)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(value(live.current(key!)?.value) - 589.025)).toBeLessThanOrEqual(0.005);
    expect(live.current(key!)?.value).toEqual(expected?.value); // one definition of the number, however it was reached
  });
});
