import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { SlaPolicyConfig } from './config';
import type { Ticket, TicketEvent } from '../model';
import { evaluateTicket, selectPolicy } from './ticket';
import type { SlaInstance } from './types';

// Calendar hours only. T0 = Mon 2025-03-10 02:00:00Z; times below are minutes after T0.
const T0 = Date.parse('2025-03-10T02:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const iso = (minutes: number) => new Date(at(minutes)).toISOString();

const policies = (raw: unknown[]): SlaPolicyConfig[] => parseConfig({ sla: { policies: raw } }).sla.policies;

const STANDARD = {
  id: 'std', position: 10,
  metrics: [
    { metric: 'first_reply_time', targets: { urgent: { minutes: 30 }, high: { minutes: 60 }, normal: { minutes: 240 } } },
    { metric: 'resolution', targets: { urgent: { minutes: 240 }, high: { minutes: 480 }, normal: { minutes: 1440 }, low: { minutes: 2880 } } },
  ],
};
const VIP = {
  id: 'vip', position: 1, match: { all: [{ field: 'group', op: 'is', value: 'VIP' }] },
  metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 15 } } }],
};
// Listed out of position order on purpose: position, not list order, decides.
const POLICIES = policies([STANDARD, VIP]);

const status = (minutes: number, to: Ticket['status']): TicketEvent => ({ at: iso(minutes), kind: 'status', to });
const reply = (minutes: number, isPublic = true): TicketEvent => ({ at: iso(minutes), kind: 'comment', by: 'agent', public: isPublic });
const priority = (minutes: number, to: Ticket['priority']): TicketEvent => ({ at: iso(minutes), kind: 'priority', to });

/** A ticket created at T0; its status is the last status event's, its updated_at the last event's. */
function ticket(events: TicketEvent[] = [], over: Partial<Ticket> = {}): Ticket {
  const statuses = events.filter((e) => e.kind === 'status');
  const last = events.map((e) => Date.parse(e.at)).reduce((a, b) => Math.max(a, b), T0);
  return {
    type: 'ticket', id: 't1', priority: 'normal', group: 'L1', status: statuses.at(-1)?.to ?? 'new',
    created_at: iso(0), updated_at: new Date(last).toISOString(), events, ...over,
  };
}

function instance(list: SlaInstance[], metric: SlaInstance['metric']): SlaInstance {
  const found = list.find((i) => i.metric === metric);
  if (!found) throw new Error(`no ${metric} instance in ${JSON.stringify(list)}`);
  return found;
}

describe('evaluateTicket: targets and due times', () => {
  it('a new normal ticket gets both clocks, due after their own targets', () => {
    const list = evaluateTicket(ticket(), POLICIES, at(60));
    expect(list.map((i) => i.metric).sort()).toEqual(['first_reply_time', 'resolution']);
    expect(instance(list, 'first_reply_time').due_at).toBe(iso(240)); // normal: 240 min
    expect(instance(list, 'resolution').due_at).toBe('2025-03-11T02:00:00.000Z'); // 1440 min = one day
    expect(instance(list, 'first_reply_time').business_elapsed_s).toBe(3600);
  });

  it('a priority without a target (and no "*") has no instance for that metric', () => {
    const list = evaluateTicket(ticket([], { priority: 'low' }), POLICIES, at(10));
    expect(list.map((i) => i.metric)).toEqual(['resolution']);
    expect(list[0]!.due_at).toBe(iso(2880)); // low resolution: 2880 min
  });

  it('"*" covers the priorities not listed', () => {
    const list = evaluateTicket(ticket([], { priority: 'low', group: 'VIP' }), POLICIES, at(5));
    expect(list).toHaveLength(1);
    expect(instance(list, 'first_reply_time').due_at).toBe(iso(15));
  });
});

