import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { SlaInstance } from '../../server/sla';
import { startTestHub } from '../support/hub';

// POST /api/sla/evaluate (docs/api.md, REST): a stateless what-if over a real hub.
// Calendar CN = Asia/Shanghai (UTC+8), Mon–Fri 09:00–18:00. Expected instants worked out by hand (docs/sla.md).

let hub: Hub;
beforeAll(async () => { hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] } }); });
afterAll(async () => { await hub?.close(); });

interface Answer { matched: boolean; at: string; instances: SlaInstance[] }
interface ErrorBody { error: { code: string; message: string; path?: string } }

const NINE_TO_SIX = [['09:00', '18:00']];
const CN = { id: 'cn', timezone: 'Asia/Shanghai', weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX } };
const E1_TICKET = { id: 'E1', priority: 'normal', status: 'new', created_at: '2025-03-07T17:30:00+08:00', updated_at: '2025-03-07T17:30:00+08:00' };
const FIRST_REPLY_4H = { id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, warn: { elapsed_pct: [75] } }] };

function post(body: unknown, raw?: string) {
  return fetch(`${hub.url}/api/sla/evaluate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body),
  });
}
async function ok(body: unknown): Promise<Answer> {
  const res = await post(body);
  const json = (await res.json()) as Answer | ErrorBody;
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json)}`);
  return json as Answer;
}
async function error(body: unknown, raw?: string): Promise<{ status: number; error: ErrorBody['error'] }> {
  const res = await post(body, raw);
  const json = (await res.json()) as ErrorBody;
  return { status: res.status, error: json.error };
}

describe('POST /api/sla/evaluate: worked examples', () => {
  it('E1 at Fri 17:50: due Mon 12:30 (04:30Z), 220 business minutes left, 66 h 40 m on the wall clock', async () => {
    const answer = await ok({ calendar: CN, policy: FIRST_REPLY_4H, ticket: E1_TICKET, at: '2025-03-07T17:50:00+08:00' });
    expect(answer.matched).toBe(true);
    expect(answer.at).toBe('2025-03-07T09:50:00.000Z'); // Fri 17:50 local
    expect(answer.instances).toHaveLength(1);
    // The policy names no calendar: it uses the one sent, so its targets count business hours.
    // Fri 17:30–18:00 (0.5 h) + Mon 09:00–12:30 (3.5 h) → Mon 12:30 local = 04:30Z.
    // Elapsed 20 min; remaining 240 − 20 = 220 min; wall: Fri 09:50Z → Mon 04:30Z = 66 h 40 m = 240 000 s.
    // warn 75 % = 3 h: 0.5 h Fri + 2.5 h Mon → 11:30 local = 03:30Z.
    expect(answer.instances[0]).toMatchObject({
      metric: 'first_reply_time', cycle: 1, clock: 'running', in_hours: true, health: 'ok',
      due_at: '2025-03-10T04:30:00.000Z', warn_at: '2025-03-10T03:30:00.000Z',
      business_elapsed_s: 1200, business_remaining_s: 13_200, wall_until_due_s: 240_000, ever_breached: false,
    });
  });

  it('E1 at Mon 12:30:01: breached at 12:30 (04:30Z)', async () => {
    const answer = await ok({ calendar: CN, policy: FIRST_REPLY_4H, ticket: E1_TICKET, at: '2025-03-10T04:30:01Z' });
    expect(answer.instances[0]).toMatchObject({ health: 'breached', breached_at: '2025-03-10T04:30:00.000Z', ever_breached: true });
  });

  it('E2 at Mon 12:00: pending Mon 09:00 → 11:00 pauses it; due Mon 14:30 (06:30Z), 90 business minutes elapsed', async () => {
    const ticket = { ...E1_TICKET, id: 'E2', status: 'open', updated_at: '2025-03-10T11:00:00+08:00', events: [
      { at: '2025-03-10T09:00:00+08:00', kind: 'status', to: 'pending' },
      { at: '2025-03-10T11:00:00+08:00', kind: 'status', to: 'open' },
    ] };
    const policy = { id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, pause_statuses: ['pending'] }] };
    const answer = await ok({ calendar: CN, policy, ticket, at: '2025-03-10T12:00:00+08:00' });
    // Elapsed: Fri 30 min + Mon 11:00–12:00 60 min = 90 min. Remaining 150 min from 11:00 resume … due 14:30 = 06:30Z.
    expect(answer.instances[0]).toMatchObject({
      clock: 'running', health: 'ok', due_at: '2025-03-10T06:30:00.000Z',
      business_elapsed_s: 5400, business_remaining_s: 9000, wall_until_due_s: 9000, // 04:00Z → 06:30Z
    });
  });

  it('E2 at Mon 10:00, during the pause: paused, due_at null', async () => {
    const ticket = { ...E1_TICKET, status: 'pending', updated_at: '2025-03-10T09:00:00+08:00',
      events: [{ at: '2025-03-10T09:00:00+08:00', kind: 'status', to: 'pending' }] };
    const policy = { id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 240 } }, pause_statuses: ['pending'] }] };
    const answer = await ok({ calendar: CN, policy, ticket, at: '2025-03-10T10:00:00+08:00' });
    expect(answer.instances[0]).toMatchObject({ clock: 'paused', due_at: null, business_elapsed_s: 1800, business_remaining_s: 12_600 });
  });

  it('a policy whose match does not hold is still applied, and says so', async () => {
    const policy = { ...FIRST_REPLY_4H, match: { all: [{ field: 'group', op: 'is', value: 'VIP' }] } };
    const answer = await ok({ calendar: CN, policy, ticket: { ...E1_TICKET, group: 'L1' }, at: '2025-03-07T09:50:00Z' });
    expect(answer.matched).toBe(false);
    expect(answer.instances[0]).toMatchObject({ due_at: '2025-03-10T04:30:00.000Z' });
  });

  it('a policy without a calendar and no calendar sent counts calendar hours: 17:30 + 4 h = 21:30 (13:30Z)', async () => {
    const answer = await ok({ policy: FIRST_REPLY_4H, ticket: E1_TICKET, at: '2025-03-07T09:50:00Z' });
    expect(answer.instances[0]).toMatchObject({ due_at: '2025-03-07T13:30:00.000Z', business_elapsed_s: 1200 });
  });
});

