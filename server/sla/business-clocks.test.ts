import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Ticket, TicketEvent } from '../model';
import { evaluateTicket } from './ticket';
import type { SlaInstance } from './types';

// SLA clocks in business hours through evaluateTicket (docs/sla.md (SLA metrics)–§2.4, §4 E1–E4).
// Calendar CN = Asia/Shanghai (UTC+8, no DST), Mon–Fri 09:00–18:00. Ticket instants are written in local
// time with their +08:00 offset; expected instants are written in UTC (Z), worked out by hand in the comments.
// Week used: Fri 2025-03-07, Sat 03-08, Sun 03-09, Mon 03-10, Tue 03-11, Wed 03-12.

const H = 3_600;
const MIN = 60;
const NINE_TO_SIX: [string, string][] = [['09:00', '18:00']];
const CN = {
  id: 'cn', timezone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
};
const BERLIN_DAY: [string, string][] = [['09:00', '17:00']];
const BERLIN = {
  id: 'berlin', timezone: 'Europe/Berlin',
  weekly: { mon: BERLIN_DAY, tue: BERLIN_DAY, wed: BERLIN_DAY, thu: BERLIN_DAY, fri: BERLIN_DAY },
};

/** One policy on calendar `cal` (default CN) with these metrics, parsed so config defaults apply. */
function sla(metrics: unknown[], cal: { id: string } = CN) {
  return parseConfig({ sla: { calendars: [cal], policies: [{ id: 'p', calendar: cal.id, metrics }] } }).sla;
}
function evaluate(t: Ticket, metrics: unknown[], now: string, cal: { id: string } = CN): SlaInstance[] {
  const { policies, calendars } = sla(metrics, cal);
  return evaluateTicket(t, policies, Date.parse(now), calendars);
}
/** The instances of one metric, in cycle order. */
const of = (list: SlaInstance[], metric: SlaInstance['metric']) => list.filter((i) => i.metric === metric);
function one(list: SlaInstance[], metric: SlaInstance['metric']): SlaInstance {
  const found = of(list, metric);
  if (found.length !== 1) throw new Error(`expected one ${metric} instance, got ${JSON.stringify(list)}`);
  return found[0]!;
}

const status = (at: string, to: Ticket['status']): TicketEvent => ({ at, kind: 'status', to });
const agent = (at: string, isPublic = true): TicketEvent => ({ at, kind: 'comment', by: 'agent', public: isPublic });
const customer = (at: string): TicketEvent => ({ at, kind: 'comment', by: 'customer', public: true });
const priority = (at: string, to: Ticket['priority']): TicketEvent => ({ at, kind: 'priority', to });

/** A ticket created at `created`; status = the last status event's (else new), updated_at = the last event. */
function ticket(created: string, events: TicketEvent[] = [], over: Partial<Ticket> = {}): Ticket {
  const statuses = events.filter((e) => e.kind === 'status');
  const last = events.map((e) => e.at).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), created);
  return {
    type: 'ticket', id: 't1', priority: 'normal', group: 'L1', status: statuses.at(-1)?.to ?? 'new',
    created_at: created, updated_at: last, events, ...over,
  };
}

const FIRST_REPLY_4H = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } } }];
const E1 = ticket('2025-03-07T17:30:00+08:00'); // Fri 17:30 local = 09:30Z