describe('evaluateTicket: first reply', () => {
  it('a public agent reply exactly at the due second is met', () => {
    const fr = instance(evaluateTicket(ticket([reply(240)]), POLICIES, at(300)), 'first_reply_time');
    expect(fr.clock).toBe('stopped');
    expect(fr.outcome).toBe('met');
    expect(fr.fulfilled_at).toBe(iso(240));
  });

  it('a reply one second late is missed', () => {
    const late: TicketEvent = { at: new Date(at(240) + 1000).toISOString(), kind: 'comment', by: 'agent', public: true };
    const fr = instance(evaluateTicket(ticket([late]), POLICIES, at(300)), 'first_reply_time');
    expect(fr.outcome).toBe('missed');
    expect(fr.breached_at).toBe(iso(240));
  });

  it('customer comments and private agent notes do not stop it', () => {
    const events: TicketEvent[] = [{ at: iso(10), kind: 'comment', by: 'customer', public: true }, reply(20, false)];
    const fr = instance(evaluateTicket(ticket(events), POLICIES, at(30)), 'first_reply_time');
    expect(fr.clock).toBe('running');
    expect(fr.business_elapsed_s).toBe(1800);
  });

  it('a solve before any reply fulfils it at the solve', () => {
    const fr = instance(evaluateTicket(ticket([status(50, 'solved'), reply(100)]), POLICIES, at(200)), 'first_reply_time');
    expect(fr.fulfilled_at).toBe(iso(50));
    expect(fr.outcome).toBe('met');
  });

  it('is not paused by pending (no pause statuses by default) while resolution is', () => {
    const list = evaluateTicket(ticket([status(60, 'pending'), status(180, 'open')]), POLICIES, at(200));
    const fr = instance(list, 'first_reply_time');
    expect(fr.business_elapsed_s).toBe(12_000); // 200 min
    expect(fr.health).toBe('at_risk'); // warn at 75 % of 240 = 180 min ≤ 200
  });
});

describe('evaluateTicket: resolution pauses and reopen', () => {
  it('pending 60 → 180 min shifts the due time by two hours', () => {
    const res = instance(evaluateTicket(ticket([status(60, 'pending'), status(180, 'open')]), POLICIES, at(200)), 'resolution');
    expect(res.business_elapsed_s).toBe(4800); // 60 + (200 − 180) = 80 min
    expect(res.due_at).toBe(iso(1560)); // 1440 + 120 paused = 2025-03-11T04:00Z
    expect(res.due_at).toBe('2025-03-11T04:00:00.000Z');
  });

  it('on_hold pauses too (default pending, on_hold), and the ticket is paused now', () => {
    const res = instance(evaluateTicket(ticket([status(30, 'on_hold')]), POLICIES, at(90)), 'resolution');
    expect(res.clock).toBe('paused');
    expect(res.business_elapsed_s).toBe(1800);
    expect(res.business_remaining_s).toBe(84_600); // 1440·60 − 1800
  });

  it('pause_statuses overrides the default', () => {
    const onlyHold = policies([{ id: 'p', metrics: [{ metric: 'resolution', targets: { '*': { minutes: 600 } }, pause_statuses: ['on_hold'] }] }]);
    const res = instance(evaluateTicket(ticket([status(30, 'pending')]), onlyHold, at(90)), 'resolution');
    expect(res.clock).toBe('running');
    expect(res.business_elapsed_s).toBe(5400); // pending does not pause: 90 min
  });

  it('a pause status that is also a solved span is not taken out twice', () => {
    // pause_statuses may name any status; with "solved" listed, the solved span 60 → 120 is one pause, not two.
    const withSolved = policies([{ id: 'p', metrics: [{ metric: 'resolution', targets: { '*': { minutes: 600 } }, pause_statuses: ['pending', 'solved'] }] }]);
    const res = instance(evaluateTicket(ticket([status(60, 'solved'), status(120, 'open')]), withSolved, at(180)), 'resolution');
    expect(res.business_elapsed_s).toBe(7200); // 60 before + 60 after = 120 min
    expect(res.due_at).toBe(iso(660)); // 600 + 60 paused
  });

  it('without status history, the current status is taken to hold since updated_at', () => {
    const t = ticket([], { status: 'pending', updated_at: iso(60) });
    const res = instance(evaluateTicket(t, POLICIES, at(100)), 'resolution');
    expect(res.clock).toBe('paused');
    expect(res.business_elapsed_s).toBe(3600);
  });

  it('reopen resumes: time spent solved does not count', () => {
    const res = instance(evaluateTicket(ticket([status(60, 'solved'), status(180, 'open')]), POLICIES, at(240)), 'resolution');
    expect(res.clock).toBe('running');
    expect(res.business_elapsed_s).toBe(7200); // 60 before the solve + 60 after the reopen
    expect(res.due_at).toBe(iso(1560)); // 1440 + 120 solved
  });

  it('stops at the final solve; solved → closed is one solve', () => {
    const events = [status(60, 'solved'), status(180, 'open'), status(300, 'solved'), status(400, 'closed')];
    const list = evaluateTicket(ticket(events), POLICIES, at(2000));
    const res = instance(list, 'resolution');
    expect(res.clock).toBe('stopped');
    expect(res.fulfilled_at).toBe(iso(300));
    expect(res.business_elapsed_s).toBe(10_800); // 60 + (300 − 180) = 180 min
    expect(res.outcome).toBe('met');
    expect(instance(list, 'first_reply_time').fulfilled_at).toBe(iso(60)); // the first solve
  });

  it('a late final solve is missed and breached at the due time', () => {
    const t = ticket([status(300, 'solved')], { priority: 'urgent' });
    const res = instance(evaluateTicket(t, POLICIES, at(400)), 'resolution');
    expect(res.outcome).toBe('missed'); // urgent: 240 min; solved at 300
    expect(res.breached_at).toBe(iso(240));
  });
});

