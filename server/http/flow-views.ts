import type { Scope } from '../access';
import { targetSeconds, type FlowConfig, type FlowInstance } from '../flows';
import type { SourcedRecord } from '../model';
import type { TimelineInstanceStep } from '../protocol';

/**
 * Flows and their instances as the REST API serves them (docs/api.md § Business flows), and the scoping rule they
 * share (docs/access.md § Business flows): a holder sees a flow, and every instance of it, when one of the flow's steps
 * belongs to one of their departments; within it, a step of another department shows only its step, time and
 * department. Pure: `now` is an argument.
 */

/** A time as the API writes it: ISO 8601 in UTC (`…Z`); null for none, and for a deadline beyond the calendars' horizon. */
export const isoOrNull = (ms: number | null | undefined): string | null =>
  (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

/** Whether a department's data reaches the holder (no scope: access control off, everything). */
export const inScope = (scope: Scope | undefined, department: string | undefined): boolean =>
  !scope || scope.departments === 'all' || (department !== undefined && scope.departments.includes(department));

/** Whether the holder sees a flow and its instances: one of its steps belongs to one of their departments. */
export const flowVisible = (flow: FlowConfig, scope: Scope | undefined): boolean =>
  flow.steps.some((s) => inScope(scope, s.department));

/** A step's name to show: its title, else its id. */
export const stepTitle = (step: FlowConfig['steps'][number]): string => step.title ?? step.id;

/** `GET /api/flows`: one configured flow with its steps, departments and targets. */
export function flowListing(flow: FlowConfig) {
  return {
    id: flow.id, title: flow.title ?? flow.id,
    steps: flow.steps.map((s) => ({
      id: s.id, title: stepTitle(s), department: s.department, target: s.target ?? null, target_s: targetSeconds(s),
      calendar: s.calendar ?? null, optional: s.optional, on: s.on,
    })),
  };
}

/** Whether an instance waits now past its step's target. */
export function isStuck(instance: FlowInstance, now: number): boolean {
  const due = instance.waiting?.due_at;
  return due !== null && due !== undefined && Number.isFinite(due) && now > due;
}

/** The instance's steps for a step strip: reached when, late, waiting there now, stuck there, due when. */
export function instanceSteps(flow: FlowConfig, instance: FlowInstance, now: number): TimelineInstanceStep[] {
  return flow.steps.map((step, s) => {
    const waiting = instance.waiting?.step === s;
    const handoff = instance.handoffs[s] ?? null;
    return {
      step: step.id, title: stepTitle(step), department: step.department,
      reached_at: isoOrNull(instance.reached[s]),
      late: handoff?.late ?? null,
      waiting, stuck: waiting && isStuck(instance, now),
      due_at: isoOrNull(waiting ? instance.waiting!.due_at : handoff?.due_at),
    };
  });
}

export type InstanceState = 'done' | 'waiting' | 'stuck';

/** `GET /api/flows/:id/instances`: one instance, summarised. */
export interface InstanceSummary {
  instance: string;
  flow: string;
  state: InstanceState;
  /** The step it entered the flow at (the first reached). */
  entered_at: string;
  account: { source: string; id: string } | null;
  customer_id: string | null;
  records: number;
  waiting: { step: string; department: string; since: string; due_at: string | null } | null;
  steps: TimelineInstanceStep[];
}

export function instanceState(instance: FlowInstance, now: number): InstanceState {
  return instance.waiting === null ? 'done' : isStuck(instance, now) ? 'stuck' : 'waiting';
}

export function instanceSummary(flow: FlowConfig, instance: FlowInstance, now: number,
  customerOf: (source: string, accountId: string) => string): InstanceSummary {
  const w = instance.waiting;
  return {
    instance: instance.id, flow: flow.id, state: instanceState(instance, now),
    entered_at: flow.steps[instance.entered_at_step]!.id,
    account: instance.account,
    customer_id: instance.account ? customerOf(instance.account.source, instance.account.id) : null,
    records: instance.records,
    waiting: w ? { step: flow.steps[w.step]!.id, department: flow.steps[w.step]!.department, since: isoOrNull(w.since)!, due_at: isoOrNull(w.due_at) } : null,
    steps: instanceSteps(flow, instance, now),
  };
}

/**
 * Most overdue first: waiting instances by when their target ran (or runs) out, those without a deadline after them
 * by how long they have waited; then finished ones, the last to finish first; the instance key breaks ties.
 */
export function byMostOverdue(a: FlowInstance, b: FlowInstance): number {
  const rank = (i: FlowInstance) => (i.waiting === null ? 2 : Number.isFinite(i.waiting.due_at ?? NaN) ? 0 : 1);
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  const key = (i: FlowInstance) => (ra === 0 ? i.waiting!.due_at! : ra === 1 ? i.waiting!.since : -lastReached(i));
  return key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const lastReached = (i: FlowInstance) => Math.max(...i.reached.map((t) => t ?? -Infinity));

/** A record key `source/type/id` split (a source id and a type hold no "/", a record id may). */
export function splitRecordKey(key: string): { source: string; type: string; id: string } {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  return { source: key.slice(0, a), type: key.slice(a + 1, b), id: key.slice(b + 1) };
}


/**
 * The departments a record belongs to: its own `department`, and those of the steps it reached in the given
 * instances. A holder sees the record when one of them is theirs.
 */
export function recordDepartments(key: string, record: SourcedRecord | undefined, instances: readonly { flow: FlowConfig; instance: FlowInstance }[]): string[] {
  const out: string[] = [];
  if (record?.type !== 'account' && record?.department) out.push(record.department);
  for (const { flow, instance } of instances) {
    instance.by.forEach((k, s) => { if (k === key && !out.includes(flow.steps[s]!.department)) out.push(flow.steps[s]!.department); });
  }
  return out;
}