describe('§4 worked examples E1–E4', () => {
  it('E1: created Fri 17:30, 4 business hours → due Mon 12:30 (04:30Z)', () => {
    // At Mon 10:00 local (02:00Z): 30 min Friday + 60 min Monday = 90 min elapsed, 150 min left.
    const fr = one(evaluate(E1, FIRST_REPLY_4H, '2025-03-10T02:00:00Z'), 'first_reply_time');
    expect(fr.due_at).toBe('2025-03-10T04:30:00.000Z'); // 0.5 h Fri + 3.5 h Mon → Mon 12:30 local
    expect(fr).toMatchObject({ metric: 'first_reply_time', cycle: 1, clock: 'running', in_hours: true, health: 'ok', ever_breached: false });
    expect(fr.business_elapsed_s).toBe(90 * MIN);
    expect(fr.business_remaining_s).toBe(150 * MIN);
    expect(fr.wall_until_due_s).toBe(150 * MIN); // 02:00Z → 04:30Z, all of it inside hours
    // warn (default 75 %) = 3 business hours: 0.5 h Fri + 2.5 h Mon → Mon 11:30 local = 03:30Z.
    expect(fr.warn_at).toBe('2025-03-10T03:30:00.000Z');
  });

  it('E2: E1 + pending Mon 09:00 → 11:00 (a pause status) → due Mon 14:30 (06:30Z); at 12:00 elapsed 90 min', () => {
    const t = ticket('2025-03-07T17:30:00+08:00', [status('2025-03-10T09:00:00+08:00', 'pending'), status('2025-03-10T11:00:00+08:00', 'open')]);
    const metrics = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, pause_statuses: ['pending'] }];
    // At Mon 12:00 local (04:00Z): Fri 17:30–18:00 = 30 min; Mon 09–11 paused; 11:00–12:00 = 60 min → 90 min.
    const fr = one(evaluate(t, metrics, '2025-03-10T04:00:00Z'), 'first_reply_time');
    expect(fr.business_elapsed_s).toBe(90 * MIN);
    // Remaining 3.5 h from the resume at 11:00 → 14:30 local = 06:30Z.
    expect(fr.due_at).toBe('2025-03-10T06:30:00.000Z');
    expect(fr.business_remaining_s).toBe(150 * MIN);
    expect(fr.wall_until_due_s).toBe(150 * MIN); // 04:00Z → 06:30Z
    // warn at 3 h elapsed: 30 min Fri + 2.5 h from 11:00 → 13:30 local = 05:30Z.
    expect(fr.warn_at).toBe('2025-03-10T05:30:00.000Z');
    expect(fr.clock).toBe('running');
    expect(fr.health).toBe('ok');
  });

  it('E2 during the pause (Mon 10:00): paused, due_at null, remaining frozen (T6)', () => {
    const t = ticket('2025-03-07T17:30:00+08:00', [status('2025-03-10T09:00:00+08:00', 'pending')]);
    const metrics = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, pause_statuses: ['pending'] }];
    const fr = one(evaluate(t, metrics, '2025-03-10T02:00:00Z'), 'first_reply_time'); // Mon 10:00 local
    expect(fr).toMatchObject({ clock: 'paused', due_at: null, wall_until_due_s: null, health: 'ok' });
    expect(fr.business_elapsed_s).toBe(30 * MIN); // only Friday's 30 min
    expect(fr.business_remaining_s).toBe(210 * MIN);
  });

  describe('E3: created Mon 14:00, 4 business hours → due Mon 18:00 (10:00Z), not Tue 09:00', () => {
    const created = '2025-03-10T14:00:00+08:00'; // 06:00Z

    it('a reply at 18:00:00 is met', () => {
      const fr = one(evaluate(ticket(created, [agent('2025-03-10T18:00:00+08:00')]), FIRST_REPLY_4H, '2025-03-11T02:00:00Z'), 'first_reply_time');
      expect(fr.due_at).toBe('2025-03-10T10:00:00.000Z'); // 14:00 + 4 h = 18:00 local, the closing (T3)
      expect(fr).toMatchObject({ clock: 'stopped', outcome: 'met', health: 'ok', fulfilled_at: '2025-03-10T10:00:00.000Z', ever_breached: false });
      expect(fr.business_elapsed_s).toBe(4 * H);
      expect(fr.breached_at).toBeUndefined();
    });

    it('a reply on Tue 08:59 is missed although business_elapsed is still exactly 4 h (T4)', () => {
      const fr = one(evaluate(ticket(created, [agent('2025-03-11T08:59:00+08:00')]), FIRST_REPLY_4H, '2025-03-11T02:00:00Z'), 'first_reply_time');
      expect(fr).toMatchObject({ clock: 'stopped', outcome: 'missed', health: 'breached', ever_breached: true });
      expect(fr.fulfilled_at).toBe('2025-03-11T00:59:00.000Z'); // Tue 08:59 local
      expect(fr.business_elapsed_s).toBe(4 * H); // Mon 14–18; nothing from 18:00 to 08:59
      expect(fr.business_remaining_s).toBe(0);
      expect(fr.breached_at).toBe('2025-03-10T10:00:00.000Z'); // breached_at = due_at
    });

    it('unanswered: at Mon 18:00:00 not yet breached; at Tue 08:59 breached with 0 business seconds left', () => {
      const t = ticket(created);
      const atClose = one(evaluate(t, FIRST_REPLY_4H, '2025-03-10T10:00:00Z'), 'first_reply_time');
      expect(atClose.health).toBe('at_risk'); // t = due is not > due; warn at 3 h = 17:00 local passed
      expect(atClose.wall_until_due_s).toBe(0);
      const tue = one(evaluate(t, FIRST_REPLY_4H, '2025-03-11T00:59:00Z'), 'first_reply_time');
      expect(tue).toMatchObject({ clock: 'running', health: 'breached', breached_at: '2025-03-10T10:00:00.000Z', ever_breached: true, in_hours: false });
      expect(tue.business_remaining_s).toBe(0);
      // wall_until_due = 10:00Z Mon − 00:59Z Tue = −14 h 59 min = −53 940 s.
      expect(tue.wall_until_due_s).toBe(-53_940);
    });
  });

  describe('E4: E1 with warn.elapsed_pct 75', () => {
    const metrics = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, warn: { elapsed_pct: [75] } }];

    it('at Fri 17:50: business_remaining 220 min, wall_until_due 66 h 40 m', () => {
      const fr = one(evaluate(E1, metrics, '2025-03-07T09:50:00Z'), 'first_reply_time'); // Fri 17:50 local
      expect(fr.business_elapsed_s).toBe(20 * MIN); // 17:30 → 17:50
      expect(fr.business_remaining_s).toBe(220 * MIN); // 240 − 20 = 13 200 s
      // Fri 09:50Z → Mon 04:30Z = 72 h − 5 h 20 m = 66 h 40 m = 240 000 s.
      expect(fr.wall_until_due_s).toBe(240_000);
      expect(fr.due_at).toBe('2025-03-10T04:30:00.000Z');
      expect(fr.health).toBe('ok');
    });

    it('at_risk from Mon 11:30 (3 business hours elapsed), breached after Mon 12:30', () => {
      const at = (iso: string) => one(evaluate(E1, metrics, iso), 'first_reply_time');
      expect(at('2025-03-10T03:29:59Z').health).toBe('ok'); // Mon 11:29:59 local
      const warn = at('2025-03-10T03:30:00Z'); // Mon 11:30 local: 0.5 h + 2.5 h = 3 h = 75 % of 4 h
      expect(warn.health).toBe('at_risk');
      expect(warn.warn_at).toBe('2025-03-10T03:30:00.000Z');
      expect(warn.business_elapsed_s).toBe(3 * H);
      expect(at('2025-03-10T04:30:00Z').health).toBe('at_risk'); // 12:30:00 = due: not yet breached (t > due)
      const late = at('2025-03-10T04:30:01Z');
      expect(late).toMatchObject({ health: 'breached', breached_at: '2025-03-10T04:30:00.000Z', ever_breached: true });
      expect(late.business_remaining_s).toBe(-1);
    });

    it('over the weekend the clock runs but is out of hours and counts nothing', () => {
      const sat = one(evaluate(E1, metrics, '2025-03-08T04:00:00Z'), 'first_reply_time'); // Sat 12:00 local
      expect(sat).toMatchObject({ clock: 'running', in_hours: false, health: 'ok' });
      expect(sat.business_elapsed_s).toBe(30 * MIN);
      // Sat 04:00Z → Mon 04:30Z = 48.5 h.
      expect(sat.wall_until_due_s).toBe(48.5 * H);
    });
  });
});