describe('POST /api/sla/evaluate: the ten-year horizon (docs/sla.md "Limits")', () => {
  // Open one minute a week: Monday 09:00–09:01 in Shanghai = Monday 01:00Z–01:01Z. Created Mon 2025-03-03 09:00 local
  // (01:00Z). The horizon ends 3,653 days later, 2035-03-04 01:00Z; the last Monday before it is 2025-03-03 + 521 weeks
  // = 2035-02-26, so 522 business minutes fit in it. Before the horizon, 100,000 minutes walked ~3,941 years (57 s).
  const WEEKLY_MINUTE = { id: 'weekly-minute', timezone: 'Asia/Shanghai', weekly: { mon: [['09:00', '09:01']] } };
  const created = '2025-03-03T09:00:00+08:00';
  const TICKET = { id: 'W1', priority: 'normal', status: 'new', created_at: created, updated_at: created };
  const firstReply = (minutes: number, hours?: 'calendar') =>
    ({ id: 'weekly', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes, ...(hours ? { hours } : {}) } } }] });
  const AT = '2025-03-04T00:00:00Z';

  it('3 business minutes are due at 09:01 in the third week: Mon 2025-03-17 01:01Z', async () => {
    const answer = await ok({ calendar: WEEKLY_MINUTE, policy: firstReply(3), ticket: TICKET, at: AT });
    // Minute 1 on Mon 03-03 (elapsed 60 s by Tue), minute 2 on Mon 03-10, minute 3 on Mon 03-17 09:00–09:01 local.
    // Wall: Tue 03-04 00:00Z → Mon 03-17 01:01Z = 13 days 1 h 1 min = 1,126,860 s.
    expect(answer.instances[0]).toMatchObject({ due_at: '2025-03-17T01:01:00.000Z', business_elapsed_s: 60, business_remaining_s: 120,
      wall_until_due_s: 1_126_860, health: 'ok' });
  });

  it('522 minutes, the most that fit, are due nearly ten years away: 200, 2035-02-26 01:01Z', async () => {
    const answer = await ok({ calendar: WEEKLY_MINUTE, policy: firstReply(522), ticket: TICKET, at: AT });
    expect(answer.instances[0]!.due_at).toBe('2035-02-26T01:01:00.000Z');
  });

  it('100,000 minutes: 422 at policy.metrics.0.targets.*.minutes, given and allowed, answered at once; the hub stays responsive', async () => {
    const started = Date.now();
    const r = await error({ calendar: WEEKLY_MINUTE, policy: firstReply(100_000), ticket: TICKET, at: AT });
    expect(Date.now() - started).toBeLessThan(2_000); // a few ms; it blocked the hub for 57 s before
    expect(r.status).toBe(422);
    expect(r.error).toEqual({
      code: 'target_beyond_horizon', path: 'policy.metrics.0.targets.*.minutes',
      message: 'a target of 100000 minutes (business hours) is not reached within 10 years (3653 days) of the clock\'s start '
        + '(2025-03-03T01:00:00.000Z) on calendar "weekly-minute": at most 522 minutes fit; lower the target or open the calendar longer',
    });
    const healthStarted = Date.now();
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - healthStarted).toBeLessThan(1_000);
  });

  it('a target of 1e12 minutes and the same request ten times at once: each 422, all answered within seconds', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, () => error({ calendar: WEEKLY_MINUTE, policy: firstReply(1e12), ticket: TICKET, at: AT })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(422));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('calendar hours past ten years (5,260,320 minutes): 422 naming the target', async () => {
    expect((await ok({ policy: firstReply(5_260_320), ticket: TICKET, at: AT })).instances[0]!.due_at).toBe('2035-03-04T01:00:00.000Z');
    const r = await error({ policy: firstReply(5_260_321), ticket: TICKET, at: AT });
    expect(r.status).toBe(422);
    expect(r.error.path).toBe('policy.metrics.0.targets.*.minutes');
    expect(r.error.message).toContain('at most 5260320 minutes');
  });

  it('a calendar with no open hour at all: 422 at calendar, naming it, whatever the target', async () => {
    for (const minutes of [1, 100_000]) {
      const r = await error({ calendar: { id: 'closed', timezone: 'Asia/Shanghai', weekly: {} }, policy: firstReply(minutes), ticket: TICKET, at: AT });
      expect(r.status).toBe(422);
      expect(r.error).toMatchObject({ code: 'unsatisfiable', path: 'calendar' });
      expect(r.error.message).toContain('calendar "closed" has no business hours in the 10 years');
    }
  });

  it('a ticket instant more than ten years before `at`: 422 naming it (business time is not counted from 1980)', async () => {
    const old = await error({ calendar: WEEKLY_MINUTE, policy: firstReply(3), ticket: { ...TICKET, created_at: '1980-01-01T00:00:00Z' }, at: AT });
    expect(old.status).toBe(422);
    expect(old.error).toMatchObject({ code: 'beyond_horizon', path: 'ticket.created_at' });
    expect(old.error.message).toContain('1980-01-01T00:00:00Z is more than 10 years (3653 days) before `at` (2025-03-04T00:00:00.000Z)');
    const event = await error({ calendar: WEEKLY_MINUTE, policy: firstReply(3), at: AT,
      ticket: { ...TICKET, status: 'open', events: [{ at: '2025-03-03T10:00:00+08:00', kind: 'status', to: 'open' },
        { at: '1975-01-01T00:00:00Z', kind: 'comment', by: 'customer', public: true }] } });
    expect(event.error.path).toBe('ticket.events.1.at');
  });

  it('a ticket instant before 1970 is no record at all: 400 naming it', async () => {
    const ancient = await error({ calendar: WEEKLY_MINUTE, policy: firstReply(3), ticket: { ...TICKET, created_at: '1000-01-01T00:00:00Z' }, at: AT });
    expect([ancient.status, ancient.error.code, ancient.error.path, ancient.error.message]).toEqual([400, 'bad_ticket', 'ticket.created_at', 'expected an instant from 1970 to 2199']);
  });
});

