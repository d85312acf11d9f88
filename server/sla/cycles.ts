import type { SlaMetricConfig } from './config';
import type { TicketStatus } from '../model';
import { DONE, intervalsIn, mergeIntervals, solvesAndReopens, type Interval, type TicketHistory } from './timeline';
import type { SlaMetric } from './types';

/** One cycle of one metric: when its clock started, when it was fulfilled, and what pauses it. */
export interface Cycle { start: number; fulfilledAt?: number; pauses: Interval[] }

/** Statuses that pause each metric unless the policy says otherwise (docs/sla.md (SLA metrics), after Zendesk). */
export const DEFAULT_PAUSES: Record<SlaMetric, TicketStatus[]> = {
  first_reply_time: [], next_reply_time: [], periodic_update: [], pausable_update: ['pending'],
  requester_wait_time: ['pending'], agent_work_time: ['pending', 'on_hold'], total_resolution_time: [],
  resolution: ['pending', 'on_hold'],
};

type Step = { at: number; kind: 'customer' | 'agent' | 'solve' | 'reopen' };

/** Comments, solves and reopens in one stream, in time order (a reply and a solve at once: reply first). */
function steps(history: TicketHistory): Step[] {
  const { solves, reopens } = solvesAndReopens(history);
  const order = { customer: 0, agent: 1, solve: 2, reopen: 3 };
  return [...history.comments.map((c) => ({ at: c.at, kind: c.by })),
    ...solves.map((at) => ({ at, kind: 'solve' as const })), ...reopens.map((at) => ({ at, kind: 'reopen' as const }))]
    .sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
}

/** First reply: from creation to the first public agent comment, or the first solve if that comes first. */
function firstReply(history: TicketHistory): Omit<Cycle, 'pauses'>[] {
  const end = steps(history).find((s) => s.kind === 'agent' || s.kind === 'solve');
  return [{ start: history.created, fulfilledAt: end?.at }];
}

/** Next reply: after the first reply, from the oldest unanswered customer comment to the next agent reply (or solve). */
function nextReply(history: TicketHistory): Omit<Cycle, 'pauses'>[] {
  const all = steps(history);
  const first = all.find((s) => s.kind === 'agent');
  if (!first) return [];
  const out: Omit<Cycle, 'pauses'>[] = [];
  let open: Omit<Cycle, 'pauses'> | undefined;
  for (const step of all.filter((s) => s.at > first.at)) {
    if (step.kind === 'customer' && !open) out.push((open = { start: step.at }));
    else if ((step.kind === 'agent' || step.kind === 'solve') && open) { open.fulfilledAt = step.at; open = undefined; }
  }
  return out;
}

/** Updates: from creation (or the last public agent comment, or a reopen) to the next public agent comment. */
function updates(history: TicketHistory): Omit<Cycle, 'pauses'>[] {
  const out: Omit<Cycle, 'pauses'>[] = [];
  let open: Omit<Cycle, 'pauses'> | undefined = { start: history.created };
  out.push(open);
  let solved = false;
  for (const step of steps(history)) {
    if (step.kind === 'agent' && open) {
      open.fulfilledAt = step.at;
      open = undefined;
      if (!solved) out.push((open = { start: step.at }));
    } else if (step.kind === 'solve') {
      solved = true;
      if (open) { open.fulfilledAt = step.at; open = undefined; }
    } else if (step.kind === 'reopen') {
      solved = false;
      if (!open) out.push((open = { start: step.at }));
    }
  }
  return out;
}

/** Durations until solved (resolution, requester wait, agent work): one cycle, or one per reopen. */
function untilSolved(history: TicketHistory, onReopen: SlaMetricConfig['on_reopen'], final: boolean): { cycles: Omit<Cycle, 'pauses'>[]; solvedSpans: Interval[] } {
  const { solves, reopens } = solvesAndReopens(history);
  const solvedSpans = intervalsIn(history, DONE).filter((s) => s.end !== undefined);
  const currentlyDone = solves.length > reopens.length;
  if (final) return { cycles: [{ start: history.created, fulfilledAt: currentlyDone ? solves[solves.length - 1] : undefined }], solvedSpans: [] };
  if (onReopen === 'ignore') return { cycles: [{ start: history.created, fulfilledAt: solves[0] }], solvedSpans: [] };
  if (onReopen === 'new_cycle') {
    const starts = [history.created, ...reopens];
    return { cycles: starts.map((start, i) => ({ start, fulfilledAt: solves[i] })), solvedSpans: [] };
  }
  // resume: one clock, and the time spent solved before a reopen does not count.
  return { cycles: [{ start: history.created, fulfilledAt: currentlyDone ? solves[solves.length - 1] : undefined }], solvedSpans };
}

/** Every cycle of one metric of a ticket, with its pauses clipped to the cycle. */
export function cyclesOf(history: TicketHistory, metric: SlaMetricConfig): Cycle[] {
  const pauseSet = new Set(metric.pause_statuses ?? DEFAULT_PAUSES[metric.metric]);
  const statusPauses = intervalsIn(history, pauseSet);
  let cycles: Omit<Cycle, 'pauses'>[];
  let extraPauses: Interval[] = [];
  switch (metric.metric) {
    case 'first_reply_time': cycles = firstReply(history); break;
    case 'next_reply_time': cycles = nextReply(history); break;
    case 'periodic_update': case 'pausable_update': cycles = updates(history); break;
    case 'total_resolution_time': cycles = untilSolved(history, 'resume', true).cycles; break;
    default: ({ cycles, solvedSpans: extraPauses } = untilSolved(history, metric.on_reopen, false));
  }
  const pauses = mergeIntervals([...statusPauses, ...extraPauses]);
  return cycles.map((c) => ({ start: c.start, fulfilledAt: c.fulfilledAt,
    pauses: pauses.filter((p) => (p.end ?? Infinity) > c.start && p.start < (c.fulfilledAt ?? Infinity)) }));
}
