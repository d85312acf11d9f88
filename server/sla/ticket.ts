import type { SlaMetricConfig, SlaPolicyConfig } from '../config';
import type { Ticket, TicketStatus } from '../model';
import { evaluateClock } from './clock';
import { calendarHours, type TimeBase } from './time-base';
import type { ClockInput, SlaInstance } from './types';

const DONE: ReadonlySet<TicketStatus> = new Set(['solved', 'closed']);
/** Catalogue defaults when a policy names no pause statuses (sla-and-alerts.md §2.2). */
const DEFAULT_PAUSES: Record<SlaMetricConfig['metric'], TicketStatus[]> = {
  first_reply_time: [],
  resolution: ['pending', 'on_hold'],
};

/** First matching policy by position (first match wins). */
export function selectPolicy(ticket: Ticket, policies: readonly SlaPolicyConfig[]): SlaPolicyConfig | undefined {
  const fieldOf = (field: string) => (ticket as Record<string, unknown>)[field];
  const holds = (c: SlaPolicyConfig['match']['all'][number]) => (fieldOf(c.field) === c.value) === (c.op === 'is');
  return [...policies].sort((a, b) => a.position - b.position)
    .find((p) => p.match.all.every(holds) && (p.match.any.length === 0 || p.match.any.some(holds)));
}

/** The ticket's status over time: `[at, status]` in time order, starting at creation. */
export function statusTimeline(ticket: Ticket): { at: number; status: TicketStatus }[] {
  const created = Date.parse(ticket.created_at);
  const timeline = [{ at: created, status: 'new' as TicketStatus }];
  const changes = (ticket.events ?? []).filter((e) => e.kind === 'status')
    .map((e) => ({ at: Date.parse(e.at), status: e.to })).sort((a, b) => a.at - b.at);
  timeline.push(...changes);
  const last = timeline[timeline.length - 1]!;
  // A source without status history: the current status is taken to hold since the last update.
  if (last.status !== ticket.status) timeline.push({ at: Math.max(created, Date.parse(ticket.updated_at)), status: ticket.status });
  return timeline;
}

/** Intervals during which the status was in `statuses`, in time order (the last may be open). */
function intervalsIn(timeline: { at: number; status: TicketStatus }[], statuses: ReadonlySet<TicketStatus>) {
  const out: { start: number; end?: number }[] = [];
  let open: { start: number; end?: number } | undefined;
  for (const entry of timeline) {
    const inside = statuses.has(entry.status);
    if (inside && !open) out.push((open = { start: entry.at }));
    else if (!inside && open) { open.end = entry.at; open = undefined; }
  }
  return out;
}

/** Overlapping or touching intervals merged, so no paused second is taken out twice. */
function mergeIntervals(intervals: { start: number; end?: number }[]) {
  const out: { start: number; end?: number }[] = [];
  for (const next of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && (last.end === undefined || next.start <= last.end)) {
      last.end = last.end === undefined || next.end === undefined ? undefined : Math.max(last.end, next.end);
    } else out.push({ ...next });
  }
  return out;
}

/** The targets of the priorities a ticket had before its current one, each until it changed. */
function earlierTargets(ticket: Ticket, metric: SlaMetricConfig) {
  const changes = (ticket.events ?? []).filter((e) => e.kind === 'priority')
    .map((e) => ({ at: Date.parse(e.at), to: e.to })).sort((a, b) => a.at - b.at);
  return changes.slice(0, -1).flatMap((change, i) => {
    const targetSeconds = targetFor(metric, change.to);
    return targetSeconds === undefined ? [] : [{ until: changes[i + 1]!.at, targetSeconds }];
  });
}

function targetFor(metric: SlaMetricConfig, priority: Ticket['priority']): number | undefined {
  const target = metric.targets[priority] ?? metric.targets['*'];
  return target ? target.minutes * 60 : undefined;
}

/** Reads one metric's clock inputs from the ticket's history; undefined where the policy sets no target. */
export function clockInput(ticket: Ticket, metric: SlaMetricConfig): ClockInput | undefined {
  const targetSeconds = targetFor(metric, ticket.priority); // retarget_from_start: current priority, from the start
  if (targetSeconds === undefined) return undefined;
  const timeline = statusTimeline(ticket);
  const pauseSet = new Set(metric.pause_statuses ?? DEFAULT_PAUSES[metric.metric]);
  const solvedSpans = intervalsIn(timeline, DONE);
  const lastSolve = solvedSpans[solvedSpans.length - 1];
  const finalSolve = lastSolve && lastSolve.end === undefined ? lastSolve.start : undefined;

  let fulfilledAt: number | undefined;
  let pauses = intervalsIn(timeline, pauseSet);
  if (metric.metric === 'first_reply_time') {
    const reply = (ticket.events ?? []).filter((e) => e.kind === 'comment' && e.by === 'agent' && e.public)
      .map((e) => Date.parse(e.at)).sort((a, b) => a - b)[0];
    const firstSolve = solvedSpans[0]?.start; // solving without a reply fulfils the reply clock (Zendesk)
    fulfilledAt = reply !== undefined && (firstSolve === undefined || reply <= firstSolve) ? reply : firstSolve;
  } else {
    fulfilledAt = finalSolve;
    // on_reopen: resume — time spent solved before a reopen does not count.
    pauses = mergeIntervals([...pauses, ...solvedSpans.filter((s) => s.end !== undefined)]);
  }
  return {
    metric: metric.metric,
    startedAt: Date.parse(ticket.created_at),
    pauses,
    fulfilledAt,
    cancelled: ticket.status === 'deleted',
    targetSeconds,
    earlierTargets: earlierTargets(ticket, metric),
    warnPcts: metric.warn.elapsed_pct,
  };
}

/** Every SLA instance of a ticket under the first matching policy, evaluated at `now`. */
export function evaluateTicket(ticket: Ticket, policies: readonly SlaPolicyConfig[], now: number,
  base: TimeBase = calendarHours): SlaInstance[] {
  const policy = selectPolicy(ticket, policies);
  if (!policy) return [];
  return policy.metrics.flatMap((metric) => {
    const input = clockInput(ticket, metric);
    return input ? [evaluateClock(input, base, now)] : [];
  });
}