describe('POST /api/sla/evaluate: errors are 400 { error: { code, message, path } }', () => {
  it('a fixed-offset calendar zone is refused at calendar.timezone', async () => {
    const r = await error({ calendar: { ...CN, timezone: '+08:00' }, policy: FIRST_REPLY_4H, ticket: E1_TICKET });
    expect(r.status).toBe(400);
    expect(r.error.path).toBe('calendar.timezone');
    expect(r.error.message).toMatch(/IANA/);
  });

  it('targets in business hours without a calendar: 400 naming the calendar', async () => {
    const policy = { id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 240, hours: 'business' } } }] };
    const r = await error({ policy, ticket: E1_TICKET, at: '2025-03-07T09:50:00Z' });
    expect(r.status).toBe(400);
    expect(typeof r.error.code).toBe('string');
    expect(r.error.message).toMatch(/calendar/);
  });

  it('a policy naming a calendar that was not sent: 400 at calendar, naming it', async () => {
    const r = await error({ policy: { ...FIRST_REPLY_4H, calendar: 'cn' }, ticket: E1_TICKET });
    expect(r.status).toBe(400);
    expect(r.error.path).toBe('calendar');
    expect(r.error.message).toContain('"cn"');
  });

  it('a bad ticket: the path names the field under ticket.', async () => {
    const bad = await error({ calendar: CN, policy: FIRST_REPLY_4H, ticket: { ...E1_TICKET, priority: 'asap' } });
    expect(bad.status).toBe(400);
    expect(bad.error.path).toBe('ticket.priority');
    // an event instant without a zone
    const noZone = await error({ calendar: CN, policy: FIRST_REPLY_4H,
      ticket: { ...E1_TICKET, events: [{ at: '2025-03-10T09:00:00', kind: 'status', to: 'open' }] } });
    expect(noZone.status).toBe(400);
    expect(noZone.error.path).toBe('ticket.events.0.at');
  });

  it('a bad policy: the path names the field under policy.', async () => {
    const r = await error({ calendar: CN, policy: { id: 'x', metrics: [{ metric: 'first_reply', targets: {} }] }, ticket: E1_TICKET });
    expect(r.status).toBe(400);
    expect(r.error.path).toBe('policy.metrics.0.metric');
  });

  it('invalid JSON is a 400', async () => {
    const r = await error(undefined, '{"policy": ');
    expect(r.status).toBe(400);
    expect(r.error.code).toBe('invalid_json');
    expect(r.error.message.length).toBeGreaterThan(0);
  });

  it('the hub is still up after them', async () => {
    const answer = await ok({ calendar: CN, policy: FIRST_REPLY_4H, ticket: E1_TICKET, at: '2025-03-07T09:50:00Z' });
    expect(answer.instances).toHaveLength(1);
  });
});
