import { describe, expect, it } from 'vitest';
import { elapsedAt, evaluateClock, instantAfter, nextHealthChange } from './clock';
import { calendarHours } from './time-base';
import type { ClockInput } from './types';

// Calendar-hour clocks (rule T5): every UTC second counts. T0 = Mon 2025-03-10 02:00:00Z.
const T0 = Date.parse('2025-03-10T02:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;
const iso = (minutes: number) => new Date(at(minutes)).toISOString();

/** A 240-minute clock started at T0, warning at 75 %, unless told otherwise. */
const clock = (over: Partial<ClockInput> = {}): ClockInput => ({
  metric: 'resolution', cycle: 1, startedAt: T0, pauses: [], targetSeconds: 240 * 60, warnPcts: [75], ...over,
});
const evaluate = (input: ClockInput, now: number) => evaluateClock(input, calendarHours, now);

describe('evaluateClock: running, no pauses', () => {
  it('computes due, warn, elapsed and remaining one hour in', () => {
    const s = evaluate(clock(), at(60));
    expect(s.clock).toBe('running');
    expect(s.in_hours).toBe(true); // calendar hours are always in hours
    expect(s.due_at).toBe('2025-03-10T06:00:00.000Z'); // 02:00 + 240 min
    expect(s.warn_at).toBe('2025-03-10T05:00:00.000Z'); // 75 % of 240 min = 180 min after 02:00
    expect(s.business_elapsed_s).toBe(3600); // 60 min
    expect(s.business_remaining_s).toBe(10_800); // 240 − 60 = 180 min
    expect(s.wall_until_due_s).toBe(10_800); // 06:00 − 03:00
    expect(s.health).toBe('ok');
    expect(s.ever_breached).toBe(false);
    expect(s.breached_at).toBeUndefined();
  });

  it('is ok one second before warn_at and at_risk exactly at warn_at (t ≥ warn_at)', () => {
    expect(evaluate(clock(), at(180) - 1000).health).toBe('ok');
    expect(evaluate(clock(), at(180)).health).toBe('at_risk');
  });

  it('is not breached exactly at due_at, and breached one second after (T4: t > due_at)', () => {
    const atDue = evaluate(clock(), at(240));
    expect(atDue.health).toBe('at_risk');
    expect(atDue.wall_until_due_s).toBe(0);
    const late = evaluate(clock(), at(240) + 1000);
    expect(late.health).toBe('breached');
    expect(late.breached_at).toBe('2025-03-10T06:00:00.000Z');
    expect(late.ever_breached).toBe(true);
    expect(late.wall_until_due_s).toBe(-1);
    expect(late.business_remaining_s).toBe(-1); // 14 400 − 14 401
  });

  it('warns at the earliest of several percentages', () => {
    const s = evaluate(clock({ warnPcts: [90, 50] }), at(10));
    expect(s.warn_at).toBe(iso(120)); // 50 % of 240 min = 120 min, earlier than 90 % = 216 min
  });
});

describe('evaluateClock: pauses (T2, T6)', () => {
  it('shifts due and warn by a closed pause and leaves paused time out of elapsed', () => {
    // Paused 60 → 120 min; at 150 min: counted = 60 + (150 − 120) = 90 min.
    const s = evaluate(clock({ pauses: [{ start: at(60), end: at(120) }] }), at(150));
    expect(s.clock).toBe('running');
    expect(s.business_elapsed_s).toBe(5400); // 90 min
    expect(s.business_remaining_s).toBe(9000); // 240 − 90 = 150 min
    expect(s.due_at).toBe(iso(300)); // 240 + 60 paused
    expect(s.warn_at).toBe(iso(240)); // 60 counted before the pause, 120 more after 120 → 240
    expect(s.wall_until_due_s).toBe(9000); // 300 − 150 min
    expect(s.health).toBe('ok'); // warn_at is at 240 min, now is 150 min
  });

  it('freezes an open pause: paused, no due time, remaining kept', () => {
    const s = evaluate(clock({ pauses: [{ start: at(60) }] }), at(100));
    expect(s.clock).toBe('paused');
    expect(s.due_at).toBeNull();
    expect(s.warn_at).toBeNull();
    expect(s.wall_until_due_s).toBeNull();
    expect(s.business_elapsed_s).toBe(3600); // only the 60 min before the pause
    expect(s.business_remaining_s).toBe(10_800);
    expect(s.health).toBe('ok');
  });

  it('skips a pause of three days entirely', () => {
    const threeDays = 3 * 24 * 60;
    const input = clock({ pauses: [{ start: at(60), end: at(60 + threeDays) }] });
    const s = evaluate(input, at(threeDays + 90));
    expect(s.business_elapsed_s).toBe(5400); // 60 before + 30 after the pause
    expect(s.due_at).toBe('2025-03-13T06:00:00.000Z'); // 06:00 on the 10th + 3 days
    expect(elapsedAt(input, calendarHours, at(60 + 24 * 60))).toBe(3600); // mid-pause: still 60 min
  });

  it('stays breached while paused after the due time passed (T6)', () => {
    // 30-minute target; paused at 45 min and still paused ten hours later.
    const s = evaluate(clock({ targetSeconds: 1800, pauses: [{ start: at(45) }] }), at(600));
    expect(s.clock).toBe('paused');
    expect(s.health).toBe('breached');
    expect(s.ever_breached).toBe(true);
    expect(s.business_elapsed_s).toBe(2700); // 45 min
    expect(s.business_remaining_s).toBe(-900); // 30 − 45 min
  });

  it('keeps breached_at while paused in breach (the instant the due time passed: 30 min after start)', () => {
    const s = evaluate(clock({ targetSeconds: 1800, pauses: [{ start: at(45) }] }), at(600));
    expect(s.breached_at).toBe(iso(30));
  });

  it('is not breached when the pause began exactly at the due second', () => {
    const s = evaluate(clock({ targetSeconds: 1800, pauses: [{ start: at(30) }] }), at(600));
    expect(s.clock).toBe('paused');
    expect(s.health).not.toBe('breached'); // at 30 min t = due, not t > due; counting stopped there
    expect(s.ever_breached).toBe(false);
    expect(s.business_remaining_s).toBe(0);
  });
});

describe('evaluateClock: fulfilment (T4)', () => {
  it('a reply exactly at the due second is met', () => {
    const s = evaluate(clock({ fulfilledAt: at(240) }), at(500));
    expect(s.clock).toBe('stopped');
    expect(s.outcome).toBe('met');
    expect(s.health).toBe('ok');
    expect(s.fulfilled_at).toBe(iso(240));
    expect(s.business_elapsed_s).toBe(14_400); // elapsed measured to the reply, not to now
    expect(s.business_remaining_s).toBe(0);
    expect(s.ever_breached).toBe(false);
    expect(s.wall_until_due_s).toBeNull();
  });

  it('a reply one second late is missed, breached at the due time', () => {
    const s = evaluate(clock({ fulfilledAt: at(240) + 1000 }), at(500));
    expect(s.outcome).toBe('missed');
    expect(s.health).toBe('breached');
    expect(s.breached_at).toBe(iso(240));
    expect(s.ever_breached).toBe(true);
    expect(s.business_remaining_s).toBe(-1);
  });

  it('a fulfilment after `now` is not yet seen: the clock still runs', () => {
    const s = evaluate(clock({ fulfilledAt: at(200) }), at(100));
    expect(s.clock).toBe('running');
    expect(s.business_elapsed_s).toBe(6000); // 100 min
  });

  it('cancelled clocks say so and carry no due time', () => {
    const s = evaluate(clock({ cancelledAt: at(50) }), at(100));
    expect(s.clock).toBe('cancelled');
    expect(s.cancel_reason).toBe('cancelled');
    expect(s.due_at).toBeNull();
    expect(s.business_elapsed_s).toBe(3000); // measured to the cancel instant: 50 min
    expect(s.ever_breached).toBe(false);
  });

  it('a clock cancelled after its due time was breached (ever_breached), and says why', () => {
    // Due at 240 min; retargeted at 300 min: it had been breached for an hour.
    const s = evaluate(clock({ cancelledAt: at(300), cancelReason: 'retargeted' }), at(400));
    expect(s.clock).toBe('cancelled');
    expect(s.cancel_reason).toBe('retargeted');
    expect(s.ever_breached).toBe(true);
  });

  it('a fulfilment before the cancel instant keeps the clock stopped and met (C3)', () => {
    const s = evaluate(clock({ fulfilledAt: at(30), cancelledAt: at(50) }), at(100));
    expect(s.clock).toBe('stopped');
    expect(s.outcome).toBe('met');
  });

  it('before_minutes warns earlier than the percentage when that comes first (T7)', () => {
    // 240 min target: 75 % is 180 min; 90 min before due is 150 min: the earlier one wins.
    const s = evaluate(clock({ warnBeforeSeconds: 90 * 60 }), at(10));
    expect(s.warn_at).toBe(iso(150));
  });
});

describe('instantAfter and elapsedAt', () => {
  it('lands exactly on a pause start when the target is used up there (T3)', () => {
    const input = clock({ pauses: [{ start: at(240), end: at(300) }] });
    expect(instantAfter(input, calendarHours, 240 * 60)).toBe(at(240)); // not the pause end
  });

  it('returns null when an open pause comes before the target is reached', () => {
    expect(instantAfter(clock({ pauses: [{ start: at(10) }] }), calendarHours, 240 * 60)).toBeNull();
  });

  it('walks two pauses: 240 min counted + 20 + 40 paused', () => {
    const input = clock({ pauses: [{ start: at(10), end: at(30) }, { start: at(100), end: at(140) }] });
    expect(instantAfter(input, calendarHours, 240 * 60)).toBe(at(300));
    expect(elapsedAt(input, calendarHours, at(150))).toBe(150 * 60 - 20 * 60 - 40 * 60); // 90 min
  });
});

describe('nextHealthChange', () => {
  it('is warn_at while ok, due_at + 1 ms while at risk, nothing once breached', () => {
    expect(nextHealthChange(evaluate(clock(), at(10)), at(10))).toBe(at(180));
    expect(nextHealthChange(evaluate(clock(), at(200)), at(200))).toBe(at(240) + 1); // breached once t > due
    expect(nextHealthChange(evaluate(clock(), at(241)), at(241))).toBeUndefined();
  });

  it('is nothing for paused or stopped clocks (the clock alone cannot change them)', () => {
    expect(nextHealthChange(evaluate(clock({ pauses: [{ start: at(5) }] }), at(10)), at(10))).toBeUndefined();
    expect(nextHealthChange(evaluate(clock({ fulfilledAt: at(5) }), at(10)), at(10))).toBeUndefined();
  });
});