describe('pauses in business time (T2, T6)', () => {
  const metrics = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, pause_statuses: ['pending'] }];

  it('a pause entirely outside hours (Fri 18:30 → Mon 08:00) costs nothing', () => {
    // Created Fri 16:00 local (08:00Z): 2 h on Friday, then Mon 09:00 + 2 h = 11:00 local = 03:00Z,
    // exactly as without the pause.
    const t = ticket('2025-03-07T16:00:00+08:00', [status('2025-03-07T18:30:00+08:00', 'pending'), status('2025-03-10T08:00:00+08:00', 'open')]);
    const fr = one(evaluate(t, metrics, '2025-03-10T01:00:00Z'), 'first_reply_time'); // Mon 09:00 local
    expect(fr.due_at).toBe('2025-03-10T03:00:00.000Z');
    expect(fr.business_elapsed_s).toBe(2 * H);
    const noPause = one(evaluate(ticket('2025-03-07T16:00:00+08:00'), metrics, '2025-03-10T01:00:00Z'), 'first_reply_time');
    expect(noPause.due_at).toBe('2025-03-10T03:00:00.000Z');
  });

  it('a pause across the weekend takes out only its business seconds (Fri 17:00 → Mon 10:00)', () => {
    // Created Fri 16:00 (08:00Z). Before the pause: 16:00–17:00 = 1 h. Paused Fri 17–18 and Mon 09–10
    // (2 business hours); the weekend was closed anyway. Remaining 3 h from Mon 10:00 → 13:00 local = 05:00Z.
    const events = [status('2025-03-07T17:00:00+08:00', 'pending'), status('2025-03-10T10:00:00+08:00', 'open')];
    const fr = one(evaluate(ticket('2025-03-07T16:00:00+08:00', events), metrics, '2025-03-10T03:00:00Z'), 'first_reply_time');
    expect(fr.due_at).toBe('2025-03-10T05:00:00.000Z');
    expect(fr.business_elapsed_s).toBe(2 * H); // Fri 1 h + Mon 10–11 1 h
    // While paused (Sat 12:00 local = 04:00Z), the clock is frozen at 1 h elapsed, 3 h left.
    const paused = one(evaluate(ticket('2025-03-07T16:00:00+08:00', events.slice(0, 1)), metrics, '2025-03-08T04:00:00Z'), 'first_reply_time');
    expect(paused).toMatchObject({ clock: 'paused', due_at: null, warn_at: null, wall_until_due_s: null });
    expect(paused.business_elapsed_s).toBe(1 * H);
    expect(paused.business_remaining_s).toBe(3 * H);
  });

  it('a pause inside hours (Mon 10:00 → 12:00) moves the due time by 2 h', () => {
    // Created Mon 09:00 (01:00Z); 1 h before the pause; remaining 3 h from 12:00 → 15:00 local = 07:00Z.
    const events = [status('2025-03-10T10:00:00+08:00', 'pending'), status('2025-03-10T12:00:00+08:00', 'open')];
    const fr = one(evaluate(ticket('2025-03-10T09:00:00+08:00', events), metrics, '2025-03-10T04:30:00Z'), 'first_reply_time');
    expect(fr.due_at).toBe('2025-03-10T07:00:00.000Z');
    expect(fr.business_elapsed_s).toBe(1.5 * H); // 09–10 and 12:00–12:30
    // warn at 3 h: 1 h before, then 2 h from 12:00 → 14:00 local = 06:00Z.
    expect(fr.warn_at).toBe('2025-03-10T06:00:00.000Z');
    // mid-pause (11:00 local = 03:00Z): paused with 1 h elapsed, 3 h left.
    const mid = one(evaluate(ticket('2025-03-10T09:00:00+08:00', events.slice(0, 1)), metrics, '2025-03-10T03:00:00Z'), 'first_reply_time');
    expect(mid).toMatchObject({ clock: 'paused', business_elapsed_s: 1 * H, business_remaining_s: 3 * H, due_at: null });
  });

  it('a clock that breached and then paused stays breached ("paused (breached)")', () => {
    // 60-min target; created Mon 09:00 → due 10:00 local = 02:00Z; pending from 10:30; evaluated at 11:00.
    const m = [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } }, pause_statuses: ['pending'] }];
    const t = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T10:30:00+08:00', 'pending')]);
    const fr = one(evaluate(t, m, '2025-03-10T03:00:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ clock: 'paused', health: 'breached', due_at: null, breached_at: '2025-03-10T02:00:00.000Z', ever_breached: true });
    expect(fr.business_elapsed_s).toBe(90 * MIN); // 09:00–10:30
    expect(fr.business_remaining_s).toBe(-30 * MIN);
  });
});

