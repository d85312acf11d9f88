import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../config';
import { calendarSchema, slaConfigSchema } from './config';
import type { Ticket } from '../model';
import { businessHours, type BusinessCalendar } from './calendar';
import { BeyondHorizonError, HORIZON_DAYS, HORIZON_MS, NoBusinessHoursError, TargetBeyondHorizonError } from './horizon';
import { slaHorizonProblems } from './horizon-check';
import { evaluateTicket } from './ticket';
import { calendarHours } from './time-base';

// The ten-year horizon of SLA arithmetic (docs/sla.md "Limits"). Calendar WEEKLY_MINUTE is open one minute a
// week: Monday 09:00–09:01 in Asia/Shanghai (UTC+8, no DST) = Monday 01:00Z–01:01Z. FROM = Mon 2025-03-03 09:00
// local = 01:00Z. The horizon ends 3,653 days later: 2025-03-03 + 3,652 days (ten years, leap days 2028 and 2032)
// = 2035-03-03, + 1 day = 2035-03-04 01:00Z. The last Monday before it is 2025-03-03 + 521 weeks (3,647 days)
// = 2035-02-26: 522 Mondays, so 522 business minutes fit and the 523rd would fall on 2035-03-05.

const Z = (iso: string) => Date.parse(iso);
const MIN = 60;
const calendar = (raw: unknown): BusinessCalendar => calendarSchema.parse(raw);
const WEEKLY_MINUTE = calendar({ id: 'weekly-minute', timezone: 'Asia/Shanghai', weekly: { mon: [['09:00', '09:01']] } });
const FROM = Z('2025-03-03T01:00:00Z');

function caught(fn: () => unknown): Error {
  try { fn(); } catch (err) { return err as Error; }
  throw new Error('expected a throw');
}

describe('one minute a week', () => {
  it('3 business minutes from Mon 09:00 are due at 09:01 in the third week (Mon 2025-03-17 01:01Z)', () => {
    const cal = businessHours(WEEKLY_MINUTE);
    // minute 1: Mon 03-03 09:00–09:01; minute 2: Mon 03-10; minute 3: Mon 03-17 09:00–09:01 local = 01:00Z–01:01Z.
    expect(cal.add(FROM, 3 * MIN)).toBe(Z('2025-03-17T01:01:00Z'));
    expect(cal.add(FROM, 1 * MIN)).toBe(Z('2025-03-03T01:01:00Z')); // T3: used up at the closing second
    expect(cal.add(FROM, MIN + 1)).toBe(Z('2025-03-10T01:00:01Z'));
    expect(cal.elapsed(FROM, Z('2025-03-17T01:01:00Z'))).toBe(3 * MIN);
  });

  it(`${HORIZON_DAYS} days hold 522 of its minutes: the 522nd is due 2035-02-26 01:01Z, the 523rd is refused`, () => {
    expect(HORIZON_MS).toBe(Z('2035-03-04T01:00:00Z') - FROM);
    expect(businessHours(WEEKLY_MINUTE).add(FROM, 522 * MIN)).toBe(Z('2035-02-26T01:01:00Z'));
    const err = caught(() => businessHours(WEEKLY_MINUTE).add(FROM, 523 * MIN));
    expect(err).toBeInstanceOf(BeyondHorizonError);
    expect(err).toMatchObject({ from: FROM, seconds: 523 * MIN, allowedSeconds: 522 * MIN, calendarId: 'weekly-minute' });
    expect(err.message).toBe('523 business minutes from 2025-03-03T01:00:00.000Z end more than 10 years (3653 days) later '
      + 'on calendar "weekly-minute"; at most 522 fit in that time');
  });

  it('a huge target is refused at once, not walked to (it took 57 s for 100,000 minutes before the horizon)', () => {
    for (const minutes of [100_000, 1e9, 1e300]) {
      const started = performance.now();
      expect(() => businessHours(WEEKLY_MINUTE).add(FROM, minutes * MIN)).toThrow(BeyondHorizonError);
      expect(performance.now() - started).toBeLessThan(1_000); // a few ms; generous for a loaded machine
    }
  });
});

describe('calendar hours', () => {
  it(`exactly ${HORIZON_DAYS} days is due; one second more is refused`, () => {
    expect(calendarHours.add(FROM, HORIZON_DAYS * 86_400)).toBe(Z('2035-03-04T01:00:00Z'));
    const err = caught(() => calendarHours.add(FROM, HORIZON_DAYS * 86_400 + 1));
    expect(err).toBeInstanceOf(BeyondHorizonError);
    expect(err).toMatchObject({ allowedSeconds: HORIZON_DAYS * 86_400, calendarId: undefined });
  });
});

