import type { SlaMetricConfig, SlaPolicyConfig } from './config';
import { TICKET_PRIORITIES, type Ticket } from '../model';
import { businessHours, type BusinessCalendar } from './calendar';
import { evaluateClock } from './clock';
import { cyclesOf, type Cycle } from './cycles';
import { BeyondHorizonError, TargetBeyondHorizonError } from './horizon';
import { calendarHours, type TimeBase } from './time-base';
import { readHistory, recordedPriorityAt, type TicketHistory } from './timeline';
import type { ClockInput, SlaInstance } from './types';

/** Ours and the source's due time may differ by this much before the ticket is flagged (decision 4). */
const VENDOR_TOLERANCE_MS = 60_000;
const clocks = new WeakMap<BusinessCalendar, TimeBase>();

const byPosition = new WeakMap<readonly SlaPolicyConfig[], SlaPolicyConfig[]>();

/** First matching policy by position (first match wins). */
export function selectPolicy(ticket: Ticket, policies: readonly SlaPolicyConfig[]): SlaPolicyConfig | undefined {
  const fieldOf = (field: string) => (ticket as Record<string, unknown>)[field];
  const holds = (c: SlaPolicyConfig['match']['all'][number]) => (fieldOf(c.field) === c.value) === (c.op === 'is');
  return inPositionOrder(policies).find((p) => p.match.all.every(holds) && (p.match.any.length === 0 || p.match.any.some(holds)));
}

/** Sorted once per policy list (the config's is fixed once loaded), not once per ticket; a list of one is as it is. */
function inPositionOrder(policies: readonly SlaPolicyConfig[]): readonly SlaPolicyConfig[] {
  if (policies.length < 2) return policies;
  let sorted = byPosition.get(policies);
  if (!sorted) byPosition.set(policies, (sorted = [...policies].sort((a, b) => a.position - b.position)));
  return sorted;
}

function targetOf(metric: SlaMetricConfig, priority: Ticket['priority']) {
  return metric.targets[priority] ?? metric.targets['*'];
}

/**
 * The target in force at `t`. A ticket whose priority never changed has its current one. Before the first
 * recorded change the priority is unknown except that it was not the one changed to: the most lenient of
 * the others is taken, so that no clock is judged breached on a guess.
 */
function targetAt(metric: SlaMetricConfig, history: TicketHistory, ticket: Ticket, t: number) {
  const recorded = recordedPriorityAt(history, t);
  if (recorded) return targetOf(metric, recorded);
  const first = history.priorities[0];
  if (!first) return targetOf(metric, ticket.priority);
  return TICKET_PRIORITIES.filter((p) => p !== first.to).map((p) => targetOf(metric, p))
    .reduce<ReturnType<typeof targetOf>>((best, next) => (next && (!best || next.minutes > best.minutes) ? next : best), undefined);
}

/** The clock a target counts on: every second (calendar hours) or the policy calendar's open hours. */
function timeBaseOf(policy: SlaPolicyConfig, hours: 'business' | 'calendar', calendars: readonly BusinessCalendar[]): TimeBase {
  if (hours === 'calendar') return calendarHours;
  const calendar = calendars.find((c) => c.id === policy.calendar);
  if (!calendar) throw new Error(`SLA policy "${policy.id}": targets in business hours need its calendar "${policy.calendar ?? '(none)'}"`);
  let base = clocks.get(calendar);
  if (!base) clocks.set(calendar, (base = businessHours(calendar)));
  return base;
}

/** restart_at_change: a cycle running across a priority change is cancelled there and a new one starts. */
type Piece = Cycle & { retargetedAt?: number };

function splitAtPriorityChanges(cycle: Cycle, history: TicketHistory, now: number): Piece[] {
  // A change up to and including now has happened; one at the fulfilment (or deletion) instant came too late.
  const end = Math.min(cycle.fulfilledAt ?? Infinity, history.deletedAt ?? Infinity);
  const changes = history.priorities.filter((p) => p.at > cycle.start && p.at < end && p.at <= now).map((p) => p.at);
  if (changes.length === 0) return [cycle];
  const starts = [cycle.start, ...changes];
  return starts.map((start, i) => (i < changes.length
    ? { start, pauses: cycle.pauses, retargetedAt: changes[i] }
    : { start, pauses: cycle.pauses, fulfilledAt: cycle.fulfilledAt }));
}

/** Every SLA instance of a ticket under the first matching policy, evaluated at `now`. */
export function evaluateTicket(ticket: Ticket, policies: readonly SlaPolicyConfig[], now: number,
  calendars: readonly BusinessCalendar[] = []): SlaInstance[] {
  const policy = selectPolicy(ticket, policies);
  return policy ? evaluateUnderPolicy(ticket, policy, now, calendars) : [];
}

/**
 * Every SLA instance of a ticket under one policy, evaluated at `now`. `droppedAt` is when the policy
 * stopped matching the ticket: each clock still live then is cancelled there (docs/sla.md).
 * A metric with no activation yet (no unanswered customer comment after the first reply) is `not_started`.
 */
