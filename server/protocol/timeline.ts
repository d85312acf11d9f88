/**
 * `GET /api/customers/:id/timeline` (docs/api.md): one customer's deals, orders, tickets and flow steps across
 * systems, as the wall's timeline page (`/c/:id`) shows it. Scoped: what lies outside the viewer's departments
 * comes as a `hidden` entry (step, time and department only) and amounts the viewer may not see are absent.
 */
export interface CustomerTimeline {
  customer: TimelineCustomer;
  /** Time order, oldest first. */
  entries: TimelineEntry[];
  /** The flow instances of this customer, each with its steps (for the page's step strip). */
  instances: TimelineInstance[];
}

export interface TimelineCustomer {
  id: string;
  name?: string;
  /** The customer's account in each system (`source` is the source id of the hub's config). */
  accounts: { source: string; id: string; name?: string }[];
}

export type TimelineRecordType = 'deal' | 'order' | 'ticket';

/** A deal, order or ticket of the customer, created or last updated at `at`. */
export interface TimelineRecordEntry {
  at: string; kind: 'record'; type: TimelineRecordType; source: string; id: string;
  title?: string; status?: string;
  /** Absent when the viewer may not see amounts. */
  amount?: number; currency?: string;
  department?: string;
  /** The record in its own system (from the source's `record_url` template). */
  url?: string;
  event: 'created' | 'updated';
}

/** A flow step reached at `at` by one of the customer's instances; `handoff_s` the business time since the step before. */
export interface TimelineStepEntry {
  at: string; kind: 'step'; flow: string; instance: string; step: string; title: string; department: string;
  record?: { source: string; type: string; id: string };
  handoff_s?: number;
  /** Whether the hand-off missed its target; null when the step has none. */
  late?: boolean | null;
}

/** Outside the viewer's scope: no fields, ids or amounts. */
export interface TimelineHiddenEntry { at: string; kind: 'hidden'; step?: string; department?: string }

export type TimelineEntry = TimelineRecordEntry | TimelineStepEntry | TimelineHiddenEntry;

export interface TimelineInstanceStep {
  step: string; title: string; department: string;
  /** When the step was reached; null while not reached. */
  reached_at: string | null;
  /** Whether it was reached past its target (null: no target or not reached). */
  late: boolean | null;
  /** The instance waits at this step now (the next step to reach). */
  waiting: boolean;
  /** Waiting past the step's target. */
  stuck: boolean;
  /** When the step is due (while waiting), or was due; null without a target. */
  due_at: string | null;
}

export interface TimelineInstance {
  flow: string;
  /** The instance key (`source/type/id` of its root record). */
  id: string;
  /** The flow's title. */
  title: string;
  steps: TimelineInstanceStep[];
}