describe('a calendar that does not open within the horizon is the calendar\'s fault', () => {
  it('no weekly hours and no overrides: NoBusinessHoursError naming the calendar, whatever the target', () => {
    const closed = calendar({ id: 'closed', timezone: 'Asia/Shanghai', weekly: {} });
    for (const seconds of [0, 1, 1e12]) {
      const err = caught(() => businessHours(closed).add(FROM, seconds));
      expect(err).toBeInstanceOf(NoBusinessHoursError);
      expect(err.message).toBe('calendar "closed" has no business hours in the 10 years (3653 days) from 2025-03-03T01:00:00.000Z: '
        + 'give it weekly hours or overrides');
    }
  });

  it('an override 5 years ahead is found (Mon 2030-06-03 09:00 + 30 min = 01:30Z); one 11 years ahead is not', () => {
    const soon = calendar({ id: 'soon', timezone: 'Asia/Shanghai', weekly: {}, overrides: [{ date: '2030-06-03', intervals: [['09:00', '10:00']] }] });
    expect(businessHours(soon).add(FROM, 30 * MIN)).toBe(Z('2030-06-03T01:30:00Z'));
    const late = calendar({ id: 'late', timezone: 'Asia/Shanghai', weekly: {}, overrides: [{ date: '2036-06-02', intervals: [['09:00', '10:00']] }] });
    expect(caught(() => businessHours(late).add(FROM, 30 * MIN))).toBeInstanceOf(NoBusinessHoursError);
  });
});

describe('elapsed over long spans', () => {
  it('521 weeks of Mon–Fri 09:00–18:00 are 521 × 45 h (Mon 2025-03-03 00:00 local = 03-02 16:00Z)', () => {
    const nine: [string, string][] = [['09:00', '18:00']];
    const cn = businessHours(calendar({ id: 'cn', timezone: 'Asia/Shanghai', weekly: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine } }));
    const monday = Z('2025-03-02T16:00:00Z');
    expect(cn.elapsed(monday, monday + 521 * 7 * 86_400_000)).toBe(521 * 45 * 3_600);
    // and 1 h into the Monday after: one more hour.
    expect(cn.elapsed(monday, monday + 521 * 7 * 86_400_000 + 10 * 3_600_000)).toBe((521 * 45 + 1) * 3_600);
  });
});

describe('evaluateTicket names the target at fault', () => {
  const ticket = (over: Partial<Ticket> = {}): Ticket => ({
    type: 'ticket', id: 'T', priority: 'normal', status: 'new',
    created_at: '2025-03-03T09:00:00+08:00', updated_at: '2025-03-03T09:00:00+08:00', ...over,
  });
  // The sla section's own schema: a whole config would refuse these targets at load (the test below).
  const sla = (metrics: unknown[]) => slaConfigSchema.parse({ calendars: [WEEKLY_MINUTE], policies: [{ id: 'p', calendar: 'weekly-minute', metrics }] });

  it('a resolution target of 100,000 business minutes: TargetBeyondHorizonError at metrics.1.targets.*.minutes, 522 allowed', () => {
    const { policies, calendars } = sla([
      { metric: 'first_reply_time', targets: { '*': { minutes: 3 } } },
      { metric: 'resolution', targets: { high: { minutes: 5 }, '*': { minutes: 100_000 } } },
    ]);
    const err = caught(() => evaluateTicket(ticket(), policies, Z('2025-03-04T00:00:00Z'), calendars));
    expect(err).toBeInstanceOf(TargetBeyondHorizonError);
    expect(err).toMatchObject({ policyId: 'p', path: ['metrics', 1, 'targets', '*', 'minutes'], minutes: 100_000, hours: 'business',
      allowedMinutes: 522, calendarId: 'weekly-minute' });
    expect(err.message).toBe('a target of 100000 minutes (business hours) is not reached within 10 years (3653 days) of the clock\'s start '
      + '(2025-03-03T01:00:00.000Z) on calendar "weekly-minute": at most 522 minutes fit; lower the target or open the calendar longer');
    // The high target fits: a high ticket is evaluated (minute 5 is Mon 03-31 09:01 local = 01:01Z).
    const high = evaluateTicket(ticket({ priority: 'high' }), policies, Z('2025-03-04T00:00:00Z'), calendars);
    expect(high.find((i) => i.metric === 'resolution')!.due_at).toBe('2025-03-31T01:01:00.000Z');
  });

  it('a calendar-hours target past the horizon names its priority', () => {
    const { policies, calendars } = sla([{ metric: 'first_reply_time', targets: { urgent: { minutes: 6_000_000, hours: 'calendar' } } }]);
    const err = caught(() => evaluateTicket(ticket({ priority: 'urgent' }), policies, Z('2025-03-04T00:00:00Z'), calendars));
    expect(err).toMatchObject({ path: ['metrics', 0, 'targets', 'urgent', 'minutes'], hours: 'calendar', allowedMinutes: 5_260_320 });
  });

  it('a pause moves the horizon: 1 minute before it, and 522 Mondays after it ends, fit', () => {
    // Pending from Tue 2025-03-04 to Mon 2026-03-02 00:00 local (03-01 16:00Z): resolution pauses in pending.
    // After it: Mondays 2026-03-02 … 2036-02-25 (the horizon from 2026-03-01 16:00Z ends 2036-03-01 16:00Z): 522 of them.
    const { policies, calendars } = sla([{ metric: 'resolution', targets: { '*': { minutes: 1_000 } } }]);
    const paused = ticket({ status: 'open', updated_at: '2026-03-02T00:00:00+08:00', events: [
      { at: '2025-03-04T10:00:00+08:00', kind: 'status', to: 'pending' }, { at: '2026-03-02T00:00:00+08:00', kind: 'status', to: 'open' }] });
    const err = caught(() => evaluateTicket(paused, policies, Z('2026-03-03T00:00:00Z'), calendars));
    expect(err).toMatchObject({ allowedMinutes: 1 + 522, minutes: 1_000 });
  });

  it('an earlier, lowered priority\'s huge target does not matter: it cannot have been breached before the change', () => {
    // low: 100,000 minutes (beyond the horizon), normal: 3 minutes; the ticket was low until Wed 03-05 12:00, then normal.
    // Under low it would be due after 2035, long after the change: not breached. Under normal it is due Mon 03-17 01:01Z.
    const { policies, calendars } = sla([{ metric: 'first_reply_time', targets: { low: { minutes: 100_000 }, normal: { minutes: 3 } } }]);
    const changed = ticket({ updated_at: '2025-03-05T12:00:00+08:00', events: [{ at: '2025-03-05T12:00:00+08:00', kind: 'priority', to: 'normal' }] });
    const [clock] = evaluateTicket(changed, policies, Z('2025-03-06T00:00:00Z'), calendars);
    expect(clock).toMatchObject({ due_at: '2025-03-17T01:01:00.000Z', health: 'ok', ever_breached: false });
  });

  it('a calendar that never opens stays the calendar\'s fault through evaluateTicket', () => {
    const closed = calendar({ id: 'closed', timezone: 'Asia/Shanghai', weekly: {} });
    const { policies } = slaConfigSchema.parse({ calendars: [closed], policies: [{ id: 'p', calendar: 'closed', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 1 } } }] }] });
    expect(caught(() => evaluateTicket(ticket(), policies, Z('2025-03-04T00:00:00Z'), [closed]))).toBeInstanceOf(NoBusinessHoursError);
  });
});