describe('evaluateTicket: priority changes (retarget_from_start)', () => {
  it('raising the priority applies the shorter target from the start and can breach at once', () => {
    const t = ticket([priority(60, 'urgent')], { priority: 'urgent' });
    const list = evaluateTicket(t, POLICIES, at(61));
    const fr = instance(list, 'first_reply_time');
    expect(fr.due_at).toBe(iso(30)); // urgent: 30 min from creation
    expect(fr.health).toBe('breached');
    expect(fr.breached_at).toBe(iso(30));
    expect(instance(list, 'resolution').due_at).toBe(iso(240));
  });

  it('lowering the priority before any breach: ok, never breached', () => {
    const t = ticket([priority(0, 'urgent'), priority(20, 'normal')], { priority: 'normal' });
    const fr = instance(evaluateTicket(t, POLICIES, at(60)), 'first_reply_time');
    expect(fr.health).toBe('ok'); // normal: due 240, warn 180
    expect(fr.ever_breached).toBe(false);
  });

  it('lowering the priority after a breach: health back to ok, ever_breached stays true (§2.4, decision 2)', () => {
    // Urgent from creation: due at 30 min, so the clock was breached from 30 to 45 min, when normal (240) applied.
    const t = ticket([priority(0, 'urgent'), priority(45, 'normal')], { priority: 'normal' });
    const fr = instance(evaluateTicket(t, POLICIES, at(60)), 'first_reply_time');
    expect(fr.health).toBe('ok');
    expect(fr.due_at).toBe(iso(240));
    expect(fr.ever_breached).toBe(true);
  });
});

describe('evaluateTicket: deletion', () => {
  it('a deleted ticket has its clocks cancelled', () => {
    const list = evaluateTicket(ticket([status(10, 'deleted')]), POLICIES, at(20));
    expect(list.map((i) => i.clock)).toEqual(['cancelled', 'cancelled']);
  });

  it('deletion cancels only non-terminal clocks: a first reply already met stays met (§2.4 table)', () => {
    const list = evaluateTicket(ticket([reply(10), status(20, 'deleted')]), POLICIES, at(30));
    expect(instance(list, 'resolution').clock).toBe('cancelled');
    const fr = instance(list, 'first_reply_time');
    expect(fr.clock).toBe('stopped');
    expect(fr.outcome).toBe('met');
  });
});

describe('selectPolicy', () => {
  it('takes the first match by position, not by list order', () => {
    expect(selectPolicy(ticket([], { group: 'VIP' }), POLICIES)?.id).toBe('vip');
    expect(selectPolicy(ticket([], { group: 'L1' }), POLICIES)?.id).toBe('std');
    const vipList = evaluateTicket(ticket([], { group: 'VIP' }), POLICIES, at(5));
    expect(vipList).toHaveLength(1); // the VIP policy has only a first-reply metric
    expect(vipList[0]!.due_at).toBe(iso(15));
  });

  it('needs every `all` condition (is_not included) and one `any` condition', () => {
    const finance = {
      id: 'finance', position: 5,
      match: { all: [{ field: 'priority', op: 'is_not', value: 'low' }],
        any: [{ field: 'department', op: 'is', value: 'finance' }, { field: 'channel', op: 'is', value: 'phone' }] },
      metrics: [{ metric: 'resolution', targets: { '*': { minutes: 60 } } }],
    };
    const list = policies([STANDARD, finance]);
    expect(selectPolicy(ticket([], { department: 'finance', priority: 'high' }), list)?.id).toBe('finance');
    expect(selectPolicy(ticket([], { department: 'sales', channel: 'phone' }), list)?.id).toBe('finance');
    expect(selectPolicy(ticket([], { department: 'sales', channel: 'email' }), list)?.id).toBe('std');
    expect(selectPolicy(ticket([], { department: 'finance', priority: 'low' }), list)?.id).toBe('std');
  });

  it('no matching policy: no instances', () => {
    expect(evaluateTicket(ticket([], { group: 'L1' }), policies([VIP]), at(5))).toEqual([]);
  });
});