export function evaluateUnderPolicy(ticket: Ticket, policy: SlaPolicyConfig, now: number,
  calendars: readonly BusinessCalendar[] = [], droppedAt?: number): SlaInstance[] {
  const history = readHistory(ticket);
  // The ticket went (deleted) or left the policy: whichever came first ends every live clock.
  const endAt = Math.min(history.deletedAt ?? Infinity, droppedAt ?? Infinity);
  const ended = Number.isFinite(endAt) ? endAt : undefined;
  return policy.metrics.flatMap((metric, m) => {
    const pieces: Piece[] = cyclesOf(history, metric).flatMap((c): Piece[] =>
      (metric.on_priority_change === 'restart_at_change' ? splitAtPriorityChanges(c, history, now) : [c]));
    if (pieces.length === 0) return notStarted(metric, policy, history, ticket, now, calendars, ended);
    const instances = pieces.flatMap((piece, i): SlaInstance[] => {
      // retarget_from_start: the priority in force when the clock ends (or now) sets the target from the start.
      const endedAt = Math.min(piece.fulfilledAt ?? Infinity, piece.retargetedAt === undefined ? Infinity : piece.retargetedAt - 1, now);
      const target = targetAt(metric, history, ticket, endedAt);
      if (!target) return [];
      const earlier = metric.on_priority_change === 'retarget_from_start'
        ? history.priorities.filter((p) => p.at > piece.start && p.at <= endedAt).flatMap((change) => {
          const before = targetAt(metric, history, ticket, change.at - 1);
          return before ? [{ until: change.at, targetSeconds: before.minutes * 60 }] : [];
        })
        : [];
      const { retargetedAt } = piece;
      const endedWhileRunning = ended !== undefined && (piece.fulfilledAt === undefined || piece.fulfilledAt > ended);
      // Every key always present (undefined where it does not apply): one object shape for every clock.
      const input: ClockInput = {
        metric: metric.metric, cycle: i + 1, startedAt: piece.start, pauses: piece.pauses, fulfilledAt: piece.fulfilledAt,
        cancelledAt: retargetedAt ?? (endedWhileRunning ? ended : undefined),
        cancelReason: retargetedAt !== undefined ? 'retargeted' : endedWhileRunning ? 'cancelled' : undefined,
        targetSeconds: target.minutes * 60, earlierTargets: earlier,
        warnPcts: metric.warn.elapsed_pct,
        warnBeforeSeconds: metric.warn.before_minutes === undefined ? undefined : metric.warn.before_minutes * 60,
      };
      try {
        return [evaluateClock(input, timeBaseOf(policy, target.hours, calendars), now)];
      } catch (err) {
        throw err instanceof BeyondHorizonError ? targetBeyondHorizon(err, policy, m, [target,
          ...earlier.map((e) => targetAt(metric, history, ticket, e.until - 1))]) : err;
      }
    });
    return withVendorDue(instances, ticket);
  });
}

/**
 * A clock's due time past the horizon, told as the policy target that set it: the clock's own target or,
 * under retarget_from_start, one that applied before a priority change (the one of the same length).
 */
function targetBeyondHorizon(err: BeyondHorizonError, policy: SlaPolicyConfig, m: number,
  candidates: ReturnType<typeof targetOf>[]): TargetBeyondHorizonError {
  const metric = policy.metrics[m]!;
  const target = candidates.find((t) => t !== undefined && t.minutes * 60 === err.seconds) ?? candidates[0]!;
  const key = Object.entries(metric.targets).find(([, t]) => t === target)?.[0] ?? '*';
  return new TargetBeyondHorizonError(policy.id, ['metrics', m, 'targets', key, 'minutes'], target!.minutes, target!.hours,
    Math.floor(err.allowedSeconds / 60), err.from, err.calendarId);
}

/** A metric waiting for its activation: its whole target ahead, no due time; cancelled if the ticket went first. */
function notStarted(metric: SlaMetricConfig, policy: SlaPolicyConfig, history: TicketHistory, ticket: Ticket, now: number,
  calendars: readonly BusinessCalendar[], ended: number | undefined): SlaInstance[] {
  const target = targetAt(metric, history, ticket, now);
  // A solved or closed ticket will not start it any more; a deleted one has it cancelled.
  if (!target || ticket.status === 'solved' || ticket.status === 'closed') return [];
  const cancelled = ended !== undefined && ended <= now;
  return [{ metric: metric.metric, cycle: 1, clock: cancelled ? 'cancelled' : 'not_started',
    in_hours: timeBaseOf(policy, target.hours, calendars).inHours(now), health: 'ok', due_at: null, warn_at: null,
    business_elapsed_s: 0, business_remaining_s: target.minutes * 60, wall_until_due_s: null, ever_breached: false,
    ...(cancelled ? { cancel_reason: 'cancelled' as const } : {}) }];
}

/** Puts the source's own due time beside ours on the latest cycle of its metric, flagging a difference. */
function withVendorDue(instances: SlaInstance[], ticket: Ticket): SlaInstance[] {
  if (!ticket.vendor_due?.length || instances.length === 0) return instances;
  const last = instances[instances.length - 1]!;
  const vendor = ticket.vendor_due.find((d) => d.metric === last.metric);
  if (!vendor) return instances;
  const ours = last.due_at ? Date.parse(last.due_at) : undefined;
  const theirs = Date.parse(vendor.due_at);
  const flagged = { ...last, vendor_due_at: new Date(theirs).toISOString(),
    ...(ours !== undefined ? { vendor_disagrees: Math.abs(ours - theirs) > VENDOR_TOLERANCE_MS } : {}) };
  return [...instances.slice(0, -1), flagged];
}
