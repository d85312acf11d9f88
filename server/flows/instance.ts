import { businessHours, calendarHours, type BusinessCalendar, type TimeBase } from '../sla';
import { TYPE_RANK, targetSeconds, type FlowConfig, type FlowStepConfig } from './config';

/** A step as the index uses it: its config, the rank of its record type, and the clock its hand-off runs on. */
export interface CompiledStep {
  config: FlowStepConfig;
  rank: number;
  optional: boolean;
  /** Business time on the step's calendar, else calendar time. */
  clock: TimeBase;
  /** Seconds on `clock`, or null without a target. */
  target: number | null;
}

export interface CompiledFlow { id: string; config: FlowConfig; steps: CompiledStep[]; rootRank: number }

/** A flow's steps with their clocks; a calendar that is not in `calendars` (the config checks it is) counts calendar time. */
export function compileFlow(flow: FlowConfig, calendars: readonly BusinessCalendar[]): CompiledFlow {
  const clocks = new Map<string, TimeBase>();
  const clockOf = (id: string | undefined): TimeBase => {
    if (id === undefined) return calendarHours;
    let clock = clocks.get(id);
    if (!clock) {
      const calendar = calendars.find((c) => c.id === id);
      clock = calendar ? businessHours(calendar) : calendarHours;
      clocks.set(id, clock);
    }
    return clock;
  };
  const steps = flow.steps.map((config) => ({
    config, rank: TYPE_RANK[config.on.type], optional: config.optional, clock: clockOf(config.calendar), target: targetSeconds(config),
  }));
  return { id: flow.id, config: flow, steps, rootRank: steps[0]!.rank };
}

/** The hand-off into a step: from the step reached before it (`from`, a step index) to this one. */
export interface Handoff {
  from: number;
  /** Business seconds on the step's calendar (else calendar seconds), to the millisecond. */
  seconds: number;
  /** When the target ran out (epoch ms): `from`'s time plus the target on the step's clock; null without a target. */
  due_at: number | null;
  /** Reached after due_at; null without a target. */
  late: boolean | null;
}

/** A source's own customer account (docs/customers.md resolves it to one customer). */
export interface AccountRef { source: string; id: string }

/**
 * One flow instance: one chain of linked records, as of its records now. Times are epoch ms. Arrays are per step of
 * the flow, in step order.
 */
export interface FlowInstance {
  flow: string;
  /** The key (`source/type/id`) of the record the instance is rooted at: a record of the first step's type, or the top of a chain without one. */
  id: string;
  /** The first step reached: 0 for a chain rooted at a record that reached the first step; later when its first record is missing or never got there. */
  entered_at_step: number;
  /** When each step was reached, by the earliest record of the chain that reached it; null while not. */
  reached: (number | null)[];
  /** The key of the record that reached each step. */
  by: (string | null)[];
  /** The hand-off into each step reached after another one; null for the entry step and steps not reached. */
  handoffs: (Handoff | null)[];
  /** The step the instance waits at now, since the step before it was reached, and when its target runs out; null when nothing is left to wait for. */
  waiting: { step: number; since: number; due_at: number | null } | null;
  /** The customer account of the chain: its root's, else the first of its records (by type rank, creation, key) that names one. */
  account: AccountRef | null;
  /** How many records the chain holds now. */
  records: number;
}

/** When `clock` has used up `seconds` from `from`; Infinity when the target lies beyond the SLA room's horizon (never due). */
function dueAt(clock: TimeBase, from: number, seconds: number): number {
  try { return clock.add(from, seconds); } catch { return Infinity; }
}

/**
 * An instance from when each step was reached (null: not): entry, hand-offs, waiting. Undefined when the chain has
 * reached no step that is waited for (a chain of optional steps only is no instance). Hand-offs and waiting follow
 * step order: the hand-off into a step starts at the nearest step before it that was reached, whichever came first in
 * time (a step reached before the one before it took no time: 0 s, on time).
 */
export function evaluateInstance(flow: CompiledFlow, reached: (number | null)[]):
  Pick<FlowInstance, 'entered_at_step' | 'handoffs' | 'waiting'> | undefined {
  const steps = flow.steps;
  let entered = -1;
  let lastRequired = -1;
  const handoffs: (Handoff | null)[] = [];
  let previous = -1; // the nearest reached step so far
  steps.forEach((step, s) => {
    const at = reached[s] ?? null;
    if (at === null) { handoffs.push(null); return; }
    if (entered < 0) entered = s;
    if (!step.optional) lastRequired = s;
    if (previous < 0) handoffs.push(null);
    else {
      const from = reached[previous]!;
      const due = step.target === null ? null : dueAt(step.clock, from, step.target);
      handoffs.push({ from: previous, seconds: step.clock.elapsed(from, at), due_at: due, late: due === null ? null : at > due });
    }
    previous = s;
  });
  if (lastRequired < 0) return undefined;
  let waiting: FlowInstance['waiting'] = null;
  for (let s = lastRequired + 1; s < steps.length; s++) {
    const step = steps[s]!;
    if (step.optional || reached[s] !== null) continue;
    let p = s - 1;
    while (reached[p] === null) p--; // lastRequired at the latest
    const since = reached[p]!;
    waiting = { step: s, since, due_at: step.target === null ? null : dueAt(step.clock, since, step.target) };
    break;
  }
  return { entered_at_step: entered, handoffs, waiting };
}