describe('priority changes (§2.4 re-targeting)', () => {
  const TARGETS = { urgent: { minutes: 60 }, high: { minutes: 120 }, normal: { minutes: 240 }, low: { minutes: 480 } };
  const retarget = [{ metric: 'first_reply_time', targets: TARGETS }];
  const restart = [{ metric: 'first_reply_time', targets: TARGETS, on_priority_change: 'restart_at_change' }];
  const MON_9 = '2025-03-10T09:00:00+08:00'; // 01:00Z

  it('retarget_from_start: raised normal → high at 10:00, the new target counts from the start', () => {
    const t = ticket(MON_9, [priority(MON_9, 'normal'), priority('2025-03-10T10:00:00+08:00', 'high')], { priority: 'high' });
    const fr = one(evaluate(t, retarget, '2025-03-10T02:00:00Z'), 'first_reply_time'); // Mon 10:00 local
    // 120 min from 09:00 → 11:00 local = 03:00Z; warn at 90 min → 10:30 = 02:30Z.
    expect(fr.due_at).toBe('2025-03-10T03:00:00.000Z');
    expect(fr.warn_at).toBe('2025-03-10T02:30:00.000Z');
    expect(fr).toMatchObject({ cycle: 1, clock: 'running', health: 'ok', business_elapsed_s: 1 * H, business_remaining_s: 1 * H, ever_breached: false });
  });

  it('retarget_from_start: raised normal → urgent at 11:30, new due ≤ now → breached at once, breached_at = new due', () => {
    const t = ticket(MON_9, [priority(MON_9, 'normal'), priority('2025-03-10T11:30:00+08:00', 'urgent')], { priority: 'urgent' });
    const fr = one(evaluate(t, retarget, '2025-03-10T03:30:00Z'), 'first_reply_time'); // Mon 11:30 local, the change
    // 60 min from 09:00 → 10:00 local = 02:00Z, already past.
    expect(fr).toMatchObject({ clock: 'running', health: 'breached', due_at: '2025-03-10T02:00:00.000Z', breached_at: '2025-03-10T02:00:00.000Z', ever_breached: true });
    expect(fr.business_elapsed_s).toBe(2.5 * H);
    expect(fr.business_remaining_s).toBe(-1.5 * H); // 3600 − 9000
    expect(fr.wall_until_due_s).toBe(-1.5 * H);
  });

  it('retarget_from_start across a weekend: raised to urgent Mon 09:30 on a ticket from Fri 17:00 → due was Fri 18:00', () => {
    // Created Fri 17:00 local (09:00Z); urgent 60 business min from the start = Fri 17:00–18:00 → due Fri 18:00 = 10:00Z (T3).
    const t = ticket('2025-03-07T17:00:00+08:00', [priority('2025-03-07T17:00:00+08:00', 'normal'), priority('2025-03-10T09:30:00+08:00', 'urgent')], { priority: 'urgent' });
    const fr = one(evaluate(t, retarget, '2025-03-10T01:30:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ health: 'breached', due_at: '2025-03-07T10:00:00.000Z', breached_at: '2025-03-07T10:00:00.000Z', ever_breached: true });
    expect(fr.business_elapsed_s).toBe(1.5 * H); // 1 h Friday + 30 min Monday
  });

  it('retarget_from_start to a calendar-hours target: raised on Saturday to urgent (30 min, calendar) → due Fri 17:30', () => {
    const m = [{ metric: 'first_reply_time', targets: { urgent: { minutes: 30, hours: 'calendar' }, normal: { minutes: 240 } } }];
    const t = ticket('2025-03-07T17:00:00+08:00', [priority('2025-03-07T17:00:00+08:00', 'normal'), priority('2025-03-08T10:00:00+08:00', 'urgent')], { priority: 'urgent' });
    // Calendar hours (T5): 17:00 + 30 min = Fri 17:30 local = 09:30Z ≤ Sat 10:00 local (02:00Z) → breached.
    const fr = one(evaluate(t, m, '2025-03-08T02:00:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ health: 'breached', due_at: '2025-03-07T09:30:00.000Z', breached_at: '2025-03-07T09:30:00.000Z', in_hours: true });
    expect(fr.business_elapsed_s).toBe(17 * H); // every second since Fri 09:00Z: 17 h
  });

  describe('lowered urgent → normal at 10:30, after the urgent due (10:00)', () => {
    const events = [priority(MON_9, 'urgent'), priority('2025-03-10T10:30:00+08:00', 'normal')];
    const t = ticket(MON_9, events, { priority: 'normal' });

    it('before the change it was breached at 10:00 local', () => {
      const before = ticket(MON_9, events.slice(0, 1), { priority: 'urgent' });
      const fr = one(evaluate(before, retarget, '2025-03-10T02:15:00Z'), 'first_reply_time'); // 10:15 local
      expect(fr).toMatchObject({ health: 'breached', breached_at: '2025-03-10T02:00:00.000Z' });
    });

    it('after it: health ok again, ever_breached stays true, due Mon 13:00 (05:00Z)', () => {
      const fr = one(evaluate(t, retarget, '2025-03-10T03:00:00Z'), 'first_reply_time'); // Mon 11:00 local
      // normal: 240 min from 09:00 → 13:00 local = 05:00Z; warn at 180 min → 12:00 local = 04:00Z; now 11:00 → ok.
      expect(fr).toMatchObject({ clock: 'running', health: 'ok', due_at: '2025-03-10T05:00:00.000Z', warn_at: '2025-03-10T04:00:00.000Z', ever_breached: true });
      expect(fr.business_remaining_s).toBe(2 * H);
    });

    it('… or at_risk once past the new warn point (12:45 local)', () => {
      const fr = one(evaluate(t, retarget, '2025-03-10T04:45:00Z'), 'first_reply_time');
      expect(fr).toMatchObject({ health: 'at_risk', ever_breached: true });
    });

    it('a reply at 12:00 under the new target is met, and still ever_breached', () => {
      const replied = ticket(MON_9, [...events, agent('2025-03-10T12:00:00+08:00')], { priority: 'normal' });
      const fr = one(evaluate(replied, retarget, '2025-03-10T05:00:00Z'), 'first_reply_time');
      expect(fr).toMatchObject({ clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T04:00:00.000Z', ever_breached: true });
    });
  });

  it('restart_at_change: the old cycle is cancelled (retargeted), a new cycle starts at the change with the new target', () => {
    const t = ticket(MON_9, [priority(MON_9, 'normal'), priority('2025-03-10T10:30:00+08:00', 'urgent')], { priority: 'urgent' });
    const list = of(evaluate(t, restart, '2025-03-10T03:00:00Z'), 'first_reply_time'); // Mon 11:00 local
    expect(list.map((i) => i.cycle)).toEqual([1, 2]);
    const [old, next] = list as [SlaInstance, SlaInstance];
    // cycle 1 (normal, due would have been 13:00) is cancelled at 10:30, never breached.
    expect(old).toMatchObject({ clock: 'cancelled', cancel_reason: 'retargeted', due_at: null, ever_breached: false });
    // cycle 2 from 10:30 local (02:30Z), urgent 60 min → 11:30 local = 03:30Z; warn 45 min → 11:15 = 03:15Z.
    expect(next).toMatchObject({ clock: 'running', health: 'ok', due_at: '2025-03-10T03:30:00.000Z', warn_at: '2025-03-10T03:15:00.000Z' });
    expect(next.business_elapsed_s).toBe(30 * MIN);
    expect(next.business_remaining_s).toBe(30 * MIN);
  });

  it('restart_at_change evaluated at the very instant of the change (a change pushed as it happens) already restarts', () => {
    const t = ticket(MON_9, [priority(MON_9, 'normal'), priority('2025-03-10T10:30:00+08:00', 'urgent')], { priority: 'urgent' });
    const list = of(evaluate(t, restart, '2025-03-10T02:30:00Z'), 'first_reply_time'); // now = 10:30 local = the change
    expect(list.map((i) => i.cycle)).toEqual([1, 2]);
    const [old, next] = list as [SlaInstance, SlaInstance];
    expect(old).toMatchObject({ clock: 'cancelled', cancel_reason: 'retargeted', ever_breached: false });
    // cycle 2 from 10:30 (02:30Z): urgent 60 min → 11:30 local = 03:30Z; nothing elapsed yet.
    expect(next).toMatchObject({ clock: 'running', due_at: '2025-03-10T03:30:00.000Z', business_elapsed_s: 0, business_remaining_s: 1 * H, wall_until_due_s: 1 * H });
  });

  it('restart_at_change: a reply fulfils only the new cycle', () => {
    const t = ticket(MON_9, [priority(MON_9, 'normal'), priority('2025-03-10T10:30:00+08:00', 'urgent'), agent('2025-03-10T11:20:00+08:00')], { priority: 'urgent' });
    const [old, next] = of(evaluate(t, restart, '2025-03-10T04:00:00Z'), 'first_reply_time') as [SlaInstance, SlaInstance];
    expect(old).toMatchObject({ cycle: 1, clock: 'cancelled', cancel_reason: 'retargeted' });
    // 10:30 → 11:20 = 50 min ≤ 60 → met.
    expect(next).toMatchObject({ cycle: 2, clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T03:20:00.000Z', business_elapsed_s: 50 * MIN });
  });

  it('restart_at_change across a weekend: Fri 17:00 normal → high at Mon 10:00 → new cycle due Mon 12:00 (04:00Z)', () => {
    const t = ticket('2025-03-07T17:00:00+08:00', [priority('2025-03-07T17:00:00+08:00', 'normal'), priority('2025-03-10T10:00:00+08:00', 'high')], { priority: 'high' });
    const [old, next] = of(evaluate(t, restart, '2025-03-10T03:00:00Z'), 'first_reply_time') as [SlaInstance, SlaInstance];
    expect(old).toMatchObject({ clock: 'cancelled', cancel_reason: 'retargeted', ever_breached: false });
    expect(next).toMatchObject({ cycle: 2, clock: 'running', due_at: '2025-03-10T04:00:00.000Z', business_elapsed_s: 1 * H });
  });

  it('restart_at_change with only the change in the history: the cancelled cycle was not under the new priority', () => {
    // The history holds one change "to urgent" at 10:30, so the priority before it was high, normal or low:
    // due 11:00 at the earliest (high), after the 10:30 cancel, so cycle 1 was never breached.
    const t = ticket(MON_9, [priority('2025-03-10T10:30:00+08:00', 'urgent')], { priority: 'urgent' });
    const [old, next] = of(evaluate(t, restart, '2025-03-10T03:00:00Z'), 'first_reply_time') as [SlaInstance, SlaInstance];
    expect(old).toMatchObject({ clock: 'cancelled', cancel_reason: 'retargeted', ever_breached: false });
    expect(next).toMatchObject({ cycle: 2, due_at: '2025-03-10T03:30:00.000Z' });
  });
});

describe('reopen (§2.4 on_reopen) on the resolution metric, 480 business minutes', () => {
  // Created Mon 09:00 (01:00Z); solved Mon 11:00 (03:00Z); reopened Tue 10:00 (02:00Z on 03-11); evaluated Tue 12:00 (04:00Z).
  const events = [status('2025-03-10T11:00:00+08:00', 'solved'), status('2025-03-11T10:00:00+08:00', 'open')];
  const t = ticket('2025-03-10T09:00:00+08:00', events);
  const NOW = '2025-03-11T04:00:00Z';
  const resolution = (onReopen: string) => [{ metric: 'resolution', targets: { '*': { minutes: 480 } }, on_reopen: onReopen }];

  it('resume: one clock, elapsed kept, the time solved not counted', () => {
    const r = one(evaluate(t, resolution('resume'), NOW), 'resolution');
    // Mon 09–11 = 2 h, solved Mon 11:00 → Tue 10:00 not counted, Tue 10–12 = 2 h → 4 h.
    expect(r).toMatchObject({ cycle: 1, clock: 'running', health: 'ok', business_elapsed_s: 4 * H, business_remaining_s: 4 * H });
    // 4 h left from Tue 12:00 → 16:00 local = 08:00Z; warn at 6 h → Tue 14:00 = 06:00Z.
    expect(r.due_at).toBe('2025-03-11T08:00:00.000Z');
    expect(r.warn_at).toBe('2025-03-11T06:00:00.000Z');
  });

  it('new_cycle: cycle 1 met at the solve, cycle 2 from the reopen with a full target', () => {
    const list = of(evaluate(t, resolution('new_cycle'), NOW), 'resolution');
    expect(list.map((i) => i.cycle)).toEqual([1, 2]);
    const [c1, c2] = list as [SlaInstance, SlaInstance];
    // cycle 1: 09:00 + 8 h = 17:00 local = 09:00Z; solved 11:00 (03:00Z) after 2 h → met.
    expect(c1).toMatchObject({ clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T03:00:00.000Z', due_at: '2025-03-10T09:00:00.000Z', business_elapsed_s: 2 * H });
    // cycle 2: Tue 10:00 + 8 h = Tue 18:00 local = 10:00Z, the closing (T3). At 12:00: 2 h elapsed, 6 h left.
    expect(c2).toMatchObject({ clock: 'running', due_at: '2025-03-11T10:00:00.000Z', business_elapsed_s: 2 * H, business_remaining_s: 6 * H, health: 'ok' });
  });

  it('ignore: the first solve ends the clock; the reopen starts nothing', () => {
    const list = of(evaluate(t, resolution('ignore'), NOW), 'resolution');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ cycle: 1, clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T03:00:00.000Z', business_elapsed_s: 2 * H });
  });

  it('resume on requester_wait_time: exactly at the target second at_risk, one second later breached', () => {
    // requester_wait_time pauses in pending. Created Mon 09:00; pending 10–11; solved 17:00; reopened Tue 10:00.
    // Elapsed: Mon 09–10 (1 h) + 11–17 (6 h) + Tue from 10:00. 480 min = 8 h is used up at Tue 11:00 local = 03:00Z.
    const rw = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T10:00:00+08:00', 'pending'), status('2025-03-10T11:00:00+08:00', 'open'),
      status('2025-03-10T17:00:00+08:00', 'solved'), status('2025-03-11T10:00:00+08:00', 'open')]);
    const m = [{ metric: 'requester_wait_time', targets: { '*': { minutes: 480 } } }];
    const atDue = one(evaluate(rw, m, '2025-03-11T03:00:00Z'), 'requester_wait_time');
    expect(atDue).toMatchObject({ clock: 'running', health: 'at_risk', due_at: '2025-03-11T03:00:00.000Z', business_elapsed_s: 8 * H, business_remaining_s: 0 });
    const after = one(evaluate(rw, m, '2025-03-11T03:00:01Z'), 'requester_wait_time');
    expect(after).toMatchObject({ health: 'breached', breached_at: '2025-03-11T03:00:00.000Z', ever_breached: true });
  });
});

describe('next_reply_time cycles', () => {
  // Created Mon 09:00. Customer 09:05 (before any agent reply: no cycle); agent 09:10 (first reply);
  // customer 09:30 (cycle 1) and 09:45 (still cycle 1: the oldest unanswered counts); private agent note 10:00
  // (moves nothing); agent 10:20 (fulfils cycle 1); customer 17:30 (cycle 2).
  const events = [customer('2025-03-10T09:05:00+08:00'), agent('2025-03-10T09:10:00+08:00'), customer('2025-03-10T09:30:00+08:00'),
    customer('2025-03-10T09:45:00+08:00'), agent('2025-03-10T10:00:00+08:00', false), agent('2025-03-10T10:20:00+08:00'),
    customer('2025-03-10T17:30:00+08:00')];
  const m = [{ metric: 'next_reply_time', targets: { '*': { minutes: 60 } } }];

  it('two exchanges → cycles 1 and 2; cycle 2 crosses the night', () => {
    const list = of(evaluate(ticket('2025-03-10T09:00:00+08:00', events), m, '2025-03-11T01:15:00Z'), 'next_reply_time'); // Tue 09:15 local
    expect(list.map((i) => i.cycle)).toEqual([1, 2]);
    const [c1, c2] = list as [SlaInstance, SlaInstance];
    // cycle 1: 09:30 + 60 min = 10:30 local = 02:30Z; agent 10:20 (02:20Z) after 50 min → met.
    expect(c1).toMatchObject({ clock: 'stopped', outcome: 'met', due_at: '2025-03-10T02:30:00.000Z', fulfilled_at: '2025-03-10T02:20:00.000Z', business_elapsed_s: 50 * MIN });
    // cycle 2: Mon 17:30–18:00 (30 min) + Tue 09:00–09:30 → due Tue 09:30 local = 01:30Z.
    // warn at 45 min: 30 Mon + 15 Tue → Tue 09:15 = 01:15Z = now → at_risk.
    expect(c2).toMatchObject({ clock: 'running', health: 'at_risk', due_at: '2025-03-11T01:30:00.000Z', warn_at: '2025-03-11T01:15:00.000Z',
      business_elapsed_s: 45 * MIN, business_remaining_s: 15 * MIN, wall_until_due_s: 15 * MIN });
  });

  it('not started before an unanswered customer comment; the next agent reply fulfils', () => {
    const onlyFirst = ticket('2025-03-10T09:00:00+08:00', events.slice(0, 2)); // customer 09:05, agent 09:10
    // 10:00 local Monday, inside the hours: nothing to answer yet, the whole hour ahead and no due time.
    expect(of(evaluate(onlyFirst, m, '2025-03-10T02:00:00Z'), 'next_reply_time')).toEqual([{ metric: 'next_reply_time', cycle: 1,
      clock: 'not_started', in_hours: true, health: 'ok', due_at: null, warn_at: null, business_elapsed_s: 0,
      business_remaining_s: 60 * MIN, wall_until_due_s: null, ever_breached: false }]);
    const open = ticket('2025-03-10T09:00:00+08:00', events.slice(0, 5)); // … customer 09:30, 09:45, private note 10:00
    const [c1] = of(evaluate(open, m, '2025-03-10T02:10:00Z'), 'next_reply_time'); // 10:10 local
    // running from 09:30 (the oldest unanswered): 40 min elapsed; due 10:30 local = 02:30Z.
    expect(c1).toMatchObject({ cycle: 1, clock: 'running', due_at: '2025-03-10T02:30:00.000Z', business_elapsed_s: 40 * MIN });
  });
});

describe('update and duration metrics', () => {
  it('periodic_update ignores pending; pausable_update pauses in it', () => {
    // Created Mon 09:00; agent 10:00 (cycle 1 fulfilled, cycle 2 starts); pending 10:30 → open 12:00; evaluated 12:30 (04:30Z).
    const t = ticket('2025-03-10T09:00:00+08:00', [agent('2025-03-10T10:00:00+08:00'), status('2025-03-10T10:30:00+08:00', 'pending'), status('2025-03-10T12:00:00+08:00', 'open')]);
    const list = evaluate(t, [
      { metric: 'periodic_update', targets: { '*': { minutes: 120 } } },
      { metric: 'pausable_update', targets: { '*': { minutes: 120 } } },
    ], '2025-03-10T04:30:00Z');
    const [p1, p2] = of(list, 'periodic_update') as [SlaInstance, SlaInstance];
    // cycle 1: 09:00 → 10:00 reply, due 11:00 local = 03:00Z → met.
    expect(p1).toMatchObject({ cycle: 1, clock: 'stopped', outcome: 'met', due_at: '2025-03-10T03:00:00.000Z', business_elapsed_s: 1 * H });
    // cycle 2 from 10:00, no pause: due 12:00 local = 04:00Z; at 12:30 breached, 2.5 h elapsed.
    expect(p2).toMatchObject({ cycle: 2, clock: 'running', health: 'breached', due_at: '2025-03-10T04:00:00.000Z', breached_at: '2025-03-10T04:00:00.000Z',
      business_elapsed_s: 2.5 * H, business_remaining_s: -30 * MIN, wall_until_due_s: -30 * MIN });
    const [q1, q2] = of(list, 'pausable_update') as [SlaInstance, SlaInstance];
    expect(q1).toMatchObject({ cycle: 1, clock: 'stopped', outcome: 'met', due_at: '2025-03-10T03:00:00.000Z' });
    // cycle 2: 10:00–10:30 (30 min), paused 10:30–12:00, 12:00–12:30 (30 min) → 1 h; 1 h left from 12:30 → due
    // 13:30 local = 05:30Z; warn at 90 min → 13:00 = 05:00Z; ok.
    expect(q2).toMatchObject({ cycle: 2, clock: 'running', health: 'ok', due_at: '2025-03-10T05:30:00.000Z', warn_at: '2025-03-10T05:00:00.000Z',
      business_elapsed_s: 1 * H, business_remaining_s: 1 * H });
  });

  it('requester_wait_time pauses in pending; agent_work_time in pending and on_hold', () => {
    // Created Mon 09:00; pending 10–11; on_hold 13–15; evaluated 16:00 local (08:00Z): 7 h of business time passed.
    const t = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T10:00:00+08:00', 'pending'), status('2025-03-10T11:00:00+08:00', 'open'),
      status('2025-03-10T13:00:00+08:00', 'on_hold'), status('2025-03-10T15:00:00+08:00', 'open')]);
    const list = evaluate(t, [
      { metric: 'requester_wait_time', targets: { '*': { minutes: 480 } } },
      { metric: 'agent_work_time', targets: { '*': { minutes: 480 } } },
    ], '2025-03-10T08:00:00Z');
    // requester: 7 h − 1 h pending = 6 h; 2 h left from 16:00 → 18:00 local = 10:00Z (the closing).
    // warn at 75 % = 6 h → reached exactly now (16:00 local = 08:00Z) → at_risk.
    expect(one(list, 'requester_wait_time')).toMatchObject({ clock: 'running', health: 'at_risk', business_elapsed_s: 6 * H,
      due_at: '2025-03-10T10:00:00.000Z', warn_at: '2025-03-10T08:00:00.000Z' });
    // agent work: 7 h − 1 h − 2 h = 4 h; 4 h left: 16–18 Mon (2 h) + Tue 09–11 → Tue 11:00 local = 03:00Z.
    // warn at 6 h → Mon 18:00 = 10:00Z; ok.
    expect(one(list, 'agent_work_time')).toMatchObject({ clock: 'running', health: 'ok', business_elapsed_s: 4 * H,
      due_at: '2025-03-11T03:00:00.000Z', warn_at: '2025-03-10T10:00:00.000Z' });
  });

  it('total_resolution_time: no pause, measured to the final solve; resolution (pending, on_hold) beside it', () => {
    // Created Mon 09:00; pending 10–12; solved Mon 14:00; reopened Tue 09:00; solved Tue 11:00 (03:00Z). Evaluated Tue 12:00.
    const t = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T10:00:00+08:00', 'pending'), status('2025-03-10T12:00:00+08:00', 'open'),
      status('2025-03-10T14:00:00+08:00', 'solved'), status('2025-03-11T09:00:00+08:00', 'open'), status('2025-03-11T11:00:00+08:00', 'solved')]);
    const list = evaluate(t, [
      { metric: 'total_resolution_time', targets: { '*': { minutes: 1080 } } },
      { metric: 'resolution', targets: { '*': { minutes: 1080 } } },
    ], '2025-03-11T04:00:00Z');
    // total: Mon 09–18 (9 h, pending and solved time included) + Tue 09–11 (2 h) = 11 h; 18 h target → Tue 18:00 = 10:00Z.
    expect(one(list, 'total_resolution_time')).toMatchObject({ cycle: 1, clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-11T03:00:00.000Z',
      business_elapsed_s: 11 * H, due_at: '2025-03-11T10:00:00.000Z' });
    // resolution (resume): Mon 09–10 (1 h) + 12–14 (2 h) + Tue 09–11 (2 h) = 5 h. Due: 1 h, pause, 2 h, solved span,
    // then 15 h from Tue 09:00: Tue 9 h (→ 18:00), Wed 6 h → Wed 15:00 local = 07:00Z on 03-12.
    expect(one(list, 'resolution')).toMatchObject({ cycle: 1, clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-11T03:00:00.000Z',
      business_elapsed_s: 5 * H, due_at: '2025-03-12T07:00:00.000Z' });
  });
});

describe('total_resolution_time and resolution after a reopen, before the final solve', () => {
  // Created Mon 09:00; solved 11:00; reopened 14:00; evaluated 15:00 local (07:00Z).
  const t = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T11:00:00+08:00', 'solved'), status('2025-03-10T14:00:00+08:00', 'open')]);
  const list = evaluate(t, [
    { metric: 'total_resolution_time', targets: { '*': { minutes: 1080 } } },
    { metric: 'resolution', targets: { '*': { minutes: 1080 } } },
  ], '2025-03-10T07:00:00Z');

  it('total_resolution_time runs on, the solved span included (no pause): 6 h elapsed, due Tue 18:00', () => {
    // 09:00–15:00 = 6 h; 18 h target: Mon 9 h + Tue 9 h → Tue 18:00 local = 10:00Z on 03-11.
    expect(one(list, 'total_resolution_time')).toMatchObject({ cycle: 1, clock: 'running', business_elapsed_s: 6 * H, due_at: '2025-03-11T10:00:00.000Z' });
  });

  it('resolution (resume) leaves the solved span out: 3 h elapsed, due Wed 12:00', () => {
    // 09–11 (2 h) + 14–15 (1 h) = 3 h; 15 h left from 15:00: Mon 3 h (→ 18:00), Tue 9 h, Wed 3 h → Wed 12:00 local = 04:00Z on 03-12.
    expect(one(list, 'resolution')).toMatchObject({ cycle: 1, clock: 'running', business_elapsed_s: 3 * H, due_at: '2025-03-12T04:00:00.000Z' });
  });

  it('closed fulfils like solved', () => {
    const closed = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T10:30:00+08:00', 'closed')]);
    const r = one(evaluate(closed, [{ metric: 'resolution', targets: { '*': { minutes: 120 } } }], '2025-03-10T04:00:00Z'), 'resolution');
    // 09:00 → 10:30 = 90 min ≤ 120 → met, fulfilled 10:30 local = 02:30Z.
    expect(r).toMatchObject({ clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T02:30:00.000Z', business_elapsed_s: 90 * MIN });
  });
});

describe('met / missed at the due second, in business time (T4)', () => {
  // Created Mon 17:00 local (09:00Z), 240 business min: 1 h Mon + 3 h Tue → Tue 12:00 local = 04:00Z on 03-11.
  const created = '2025-03-10T17:00:00+08:00';

  it('a reply at Tue 12:00:00 is met', () => {
    const fr = one(evaluate(ticket(created, [agent('2025-03-11T12:00:00+08:00')]), FIRST_REPLY_4H, '2025-03-11T06:00:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ outcome: 'met', due_at: '2025-03-11T04:00:00.000Z', business_elapsed_s: 4 * H, ever_breached: false });
  });

  it('a reply at Tue 12:00:01 is missed, breached_at = due', () => {
    const fr = one(evaluate(ticket(created, [agent('2025-03-11T12:00:01+08:00')]), FIRST_REPLY_4H, '2025-03-11T06:00:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ outcome: 'missed', health: 'breached', breached_at: '2025-03-11T04:00:00.000Z', business_elapsed_s: 4 * H + 1, ever_breached: true });
  });
});

describe('warn.before_minutes (T7)', () => {
  it('before_minutes earlier than the percentage wins', () => {
    // 240 min target from Mon 09:00: 90 % = 216 min (12:36); 240 − 60 = 180 min (12:00 local = 04:00Z) → 12:00.
    const m = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, warn: { elapsed_pct: [90], before_minutes: 60 } }];
    const t = ticket('2025-03-10T09:00:00+08:00');
    expect(one(evaluate(t, m, '2025-03-10T03:59:59Z'), 'first_reply_time')).toMatchObject({ health: 'ok', warn_at: '2025-03-10T04:00:00.000Z' });
    expect(one(evaluate(t, m, '2025-03-10T04:00:00Z'), 'first_reply_time').health).toBe('at_risk');
  });

  it('the percentage earlier than before_minutes wins', () => {
    // 75 % = 180 min (12:00) vs 240 − 30 = 210 min (12:30) → 12:00 local = 04:00Z.
    const m = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, warn: { elapsed_pct: [75], before_minutes: 30 } }];
    expect(one(evaluate(ticket('2025-03-10T09:00:00+08:00'), m, '2025-03-10T02:00:00Z'), 'first_reply_time').warn_at).toBe('2025-03-10T04:00:00.000Z');
  });

  it('before_minutes counts business minutes: 150 before a Monday 11:00 due is Friday 17:30', () => {
    // Created Fri 16:00 (08:00Z), 240 min → 2 h Fri + 2 h Mon → due Mon 11:00 = 03:00Z.
    // warn = target − 150 = 90 business min → Fri 17:30 local = 09:30Z (90 % = 216 min would be Mon 10:36).
    const m = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, warn: { elapsed_pct: [90], before_minutes: 150 } }];
    const fr = one(evaluate(ticket('2025-03-07T16:00:00+08:00'), m, '2025-03-07T09:30:00Z'), 'first_reply_time');
    expect(fr).toMatchObject({ due_at: '2025-03-10T03:00:00.000Z', warn_at: '2025-03-07T09:30:00.000Z', health: 'at_risk' });
  });
});

describe('deleted tickets', () => {
  it('deletion cancels only the live clocks; a stopped clock keeps its outcome', () => {
    // Created Mon 09:00; agent reply 10:00 (first reply met, due 13:00); deleted 11:00 (03:00Z); evaluated 12:00.
    const t = ticket('2025-03-10T09:00:00+08:00', [agent('2025-03-10T10:00:00+08:00'), status('2025-03-10T11:00:00+08:00', 'deleted')]);
    const list = evaluate(t, [
      { metric: 'first_reply_time', targets: { '*': { minutes: 240 } } },
      { metric: 'resolution', targets: { '*': { minutes: 480 } } },
    ], '2025-03-10T04:00:00Z');
    expect(one(list, 'first_reply_time')).toMatchObject({ clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-10T02:00:00.000Z' });
    expect(one(list, 'resolution')).toMatchObject({ clock: 'cancelled', cancel_reason: 'cancelled', due_at: null, ever_breached: false });
  });

  it('a clock deleted after its breach is cancelled and stays ever_breached', () => {
    // resolution 60 min from Mon 09:00 → due 10:00 local; deleted 11:00 → cancelled, breached before.
    const t = ticket('2025-03-10T09:00:00+08:00', [status('2025-03-10T11:00:00+08:00', 'deleted')]);
    const r = one(evaluate(t, [{ metric: 'resolution', targets: { '*': { minutes: 60 } } }], '2025-03-10T04:00:00Z'), 'resolution');
    expect(r).toMatchObject({ clock: 'cancelled', cancel_reason: 'cancelled', ever_breached: true });
  });
});

describe('vendor_due beside ours (decision 4)', () => {
  const metrics = [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } } }, { metric: 'next_reply_time', targets: { '*': { minutes: 60 } } }];
  // E1: ours is Mon 12:30 local = 04:30:00Z. Evaluated Mon 10:00 local (02:00Z).
  const withVendor = (dueAt: string) => one(evaluate(ticket('2025-03-07T17:30:00+08:00', [], { vendor_due: [{ metric: 'first_reply_time', due_at: dueAt }] }),
    metrics, '2025-03-10T02:00:00Z'), 'first_reply_time');

  it('exactly 60 s apart (either way) is not a disagreement', () => {
    expect(withVendor('2025-03-10T04:31:00Z')).toMatchObject({ due_at: '2025-03-10T04:30:00.000Z', vendor_due_at: '2025-03-10T04:31:00.000Z', vendor_disagrees: false });
    // 12:29:00+08:00 = 04:29:00Z, 60 s before ours.
    expect(withVendor('2025-03-10T12:29:00+08:00')).toMatchObject({ vendor_due_at: '2025-03-10T04:29:00.000Z', vendor_disagrees: false });
    expect(withVendor('2025-03-10T12:30:00+08:00')).toMatchObject({ vendor_due_at: '2025-03-10T04:30:00.000Z', vendor_disagrees: false });
  });

  it('61 s apart is flagged, and ours is kept', () => {
    expect(withVendor('2025-03-10T04:31:01Z')).toMatchObject({ due_at: '2025-03-10T04:30:00.000Z', vendor_due_at: '2025-03-10T04:31:01.000Z', vendor_disagrees: true });
    expect(withVendor('2025-03-10T12:28:59+08:00')).toMatchObject({ due_at: '2025-03-10T04:30:00.000Z', vendor_disagrees: true });
  });

  it('only the latest cycle of that metric carries it', () => {
    // Next-reply cycles: customer 09:30 → agent 10:00 (cycle 1); customer 17:30 (cycle 2, due Tue 09:30 = 01:30Z).
    const t = ticket('2025-03-10T09:00:00+08:00', [agent('2025-03-10T09:10:00+08:00'), customer('2025-03-10T09:30:00+08:00'),
      agent('2025-03-10T10:00:00+08:00'), customer('2025-03-10T17:30:00+08:00')], { vendor_due: [{ metric: 'next_reply_time', due_at: '2025-03-11T01:32:00Z' }] });
    const list = evaluate(t, metrics, '2025-03-11T01:00:00Z');
    const [c1, c2] = of(list, 'next_reply_time') as [SlaInstance, SlaInstance];
    expect(c1.vendor_due_at).toBeUndefined();
    expect(c1.vendor_disagrees).toBeUndefined();
    // ours 01:30:00Z vs theirs 01:32:00Z: 120 s apart → flagged.
    expect(c2).toMatchObject({ cycle: 2, due_at: '2025-03-11T01:30:00.000Z', vendor_due_at: '2025-03-11T01:32:00.000Z', vendor_disagrees: true });
    expect(one(list, 'first_reply_time').vendor_due_at).toBeUndefined();
  });
});

describe('Europe/Berlin business hours across the spring change', () => {
  it('created Fri 03-28 16:00 CET with 4 business hours (Mon–Fri 09:00–17:00) → due Mon 03-31 12:00 CEST (10:00Z)', () => {
    // Fri 16:00 CET = 15:00Z: 1 h Friday; Mon 09:00 CEST = 07:00Z + 3 h = 10:00Z (12:00 CEST).
    const t = ticket('2025-03-28T16:00:00+01:00');
    const fr = one(evaluate(t, FIRST_REPLY_4H, '2025-03-28T15:00:00Z', BERLIN), 'first_reply_time');
    expect(fr.due_at).toBe('2025-03-31T10:00:00.000Z');
    // Fri 15:00Z → Mon 10:00Z = 72 h − 5 h = 67 h = 241 200 s (the wall clock shows 68 h: one hour was skipped).
    expect(fr.wall_until_due_s).toBe(241_200);
    expect(fr.business_remaining_s).toBe(4 * H);
  });
});