describe('slaHorizonProblems: what the config refuses', () => {
  it('names each target that cannot be met within ten years from now, and a calendar that never opens', () => {
    const sla = slaConfigSchema.parse({
      calendars: [WEEKLY_MINUTE, { id: 'closed', timezone: 'Asia/Shanghai', weekly: {} }],
      policies: [
        { id: 'weekly', calendar: 'weekly-minute', metrics: [{ metric: 'first_reply_time', targets: { urgent: { minutes: 522 }, '*': { minutes: 523 } } }] },
        { id: 'wall', metrics: [{ metric: 'resolution', targets: { low: { minutes: 5_260_320 }, '*': { minutes: 5_260_321 } } }] },
        { id: 'never', calendar: 'closed', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 1 } } }, { metric: 'resolution', targets: { '*': { minutes: 1 } } }] },
      ],
    });
    expect(slaHorizonProblems(sla, FROM)).toEqual([
      { path: ['policies', 0, 'metrics', 0, 'targets', '*', 'minutes'], message: 'a target of 523 business minutes is not reached within 10 years '
        + '(3653 days) on calendar "weekly-minute" (counted from 2025-03-03T01:00:00.000Z): at most 522 minutes fit; lower the target or open the calendar longer' },
      { path: ['policies', 1, 'metrics', 0, 'targets', '*', 'minutes'], message: 'a target of 5260321 minutes (calendar hours) is more than 10 years (3653 days); at most 5260320 minutes' },
      { path: ['calendars', 1], message: 'calendar "closed" has no business hours in the 10 years (3653 days) from 2025-03-03T01:00:00.000Z, '
        + 'and policy "never" counts targets in them: give it weekly hours or overrides' },
    ]);
  });

  it('a config file with such a target does not load: the error names it', () => {
    let error: unknown;
    try {
      parseConfig({ sla: { calendars: [WEEKLY_MINUTE], policies: [{ id: 'p', calendar: 'weekly-minute',
        metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 100_000 } } }] }] } }, 'opswall.json');
    } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ path: 'sla.policies[0].metrics[0].targets.*.minutes',
      message: expect.stringMatching(/^a target of 100000 business minutes is not reached within 10 years \(3653 days\) on calendar "weekly-minute"/) as string }]);
  });

  it('the demo config has no problem', () => {
    expect(slaHorizonProblems(loadConfig(undefined).sla, Date.now())).toEqual([]);
  });
});
